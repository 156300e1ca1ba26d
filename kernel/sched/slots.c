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
