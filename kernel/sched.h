/*
 * sched.h - the ready queue and the switch in and out of tasks (sched.c),
 * shared by the files of kernel/ only.
 */
#ifndef MINIOS_SCHED_H
#define MINIOS_SCHED_H

#include "kernel/kassert.h"
#include "kernel/policy.h"
#include "kernel/sched/fifo.h"
#include "kernel/task.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;
struct list_node;

/* The ready queue: the loop and task.c use only these, and these only the
 * scheduling policy's interface (policy.h).  Push and pop are the hot
 * path: inline here, they take the default policy's queue (fifo.h)
 * directly, and go through the interface (sched.c) for any other. */
extern bool sched_policy_is_fifo; /* the policy is fifo (sched.c) */
void ready_push_policy(struct task *t, enum sched_reason why);
struct task *ready_pop_policy(void);

static inline void ready_push_why(struct task *t, enum sched_reason why)
{
	KASSERT(t->magic == TASK_MAGIC && t->state == TASK_READY);
	KASSERT(!list_linked(&t->node));
	if (sched_policy_is_fifo)
		fifo_push(t);
	else
		ready_push_policy(t, why);
}

/* Reason SCHED_YIELD: the caller's trap was handled. */
static inline void ready_push(struct task *t)
{
	ready_push_why(t, SCHED_YIELD);
}

/* NULL when nothing is ready. */
static inline struct task *ready_pop(void)
{
	if (!sched_policy_is_fifo)
		return ready_pop_policy();
	struct list_node *n = list_pop_front(&fifo_queue);
	if (!n)
		return NULL;
	struct task *t = list_entry(n, struct task, node);
	KASSERT(t->magic == TASK_MAGIC && t->state == TASK_READY);
	return t;
}

/*
 * Starts fetching into the cache what switching to t will touch, for a
 * policy that can guess its next picks: with many tasks, taken in an
 * order the hardware cannot foresee (random, lottery), those cache and
 * TLB misses cost more than the rest of a switch.  Hints only: a wrong
 * guess costs nothing but the fetch.
 *
 * sched_prefetch fetches t's struct (what a switch and a trap use lies
 * in its first 224 bytes, which span at most five lines).
 * sched_prefetch_stack fetches the stack t resumes on - in compact mode
 * the copy that is switched in - but reads t to find it, so it is best
 * called a pick after sched_prefetch(t).
 *
 * Always inline: GCC finds an out-of-line prefetch function free of
 * effects and drops the calls.
 */
static inline __attribute__((always_inline)) void sched_prefetch(const struct task *t)
{
	const char *p = (const char *)t;
	__builtin_prefetch(p);
	__builtin_prefetch(p + 64);
	__builtin_prefetch(p + 128);
	__builtin_prefetch(p + 192);
	__builtin_prefetch(p + 256);
}

static inline __attribute__((always_inline)) void sched_prefetch_stack(const struct task *t)
{
	const char *p = (const char *)t->saved_stack;
#ifdef MINIOS_CONTEXT_ASM
	if (!t->saved_len)
		p = (const char *)t->ctx.sp; /* its own stack */
#endif
	__builtin_prefetch(p);
	__builtin_prefetch(p + 64);
	__builtin_prefetch(p + 128);
}

void ready_remove(struct task *t);
bool ready_empty(void);
/* t ran a whole quantum without trapping (before it is re-queued). */
void sched_tick(struct task *t);

/* Priorities: nice is clamped to -20..19; tickets 0 means "from nice". */
void sched_set_nice(struct task *t, int nice);
void sched_set_tickets(struct task *t, uint32_t tickets);
uint32_t sched_tickets_of(const struct task *t);
/* The waiter of a semaphore that gets a unit next (not unlinked). */
struct task *sched_first_waiter(struct list_node *waiters);
/* ps's policy column for t ("L1" under mlfq, "T100" under lottery). */
void sched_task_text(const struct task *t, char *out, size_t len);
/* `sched`'s text: the policy line, then the policy's queues. */
size_t sched_describe(char *out, size_t len);

/* Empties the ready queue of the policy chosen by sched_policy_select
 * (fifo if none); compact: tasks share one stack; measure_cpu:
 * time each task's turns on the CPU. */
void sched_init(bool compact, bool measure_cpu);
/* Switches to t until it traps, returns or faults. */
void sched_run(struct task *t);
/* The loop is done with the task it ran. */
void sched_clear_current(void);

/* Gives t its first context (it will start in its entry function). */
void sched_prepare(struct task *t);
/* t is gone: forget it (it may be the current task). */
void sched_task_ended(struct task *t);

/* True while a task's own code runs (not a handler on its behalf). */
bool sched_in_task(void);
/* Called by the fault handler in the context of a faulting task: records
 * the fault and switches to the kernel, never to come back. */
void sched_fault_current(int fault_code) __attribute__((noreturn));

#endif
