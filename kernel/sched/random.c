/*
 * random.c - a uniformly random ready task runs next, drawn with the
 * kernel's generator (seeded by --seed): the same seed gives the same
 * schedule, and other seeds other schedules - `minios --explore` searches
 * them for races.  The draw is O(1): the ready tasks sit in an array.
 * Each pick also fetches the next picks' tasks into the cache: with
 * 100,000 tasks, in no order, the misses were most of a switch.  For the
 * same reason its tasks get huge pages in compact mode (policy.h's
 * visits_in_no_order): with small ones nearly every switch missed the
 * TLB as well.  The pick after a pick (nearly all) is the short one;
 * after a draw by anyone else it is recomputed out of line.
 */
#include "config.h"
#include "kernel/boot.h"
#include "kernel/policy.h"
#include "kernel/sched.h"
#include "kernel/sched/slots.h"
#include "kernel/task.h"

static struct task_slots ready;
/* How many picks ahead a task's stack and its struct are fetched (1:
 * the next pick); the array's entry is fetched a pick before its
 * struct.  With 100,000 tasks W4 spent a quarter less time per switch
 * with 3 and 6 than with 1 and 2 (bench/README.md). */
#define RANDOM_STACK 3
#define RANDOM_STRUCT 6
#define PEEKS (RANDOM_STRUCT + 1)
#define PEEK_RING 8 /* a power of two, at least PEEKS */
_Static_assert(PEEKS <= PEEK_RING, "the peeks fit the ring");
/* The next PEEKS draws, peeked by the last pick: peeks[(peek_first + a)
 * % PEEK_RING] is draw a, good while the generator is where it was then
 * (peek_state) - a draw peeked is a function of the generator's state.
 * Most picks follow one another with no other draw between, so each
 * computes one new draw, not PEEKS. */
static uint32_t peeks[PEEK_RING];
static unsigned peek_first;
static uint64_t peek_state;
static bool peeks_valid;

static int random_init(const char *options, char *why, size_t why_len)
{
	slots_init(&ready);
	peeks_valid = false;
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

/* The task of the pick ahead + 1 picks after the one just made (t),
 * guessed as if each pick comes back to the end of the array and nothing
 * else changes meanwhile, as in most turns.  The guess ignores the picks
 * between (one of them may have moved into the slot): with many tasks
 * that is rare, and with few they are in the cache anyway.  It reads
 * only tasks in the array, so a wrong guess costs a useless fetch. */
static inline struct task *guess_pick(struct task *t, unsigned ahead)
{
	uint32_t n = ready.n; /* without t */
	uint32_t r = peeks[(peek_first + ahead) % PEEK_RING];
	uint32_t i = (uint32_t)(((uint64_t)r * (n + 1)) >> 32);
	return i < n ? ready.tasks[i] : t;
}

/* Fetches the stack of the pick RANDOM_STACK picks ahead and the struct
 * of the one RANDOM_STRUCT ahead (sched.h), and the array's entry of the
 * one after it.  Their draws are peeked, not taken, so the schedule does
 * not change.  Always inline, as the prefetches in sched.h are. */
static inline __attribute__((always_inline)) void prefetch_next_picks(struct task *t)
{
	sched_prefetch(guess_pick(t, RANDOM_STRUCT - 1));
	sched_prefetch_stack(guess_pick(t, RANDOM_STACK - 1));
	uint32_t r = peeks[(peek_first + PEEKS - 1) % PEEK_RING];
	uint32_t m = (uint32_t)(((uint64_t)r * (ready.n + 1)) >> 32);
	__builtin_prefetch(&ready.tasks[m]);
}

/* t is picked: takes it out of the array (slots_remove, knowing its
 * slot, i). */
static inline __attribute__((always_inline)) void take(struct task *t, uint32_t i)
{
	struct task *last = ready.tasks[--ready.n];
	t->sched_slot = 0;
	if (last != t) {
		ready.tasks[i] = last;
		last->sched_slot = i + 1;
	}
}

/* A pick after another draw (or the first): the peeks are computed
 * afresh.  Out of line: the common pick then saves no registers. */
static __attribute__((noinline)) struct task *pick_after_a_draw(void)
{
	struct task *t = slots_take_overflow(&ready);
	if (t)
		return t;
	/* A multiply, not a modulo: uniform enough, and no division. */
	uint32_t i = (uint32_t)(((uint64_t)kernel_random() * ready.n) >> 32);
	t = ready.tasks[i];
	take(t, i);
	peek_first = 0;
	for (unsigned a = 0; a < PEEKS; a++)
		peeks[a] = kernel_random_peek(a);
	peek_state = kernel_random_state;
	peeks_valid = true;
	prefetch_next_picks(t);
	return t;
}

/* The common pick: nobody drew since the last one, so its draw is the
 * first peeked, and one more is peeked (the same draw, so the same task,
 * as kernel_random would give). */
static struct task *random_pick(void)
{
	if (!peeks_valid || peek_state != kernel_random_state || !list_empty(&ready.overflow))
		return pick_after_a_draw();
	uint32_t i = (uint32_t)(((uint64_t)peeks[peek_first] * ready.n) >> 32);
	kernel_random_skip(1);
	struct task *t = ready.tasks[i];
	take(t, i);
	peek_first = (peek_first + 1) % PEEK_RING;
	peeks[(peek_first + PEEKS - 1) % PEEK_RING] = kernel_random_peek(PEEKS - 1);
	peek_state = kernel_random_state;
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
	.visits_in_no_order = true,
};
