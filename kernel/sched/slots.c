/*
 * slots.c - the array of ready tasks of random and lottery (slots.h).
 */
#include "config.h"
#include "kernel/sched/slots.h"
#include "kernel/kalloc.h"
#include "kernel/task.h"
#include <stdlib.h>

void slots_init(struct task_slots *s)
{
	/* Keeps the memory of the last run: init is called once a boot. */
	s->n = 0;
	list_init(&s->overflow);
}

bool slots_reserve(struct task_slots *s, uint32_t cap)
{
	if (cap <= s->cap)
		return true;
	uint32_t want = s->cap ? s->cap : 64;
	while (want < cap)
		want *= 2;
	struct task **tasks = krealloc(s->tasks, sizeof *tasks * want);
	if (!tasks)
		return false;
	s->tasks = tasks;
	s->cap = want;
	return true;
}

bool slots_add(struct task_slots *s, struct task *t)
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

struct task *slots_remove(struct task_slots *s, struct task *t)
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

struct task *slots_take_overflow(struct task_slots *s)
{
	struct list_node *n = list_pop_front(&s->overflow);
	return n ? list_entry(n, struct task, node) : NULL;
}
