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

/* Every task begins here, on its own stack. */
void sched_task_start(void)
{
	sched_fiber_task_resumed();
	struct task *t = sched_current;
	int status = t->entry(t->arg);
	t->returned = true;
	t->frame.arg[0] = status & 0xff; /* its exit status, for the loop */
	t->frame.nr = TRAP_RETURNED;     /* out of the table: the loop looks */
	task_trap();                     /* the kernel ends it; it never comes back */
	abort();
}

void sched_prepare(struct task *t)
{
	/* On the shared stack, the first frame is built when it first runs. */
	if (sched_compact)
		t->fresh = true;
	else
		context_make(&t->ctx, t->stack.base, t->stack.size, sched_task_start);
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
