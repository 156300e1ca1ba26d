/*
 * intmap.h - a hash map from an int key to the object that carries it.
 *
 * Finds a semaphore by id, an fd's wait queues by fd, in O(1) on average
 * (open addressing, linear probing).  A slot is just a pointer to the
 * object; the key is read from the object itself, at key_offset, which
 * keeps the table at 8 bytes a slot.  (Tasks are found by tid in a table
 * of their own, tidmap.h: tids are never reused, so the tid is the slot.)
 */
#ifndef MINIOS_INTMAP_H
#define MINIOS_INTMAP_H

#include <stddef.h>

struct intmap {
	void **slots;
	size_t cap; /* a power of two, or 0 */
	size_t count;
	size_t key_offset; /* where the int key sits in each object */
};

void intmap_init(struct intmap *m, size_t key_offset);
void intmap_free(struct intmap *m); /* empties it; keeps key_offset */
void *intmap_get(const struct intmap *m, int key);
/* 0, or -ENOMEM.  The object's key must not change while it is in m, and
 * must not be in m already. */
int intmap_put(struct intmap *m, void *object);
void *intmap_remove(struct intmap *m, int key);
/* Calls fn on every object (in no particular order); fn must not change m. */
void intmap_for_each(const struct intmap *m, void (*fn)(void *value, void *ctx), void *ctx);

#endif
