/*
 * intmap.h - a hash map from int keys to pointers.
 *
 * Finds a task by tid, a semaphore by id, an fd's wait queues by fd, in
 * O(1) on average (open addressing, linear probing).  Keys are > 0... or any
 * int except INT_MIN, which marks an empty slot.
 */
#ifndef MINIOS_INTMAP_H
#define MINIOS_INTMAP_H

#include <stddef.h>

struct intmap_slot {
	int key;
	void *value;
};

struct intmap {
	struct intmap_slot *slots;
	size_t cap;   /* a power of two, or 0 */
	size_t count;
};

void intmap_init(struct intmap *m);
void intmap_free(struct intmap *m);
void *intmap_get(const struct intmap *m, int key);
/* 0, or -ENOMEM. Replaces an existing value. */
int intmap_put(struct intmap *m, int key, void *value);
void *intmap_remove(struct intmap *m, int key);
/* Calls fn on every value (in no particular order); fn must not change m. */
void intmap_for_each(const struct intmap *m, void (*fn)(void *value, void *ctx), void *ctx);

#endif
