/*
 * compact.h - compact stacks: many tasks, one stack (compact.c).
 */
#ifndef MINIOS_COMPACT_H
#define MINIOS_COMPACT_H

struct task;

/* Puts t's frames on the shared stack; a task that never ran gets a
 * first frame that starts it in start. */
void compact_switch_in(struct task *t, void (*start)(void));
void compact_task_ended(struct task *t);
void compact_reset(void);

#endif
