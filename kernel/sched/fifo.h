/*
 * fifo.h - the fifo policy's queue, for the fast path of sched.h: the
 * default policy is called directly rather than through the interface,
 * so the compiler inlines it into the trap loop and the seminar's order
 * costs what a bare queue did (an indirect call per push and pop, and a
 * count of ready tasks, were 15 instructions a trap).
 */
#ifndef MINIOS_SCHED_FIFO_H
#define MINIOS_SCHED_FIFO_H

#include "kernel/list.h"
#include "kernel/task.h"

extern struct list_node fifo_queue;

static inline void fifo_push(struct task *t)
{
	list_push_back(&fifo_queue, &t->node);
}

/* Only called when the queue holds a task. */
static inline struct task *fifo_pop(void)
{
	return list_entry(list_pop_front(&fifo_queue), struct task, node);
}

#endif
