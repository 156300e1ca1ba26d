/*
 * slots.h - an array of ready tasks with O(1) removal, for a policy that
 * draws a task by index (random): a task's sched_slot is its index plus
 * one (0: not in the array).  Removal moves the last task into
 * the hole.
 *
 * The array grows by doubling, outside the common path.  If memory runs
 * out, a task goes on the overflow list instead, which is served first,
 * so nothing is lost or starved: the draw is then FIFO until memory is
 * back.
 */
#ifndef MINIOS_SCHED_SLOTS_H
#define MINIOS_SCHED_SLOTS_H

#include "kernel/list.h"
#include "kernel/task.h"
#include <stdbool.h>
#include <stdint.h>

struct task;

struct task_slots {
	struct task **tasks;
	uint32_t n, cap;
	struct list_node overflow;
};

void slots_init(struct task_slots *s);
/* Grows to hold at least cap tasks; false when out of memory. */
bool slots_reserve(struct task_slots *s, uint32_t cap);

/* The rest is inline: random calls it on every switch. */

/* False when it cannot grow: t went on the overflow list. */
static inline bool slots_add(struct task_slots *s, struct task *t)
{
	if (s->n == s->cap && !slots_reserve(s, s->n + 1)) {
		t->sched_slot = 0;
		list_push_back(&s->overflow, &t->node);
		return false;
	}
	s->tasks[s->n++] = t;
	t->sched_slot = s->n;
	return true;
}

/* Removes t; returns the task moved into its slot (or NULL). */
static inline struct task *slots_remove(struct task_slots *s, struct task *t)
{
	if (t->sched_slot == 0) {
		list_unlink(&t->node);
		return NULL;
	}
	uint32_t i = t->sched_slot - 1;
	struct task *last = s->tasks[--s->n];
	t->sched_slot = 0;
	if (last == t)
		return NULL;
	s->tasks[i] = last;
	last->sched_slot = i + 1;
	return last;
}

/* Takes a task off the overflow list, or NULL. */
static inline struct task *slots_take_overflow(struct task_slots *s)
{
	struct list_node *n = list_pop_front(&s->overflow);
	return n ? list_entry(n, struct task, node) : NULL;
}

#endif
