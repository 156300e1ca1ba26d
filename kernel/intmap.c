/*
 * intmap.c - open addressing with linear probing; deletion shifts the
 * following entries back so no tombstones are needed.
 */
#include "config.h"
#include "kernel/intmap.h"
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#define EMPTY INT_MIN

static size_t slot_of(int key, size_t cap)
{
	/* Fibonacci hashing spreads consecutive tids over the table. */
	return (size_t)(((uint32_t)key * 2654435769u) & (cap - 1));
}

void intmap_init(struct intmap *m)
{
	m->slots = NULL;
	m->cap = m->count = 0;
}

void intmap_free(struct intmap *m)
{
	free(m->slots);
	intmap_init(m);
}

static int grow(struct intmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct intmap_slot *slots = malloc(cap * sizeof *slots);
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < cap; i++)
		slots[i].key = EMPTY;
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].key == EMPTY)
			continue;
		size_t j = slot_of(m->slots[i].key, cap);
		while (slots[j].key != EMPTY)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

void *intmap_get(const struct intmap *m, int key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].key == key)
			return m->slots[i].value;
		if (m->slots[i].key == EMPTY)
			return NULL;
	}
}

int intmap_put(struct intmap *m, int key, void *value)
{
	if ((m->count + 1) * 2 > m->cap && grow(m) != 0)
		return -ENOMEM;
	size_t i = slot_of(key, m->cap);
	while (m->slots[i].key != EMPTY && m->slots[i].key != key)
		i = (i + 1) & (m->cap - 1);
	if (m->slots[i].key == EMPTY)
		m->count++;
	m->slots[i].key = key;
	m->slots[i].value = value;
	return 0;
}

void *intmap_remove(struct intmap *m, int key)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1, i = slot_of(key, m->cap);
	while (m->slots[i].key != key) {
		if (m->slots[i].key == EMPTY)
			return NULL;
		i = (i + 1) & mask;
	}
	void *value = m->slots[i].value;
	m->count--;
	/* Shift back every entry of the probe run that would no longer be
	 * reachable with slot i empty. */
	for (size_t j = (i + 1) & mask; m->slots[j].key != EMPTY; j = (j + 1) & mask) {
		size_t home = slot_of(m->slots[j].key, m->cap);
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = EMPTY;
	return value;
}

void intmap_for_each(const struct intmap *m, void (*fn)(void *value, void *ctx), void *ctx)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key != EMPTY)
			fn(m->slots[i].value, ctx);
}
