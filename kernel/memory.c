/*
 * memory.c - memory a task owns.
 *
 * sys_alloc hands out heap blocks linked into the calling task's list, so
 * that when the task ends - however it ends: exit, kill, fault - the
 * kernel frees what it still holds.  Each block carries a small header:
 *
 *     +--------------------+---------------------------+
 *     | owner's list node  |  the caller's bytes ...   |
 *     +--------------------+---------------------------+
 *     ^ malloc'ed          ^ returned, aligned as malloc's
 *
 * A block shared with other tasks (sys_alloc_share) lists them; when its
 * owner ends, it passes to one of them still alive instead of being freed,
 * so it belongs to whichever of its users outlives the others, and goes
 * with the last.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/memory.h"
#include "kernel/task.h"
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

/* The other tasks a block is shared with. */
struct block_share {
	size_t count, cap;
	int tids[];
};

union block_header {
	struct {
		struct list_node node; /* in its owner's list */
		struct block_share *share;
	};
	max_align_t align; /* keeps the caller's bytes aligned as malloc's */
};

void *task_alloc(struct task *t, size_t size)
{
	if (size > SIZE_MAX - sizeof(union block_header))
		return NULL;
	struct task_extra *x = t ? task_extra(t) : NULL;
	if (t && !x)
		return NULL;
	union block_header *h = kmalloc(sizeof *h + size);
	if (!h)
		return NULL;
	list_init(&h->node);
	h->share = NULL;
	if (x)
		list_push_back(&x->allocations, &h->node);
	return h + 1;
}

void *task_realloc(struct task *t, void *p, size_t size)
{
	if (!p)
		return task_alloc(t, size);
	if (size > SIZE_MAX - sizeof(union block_header))
		return NULL;
	union block_header *h = (union block_header *)p - 1;
	/* The block may move, and its neighbours in its owner's list point
	 * at its node: take it out, and put it (moved or not) back where it
	 * was, after the node before it, which does not move. */
	bool linked = list_linked(&h->node);
	struct list_node *prev = h->node.prev;
	list_unlink(&h->node);
	union block_header *moved = krealloc(h, sizeof *h + size);
	if (moved)
		h = moved;
	list_init(&h->node);
	if (linked)
		list_push_back(prev->next, &h->node);
	return moved ? h + 1 : NULL;
}

void task_free(void *p)
{
	if (!p)
		return;
	union block_header *h = (union block_header *)p - 1;
	list_unlink(&h->node);
	free(h->share);
	free(h);
}

int task_alloc_share(void *p, int tid)
{
	if (!p)
		return -EINVAL;
	struct task *to = task_lookup(tid);
	if (!to)
		return -ESRCH;
	/* Room now, so that passing the block on later cannot fail. */
	if (!task_extra(to))
		return -ENOMEM;
	union block_header *h = (union block_header *)p - 1;
	struct block_share *s = h->share;
	for (size_t i = 0; s && i < s->count; i++)
		if (s->tids[i] == tid)
			return 0;
	if (!s || s->count == s->cap) {
		size_t cap = s ? s->cap * 2 : 4;
		struct block_share *bigger = krealloc(s, sizeof *s + cap * sizeof s->tids[0]);
		if (!bigger)
			return -ENOMEM;
		if (!s)
			bigger->count = 0;
		bigger->cap = cap;
		h->share = s = bigger;
	}
	s->tids[s->count++] = tid;
	return 0;
}

/* A task alive among those h is shared with (the ended t taken out), or
 * NULL: the tasks that ended meanwhile are dropped from the list. */
static struct task *heir(union block_header *h, const struct task *t)
{
	struct block_share *s = h->share;
	while (s && s->count > 0) {
		struct task *u = task_lookup(s->tids[s->count - 1]);
		if (u && u != t && u->extra)
			return u;
		s->count--;
	}
	return NULL;
}

void task_free_all(struct task *t)
{
	struct list_node *n;
	while (t->extra && (n = list_pop_front(&t->extra->allocations))) {
		union block_header *h = list_entry(n, union block_header, node);
		struct task *u = heir(h, t);
		if (u) {
			list_push_back(&u->extra->allocations, &h->node);
			continue;
		}
		free(h->share);
		free(h);
	}
}
