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
 * in sched_slot, its weight in sched_mark.  Which child of a node holds
 * a ticket is counted without a branch (node_child): the branch a scan
 * takes is a coin toss the processor mostly loses.
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
 * changes when things are fetched, never which task wins.  While the
 * winners come back and nothing else changes, a pick takes a short way
 * that tests nothing it need not (pick_equal_walked, pick_tree_walked).
 *
 * Most of the time every ready task holds the same tickets (the
 * default), and then the draw needs no tree: with no holes, the ticket
 * r of n * w wins slot r / w + 1, where the walk would end ("Equal
 * tickets" below).  So while that holds the tree is not kept; it is
 * rebuilt from the slots when it is needed again.
 *
 * As random's, its tasks get huge pages in compact mode (policy.h's
 * visits_in_no_order): the TLB holds a quarter of 100,000 tasks' small
 * pages.
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
#define RING 16 /* a power of two, at least AHEAD and EQUAL_AHEAD */
/* With equal tickets (walk_ahead_equal): the walk at EQUAL_STACK fetches
 * its task's stack, the one at EQUAL_STRUCT its struct, and a new one at
 * EQUAL_STRUCT + 2 its slot's entry - two picks before the struct's
 * fetch reads it: a new walk's slot comes at the end of a long chain of
 * multiplies (two draws, the ticket, the slot), and with the entry
 * fetched only a pick before, W4 100000 spent 6 ns a switch (a sixth)
 * waiting for it. */
#define EQUAL_STACK 2
#define EQUAL_STRUCT 5
#define EQUAL_AHEAD (EQUAL_STRUCT + 3)
/* A ring: ahead[(first + k) % RING] is the walk of the pick k + 1 picks
 * away, for k < n_ahead. */
static struct walk ahead[RING];
static unsigned first, n_ahead;
static uint32_t tree_changes, ahead_changes;
static uint64_t ahead_state;
static bool quiet; /* nothing changed between the last two picks */
/* The last pick left the ring of equal-ticket walks full (walk_ahead_equal)
 * with the tree kept no more: the next pick may take the short way
 * (pick_equal_walked) if nothing changed since. */
static bool equal_walked;
/* The same with the tree (walk_ahead): AHEAD walks in flight, for
 * pick_tree_walked. */
static bool tree_walked;
/* Equal tickets: see below. */
static bool tree_live; /* the sums above are kept (else only total is) */
static uint32_t calm;  /* picks with equal tickets since it came live */
#ifdef __SIZEOF_INT128__
static unsigned __int128 squares; /* the sum of the squares of the weights */
#endif
static bool uniform;             /* every slot holds weight uniform_w */
static uint32_t uniform_changes; /* tree_changes when uniform was found */
static uint64_t uniform_w, uniform_inverse;

/* Slot's weight goes from old to new. */
static void tree_set(uint32_t slot, int64_t old, int64_t new)
{
	int64_t delta = new - old;
	if (tree_live) {
		uint32_t i = slot - 1;
		for (unsigned k = 0; k < levels; k++, i /= FANOUT)
			level[k][i] += (uint64_t)delta;
	}
	total += (uint64_t)delta;
#ifdef __SIZEOF_INT128__
	squares += (unsigned __int128)((uint64_t) new *(uint64_t) new);
	squares -= (unsigned __int128)((uint64_t)old * (uint64_t)old);
#endif
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

/* The sums, computed again from the slots' weights: O(used).  Only
 * between a pick's emptying of the last winner's slot and its draw, when
 * every task in a slot is ready and weighs its sched_mark.  Entries
 * past used's were never written (used only grows), so stay 0. */
static void tree_refresh(void)
{
	size_t n = used;
	for (size_t i = 0; i < n; i++)
		level[0][i] = slots[i] ? (uint64_t)slots[i]->sched_mark : 0;
	for (unsigned k = 1; k < levels; k++) {
		size_t m = (n + FANOUT - 1) / FANOUT;
		for (size_t j = 0; j < m; j++) {
			uint64_t sum = 0;
			for (unsigned c = 0; c < FANOUT; c++)
				sum += level[k - 1][j * FANOUT + c];
			level[k][j] = sum;
		}
		n = m;
	}
	tree_live = true;
	calm = 0;
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
 * ticket's place within that child: the child c is the number of
 * running sums node[0] + ... + node[k] (k < 7) that are at most *r, and
 * *r loses the last of those.  The sums add up to more than *r, so c is
 * at most 7 (k < 7 only guards against a broken tree).  Counted without
 * a branch, where a scan stopped at the child: which child a draw takes
 * is a coin toss the branch predictor loses about every other level,
 * and with mixed tickets those misses were a fifth of W4's switch. */
static inline unsigned node_child(const uint64_t *node, uint64_t *r)
{
	uint64_t sums[FANOUT]; /* sums[k + 1]: node[0] + ... + node[k] */
	unsigned c = 0;
	sums[0] = 0;
#pragma GCC unroll 8
	for (unsigned k = 0; k < FANOUT - 1; k++) {
		sums[k + 1] = sums[k] + node[k];
		c += sums[k + 1] <= *r;
	}
	*r -= sums[c];
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
	equal_walked = false;
	tree_walked = false;
	tree_live = false; /* all 0: up to date, but needed only if unequal */
	calm = 0;
#ifdef __SIZEOF_INT128__
	squares = 0;
#endif
	uniform_changes = tree_changes - 1;
	list_init(&overflow);
	return sched_parse_options(options, "lottery", "", NULL, why, why_len);
}

/* A task that has no slot takes one (out of line: growing the arrays
 * would make every enqueue save registers). */
static __attribute__((noinline)) void enqueue_new(struct task *t)
{
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
	tree_set(slot, 0, t->sched_mark);
}

static void lottery_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	if (t != running) {
		enqueue_new(t);
		return;
	}
	/* Back from its turn: its slot is still there, and its sched_mark up
	 * to date (lottery_priority_changed). */
	t->sched_slot = running_slot;
	if (t->sched_mark != running_weight)
		tree_set(running_slot, running_weight, t->sched_mark);
	running = NULL;
	running_slot = 0;
}

static void lottery_remove(struct task *t)
{
	uint32_t slot = t->sched_slot;
	if (slot == 0) {
		list_unlink(&t->node);
		return;
	}
	tree_set(slot, t->sched_mark, 0);
	slots[slot - 1] = NULL;
	t->sched_slot = 0;
	free_slots[n_free++] = slot;
}

/*
 * r % total, the ticket that 64 random bits give.  A 64-bit division
 * costs more than the rest of a walk, and total seldom changes while
 * the same tasks take turns, so from the second draw with one total on
 * it is done with that total's reciprocal m = (2^64 - 1) / total,
 * computed once: q = r * m / 2^64 is r / total or one less (m is more
 * than 2^64 / total - 1, so q more than r / total - 1, as r < 2^64), and
 * r - q * total is the remainder or the remainder plus total.  The same
 * multiply divides by the weight with equal tickets (equal_find).  The
 * remainder is exact either way.
 */
#ifdef __SIZEOF_INT128__
static uint64_t mod_total, mod_inverse;
static bool mod_ready;

static inline __attribute__((always_inline)) uint64_t ticket_of(uint64_t r)
{
	if (total != mod_total) {
		mod_total = total;
		mod_ready = false;
		return r % total;
	}
	if (!mod_ready) {
		mod_inverse = ~(uint64_t)0 / total;
		mod_ready = true;
	}
	uint64_t q = (uint64_t)(((unsigned __int128)r * mod_inverse) >> 64);
	uint64_t rem = r - q * total;
	return rem >= total ? rem - total : rem;
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
static inline uint64_t peek_draw(unsigned later)
{
	return ticket_of(((uint64_t)kernel_random_peek(2 * later) << 32) |
			 kernel_random_peek(2 * later + 1));
}

/*
 * Equal tickets.  When the slots 1 .. used all hold a task (no holes)
 * and every one weighs w, ticket r falls in slot r / w + 1: the walk
 * would end there.  Whether that holds is known without looking at the
 * slots: n weights are all equal exactly when n times the sum of their
 * squares is the square of their sum.  The division by w is a multiply
 * by ~0 / w, which is at most one short (r < 2^64).
 *
 * While the tickets are equal the tree's sums are not kept.  The first
 * pick they are not, they are computed again from the slots (O(n)), and
 * kept from then on until n picks have been made with equal tickets - so
 * a task whose tickets go back and forth, or that blocks and wakes (a
 * hole, then none), costs at most one rebuild in n picks.
 */
static bool equal_tickets(void)
{
#ifdef __SIZEOF_INT128__
	if (uniform_changes == tree_changes)
		return uniform;
	uniform_changes = tree_changes;
	uniform = n_free == 0 && used > 0 &&
		  (unsigned __int128)used * squares == (unsigned __int128)total * total;
	if (uniform && uniform_w != total / used) {
		uniform_w = total / used;
		uniform_inverse = ~(uint64_t)0 / uniform_w;
	}
	return uniform;
#else
	return false;
#endif
}

/* The slot of ticket r while the tickets are equal. */
static inline uint32_t equal_find(uint64_t r)
{
#ifdef __SIZEOF_INT128__
	uint64_t q = (uint64_t)(((unsigned __int128)r * uniform_inverse) >> 64);
	if (r - q * uniform_w >= uniform_w)
		q++;
	return (uint32_t)q + 1;
#else
	(void)r;
	return 0;
#endif
}

/* The slot of ticket r. */
static uint32_t find(uint64_t r, bool equal)
{
	return equal ? equal_find(r) : tree_find(r);
}

/* The last winner did not come back (it blocked or ended, and may be
 * freed: only its slot and weight are used). */
static void empty_running_slot(void)
{
	if (!running_slot)
		return;
	tree_set(running_slot, running_weight, 0);
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
 * schedule is the draws', whatever was guessed.  With equal tickets a
 * walk begins at the slot array (walk_ahead_equal).
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

static inline __attribute__((always_inline)) void walk_step(struct walk *w)
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
static uint32_t draw_slot(bool equal)
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
	return find(draw(), equal);
}

/* walk_ahead with equal tickets: a walk is its slot (i), computed when
 * it begins, and three picks fetch it - the slot array's entry, then
 * the task's struct, then its stack - with no steps to count.  They are
 * picks apart (EQUAL_STACK, EQUAL_STRUCT): with 100,000 tasks in random
 * order, W4 spent a quarter less time per switch fetching the stack 3
 * picks ahead and the struct 6 than 1 and 2. */
static void walk_ahead_equal(void)
{
	struct task *t;
	if (n_ahead > EQUAL_STACK && (t = slots[ahead[(first + EQUAL_STACK) % RING].i]) != NULL)
		sched_prefetch_stack(t);
	if (n_ahead > EQUAL_STRUCT && (t = slots[ahead[(first + EQUAL_STRUCT) % RING].i]) != NULL)
		sched_prefetch(t);
	for (unsigned k = 0; k < 2 && n_ahead < EQUAL_AHEAD && quiet; k++) {
		struct walk *w = &ahead[(first + n_ahead) % RING];
		w->i = equal_find(peek_draw(n_ahead)) - 1;
		w->level = -1;
		__builtin_prefetch(&slots[w->i]);
		n_ahead++;
	}
}

/* After a pick: a step of each walk ahead, and new walks at the end, as
 * if the winner comes back (which leaves the tree as it is).  Not worth
 * it while the tasks fit in the cache. */
static void walk_ahead(bool equal)
{
	equal_walked = false;
	tree_walked = false;
	if (cap < WALK_AHEAD_SLOTS)
		return;
	ahead_state = kernel_random_state;
	ahead_changes = tree_changes;
	if (equal) {
		walk_ahead_equal();
		equal_walked = n_ahead == EQUAL_AHEAD && !tree_live;
		return;
	}
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
	tree_walked = n_ahead == AHEAD;
}

/* The winner becomes the running task: it keeps its slot and weight. */
static inline __attribute__((always_inline)) struct task *take_slot(uint32_t slot)
{
	struct task *t = slots[slot - 1];
	running = t;
	running_slot = slot;
	running_weight = t->sched_mark;
	t->sched_slot = 0; /* not on the queue while it runs */
	return t;
}

/*
 * The pick of the steady state with equal tickets and many tasks: the
 * last winner came back, nothing else changed and nobody drew since the
 * last pick, which left the ring full (equal_walked).  Then what
 * lottery_pick would do comes down to this - the winner is the ring's
 * first walk, one walk more goes on the end, and two are a step further
 * (walk_ahead_equal) - without its tests, one by one, of what cannot
 * have changed: with 100,000 tasks they were a third of a switch's
 * instructions.  The same slot wins as by the long way.
 */
static struct task *pick_equal_walked(void)
{
	uint32_t slot = ahead[first].i + 1;
	kernel_random_skip(2); /* the draw, peeked already */
	first = (first + 1) % RING;
	struct task *t = take_slot(slot), *next;
	ahead_state = kernel_random_state;
	/* The ring holds EQUAL_AHEAD - 1 walks: fetch for two, add one. */
	if ((next = slots[ahead[(first + EQUAL_STACK) % RING].i]) != NULL)
		sched_prefetch_stack(next);
	if ((next = slots[ahead[(first + EQUAL_STRUCT) % RING].i]) != NULL)
		sched_prefetch(next);
	struct walk *w = &ahead[(first + EQUAL_AHEAD - 1) % RING];
	w->i = equal_find(peek_draw(EQUAL_AHEAD - 1)) - 1;
	w->level = -1;
	__builtin_prefetch(&slots[w->i]);
	return t;
}

/* The same short way with the tree (mixed tickets): the winner is the
 * ring's first walk, finished; the others take a step each and one more
 * begins, as walk_ahead would.  Out of line: inline, its registers were
 * saved on the equal-ticket short way too. */
static __attribute__((noinline)) struct task *pick_tree_walked(void)
{
	struct walk *w = &ahead[first];
	while (w->level >= 0)
		walk_step(w);
	uint32_t slot = w->i + 1;
	kernel_random_skip(2); /* the draw, peeked already */
	first = (first + 1) % RING;
	struct task *t = take_slot(slot);
	ahead_state = kernel_random_state;
	for (unsigned k = 0; k < AHEAD - 1; k++)
		walk_step(&ahead[(first + k) % RING]);
	walk_begin(&ahead[(first + AHEAD - 1) % RING], AHEAD - 1);
	return t;
}

/* Every other pick (out of line: the short way saves no registers). */
static __attribute__((noinline)) struct task *pick_long_way(void)
{
	empty_running_slot();
	struct list_node *n = list_pop_front(&overflow);
	if (n)
		return list_entry(n, struct task, node);
	bool equal = equal_tickets();
	if (!equal && !tree_live)
		tree_refresh();
	else if (equal && tree_live && ++calm >= used)
		tree_live = false;
	struct task *t = take_slot(draw_slot(equal));
	walk_ahead(equal);
	return t;
}

static struct task *lottery_pick(void)
{
	if (running_slot == 0 && ahead_changes == tree_changes &&
	    ahead_state == kernel_random_state && list_empty(&overflow)) {
		if (equal_walked)
			return pick_equal_walked();
		if (tree_walked)
			return pick_tree_walked();
	}
	return pick_long_way();
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
	tree_set(t->sched_slot, t->sched_mark, w);
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
	.visits_in_no_order = true,
};
