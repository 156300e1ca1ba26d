/*
 * sched.h - the ready queue and the switch in and out of tasks (loop.c),
 * shared by the files of kernel/ only.
 */
#ifndef MINIOS_SCHED_H
#define MINIOS_SCHED_H

#include "kernel/kernel.h"

void ready_push(struct task *t);
/* Gives t its first context (it will start in its entry function). */
void sched_prepare(struct task *t);
/* t is gone: forget it (it may be the current task). */
void sched_task_ended(struct task *t);

/* The function every task starts in (for compact.c's late start). */
void (*sched_task_entry(void))(void);
/* Compact mode (compact.c): put t's frames on the shared stack. */
void compact_switch_in(struct task *t);
void compact_task_ended(struct task *t);
void compact_reset(void);

void task_table_init(void);
void task_table_fini(void);

/* True while a task's own code runs (not a handler on its behalf). */
bool sched_in_task(void);

/* Called by the fault handler in the context of a faulting task: records
 * the fault and switches to the kernel, never to come back. */
void sched_fault_current(int fault_code) __attribute__((noreturn));

int clock_init(enum kernel_clock_kind kind);
void clock_advance(int64_t ns);   /* virtual clock only */
void clock_jump_to(int64_t when); /* virtual clock only */
/* ns to the next timer deadline from now (>= 0), or -1 if no timer. */
int64_t timer_next_delay(void);
bool timer_pending(void);
void timer_fire_due(void);
void timer_fini(void);

int io_init(enum kernel_poller_kind kind);
void io_fini(void);
bool io_has_waiters(void);
/* Waits up to timeout_ns (-1: forever) for fd events and wakes waiters. */
void io_poll(int64_t timeout_ns);
/* The interrupt pipe: written by kernel_raise_interrupt. */
int io_interrupt_fd(void);

/* The timer interrupt (preempt.c): quantum_ns 0 turns preemption off,
 * watchdog_ns 0 the watchdog.  Returns 0 or a negative errno. */
int preempt_init(int64_t quantum_ns, int64_t watchdog_ns);
void preempt_fini(void);

int fault_init(void);
void fault_fini(void);

void sem_fini(void);
void console_init(console_sink_fn sink);

#endif
