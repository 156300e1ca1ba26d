/*
 * sched.c - switching into and out of tasks, and the ready queue.
 *
 * The kernel runs on its own stack (kernel_context); a task runs on its
 * stack until it traps, returns or faults, and each of those switches back
 * here.  The ready queue is the scheduling policy's (policy.h): fifo by
 * default, where every trap is a scheduling point and the caller goes to
 * the back, as in the seminar.  The trap loop (loop.c) and task.c only
 * call ready_push, ready_pop and ready_remove, and those only the policy.
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
#include "kernel/policy.h"
#include "kernel/sched/fifo.h"
#include "kernel/slab.h"
#include "kernel/task.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef MINIOS_FIBER_ANNOTATIONS
#include <sanitizer/common_interface_defs.h>
#endif

static const struct sched_policy *policy = &sched_fifo;
static char policy_options[128];  /* as given, for `sched` */
bool sched_policy_is_fifo = true; /* policy == &sched_fifo (sched.h) */
static size_t sched_ready_count;  /* tasks on another policy's queue */
/* The switch's state (sched.h, where sched_run is inline). */
struct context sched_kernel_context;
struct task *sched_current;
bool sched_compact;
bool sched_account_cpu;
uint64_t sched_kernel_mode;
volatile sig_atomic_t sched_task_running;

void sched_init(bool compact_stacks, bool measure_cpu)
{
	sched_ready_count = 0;
	/* The policy empties its queue; sched_policy_select checked the
	 * options already, so this cannot fail. */
	char why[8];
	if (policy->init)
		policy->init(policy_options, why, sizeof why);
	sched_current = NULL;
	sched_compact = compact_stacks;
	sched_account_cpu = measure_cpu;
	compact_reset();
	/* Only there: fifo visits the tasks in the order they were made,
	 * where small pages cost nothing, and huge ones cost the first touch
	 * of each (a VM's host may take a millisecond to back one). */
	slab_huge_pages(compact_stacks && policy->visits_in_no_order);
}

/* ---- switching, with the sanitizers told about stacks ---- */

#ifdef MINIOS_FIBER_ANNOTATIONS
static void *kernel_fake_stack;
static const void *kernel_stack_bottom;
static size_t kernel_stack_size;

void sched_fiber_enter_task(struct task *t)
{
	__sanitizer_start_switch_fiber(&kernel_fake_stack, task_stack(t)->base,
				       task_stack(t)->size);
}
void sched_fiber_back_in_kernel(void)
{
	__sanitizer_finish_switch_fiber(kernel_fake_stack, NULL, NULL);
}
void sched_fiber_task_resumed(void)
{
	__sanitizer_finish_switch_fiber(NULL, &kernel_stack_bottom, &kernel_stack_size);
}
void sched_fiber_leave_task(void)
{
	__sanitizer_start_switch_fiber(NULL, kernel_stack_bottom, kernel_stack_size);
}
#endif

void task_trap(void)
{
	sched_trap();
}

/* What a task does when its entry function returns with status: the
 * kernel ends it, and it never comes back. */
void sched_task_returned(int status)
{
	struct task *t = sched_current;
	/* Out of the timer's reach first: returned is a bit of a byte whose
	 * other bits the kernel writes while the task is switched out
	 * (task.h), so a preemption between that byte's read and its write
	 * would put stale bits back.  The trap below clears this anyway. */
	sched_task_running = 0;
	__asm__ volatile("" ::: "memory");
	t->returned = true;
	t->frame.arg[0] = status & 0xff; /* its exit status, for the loop */
	t->frame.nr = TRAP_RETURNED;     /* out of the table: the loop looks */
	sched_trap();                    /* the kernel ends it */
	abort();
}

#if defined(MINIOS_CONTEXT_ASM) && defined(__x86_64__)
/* Every task begins at sched_task_start, on its own stack, with its stack
 * pointer 8 below the (16-aligned) top, where a return address would be
 * (context_x86_64.c).  It asks sched_task_begin (C, whose frame is gone
 * before the entry runs) for the entry and its argument, gives back the
 * top word and calls the entry from the top itself: the call puts its
 * return address in that word, and no frame of sched_task_start's stays
 * under the entry's while the task lives - a switched-out task in compact
 * mode saves 16 bytes fewer than under a C function's frame (task.h).  A
 * call, not a jump with a return address written by hand: the entry's
 * return must match a call, or the CPU's return-address predictor misses
 * it and every return after it (W2's spawn+exit took about 10% longer
 * with the jump). */
#ifdef __CET__
#define SCHED_ENDBR "endbr64\n\t" /* reached by the switch's indirect jump */
#else
#define SCHED_ENDBR ""
#endif
struct sched_start {
	task_entry_fn entry;
	void *arg;
};
struct sched_start sched_task_begin(void);

struct sched_start sched_task_begin(void)
{
	sched_fiber_task_resumed();
	struct task *t = sched_current;
	return (struct sched_start){t->entry, t->arg}; /* rax and rdx */
}

__asm__(".text\n\t"
	".p2align 4\n\t"
	".globl sched_task_start\n\t"
	".type sched_task_start, @function\n"
	"sched_task_start:\n\t"
	/* The first frame of every task: unwinders (gdb's bt, backtrace())
	 * stop here, as at the 0 a C start function leaves, instead of
	 * walking past the stack's top. */
	".cfi_startproc\n\t"
	".cfi_undefined rip\n\t" SCHED_ENDBR "subq $8, %rsp\n\t" /* aligned for the call */
	"call sched_task_begin@PLT\n\t"
	"addq $16, %rsp\n\t" /* the top: nothing of ours under the entry */
	"movq %rdx, %rdi\n\t"
	"callq *%rax\n\t" /* the entry; it returns with rsp at the top */
	"movl %eax, %edi\n\t"
	"call sched_task_returned@PLT\n\t"
	"ud2\n\t"
	".cfi_endproc\n\t"
	".size sched_task_start, .-sched_task_start\n\t"
	".previous\n");
#else
/* Every task begins here, on its own stack. */
void sched_task_start(void)
{
	sched_fiber_task_resumed();
	struct task *t = sched_current;
	sched_task_returned(t->entry(t->arg));
}
#endif

/* A stack of its own starts this far under the top of its mapping.  The
 * mapping just above may be another task's stack, whose guard page ends
 * where this one's top begins; memcheck counts the 128 bytes under a
 * stack pointer as that stack's (the red zone), so a task that overflows
 * into the guard page above makes memcheck mark up to 128 bytes past it,
 * here, as undefined - and the top word is where the entry returns to.
 * Nothing of this task's lives there.  (Compact mode runs no task on a
 * stack of its own beside the shared one, and saves every byte under the
 * shared top.) */
#define STACK_TOP_LEFT_TO_NEIGHBOUR 128

void sched_prepare(struct task *t)
{
	/* On the shared stack, the first frame is built when it first runs. */
	if (sched_compact)
		t->fresh = true;
	else
		context_make(&t->ctx, t->stack.base, t->stack.size - STACK_TOP_LEFT_TO_NEIGHBOUR,
			     sched_task_start);
}

void sched_task_ended(struct task *t)
{
	if (sched_current == t)
		sched_current = NULL;
	if (sched_compact)
		compact_task_ended(t);
}

void sched_fault_current(int fault_code)
{
	struct task *t = sched_current;
	sched_task_running = 0;
	t->fault = fault_code;
	t->frame.nr = TRAP_FAULTED; /* out of the table: the loop looks */
	sched_fiber_leave_task();
	context_switch(&t->ctx, &sched_kernel_context);
	abort();
}

/* ---- the ready queue: the policy's ---- */

/* The queue holds only live tasks that are READY: never a blocked one.
 * sched.c counts them, so that no policy needs an "empty" hook. */

/* ready_push_why and ready_pop are inline in sched.h for the default
 * policy; these are their paths for every other policy, through its
 * hooks.  sched.c counts those tasks so that no policy needs an "empty"
 * hook. */
void ready_push_policy(struct task *t, enum sched_reason why)
{
	sched_ready_count++;
	policy->enqueue(t, why);
}

struct task *ready_pop_policy(void)
{
	if (sched_ready_count == 0)
		return NULL;
	sched_ready_count--;
	struct task *t = policy->pick();
	KASSERT(t && t->magic == TASK_MAGIC && t->state == TASK_READY);
	return t;
}

void ready_remove(struct task *t)
{
	KASSERT(t->state == TASK_READY);
	policy->remove(t);
	if (!sched_policy_is_fifo)
		sched_ready_count--;
}

bool ready_empty(void)
{
	return sched_policy_is_fifo ? list_empty(&fifo_queue) : sched_ready_count == 0;
}

void sched_tick(struct task *t)
{
	if (policy->tick)
		policy->tick(t);
}

bool sched_task_queued(const struct task *t)
{
	return t->state == TASK_READY;
}

/* ---- priorities ---- */

_Static_assert(SCHED_NICE_MIN == MINIOS_NICE_MIN && SCHED_NICE_MAX == MINIOS_NICE_MAX &&
		       SCHED_TICKETS_MAX == MINIOS_TICKETS_MAX,
	       "<minios.h> and policy.h agree on nice values and tickets");

void sched_set_nice(struct task *t, int nice)
{
	if (nice < SCHED_NICE_MIN)
		nice = SCHED_NICE_MIN;
	if (nice > SCHED_NICE_MAX)
		nice = SCHED_NICE_MAX;
	t->nice = (int8_t)nice;
	if (policy->priority_changed)
		policy->priority_changed(t);
}

void sched_set_tickets(struct task *t, uint32_t tickets)
{
	t->tickets = tickets;
	if (policy->priority_changed)
		policy->priority_changed(t);
}

uint32_t sched_tickets_of(const struct task *t)
{
	return t->tickets ? t->tickets : sched_tickets_of_nice(t->nice);
}

/* Nice 0 is 100 tickets; each step down is worth about a quarter more,
 * as Linux weighs nice levels (1.25 per level), so nice -20 has about
 * 8700 and nice 19 about 1.5 (rounded up to 2). */
uint32_t sched_tickets_of_nice(int nice)
{
	double w = 100.0;
	for (int i = 0; i < nice; i++)
		w /= 1.25;
	for (int i = 0; i > nice; i--)
		w *= 1.25;
	uint32_t n = (uint32_t)(w + 0.5);
	return n ? n : 1;
}

/* Which of a semaphore's waiters gets the unit: the first, except under
 * a policy that orders waiters by priority (prio), where it is the first
 * of the lowest nice - a scan of the waiters, not of the ready tasks. */
struct task *sched_first_waiter(struct list_node *waiters)
{
	if (list_empty(waiters))
		return NULL;
	struct task *best = list_entry(waiters->next, struct task, node);
	if (!policy->waiters_by_priority)
		return best;
	for (struct list_node *n = waiters->next; n != waiters; n = n->next) {
		struct task *w = list_entry(n, struct task, node);
		if (w->nice < best->nice)
			best = w;
	}
	return best;
}

void sched_task_text(const struct task *t, char *out, size_t len)
{
	if (policy->task_text)
		policy->task_text(t, out, len);
	else
		snprintf(out, len, "-");
}

const struct sched_policy *sched_policy_current(void)
{
	return policy;
}

size_t sched_describe(char *out, size_t len)
{
	/* The options as given, unless the policy shows what is in effect. */
	const char *options = policy->describes_settings ? "" : policy_options;
	int n = snprintf(out, len, "policy %s%s%s\n", policy->name, options[0] ? ":" : "", options);
	size_t used = n > 0 ? (size_t)n : 0;
	if (policy->describe)
		used += policy->describe(used < len ? out + used : NULL,
					 used < len ? len - used : 0);
	return used;
}

int sched_policy_select(const char *spec, char *why, size_t why_len)
{
	if (!spec || !*spec)
		spec = "fifo";
	const char *colon = strchr(spec, ':');
	size_t name_len = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct sched_policy *p = sched_policy_find(spec, name_len);
	if (!p) {
		size_t used = (size_t)snprintf(why, why_len, "unknown policy '%.*s': valid are",
					       (int)name_len, spec);
		for (int i = 0; sched_policies[i] && used < why_len; i++)
			used += (size_t)snprintf(why + used, why_len - used, "%s %s", i ? "," : "",
						 sched_policies[i]->name);
		return -EINVAL;
	}
	const char *options = colon ? colon + 1 : "";
	if (strlen(options) >= sizeof policy_options) {
		snprintf(why, why_len, "%s: options too long", p->name);
		return -EINVAL;
	}
	sched_policy_quantum_ns = 0;
	if (p->init) {
		int err = p->init(options, why, why_len);
		if (err)
			return err;
	}
	policy = p;
	sched_policy_is_fifo = p == &sched_fifo;
	strcpy(policy_options, options);
	return 0;
}
