/*
 * timer.c - sleeping tasks in a binary min-heap ordered by deadline.
 *
 * Ties are broken by the order the tasks went to sleep, so sleepers with the
 * same deadline wake first-come first-served.  Each task remembers its slot
 * (heap_slot, 1-based; 0 when not sleeping) so that a kill removes it in
 * O(log n).  The deadline and the tie-break live in the heap's entry, not in
 * the task: only sleepers need them, and a million idle tasks would carry
 * 16 bytes each for nothing (comparisons touch the heap alone, too).
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/kassert.h"
#include "kernel/timer.h"
#include "kernel/clock.h"
#include "kernel/task.h"
#include <errno.h>
#include <stdlib.h>

struct timer_entry {
	int64_t wake_at;
	uint64_t seq; /* the order it went to sleep: the tie-break */
	struct task *task;
};

static struct timer_entry *heap; /* heap[1..count] */
static size_t count, cap;
static uint64_t seq;

static bool earlier(const struct timer_entry *a, const struct timer_entry *b)
{
	return a->wake_at < b->wake_at || (a->wake_at == b->wake_at && a->seq < b->seq);
}

static void place(size_t slot, const struct timer_entry *e)
{
	heap[slot] = *e;
	e->task->heap_slot = (uint32_t)slot;
}

static void sift_up(size_t slot)
{
	struct timer_entry e = heap[slot];
	while (slot > 1 && earlier(&e, &heap[slot / 2])) {
		place(slot, &heap[slot / 2]);
		slot /= 2;
	}
	place(slot, &e);
}

static void sift_down(size_t slot)
{
	struct timer_entry e = heap[slot];
	for (;;) {
		size_t child = slot * 2;
		if (child > count)
			break;
		if (child + 1 <= count && earlier(&heap[child + 1], &heap[child]))
			child++;
		if (!earlier(&heap[child], &e))
			break;
		place(slot, &heap[child]);
		slot = child;
	}
	place(slot, &e);
}

int timer_add(struct task *t, int64_t deadline)
{
	KASSERT(t->heap_slot == 0); /* added once: a second slot would dangle */
	if (count + 1 >= cap) {
		size_t ncap = cap ? cap * 2 : 64;
		struct timer_entry *h = krealloc(heap, ncap * sizeof *h);
		if (!h)
			return -ENOMEM; /* the sleeper's call fails, not the OS */
		heap = h;
		cap = ncap;
	}
	struct timer_entry e = {.wake_at = deadline, .seq = seq++, .task = t};
	place(++count, &e);
	sift_up(count);
	return 0;
}

int64_t timer_deadline(const struct task *t)
{
	return t->heap_slot ? heap[t->heap_slot].wake_at : 0;
}

void timer_remove(struct task *t)
{
	size_t slot = t->heap_slot;
	if (!slot)
		return;
	t->heap_slot = 0;
	struct timer_entry last = heap[count--];
	if (slot <= count && last.task != t) {
		place(slot, &last);
		sift_up(slot);
		sift_down(last.task->heap_slot);
	}
}

bool timer_pending(void)
{
	return count > 0;
}

int64_t timer_next_delay(void)
{
	if (!count)
		return -1;
	int64_t d = heap[1].wake_at - clock_now();
	return d > 0 ? d : 0;
}

void timer_fire_due(void)
{
	int64_t now = clock_now();
	while (count > 0 && heap[1].wake_at <= now)
		task_wake(heap[1].task, 0); /* task_wake takes it off the heap */
}

void timer_fini(void)
{
	free(heap);
	heap = NULL;
	count = cap = 0;
	seq = 0;
}
