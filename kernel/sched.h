/*
 * sched.h - the ready queue and the switch in and out of tasks (sched.c),
 * shared by the files of kernel/ only.
 */
#ifndef MINIOS_SCHED_H
#define MINIOS_SCHED_H

#include "kernel/kassert.h"
#include "kernel/clock.h"
#include "kernel/compact.h"
#include "kernel/context.h"
#include "kernel/counters.h"
#include "kernel/policy.h"
#include "kernel/sched/fifo.h"
#include "kernel/task.h"
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;
struct list_node;

#if defined(MINIOS_SANITIZERS) && defined(HAVE_SANITIZER_COMMON_INTERFACE_DEFS_H)
#define MINIOS_FIBER_ANNOTATIONS 1 /* tell the sanitizers about stack switches */
#endif

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
 * sched_prefetch fetches t's struct and, in compact mode, the room for
 * its saved frames right after it (task_create_owning): five lines.
 * sched_prefetch_stack fetches the stack t resumes on - in compact mode
 * the copy that is switched in - but reads t to find it, so it is best
 * called a pick after sched_prefetch(t).
 *
 * Always inline: GCC finds an out-of-line prefetch function free of
 * effects and drops the calls.
 */
extern bool sched_compact; /* tasks share one stack (sched.c's, below) */

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
#ifdef MINIOS_CONTEXT_ASM
	/* In compact mode the copy, if it has frames saved; else the stack
	 * it runs on (saved_stack shares its bytes with the stack's base and
	 * size: not an address out of compact mode). */
	const char *p = sched_compact && t->saved_len ? (const char *)t->saved_stack
						      : (const char *)t->ctx.sp;
#else
	const char *p = (const char *)t; /* no stack pointer to read */
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

/* ---- the switch in, inline in the trap loop ----
 * sched.c's state, here so that sched_run inlines into the loop: then no
 * call and return of the loop's own surround the switch.  A `ret` run on
 * the other side of a switch pops the CPU's return-address stack entry of
 * a call made on this side, and mispredicts: two of those per trap cost
 * more than the rest of the trap.  Only sched.c and these inlines write
 * them. */
/* sched_current: task.h (task_current) */
extern struct context sched_kernel_context; /* the loop's, while a task runs */
extern bool sched_account_cpu;              /* time each task's turns */
/* The trap loop's MXCSR and x87 control word (context_mode_now), read
 * when kernel_run starts: the kernel never changes them, and every switch
 * back to it puts them back if a task's differ. */
extern uint64_t sched_kernel_mode;
/* True while a task's own code runs; false in the kernel, including
 * while a handler runs on the task's behalf: a fault then is the
 * kernel's, not the task's (fault.c). */
extern volatile sig_atomic_t sched_task_running;
/* Where every task begins, on its own stack. */
void sched_task_start(void);
/* Where it goes when its entry function returns (never comes back). */
__attribute__((noreturn)) void sched_task_returned(int status);
#ifdef MINIOS_FIBER_ANNOTATIONS
void sched_fiber_enter_task(struct task *t);
void sched_fiber_back_in_kernel(void);
void sched_fiber_task_resumed(void);
void sched_fiber_leave_task(void);
#else
static inline void sched_fiber_enter_task(struct task *t)
{
	(void)t;
}
static inline void sched_fiber_back_in_kernel(void)
{
}
static inline void sched_fiber_task_resumed(void)
{
}
static inline void sched_fiber_leave_task(void)
{
}
#endif

/* The task's side of a trap: from the running task to the kernel, back
 * when the task is resumed (task_trap; inline in the trap stubs).  Inline,
 * the code that runs first in a resumed task is its stub, not a return
 * from task_trap: the return-address stack holds the calls of whichever
 * task trapped last, so each return right after a switch between tasks
 * that trap from different places (a child after its parent's NewTask)
 * mispredicts - one return fewer is one misprediction fewer. */
static inline __attribute__((always_inline)) void sched_trap(void)
{
	struct task *t = sched_current;
	/* From here on this is the kernel's code, on the task's stack: no
	 * tick may preempt it, and a fault here is not the task's. */
	sched_task_running = 0;
	sched_fiber_leave_task();
	context_switch(&t->ctx, &sched_kernel_context);
	sched_fiber_task_resumed();
}

/* Brings the task at the front of the fifo queue - the one that runs
 * after the one just popped - into the cache: the lines of its struct
 * that a trap touches and, in compact mode, the room for its saved frames
 * allocated right after it (task_create_owning; a task whose frames
 * outgrew it misses there).  With many tasks (100,000 in W4) each one's
 * memory has left the cache by its next turn, and its misses, one after
 * another, were most of a switch.  The struct's lines need no test of the
 * queue (a prefetch of an empty queue's head is harmless); the stack's
 * top, read from the struct, does.  The loop calls it under fifo only:
 * random and lottery fetch their next picks in their pick, and to them
 * these were ten instructions a switch for nothing (fetching near NULL). */
static inline __attribute__((always_inline)) void ready_prefetch_next(void)
{
	/* Addresses as integers: the queue may be empty, and its head then
	 * no task (a prefetch of any address is harmless; pointer arithmetic
	 * out of an object is not). */
	uintptr_t next = (uintptr_t)fifo_queue.next - offsetof(struct task, node);
	__builtin_prefetch((const void *)(next + offsetof(struct task, state)));
	__builtin_prefetch((const void *)(next + offsetof(struct task, frame)));
	__builtin_prefetch((const void *)(next + offsetof(struct task, node)));
	__builtin_prefetch((const void *)(next + offsetof(struct task, traps)));
	if (sched_compact) {
		/* After the struct and a short name (task.c's
		 * compact_task_size). */
		uintptr_t room = next + sizeof(struct task) + 8;
		__builtin_prefetch((const void *)room);
		__builtin_prefetch((const void *)(room + 64));
		__builtin_prefetch((const void *)(room + TASK_INLINE_SAVED_STACK - 1));
	}
#ifdef MINIOS_CONTEXT_ASM
	/* And the top of its own stack, which the switch to it reads first
	 * (context.h), and its code right after: with hundreds of tasks
	 * each one's stack has left the cache by its next turn (W5's 300
	 * echo clients), and the switch stalled there.  Its stack pointer
	 * is in its struct, which came in a turn ago as the one after next
	 * (below); reading it here, without that, only moved the stall.
	 * Not with one or two tasks in all (W1pp), which stay in the cache
	 * by themselves. */
	else if (fifo_queue.next != &fifo_queue) { /* the loop calls it under fifo only */
		const struct task *n = (const struct task *)next;
		const struct list_node *after_node = n->node.next;
		if (after_node != &fifo_queue) {
			const char *sp = n->ctx.sp;
			__builtin_prefetch(sp);
			__builtin_prefetch(sp + 64);
			uintptr_t after = (uintptr_t)after_node - offsetof(struct task, node);
			__builtin_prefetch((const void *)(after + offsetof(struct task, ctx)));
			__builtin_prefetch((const void *)(after + offsetof(struct task, node)));
		}
	}
#endif
}

/* Switches to t until it traps, returns or faults (sched_run's switch). */
static inline __attribute__((always_inline)) void sched_switch_in(struct task *t)
{
	if (sched_compact)
		compact_switch_in(t, sched_task_start);
	sched_current = t;
	t->state = TASK_RUNNING;
	kernel_counters.switches++;
	sched_fiber_enter_task(t);
	sched_task_running = 1;
	context_switch_known_mode(&sched_kernel_context, &t->ctx, sched_kernel_mode);
	/* sched_task_running is 0 again: every way back to the kernel
	 * (task_trap, sched_fault_current) clears it before it switches. */
	sched_fiber_back_in_kernel();
}

/* Switches to t until it traps, returns or faults.  CPU time is counted
 * only under the real clock (kernel_init turns account_cpu off under the
 * virtual one), read through the vDSO: no host system call here.  Two
 * copies of the switch, so that a run without the count keeps no start
 * time across it. */
static inline __attribute__((always_inline)) void sched_run(struct task *t)
{
	if (sched_account_cpu) {
		int64_t start = clock_now();
		sched_switch_in(t);
		t->cpu_ns += clock_now() - start;
	} else {
		sched_switch_in(t);
	}
}

/* The loop is done with the task it ran. */
static inline void sched_clear_current(void)
{
	sched_current = NULL;
}

/* Gives t its first context (it will start in its entry function). */
void sched_prepare(struct task *t);
/* t is gone: forget it (it may be the current task). */
void sched_task_ended(struct task *t);

/* True while a task's own code runs (not a handler on its behalf). */
static inline bool sched_in_task(void)
{
	return sched_task_running;
}
/* Called by the fault handler in the context of a faulting task: records
 * the fault and switches to the kernel, never to come back. */
void sched_fault_current(int fault_code) __attribute__((noreturn));

#endif
