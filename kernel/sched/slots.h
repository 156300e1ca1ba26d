/*
 * slots.h - an array of ready tasks with O(1) removal, for the policies
 * that draw a task by index (random, lottery): a task's sched_slot is its
 * index plus one (0: not in the array).  Removal moves the last task into
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
#include <stdbool.h>
#include <stdint.h>

struct task;

struct task_slots {
	struct task **tasks;
	uint32_t n, cap;
	struct list_node overflow;
};

void slots_init(struct task_slots *s);
/* False when it cannot grow: t went on the overflow list. */
bool slots_add(struct task_slots *s, struct task *t);
/* Removes t; returns the task moved into its slot (or NULL). */
struct task *slots_remove(struct task_slots *s, struct task *t);
/* Takes a task off the overflow list, or NULL. */
struct task *slots_take_overflow(struct task_slots *s);
/* Grows to hold at least cap tasks; false when out of memory. */
bool slots_reserve(struct task_slots *s, uint32_t cap);

#endif
