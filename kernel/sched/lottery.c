/*
 * lottery.c - lottery scheduling: each ready task holds tickets (from its
 * nice value, or set by SetTickets) and the winner of a draw over all the
 * ready tickets runs next.  The draw uses the kernel's seeded generator,
 * so a seed gives the same schedule every time.
 *
 * The ready tasks sit in an array (slots.h); a sum tree over it - a
 * Fenwick tree, whose node i holds the sum of the (i & -i) slots ending
 * at i - finds the slot that a drawn ticket falls in, and updates a
 * weight, in O(log n).  A task's weight in the tree is in sched_mark.
 */
#include "config.h"
#include "kernel/boot.h"
#include "kernel/kalloc.h"
#include "kernel/policy.h"
#include "kernel/sched.h"
#include "kernel/sched/slots.h"
#include "kernel/task.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct task_slots ready;
static uint64_t *tree; /* 1-based, tree_cap entries (a power of two) */
static uint32_t tree_cap;
static uint64_t total;

static void tree_add(uint32_t slot, int64_t delta)
{
	for (uint32_t i = slot; i <= tree_cap; i += i & -i)
		tree[i] += (uint64_t)delta;
	total += (uint64_t)delta;
}

/* Makes the tree as big as the array, rebuilt from the weights of every
 * task in it: O(n), once per doubling. */
static bool tree_grow(void)
{
	uint32_t cap = tree_cap ? tree_cap : 64;
	while (cap < ready.cap)
		cap *= 2;
	uint64_t *t = krealloc(tree, sizeof *t * (cap + 1));
	if (!t)
		return false;
	tree = t;
	tree_cap = cap;
	memset(tree, 0, sizeof *tree * (cap + 1));
	total = 0;
	for (uint32_t i = 1; i <= ready.n; i++) {
		tree[i] = (uint64_t)ready.tasks[i - 1]->sched_mark;
		total += tree[i];
	}
	for (uint32_t i = 1; i <= cap; i++) {
		uint32_t j = i + (i & -i);
		if (j <= cap)
			tree[j] += tree[i];
	}
	return true;
}

/* The slot whose tickets hold ticket r (0 <= r < total). */
static uint32_t tree_find(uint64_t r)
{
	uint32_t pos = 0;
	for (uint32_t step = tree_cap; step; step >>= 1) {
		if (pos + step <= tree_cap && tree[pos + step] <= r) {
			pos += step;
			r -= tree[pos];
		}
	}
	return pos + 1;
}

static int lottery_init(const char *options, char *why, size_t why_len)
{
	slots_init(&ready);
	if (tree)
		memset(tree, 0, sizeof *tree * (tree_cap + 1));
	total = 0;
	return sched_parse_options(options, "lottery", "", NULL, why, why_len);
}

static void lottery_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	t->sched_mark = sched_tickets_of(t);
	if (!slots_add(&ready, t))
		return;
	if (ready.cap > tree_cap) {
		if (!tree_grow()) {
			/* No room in the tree: serve it from the overflow list. */
			slots_remove(&ready, t);
			list_push_back(&ready.overflow, &t->node);
		}
		return; /* the rebuilt tree counts t */
	}
	tree_add(t->sched_slot, t->sched_mark);
}

static void lottery_remove(struct task *t)
{
	uint32_t slot = t->sched_slot;
	if (slot == 0) {
		slots_remove(&ready, t);
		return;
	}
	uint32_t last_slot = ready.n;
	struct task *moved = slots_remove(&ready, t);
	tree_add(slot, -t->sched_mark);
	if (moved) {
		tree_add(last_slot, -moved->sched_mark);
		tree_add(slot, moved->sched_mark);
	}
}

static uint64_t draw(uint64_t below)
{
	uint64_t r = ((uint64_t)kernel_random() << 32) | kernel_random();
	return r % below;
}

static struct task *lottery_pick(void)
{
	struct task *t = slots_take_overflow(&ready);
	if (t)
		return t;
	t = ready.tasks[tree_find(draw(total)) - 1];
	lottery_remove(t);
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
	size_t used = 0;
	sched_append(out, len, &used, "tickets %llu:", (unsigned long long)total);
	for (uint32_t i = 0; i < ready.n; i++)
		sched_append(out, len, &used, " %d/%lld", ready.tasks[i]->tid,
			     (long long)ready.tasks[i]->sched_mark);
	sched_append(out, len, &used, "\n");
	return used;
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
