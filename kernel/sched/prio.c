/*
 * prio.c - static priorities: one FIFO queue per nice level (-20..19),
 * the lowest nice first.  A bitmap of the non-empty levels makes the pick
 * O(1): the lowest set bit is the best level.  A task whose nice changes
 * while it waits moves to its new level at once.  Under prio a
 * semaphore's waiters get units by priority too (sem.c asks
 * sched_first_waiter).
 */
#include "config.h"
#include "kernel/list.h"
#include "kernel/policy.h"
#include "kernel/task.h"
#include <stdio.h>

static struct list_node levels[SCHED_LEVELS];
static uint64_t nonempty; /* bit i: levels[i] holds a task */

static int prio_init(const char *options, char *why, size_t why_len)
{
	for (int i = 0; i < SCHED_LEVELS; i++)
		list_init(&levels[i]);
	nonempty = 0;
	return sched_parse_options(options, "prio", "", NULL, why, why_len);
}

static void prio_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	unsigned level = (unsigned)(t->nice - SCHED_NICE_MIN);
	t->sched_level = (uint8_t)level;
	list_push_back(&levels[level], &t->node);
	nonempty |= 1ull << level;
}

static void prio_remove(struct task *t)
{
	unsigned level = t->sched_level;
	list_unlink(&t->node);
	if (list_empty(&levels[level]))
		nonempty &= ~(1ull << level);
}

static struct task *prio_pick(void)
{
	unsigned level = (unsigned)__builtin_ctzll(nonempty);
	struct task *t = list_entry(levels[level].next, struct task, node);
	prio_remove(t);
	return t;
}

static void prio_priority_changed(struct task *t)
{
	if (t->state != TASK_READY || t->sched_level == (uint8_t)(t->nice - SCHED_NICE_MIN))
		return;
	prio_remove(t);
	prio_enqueue(t, SCHED_YIELD);
}

static size_t prio_describe(char *out, size_t len)
{
	size_t used = 0;
	for (int i = 0; i < SCHED_LEVELS; i++) {
		if (!(nonempty & (1ull << i)))
			continue;
		char label[32];
		snprintf(label, sizeof label, "nice %d", i + SCHED_NICE_MIN);
		used += sched_describe_list(&levels[i], label, used < len ? out + used : NULL,
					    used < len ? len - used : 0);
	}
	return used;
}

const struct sched_policy sched_prio = {
	.name = "prio",
	.summary = "static priorities by nice, FIFO within a level",
	.options = "",
	.init = prio_init,
	.enqueue = prio_enqueue,
	.pick = prio_pick,
	.remove = prio_remove,
	.priority_changed = prio_priority_changed,
	.describe = prio_describe,
	.waiters_by_priority = true,
};
