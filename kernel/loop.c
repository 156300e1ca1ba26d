/*
 * loop.c - the kernel's trap loop.
 *
 * The loop takes the task the scheduling policy picks (sched.c, policy.h:
 * fifo by default), switches to it, and gets control back when the task traps (or returns, or
 * faults).  It then looks the call number up in the syscall table and runs the handler, which
 * either completes the call (the task goes to the back of the ready queue: every trap is a
 * scheduling point) or blocks the task.  When nothing is ready, the kernel waits for I/O or the
 * next timer.
 *
 * The hot path - switch in, dispatch, queue, switch out - allocates nothing
 * and makes no host system call.
 */
#include "config.h"
#include "kernel/kassert.h"
#include "kernel/loop.h"
#include "kernel/counters.h"
#include "kernel/clock.h"
#include "kernel/deadlock.h"
#include "kernel/io.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include "kernel/trace.h"
#include "kernel/trap.h"
#include <errno.h>
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t interrupt_raised;
static volatile sig_atomic_t stop_requested;
static bool virtual_clock;    /* a copy of the setting, read on every trap */
static bool armed;            /* between loop_init and loop_fini */
static int64_t time_limit_ns; /* kernel_set_time_limit; 0: none */

/* A virtual-clock trap costs this much time, so that tasks which never
 * sleep still move the clock on, the same way on every run. */
#define VIRTUAL_TRAP_NS MINIOS_VIRTUAL_TRAP_NS
/* Between dispatches, look at fds and real-clock timers this often. */
#define HOUSEKEEPING_EVERY 64

void loop_init(bool virtual_time)
{
	interrupt_raised = 0;
	time_limit_ns = 0;
	virtual_clock = virtual_time;
	armed = true;
}

void loop_fini(void)
{
	armed = false;
}

/* task_complete for the task whose trap was handled, on the hot path:
 * it was running, so there is no wait to trace the end of. */
static inline void task_complete_trap(struct task *t, long ret)
{
	t->frame.ret = ret;
	t->state = TASK_READY;
	ready_push(t);
}

/* t used up its quantum without trapping: to the back of the queue, as
 * if it had yielded.  Under the virtual clock the quantum passes.  A task
 * that never traps leaves the loop no housekeeping turn of its own, so
 * look at the fds and the real clock's timers now: the others' deadlines
 * are then late by a quantum at most. */
static void preempted(struct task *t)
{
	if (trace_on)
		trace_preempted(t);
	struct task_extra *x = task_extra(t); /* (out of memory: not counted) */
	if (x)
		x->preemptions++;
	kernel_counters.preemptions++;
	t->state = TASK_READY;
	/* The quantum is counted before the policy sees the task (mlfq
	 * counts CPU time). */
	if (virtual_clock)
		t->cpu_ns += preempt_quantum();
	sched_tick(t);
	ready_push_why(t, SCHED_PREEMPTED);
	if (virtual_clock) {
		clock_advance(preempt_quantum());
		return;
	}
	if (io_has_waiters())
		io_poll(0);
	if (timer_pending())
		timer_fire_due();
}

/* A trap that is no system call: the task returned, faulted or was
 * preempted (each leaves a call number out of the table's range, so that
 * the hot path below tests the number only), or it made a call that does
 * not exist. */
static void dispatch_other(struct task *t, int nr)
{
	if (t->returned) {
		task_end(t, (int)t->frame.arg[0]); /* sched_task_start put it there */
		return;
	}
	if (t->fault) {
		task_end(t, TASK_STATUS_FAULTED | t->fault);
		return;
	}
	if (nr == TRAP_PREEMPTED) {
		preempted(t);
		return;
	}
	t->traps++;
	kernel_counters.traps++;
	kernel_counters.bad_traps++;
	if (virtual_clock) {
		t->cpu_ns += VIRTUAL_TRAP_NS;
		clock_advance(VIRTUAL_TRAP_NS);
	}
	task_complete_trap(t, -ENOSYS);
}

static inline void dispatch(struct task *t)
{
	KASSERT(t->magic == TASK_MAGIC);
	int nr = t->frame.nr;
	if ((unsigned)nr >= (unsigned)syscall_table_size || !syscall_table[nr].handler) {
		dispatch_other(t, nr);
		return;
	}
	t->traps++;
	kernel_counters.traps++;
	kernel_counters.traps_by_call[nr]++;
	long ret;
	if (virtual_clock) {
		t->cpu_ns += VIRTUAL_TRAP_NS;
		ret = trap_table[nr].handler(t, t->frame.arg);
		/* After the handler (which may have ended t: do not touch
		 * it), so that a call sees the time its task saw. */
		clock_advance(VIRTUAL_TRAP_NS);
	} else {
		/* Through trap_table: syscall_table itself, or while tracing
		 * the trace's rows - no test here either way. */
		ret = trap_table[nr].handler(t, t->frame.arg);
	}
	if (ret != TRAP_HANDLED)
		task_complete_trap(t, ret);
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

void kernel_set_time_limit(int64_t ns)
{
	time_limit_ns = ns > 0 ? ns : 0;
}

void kernel_request_stop(void)
{
	stop_requested = 1;
	kernel_raise_interrupt();
}

/* Nothing is ready.  Returns 1 to go on, 0 when no task is left, or
 * -EDEADLK when tasks are left that nothing can ever wake. */
static int idle(char **report)
{
	if (task_count() == 0)
		return 0;
	bool io = io_has_waiters();
	bool timers = timer_pending();
	bool interruptible = task_interruptible_count() > 0;
	if (!io && !timers && !interruptible) {
		if (report)
			*report = deadlock_blocked_report();
		if (trace_on)
			trace_deadlock();
		return -EDEADLK;
	}
	if (virtual_clock) {
		/* Outside I/O first, without waiting; then time jumps to the
		 * next deadline; only with no timer at all do we block. */
		if (io || interruptible)
			io_poll(0);
		if (ready_empty() && timers) {
			clock_jump_to(clock_now() + timer_next_delay());
			timer_fire_due();
		} else if (ready_empty()) {
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
	if (!armed)
		return -EINVAL;
	sched_kernel_mode = context_mode_now();
	for (;;) {
		if (interrupt_raised) {
			if (stop_requested) {
				stop_requested = 0;
				interrupt_raised = 0;
				return -EINTR;
			}
			take_interrupt();
		}
		if (time_limit_ns && clock_now() >= time_limit_ns)
			return -ETIME;
		struct task *t = ready_pop();
		if (!t) {
			int r = idle(report);
			if (r <= 0)
				return r;
			continue;
		}
		if (sched_policy_is_fifo) /* others fetch ahead in their pick */
			ready_prefetch_next();
		sched_run(t);
		dispatch(t);
		sched_clear_current();
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
