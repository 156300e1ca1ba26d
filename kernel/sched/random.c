/*
 * random.c - a uniformly random ready task runs next, drawn with the
 * kernel's generator (seeded by --seed): the same seed gives the same
 * schedule, and other seeds other schedules - `minios --explore` searches
 * them for races.  The draw is O(1): the ready tasks sit in an array.
 */
#include "config.h"
#include "kernel/boot.h"
#include "kernel/policy.h"
#include "kernel/sched/slots.h"
#include "kernel/task.h"

static struct task_slots ready;

static int random_init(const char *options, char *why, size_t why_len)
{
	slots_init(&ready);
	return sched_parse_options(options, "random", "", NULL, why, why_len);
}

static void random_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	slots_add(&ready, t);
}

static void random_remove(struct task *t)
{
	slots_remove(&ready, t);
}

static struct task *random_pick(void)
{
	struct task *t = slots_take_overflow(&ready);
	if (t)
		return t;
	/* A multiply, not a modulo: uniform enough, and no division. */
	uint32_t i = (uint32_t)(((uint64_t)kernel_random() * ready.n) >> 32);
	t = ready.tasks[i];
	slots_remove(&ready, t);
	return t;
}

static size_t random_describe(char *out, size_t len)
{
	size_t used = 0;
	sched_append(out, len, &used, "ready (any order):");
	for (uint32_t i = 0; i < ready.n; i++)
		sched_append(out, len, &used, " %d", ready.tasks[i]->tid);
	sched_append(out, len, &used, "\n");
	return used;
}

const struct sched_policy sched_random = {
	.name = "random",
	.summary = "a uniformly random ready task, seeded by --seed",
	.options = "",
	.init = random_init,
	.enqueue = random_enqueue,
	.pick = random_pick,
	.remove = random_remove,
	.describe = random_describe,
};
