/*
 * lottery.c - lottery scheduling: each ready task holds tickets (from its
 * nice value, or set by SetTickets) and the winner of a draw over all the
 * ready tickets runs next.  The draw uses the kernel's seeded generator,
 * so a seed gives the same schedule every time.
 *
 * The ready tasks sit in slots of an array; a sum tree over the slots - a
 * Fenwick tree, whose node i holds the sum of the (i & -i) slots ending
 * at i - finds the slot that a drawn ticket falls in, and changes a
 * slot's weight, in O(log n).  A task that leaves leaves a hole of weight
 * 0, which the next task to come fills (a stack of free slots): no other
 * task is touched.  A task's slot (plus one) is in sched_slot, its weight
 * in sched_mark.
 *
 * Most picked tasks come straight back (every trap is a scheduling
 * point), so the winner keeps its slot and weight while it runs: if it
 * comes back, nothing changes and a turn costs one walk of the tree (the
 * draw); if it blocks or ends instead, the next pick empties its slot
 * before it draws.
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

static struct task **slots;  /* slots[i]: the task in slot i + 1, or NULL */
static uint64_t *tree;       /* 1-based, cap entries */
static uint32_t *free_slots; /* a stack of empty slots below used */
static uint32_t cap, used, n_free;
static uint64_t total;
static struct list_node overflow;
/* The last winner, whose slot still holds its weight while it runs. */
static struct task *running;
static uint32_t running_slot;
static int64_t running_weight;

static void tree_add(uint32_t slot, int64_t delta)
{
	for (uint32_t i = slot; i <= cap; i += i & -i)
		tree[i] += (uint64_t)delta;
	total += (uint64_t)delta;
}

/* Doubles the arrays and rebuilds the tree from the weights: O(n), once
 * per doubling. */
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
	uint64_t *t = krealloc(tree, sizeof *t * (more + 1));
	if (!t)
		return false;
	tree = t;
	memset(slots + cap, 0, sizeof *slots * (more - cap));
	cap = more;
	memset(tree, 0, sizeof *tree * (cap + 1));
	for (uint32_t i = 1; i <= used; i++)
		tree[i] = slots[i - 1] ? (uint64_t)slots[i - 1]->sched_mark : 0;
	for (uint32_t i = 1; i <= cap; i++) {
		uint32_t j = i + (i & -i);
		if (j <= cap)
			tree[j] += tree[i];
	}
	return true;
}

/* The slot whose tickets hold ticket r (0 <= r < total): descend from
 * the top, keeping the largest prefix of slots whose tickets are <= r.
 * tree[cap] is the total, more than r, so the first step is cap / 2 and
 * pos + step never passes cap. */
static uint32_t tree_find(uint64_t r)
{
	uint32_t pos = 0;
	for (uint32_t step = cap >> 1; step; step >>= 1) {
		uint64_t below = tree[pos + step];
		if (below <= r) {
			pos += step;
			r -= below;
		}
	}
	return pos + 1;
}

static int lottery_init(const char *options, char *why, size_t why_len)
{
	/* Keeps the memory of the last boot, emptied. */
	if (slots)
		memset(slots, 0, sizeof *slots * cap);
	if (tree)
		memset(tree, 0, sizeof *tree * (cap + 1));
	used = n_free = 0;
	total = 0;
	running = NULL;
	running_slot = 0;
	list_init(&overflow);
	return sched_parse_options(options, "lottery", "", NULL, why, why_len);
}

static void lottery_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	t->sched_mark = sched_tickets_of(t);
	if (t == running) {
		/* Back from its turn: its slot is still there. */
		t->sched_slot = running_slot;
		if (t->sched_mark != running_weight)
			tree_add(running_slot, t->sched_mark - running_weight);
		running = NULL;
		running_slot = 0;
		return;
	}
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

static uint64_t draw(uint64_t below)
{
	uint64_t r = ((uint64_t)kernel_random() << 32) | kernel_random();
	return r % below;
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

static struct task *lottery_pick(void)
{
	empty_running_slot();
	struct list_node *n = list_pop_front(&overflow);
	if (n)
		return list_entry(n, struct task, node);
	uint32_t slot = tree_find(draw(total));
	struct task *t = slots[slot - 1];
	running = t;
	running_slot = slot;
	running_weight = t->sched_mark;
	t->sched_slot = 0; /* not on the queue while it runs */
	return t;
}

static void lottery_priority_changed(struct task *t)
{
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
