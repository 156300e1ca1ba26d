/*
 * intmap.c - open addressing with linear probing; deletion shifts the
 * following entries back, so no tombstones are needed.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/intmap.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

static size_t slot_of(int key, size_t cap)
{
	/* Fibonacci hashing spreads consecutive tids over the table. */
	return (size_t)(((uint32_t)key * 2654435769u) & (cap - 1));
}

static int key_of(const struct intmap *m, const void *object)
{
	return *(const int *)((const char *)object + m->key_offset);
}

void intmap_init(struct intmap *m, size_t key_offset)
{
	m->slots = NULL;
	m->cap = m->count = 0;
	m->key_offset = key_offset;
}

void intmap_free(struct intmap *m)
{
	free(m->slots);
	intmap_init(m, m->key_offset);
}

static int grow(struct intmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	void **slots = kcalloc(cap, sizeof *slots);
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i])
			continue;
		size_t j = slot_of(key_of(m, m->slots[i]), cap);
		while (slots[j])
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
		if (!m->slots[i])
			return NULL;
		if (key_of(m, m->slots[i]) == key)
			return m->slots[i];
	}
}

int intmap_put(struct intmap *m, void *object)
{
	/* Grow at 3/4 full: probe runs stay short, and the table stays
	 * small enough for a million tasks. */
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) != 0)
		return -ENOMEM;
	size_t i = slot_of(key_of(m, object), m->cap);
	while (m->slots[i])
		i = (i + 1) & (m->cap - 1);
	m->slots[i] = object;
	m->count++;
	return 0;
}

void *intmap_remove(struct intmap *m, int key)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1, i = slot_of(key, m->cap);
	for (;; i = (i + 1) & mask) {
		if (!m->slots[i])
			return NULL;
		if (key_of(m, m->slots[i]) == key)
			break;
	}
	void *value = m->slots[i];
	m->count--;
	/* Shift back every entry of the probe run that would no longer be
	 * reachable with slot i empty. */
	for (size_t j = (i + 1) & mask; m->slots[j]; j = (j + 1) & mask) {
		size_t home = slot_of(key_of(m, m->slots[j]), m->cap);
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i] = NULL;
	return value;
}

void intmap_for_each(const struct intmap *m, void (*fn)(void *value, void *ctx), void *ctx)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i])
			fn(m->slots[i], ctx);
}
