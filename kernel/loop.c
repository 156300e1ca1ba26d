/*
 * loop.c - the kernel: the ready queue and the trap loop.
 *
 * The loop takes the task at the front of the FIFO ready queue, switches to
 * it, and gets control back when the task traps (or returns, or faults).  It
 * then looks the call number up in the syscall table and runs the handler,
 * which either completes the call (the task goes to the back of the ready
 * queue: every trap is a scheduling point) or blocks the task.  When nothing
 * is ready, the kernel waits for I/O or the next timer.
 *
 * The hot path - switch in, dispatch, queue, switch out - allocates nothing
 * and makes no host system call.
 */
#include "config.h"
#include "kernel/kernel.h"
#include "kernel/sched.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(MINIOS_SANITIZERS) && defined(HAVE_SANITIZER_COMMON_INTERFACE_DEFS_H)
#include <sanitizer/common_interface_defs.h>
#define FIBER_ANNOTATIONS 1
#endif

struct kernel_counters kernel_counters;
struct kernel_config kernel_config_in_use;

static struct list_node ready_queue;
static struct context kernel_context;
static struct task *current;
static bool kernel_up;
static volatile sig_atomic_t interrupt_raised;
static uint64_t random_state;
static bool virtual_clock; /* a copy of the setting, read on every trap */
static bool compact;       /* tasks share one stack (compact.c) */
/* True while a task's own code runs; false in the kernel, including
 * while a handler runs on the task's behalf: a fault then is the
 * kernel's, not the task's (fault.c). */
static volatile sig_atomic_t in_task;

/* A virtual-clock trap costs this much time, so that tasks which never
 * sleep still move the clock on, the same way on every run. */
#define VIRTUAL_TRAP_NS MINIOS_VIRTUAL_TRAP_NS
/* Between dispatches, look at fds and real-clock timers this often. */
#define HOUSEKEEPING_EVERY 64

/* ---- switching, with the sanitizers told about stacks ---- */

#ifdef FIBER_ANNOTATIONS
static void *kernel_fake_stack;
static const void *kernel_stack_bottom;
static size_t kernel_stack_size;

static void fiber_enter_task(struct task *t)
{
	__sanitizer_start_switch_fiber(&kernel_fake_stack, t->stack.base, t->stack.size);
}
static void fiber_back_in_kernel(void) { __sanitizer_finish_switch_fiber(kernel_fake_stack, NULL, NULL); }
static void fiber_task_resumed(void)
{
	__sanitizer_finish_switch_fiber(NULL, &kernel_stack_bottom, &kernel_stack_size);
}
static void fiber_leave_task(void)
{
	__sanitizer_start_switch_fiber(NULL, kernel_stack_bottom, kernel_stack_size);
}
#else
static void fiber_enter_task(struct task *t) { (void)t; }
static void fiber_back_in_kernel(void) {}
static void fiber_task_resumed(void) {}
static void fiber_leave_task(void) {}
#endif

struct task *task_current(void) { return current; }
bool sched_in_task(void) { return in_task; }

void task_trap(void)
{
	struct task *t = current;
	/* From here on this is the kernel's code, on the task's stack: no
	 * tick may preempt it or call a fault the task's. */
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

void (*sched_task_entry(void))(void) { return task_start; }

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

/* ---- the ready queue ---- */

void ready_push(struct task *t) { list_push_back(&ready_queue, &t->node); }

static struct task *ready_pop(void)
{
	struct list_node *n = list_pop_front(&ready_queue);
	return n ? list_entry(n, struct task, node) : NULL;
}

/* ---- running a task until it traps ---- */

static int64_t cpu_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: no system call */
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void run_task(struct task *t)
{
	int64_t start = kernel_config_in_use.account_cpu ? cpu_clock() : 0;
	if (compact)
		compact_switch_in(t);
	current = t;
	t->state = TASK_RUNNING;
	kernel_counters.switches++;
	fiber_enter_task(t);
	in_task = 1;
	context_switch(&kernel_context, &t->ctx);
	in_task = 0;
	fiber_back_in_kernel();
	if (kernel_config_in_use.account_cpu)
		t->cpu_ns += cpu_clock() - start;
}

/* t used up its quantum without trapping: to the back of the queue, as
 * if it had yielded.  Under the virtual clock the quantum passes.  A task
 * that never traps leaves the loop no housekeeping turn of its own, so
 * look at the fds and the real clock's timers now: the others' deadlines
 * are then late by a quantum at most. */
static void preempted(struct task *t)
{
	t->preemptions++;
	kernel_counters.preemptions++;
	t->state = TASK_READY;
	ready_push(t);
	if (virtual_clock) {
		t->cpu_ns += preempt_quantum();
		clock_advance(preempt_quantum());
		return;
	}
	if (io_has_waiters())
		io_poll(0);
	if (timer_pending())
		timer_fire_due();
}

static void dispatch(struct task *t)
{
	if (t->returned) {
		task_end(t, t->exit_status);
		return;
	}
	if (t->fault) {
		task_end(t, TASK_STATUS_FAULTED | t->fault);
		return;
	}
	int nr = t->frame.nr;
	long ret;
	if (nr == TRAP_PREEMPTED) {
		preempted(t);
		return;
	}
	t->traps++;
	kernel_counters.traps++;
	if (virtual_clock)
		t->cpu_ns += VIRTUAL_TRAP_NS;
	if (nr < 0 || nr >= syscall_table_size || !syscall_table[nr]) {
		kernel_counters.bad_traps++;
		ret = -ENOSYS;
	} else {
		kernel_counters.traps_by_call[nr]++;
		ret = syscall_table[nr](t, t->frame.arg);
	}
	/* After the handler (which may have ended t: do not touch it), so
	 * that a call sees the time its task saw. */
	if (virtual_clock)
		clock_advance(VIRTUAL_TRAP_NS);
	if (ret != TRAP_HANDLED) {
		/* task_complete, spelled out on the hot path (ready_push is
		 * in this file and inlines; task_complete is not) */
		t->frame.ret = ret;
		t->state = TASK_READY;
		ready_push(t);
	}
}

static void deliver_interrupt(struct task *t, void *ctx)
{
	(void)ctx;
	task_notify(t, NOTIFY_INTERRUPT);
}

static void take_interrupt(void)
{
	interrupt_raised = 0;
	task_for_each(deliver_interrupt, NULL);
}

void kernel_raise_interrupt(void)
{
	int saved = errno;
	interrupt_raised = 1;
	int fd = io_interrupt_fd();
	if (fd >= 0) {
		char byte = 1;
		ssize_t n = write(fd, &byte, 1);
		(void)n;
	}
	errno = saved;
}

/* Nothing is ready.  Returns 1 to go on, 0 when no task is left, or
 * -EDEADLK when tasks are left that nothing can ever wake. */
static int idle(char **report)
{
	if (task_count() == 0)
		return 0;
	bool io = io_has_waiters();
	bool timers = timer_pending();
	bool interruptible = kernel_counters.interruptible > 0;
	if (!io && !timers && !interruptible) {
		if (report)
			*report = deadlock_blocked_report();
		return -EDEADLK;
	}
	if (virtual_clock) {
		/* Outside I/O first, without waiting; then time jumps to the
		 * next deadline; only with no timer at all do we block. */
		if (io || interruptible)
			io_poll(0);
		if (list_empty(&ready_queue) && timers) {
			clock_jump_to(clock_now() + timer_next_delay());
			timer_fire_due();
		} else if (list_empty(&ready_queue)) {
			io_poll(-1);
		}
	} else {
		io_poll(timers ? timer_next_delay() : -1);
		timer_fire_due();
	}
	return 1;
}

int kernel_run(char **report)
{
	unsigned long dispatches = 0;
	if (report)
		*report = NULL;
	if (!kernel_up)
		return -EINVAL;
	for (;;) {
		if (interrupt_raised)
			take_interrupt();
		struct task *t = ready_pop();
		if (!t) {
			int r = idle(report);
			if (r <= 0)
				return r;
			continue;
		}
		run_task(t);
		dispatch(t);
		current = NULL;
		if (virtual_clock) {
			if (timer_pending())
				timer_fire_due(); /* no host call: the clock is a variable */
		}
		if (++dispatches % HOUSEKEEPING_EVERY == 0) {
			if (io_has_waiters())
				io_poll(0);
			if (!virtual_clock && timer_pending())
				timer_fire_due();
		}
	}
}

/* ---- boot ---- */

void kernel_config_defaults(struct kernel_config *config)
{
	memset(config, 0, sizeof *config);
	config->clock = KERNEL_CLOCK_REAL;
	config->poller = KERNEL_POLLER_EPOLL;
	config->stack_size = KERNEL_DEFAULT_STACK_SIZE;
	config->seed = 1;
	config->account_cpu = 1;
	config->quantum_ns = KERNEL_DEFAULT_QUANTUM_NS;
	config->watchdog_ns = KERNEL_DEFAULT_WATCHDOG_NS;
}

uint32_t kernel_random(void)
{
	/* splitmix64: small, seedable, the same on every machine */
	uint64_t z = (random_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

int kernel_init(const struct kernel_config *config)
{
	struct kernel_config c;
	if (kernel_up)
		return -EBUSY;
	if (config)
		c = *config;
	else
		kernel_config_defaults(&c);
	if (c.stack_size == 0)
		c.stack_size = KERNEL_DEFAULT_STACK_SIZE;
	if (c.stack_size < KERNEL_MIN_STACK_SIZE || c.stack_size > KERNEL_MAX_STACK_SIZE)
		return -EINVAL;
	if (c.clock != KERNEL_CLOCK_REAL && c.clock != KERNEL_CLOCK_VIRTUAL)
		return -EINVAL;
	if (c.poller != KERNEL_POLLER_EPOLL && c.poller != KERNEL_POLLER_POLL)
		return -EINVAL;
	if (c.stack_mode != KERNEL_STACK_PRIVATE && c.stack_mode != KERNEL_STACK_COMPACT)
		return -EINVAL;
	if (c.quantum_ns < 0 || c.watchdog_ns < 0)
		return -EINVAL;
#ifndef MINIOS_CONTEXT_ASM
	/* Compact stacks copy frames by the saved stack pointer, which only
	 * the hand-written switch keeps where compact.c can find it. */
	if (c.stack_mode == KERNEL_STACK_COMPACT)
		return -ENOTSUP;
#endif
	if (c.clock == KERNEL_CLOCK_VIRTUAL)
		c.account_cpu = 0; /* virtual CPU time is counted per trap */
	int err = io_init(c.poller);
	if (err)
		return err;
	kernel_config_in_use = c;
	memset(&kernel_counters, 0, sizeof kernel_counters);
	list_init(&ready_queue);
	current = NULL;
	interrupt_raised = 0;
	random_state = c.seed;
	virtual_clock = c.clock == KERNEL_CLOCK_VIRTUAL;
	stack_set_size(c.stack_size);
	compact = c.stack_mode == KERNEL_STACK_COMPACT;
	compact_reset();
	if (compact && (err = stack_share(true)) != 0) {
		io_fini();
		return err;
	}
	task_table_init();
	clock_init(c.clock);
	console_init(c.console);
	fault_init();
	err = preempt_init(c.quantum_ns, c.watchdog_ns);
	if (err) {
		fault_fini();
		task_table_fini();
		stack_share(false);
		io_fini();
		return err;
	}
	kernel_up = true;
	return 0;
}

int kernel_spawn(const char *name, task_entry_fn fn, void *arg, unsigned flags)
{
	if (!kernel_up)
		return -EINVAL;
	return task_create(NULL, name, fn, arg, flags);
}

static void kill_one(struct task *t, void *ctx)
{
	(void)ctx;
	/* Quietly: a shutdown is not the seminar's "terminated". */
	task_end(t, TASK_STATUS_KILLED);
}

void kernel_shutdown(void)
{
	if (!kernel_up)
		return;
	kernel_config_in_use.announce_exits = 0;
	preempt_fini();
	task_for_each(kill_one, NULL);
	fault_fini();
	sem_fini();
	timer_fini();
	io_fini();
	task_table_fini();
	stack_share(false);
	stack_pool_drain();
	kernel_up = false;
}
