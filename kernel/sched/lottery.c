/*
 * lottery.c - lottery scheduling: each ready task holds tickets (from its
 * nice value, or set by SetTickets) and the winner of a draw over all the
 * ready tickets runs next.  The draw uses the kernel's seeded generator,
 * so a seed gives the same schedule every time.
 *
 * The ready tasks sit in slots of an array; a sum tree over the slots
 * finds the slot that a drawn ticket falls in, and changes a slot's
 * weight, in O(log n).  The tree is 8-ary: level 0 holds each slot's
 * weight, and each entry of level k + 1 the sum of 8 entries of level k,
 * so a node is 8 sums in one cache line.  A draw reads one line per level
 * - 6 for 100,000 tasks - where a binary tree reads 17 entries on as
 * many lines, mostly missed with that many tasks.  A task that leaves
 * leaves a hole of weight 0, which the next task to come fills (a stack
 * of free slots): no other task is touched.  A task's slot (plus one) is
 * in sched_slot, its weight in sched_mark.
 *
 * Most picked tasks come straight back (every trap is a scheduling
 * point), so the winner keeps its slot and weight while it runs: if it
 * comes back, nothing changes and a turn costs one walk of the tree (the
 * draw); if it blocks or ends instead, the next pick empties its slot
 * before it draws.
 *
 * With many tasks a draw waits on cache misses, in the tree and on the
 * winner's struct and stack.  While nothing changes, the next draws,
 * peeked (kernel_random_peek), land where they will land, so the walks
 * for the next few picks are made ahead, a step a pick, each step
 * fetching what the next one reads ("Walking ahead" below).  That
 * changes when things are fetched, never which task wins.
 *
 * The arrays grow by doubling, outside the common path.  If memory runs
 * out a task goes on an overflow list, served first, so nothing is lost
 * or starved: the draw is FIFO until memory is back.
 */
#include "config.h"
#include "kernel/boot.h"
#include "kernel/kalloc.h"
#include "kernel/list.h"
#include "kernel/policy.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FANOUT 8              /* sums per node: one 64-byte line */
#define MAX_LEVELS 12         /* 8^11 slots: more than a uint32_t counts */
#define WALK_AHEAD_SLOTS 4096 /* fewer slots: the tasks fit in the cache */

static struct task **slots;  /* slots[i]: the task in slot i + 1, or NULL */
static uint32_t *free_slots; /* a stack of empty slots below used */
static uint32_t cap, used, n_free;
/* The tree: level[0][i] is slot i + 1's weight; level[k + 1][i] the sum
 * of level[k][8i .. 8i + 7].  The top level has at most 8 entries, which
 * add up to total.  Each level has a multiple of 8 entries and starts on
 * a cache line, in one block (tree_block, as allocated).  (Running sums
 * within each node would find a child in three compares instead of a
 * scan, but made every change of weight add to up to 8 entries a level:
 * W4 did not run measurably faster, and workloads whose tasks come and
 * go ran 25% more instructions.) */
static uint64_t *level[MAX_LEVELS];
static unsigned levels;
static void *tree_block;
static size_t tree_entries;
static uint64_t total;
static struct list_node overflow;
/* The last winner, whose slot still holds its weight while it runs. */
static struct task *running;
static uint32_t running_slot;
static int64_t running_weight;
/* The walks for the next picks, made ahead ("Walking ahead"): valid while
 * the tree (tree_changes) and the generator are as they were after the
 * last pick (ahead_changes, ahead_state). */
struct walk {
	uint64_t r;     /* what is left of the ticket */
	uint32_t i;     /* the node (or, below level 0, the slot - 1) */
	int level;      /* the level of node i; -1: slot found; -2: task too */
	struct task *t; /* the winner, once its slot has been read */
};
#define AHEAD 5 /* walks: enough steps for the levels below 2, and 3 more */
#define RING 8  /* a power of two above AHEAD */
/* A ring: ahead[(first + k) % RING] is the walk of the pick k + 1 picks
 * away, for k < n_ahead. */
static struct walk ahead[RING];
static unsigned first, n_ahead;
static uint32_t tree_changes, ahead_changes;
static uint64_t ahead_state;
static bool quiet; /* nothing changed between the last two picks */

static void tree_add(uint32_t slot, int64_t delta)
{
	uint32_t i = slot - 1;
	for (unsigned k = 0; k < levels; k++, i /= FANOUT)
		level[k][i] += (uint64_t)delta;
	total += (uint64_t)delta;
	tree_changes++;
}

static size_t round_up(size_t n)
{
	return (n + FANOUT - 1) / FANOUT * FANOUT;
}

/* Lays out a tree for new_cap slots in a new block, the weights copied
 * from the old leaves and the sums rebuilt from them: O(n), once per
 * doubling.  False when out of memory (the old tree stays). */
static bool tree_rebuild(uint32_t new_cap)
{
	size_t sizes[MAX_LEVELS], entries = 0;
	unsigned n_levels = 0;
	for (size_t n = new_cap;; n = (n + FANOUT - 1) / FANOUT) {
		sizes[n_levels++] = round_up(n);
		entries += round_up(n);
		if (n <= FANOUT)
			break;
	}
	char *block = kmalloc(entries * sizeof(uint64_t) + 63);
	if (!block)
		return false;
	uint64_t *at = (uint64_t *)(((uintptr_t)block + 63) & ~(uintptr_t)63);
	memset(at, 0, entries * sizeof(uint64_t));
	if (levels)
		memcpy(at, level[0], used * sizeof(uint64_t));
	for (unsigned k = 0; k < n_levels; k++) {
		level[k] = at;
		at += sizes[k];
		for (size_t i = 0; k > 0 && i < sizes[k - 1]; i++)
			level[k][i / FANOUT] += level[k - 1][i];
	}
	free(tree_block);
	tree_block = block;
	tree_entries = entries;
	levels = n_levels;
	tree_changes++;
	return true;
}

/* Doubles the arrays. */
static bool grow(void)
{
	uint32_t more = cap ? cap * 2 : 64;
	struct task **s = krealloc(slots, sizeof *s * more);
	if (!s)
		return false;
	slots = s;
	uint32_t *f = krealloc(free_slots, sizeof *f * more);
	if (!f)
		return false;
	free_slots = f;
	if (!tree_rebuild(more))
		return false;
	memset(slots + cap, 0, sizeof *slots * (more - cap));
	cap = more;
	return true;
}

/* The child of a node whose sums hold ticket *r, which becomes the
 * ticket's place within that child.  The sums add up to more than *r,
 * so the scan ends within the node (c < 7 only guards against a broken
 * tree). */
static inline unsigned node_child(const uint64_t *node, uint64_t *r)
{
	unsigned c = 0;
	while (c < FANOUT - 1 && *r >= node[c])
		*r -= node[c++];
	return c;
}

/* The slot whose tickets hold ticket r (0 <= r < total): down from the
 * top, into the child whose sums hold it. */
static uint32_t tree_find(uint64_t r)
{
	uint32_t i = 0;
	for (unsigned k = levels; k-- > 0;)
		i = i * FANOUT + node_child(level[k] + (size_t)i * FANOUT, &r);
	return i + 1;
}

static int lottery_init(const char *options, char *why, size_t why_len)
{
	/* Keeps the memory of the last boot, emptied. */
	if (slots)
		memset(slots, 0, sizeof *slots * cap);
	if (levels)
		memset(level[0], 0, sizeof(uint64_t) * tree_entries);
	used = n_free = 0;
	total = 0;
	running = NULL;
	running_slot = 0;
	n_ahead = 0;
	quiet = false;
	list_init(&overflow);
	return sched_parse_options(options, "lottery", "", NULL, why, why_len);
}

static void lottery_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	if (t == running) {
		/* Back from its turn: its slot is still there, and its
		 * sched_mark up to date (lottery_priority_changed). */
		t->sched_slot = running_slot;
		if (t->sched_mark != running_weight)
			tree_add(running_slot, t->sched_mark - running_weight);
		running = NULL;
		running_slot = 0;
		return;
	}
	t->sched_mark = sched_tickets_of(t);
	uint32_t slot;
	if (n_free > 0) {
		slot = free_slots[--n_free];
	} else if (used < cap || grow()) {
		slot = ++used;
	} else {
		t->sched_slot = 0;
		list_push_back(&overflow, &t->node);
		return;
	}
	slots[slot - 1] = t;
	t->sched_slot = slot;
	tree_add(slot, t->sched_mark);
}

static void lottery_remove(struct task *t)
{
	uint32_t slot = t->sched_slot;
	if (slot == 0) {
		list_unlink(&t->node);
		return;
	}
	tree_add(slot, -t->sched_mark);
	slots[slot - 1] = NULL;
	t->sched_slot = 0;
	free_slots[n_free++] = slot;
}

/*
 * r % total, the ticket that 64 random bits give.  A 64-bit division
 * costs more than the rest of a walk, and total seldom changes while
 * the same tasks take turns, so from the second draw with one total on
 * it is done by multiplying with that total's reciprocal, computed once
 * (Moeller and Granlund, "Improved division by invariant integers",
 * 2011: the divisor shifted to have its top bit set, and
 * v = (2^128 - 1) / divisor - 2^64).  The remainder is exact either way.
 */
#ifdef __SIZEOF_INT128__
static uint64_t mod_total, mod_divisor, mod_inverse;
static unsigned mod_shift;
static bool mod_ready;

static uint64_t ticket_of(uint64_t r)
{
	if (total != mod_total) {
		mod_total = total;
		mod_ready = false;
		return r % total;
	}
	if (!mod_ready) {
		mod_shift = (unsigned)__builtin_clzll(total);
		mod_divisor = total << mod_shift;
		mod_inverse = (uint64_t)((((unsigned __int128)~mod_divisor << 64) | ~(uint64_t)0) /
					 mod_divisor);
		mod_ready = true;
	}
	/* u = r << shift, two words: u1 < divisor, so one step divides. */
	unsigned __int128 u = (unsigned __int128)r << mod_shift;
	unsigned __int128 q = (unsigned __int128)mod_inverse * (uint64_t)(u >> 64) + u;
	uint64_t rem = (uint64_t)u - ((uint64_t)(q >> 64) + 1) * mod_divisor;
	if (rem > (uint64_t)q)
		rem += mod_divisor;
	if (rem >= mod_divisor)
		rem -= mod_divisor;
	return rem >> mod_shift;
}
#else
static uint64_t ticket_of(uint64_t r)
{
	return r % total;
}
#endif

/* A ticket: 64 random bits, reduced to 0 .. total - 1. */
static uint64_t draw(void)
{
	return ticket_of(((uint64_t)kernel_random() << 32) | kernel_random());
}

/* The ticket of the draw `later` draws after the next one, peeked. */
static uint64_t peek_draw(unsigned later)
{
	return ticket_of(((uint64_t)kernel_random_peek(2 * later) << 32) |
			 kernel_random_peek(2 * later + 1));
}

/* The last winner did not come back (it blocked or ended, and may be
 * freed: only its slot and weight are used). */
static void empty_running_slot(void)
{
	if (!running_slot)
		return;
	tree_add(running_slot, -running_weight);
	slots[running_slot - 1] = NULL;
	free_slots[n_free++] = running_slot;
	running = NULL;
	running_slot = 0;
}

/*
 * Walking ahead.  With 100,000 tasks a draw misses the cache on the
 * tree's lower levels, on the slot array and on the winner's struct and
 * stack, each miss waiting for the one before.  But while the winner
 * comes back and no task draws, the next draws (peeked) land where they
 * will land.  So the walks for the next AHEAD picks are in flight at
 * once, and each pick takes one step of each: a level of the tree, then
 * the slot array, then the task's struct, then its stack - fetching
 * what the next step will read.  Each step finds its data fetched a pick
 * before, and a pick costs one walk, as without walking ahead.  A
 * change to the tree, or a task's own draw, drops the walks: the
 * schedule is the draws', whatever was guessed.
 */
static void walk_begin(struct walk *w, unsigned picks_away)
{
	w->r = peek_draw(picks_away);
	w->i = 0;
	w->level = (int)levels - 1;
	w->t = NULL;
	/* The upper levels are few lines, always in the cache: at once. */
	while (w->level > 1) {
		w->i = w->i * FANOUT + node_child(level[w->level] + (size_t)w->i * FANOUT, &w->r);
		w->level--;
	}
	__builtin_prefetch(level[w->level] + (size_t)w->i * FANOUT);
}

static void walk_step(struct walk *w)
{
	if (w->level >= 0) {
		const uint64_t *node = level[w->level] + (size_t)w->i * FANOUT;
		w->i = w->i * FANOUT + node_child(node, &w->r);
		if (--w->level >= 0)
			__builtin_prefetch(level[w->level] + (size_t)w->i * FANOUT);
		else
			__builtin_prefetch(&slots[w->i]);
	} else if (w->level == -1) {
		w->t = slots[w->i];
		w->level = -2;
		if (w->t)
			sched_prefetch(w->t);
	} else if (w->t) {
		sched_prefetch_stack(w->t);
		w->t = NULL; /* done */
	}
}

/* The winner's slot: the walk begun picks ago, finished, if the tree and
 * the generator are as they were then (the draw is still taken, so that
 * the generator goes on as it would), else a walk now. */
static uint32_t draw_slot(void)
{
	quiet = ahead_changes == tree_changes && ahead_state == kernel_random_state;
	if (n_ahead && quiet) {
		struct walk *w = &ahead[first];
		while (w->level >= 0)
			walk_step(w);
		kernel_random_skip(2); /* the draw, peeked already */
		first = (first + 1) % RING;
		n_ahead--;
		return w->i + 1;
	}
	n_ahead = 0;
	return tree_find(draw());
}

/* After a pick: a step of each walk ahead, and new walks at the end, as
 * if the winner comes back (which leaves the tree as it is).  Not worth
 * it while the tasks fit in the cache. */
static void walk_ahead(void)
{
	if (cap < WALK_AHEAD_SLOTS)
		return;
	ahead_state = kernel_random_state;
	ahead_changes = tree_changes;
	for (unsigned k = 0; k < n_ahead; k++)
		walk_step(&ahead[(first + k) % RING]);
	/* Two while there is room: one for the pick just made, one to fill
	 * the ring up again after it was dropped - but only once a pick
	 * has gone by with nothing changed: where the tree changes on every
	 * pick, walks begun would be dropped unused. */
	for (unsigned k = 0; k < 2 && n_ahead < AHEAD && quiet; k++) {
		walk_begin(&ahead[(first + n_ahead) % RING], n_ahead);
		n_ahead++;
	}
}

static struct task *lottery_pick(void)
{
	empty_running_slot();
	struct list_node *n = list_pop_front(&overflow);
	if (n)
		return list_entry(n, struct task, node);
	uint32_t slot = draw_slot();
	struct task *t = slots[slot - 1];
	running = t;
	running_slot = slot;
	running_weight = t->sched_mark;
	t->sched_slot = 0; /* not on the queue while it runs */
	walk_ahead();
	return t;
}

static void lottery_priority_changed(struct task *t)
{
	if (t == running) { /* its slot changes if and when it comes back */
		t->sched_mark = sched_tickets_of(t);
		return;
	}
	if (t->state != TASK_READY || t->sched_slot == 0)
		return;
	int64_t w = sched_tickets_of(t);
	tree_add(t->sched_slot, w - t->sched_mark);
	t->sched_mark = w;
}

static void lottery_task_text(const struct task *t, char *out, size_t len)
{
	snprintf(out, len, "T%lu", (unsigned long)sched_tickets_of(t));
}

static size_t lottery_describe(char *out, size_t len)
{
	size_t n = 0;
	uint64_t ready = total - (running_slot ? (uint64_t)running_weight : 0);
	sched_append(out, len, &n, "tickets %llu:", (unsigned long long)ready);
	for (uint32_t i = 0; i < used; i++)
		if (slots[i] && i + 1 != running_slot)
			sched_append(out, len, &n, " %d/%lld", slots[i]->tid,
				     (long long)slots[i]->sched_mark);
	sched_append(out, len, &n, "\n");
	return n;
}

const struct sched_policy sched_lottery = {
	.name = "lottery",
	.summary = "a draw weighted by tickets (from nice or SetTickets)",
	.options = "",
	.init = lottery_init,
	.enqueue = lottery_enqueue,
	.pick = lottery_pick,
	.remove = lottery_remove,
	.priority_changed = lottery_priority_changed,
	.describe = lottery_describe,
	.task_text = lottery_task_text,
};
