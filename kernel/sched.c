/*
 * sched.c - switching into and out of tasks, and the ready queue.
 *
 * The kernel runs on its own stack (kernel_context); a task runs on its
 * stack until it traps, returns or faults, and each of those switches back
 * here.  The ready queue is FIFO: every trap is a scheduling point and the
 * caller goes to the back, as in the seminar.  The trap loop (loop.c) only
 * calls ready_push, ready_pop and ready_remove, so that another policy can
 * take the queue's place behind the same functions.
 *
 * Hot path: nothing here allocates or makes a host system call (the CPU
 * clock is read through the vDSO).
 */
#include "config.h"
#include "kernel/kassert.h"
#include "kernel/sched.h"
#include "kernel/clock.h"
#include "kernel/compact.h"
#include "kernel/counters.h"
#include "kernel/task.h"
#include <signal.h>
#include <stdlib.h>
#if defined(MINIOS_SANITIZERS) && defined(HAVE_SANITIZER_COMMON_INTERFACE_DEFS_H)
#include <sanitizer/common_interface_defs.h>
#define FIBER_ANNOTATIONS 1
#endif

static struct list_node ready_queue;
static struct context kernel_context;
static struct task *current;
static bool compact;     /* tasks share one stack (compact.c) */
static bool account_cpu; /* measure each task's time on the CPU */
/* True while a task's own code runs; false in the kernel, including
 * while a handler runs on the task's behalf: a fault then is the
 * kernel's, not the task's (fault.c). */
static volatile sig_atomic_t in_task;

void sched_init(bool compact_stacks, bool measure_cpu)
{
	list_init(&ready_queue);
	current = NULL;
	compact = compact_stacks;
	account_cpu = measure_cpu;
	compact_reset();
}

/* ---- switching, with the sanitizers told about stacks ---- */

#ifdef FIBER_ANNOTATIONS
static void *kernel_fake_stack;
static const void *kernel_stack_bottom;
static size_t kernel_stack_size;

static void fiber_enter_task(struct task *t)
{
	__sanitizer_start_switch_fiber(&kernel_fake_stack, t->stack.base, t->stack.size);
}
static void fiber_back_in_kernel(void)
{
	__sanitizer_finish_switch_fiber(kernel_fake_stack, NULL, NULL);
}
static void fiber_task_resumed(void)
{
	__sanitizer_finish_switch_fiber(NULL, &kernel_stack_bottom, &kernel_stack_size);
}
static void fiber_leave_task(void)
{
	__sanitizer_start_switch_fiber(NULL, kernel_stack_bottom, kernel_stack_size);
}
#else
static void fiber_enter_task(struct task *t)
{
	(void)t;
}
static void fiber_back_in_kernel(void)
{
}
static void fiber_task_resumed(void)
{
}
static void fiber_leave_task(void)
{
}
#endif

struct task *task_current(void)
{
	return current;
}
void sched_clear_current(void)
{
	current = NULL;
}
bool sched_in_task(void)
{
	return in_task;
}

void task_trap(void)
{
	struct task *t = current;
	/* From here on this is the kernel's code, on the task's stack: no
	 * tick may preempt it, and a fault here is not the task's. */
	in_task = 0;
	fiber_leave_task();
	context_switch(&t->ctx, &kernel_context);
	fiber_task_resumed();
}

/* Every task begins here, on its own stack. */
static void task_start(void)
{
	fiber_task_resumed();
	struct task *t = current;
	int status = t->entry(t->arg);
	t->returned = true;
	t->exit_status = status & 0xff;
	task_trap(); /* the kernel ends it; it never comes back */
	abort();
}

void sched_prepare(struct task *t)
{
	/* On the shared stack, the first frame is built when it first runs. */
	if (compact)
		t->fresh = true;
	else
		context_make(&t->ctx, t->stack.base, t->stack.size, task_start);
}

void sched_task_ended(struct task *t)
{
	if (current == t)
		current = NULL;
	if (compact)
		compact_task_ended(t);
}

void sched_fault_current(int fault_code)
{
	struct task *t = current;
	in_task = 0;
	t->fault = fault_code;
	fiber_leave_task();
	context_switch(&t->ctx, &kernel_context);
	abort();
}

/* CPU time is counted only under the real clock (kernel_init turns
 * account_cpu off under the virtual one), where clock_now is monotonic
 * time read through the vDSO: no system call on the switch path. */
void sched_run(struct task *t)
{
	int64_t start = account_cpu ? clock_now() : 0;
	if (compact)
		compact_switch_in(t, task_start);
	current = t;
	t->state = TASK_RUNNING;
	kernel_counters.switches++;
	fiber_enter_task(t);
	in_task = 1;
	context_switch(&kernel_context, &t->ctx);
	in_task = 0;
	fiber_back_in_kernel();
	if (account_cpu)
		t->cpu_ns += clock_now() - start;
}

/* ---- the ready queue ---- */

/* The queue holds only live tasks that are READY: never a blocked one. */

void ready_push(struct task *t)
{
	KASSERT(t->magic == TASK_MAGIC && t->state == TASK_READY);
	KASSERT(!list_linked(&t->node));
	list_push_back(&ready_queue, &t->node);
}

struct task *ready_pop(void)
{
	struct list_node *n = list_pop_front(&ready_queue);
	if (!n)
		return NULL;
	struct task *t = list_entry(n, struct task, node);
	KASSERT(t->magic == TASK_MAGIC && t->state == TASK_READY);
	return t;
}

void ready_remove(struct task *t)
{
	KASSERT(t->state == TASK_READY);
	list_unlink(&t->node);
}

bool ready_empty(void)
{
	return list_empty(&ready_queue);
}
