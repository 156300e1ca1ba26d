/*
 * timer.c - sleeping tasks in a binary min-heap ordered by deadline.
 *
 * Ties are broken by the order the tasks went to sleep, so sleepers with the
 * same deadline wake first-come first-served.  Each task remembers its slot
 * (heap_slot, 1-based; 0 when not sleeping) so that a kill removes it in
 * O(log n).
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/kassert.h"
#include "kernel/timer.h"
#include "kernel/clock.h"
#include "kernel/task.h"
#include <errno.h>
#include <stdlib.h>

static struct task **heap; /* heap[1..count] */
static size_t count, cap;
static uint64_t seq;

static bool earlier(const struct task *a, const struct task *b)
{
	return a->wake_at < b->wake_at || (a->wake_at == b->wake_at && a->timer_seq < b->timer_seq);
}

static void place(size_t slot, struct task *t)
{
	heap[slot] = t;
	t->heap_slot = (uint32_t)slot;
}

static void sift_up(size_t slot)
{
	struct task *t = heap[slot];
	while (slot > 1 && earlier(t, heap[slot / 2])) {
		place(slot, heap[slot / 2]);
		slot /= 2;
	}
	place(slot, t);
}

static void sift_down(size_t slot)
{
	struct task *t = heap[slot];
	for (;;) {
		size_t child = slot * 2;
		if (child > count)
			break;
		if (child + 1 <= count && earlier(heap[child + 1], heap[child]))
			child++;
		if (!earlier(heap[child], t))
			break;
		place(slot, heap[child]);
		slot = child;
	}
	place(slot, t);
}

int timer_add(struct task *t, int64_t deadline)
{
	KASSERT(t->heap_slot == 0); /* added once: a second slot would dangle */
	if (count + 1 >= cap) {
		size_t ncap = cap ? cap * 2 : 64;
		struct task **h = krealloc(heap, ncap * sizeof *h);
		if (!h)
			return -ENOMEM; /* the sleeper's call fails, not the OS */
		heap = h;
		cap = ncap;
	}
	t->wake_at = deadline;
	t->timer_seq = seq++;
	place(++count, t);
	sift_up(count);
	return 0;
}

void timer_remove(struct task *t)
{
	size_t slot = t->heap_slot;
	if (!slot)
		return;
	t->heap_slot = 0;
	struct task *last = heap[count--];
	if (slot <= count && last != t) {
		place(slot, last);
		sift_up(slot);
		sift_down(last->heap_slot);
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
	int64_t d = heap[1]->wake_at - clock_now();
	return d > 0 ? d : 0;
}

void timer_fire_due(void)
{
	int64_t now = clock_now();
	while (count > 0 && heap[1]->wake_at <= now)
		task_wake(heap[1], 0); /* task_wake takes it off the heap */
}

void timer_fini(void)
{
	free(heap);
	heap = NULL;
	count = cap = 0;
	seq = 0;
}
