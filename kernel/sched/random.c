/*
 * random.c - a uniformly random ready task runs next, drawn with the
 * kernel's generator (seeded by --seed): the same seed gives the same
 * schedule, and other seeds other schedules - `minios --explore` searches
 * them for races.  The draw is O(1): the ready tasks sit in an array.
 * Each pick also fetches the next picks' tasks into the cache: with
 * 100,000 tasks, in no order, the misses were most of a switch.
 */
#include "config.h"
#include "kernel/boot.h"
#include "kernel/policy.h"
#include "kernel/sched.h"
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

/* The picks after the one just made (t), guessed as if t comes back -
 * to the end of the array - and nothing else changes meanwhile, as in
 * most turns: the next pick b, at j, leaves t in its place and itself
 * comes back to the end; the one after it, c, is then chosen from that
 * array.  Their draws are peeked, not taken, so the schedule does not
 * change; c's struct and b's stack are fetched (sched.h).  Always
 * inline, as the prefetches in sched.h are. */
static inline __attribute__((always_inline)) void prefetch_next_picks(struct task *t)
{
	uint32_t n = ready.n; /* without t */
	uint32_t j = (uint32_t)(((uint64_t)kernel_random_peek(0) * (n + 1)) >> 32);
	uint32_t k = (uint32_t)(((uint64_t)kernel_random_peek(1) * (n + 1)) >> 32);
	struct task *b = j < n ? ready.tasks[j] : t;
	struct task *c = k == n ? b : k == j ? t : ready.tasks[k];
	sched_prefetch(c);
	sched_prefetch_stack(b);
	/* And where the array holds the pick after c. */
	uint32_t m = (uint32_t)(((uint64_t)kernel_random_peek(2) * (n + 1)) >> 32);
	__builtin_prefetch(&ready.tasks[m]);
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
	prefetch_next_picks(t);
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
