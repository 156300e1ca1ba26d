/*
 * list.h - an intrusive doubly-linked list.
 *
 * A task carries one `struct list_node` and is on at most one list at a
 * time through it: the ready queue, or the wait queue of whatever it is
 * blocked on.  Linking and unlinking allocate nothing, which keeps the trap
 * path free of malloc.
 *
 *     head <-> node <-> node <-> ... <-> (back to head)
 *
 * An unlinked node points at itself, so list_unlink is safe to call twice.
 */
#ifndef MINIOS_LIST_H
#define MINIOS_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
	struct list_node *prev, *next;
};

#define list_entry(node, type, member) ((type *)((char *)(node)-offsetof(type, member)))

static inline void list_init(struct list_node *n)
{
	n->prev = n->next = n;
}
static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}
static inline bool list_linked(const struct list_node *n)
{
	return n->next != n;
}

static inline void list_push_back(struct list_node *head, struct list_node *n)
{
	n->prev = head->prev;
	n->next = head;
	head->prev->next = n;
	head->prev = n;
}

static inline void list_unlink(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}

/* Removes and returns the first node, or NULL when empty. */
static inline struct list_node *list_pop_front(struct list_node *head)
{
	struct list_node *n = head->next;
	if (n == head)
		return NULL;
	list_unlink(n);
	return n;
}

/* Iterate safely (the current node may be unlinked in the body). */
#define list_for_each_safe(pos, tmp, head)                                                         \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);                           \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif
