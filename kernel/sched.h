/*
 * sched.h - the ready queue and the switch in and out of tasks (sched.c),
 * shared by the files of kernel/ only.
 */
#ifndef MINIOS_SCHED_H
#define MINIOS_SCHED_H

#include <stdbool.h>

struct task;

/* The ready queue: the loop and task.c use only these, so that a
 * scheduling policy can take the FIFO's place behind them. */
void ready_push(struct task *t);
struct task *ready_pop(void); /* NULL when nothing is ready */
void ready_remove(struct task *t);
bool ready_empty(void);

/* Empties the ready queue; compact: tasks share one stack; measure_cpu:
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
