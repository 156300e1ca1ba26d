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
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/memory.h"
#include "kernel/task.h"
#include <stddef.h>
#include <stdlib.h>

union block_header {
	struct list_node node;
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
	if (x)
		list_push_back(&x->allocations, &h->node);
	return h + 1;
}

void task_free(void *p)
{
	if (!p)
		return;
	union block_header *h = (union block_header *)p - 1;
	list_unlink(&h->node);
	free(h);
}

void task_free_all(struct task *t)
{
	struct list_node *n;
	while (t->extra && (n = list_pop_front(&t->extra->allocations)))
		free(list_entry(n, union block_header, node));
}
