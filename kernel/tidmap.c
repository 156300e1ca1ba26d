/*
 * tidmap.c - the task table: tid -> task, by position.
 *
 *     pages[]  (the directory, doubled as tids grow)
 *     +----+----+----+----+
 *     | -- |  o |  o | -- |     --: no page (never used, or all ended)
 *     +----+-|--+-|--+----+
 *            v    v
 *          [512 task pointers, indexed by tid % 512]
 */
#include "config.h"
#include "kernel/tidmap.h"
#include "kernel/kalloc.h"
#include "kernel/task.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void tidmap_init(struct tidmap *m)
{
	memset(m, 0, sizeof *m);
}

void tidmap_free(struct tidmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->pages[i]);
	free(m->pages);
	free(m->live);
	tidmap_init(m);
}

struct task *tidmap_get(const struct tidmap *m, int tid)
{
	size_t p = (size_t)tid / TIDMAP_PAGE;
	if (tid <= 0 || p >= m->cap || !m->pages[p])
		return NULL;
	return m->pages[p][tid % TIDMAP_PAGE];
}

static int grow(struct tidmap *m, size_t need)
{
	size_t cap = m->cap ? m->cap : 16;
	while (cap <= need)
		cap *= 2;
	struct task ***pages = krealloc(m->pages, cap * sizeof *pages);
	if (!pages)
		return -ENOMEM;
	m->pages = pages;
	unsigned *live = krealloc(m->live, cap * sizeof *live);
	if (!live)
		return -ENOMEM; /* pages[] is bigger, harmlessly: cap says how much is in use */
	memset(pages + m->cap, 0, (cap - m->cap) * sizeof *pages);
	memset(live + m->cap, 0, (cap - m->cap) * sizeof *live);
	m->live = live;
	m->cap = cap;
	return 0;
}

/* Frees page p if no task is left in it and new tids have moved on. */
static void drop_if_done(struct tidmap *m, size_t p)
{
	if (p != m->newest && m->live[p] == 0 && m->pages[p]) {
		free(m->pages[p]);
		m->pages[p] = NULL;
	}
}

int tidmap_put(struct tidmap *m, struct task *t)
{
	size_t p = (size_t)t->tid / TIDMAP_PAGE;
	if (p >= m->cap && grow(m, p) != 0)
		return -ENOMEM;
	if (!m->pages[p] && !(m->pages[p] = kcalloc(TIDMAP_PAGE, sizeof **m->pages)))
		return -ENOMEM;
	m->pages[p][t->tid % TIDMAP_PAGE] = t;
	m->live[p]++;
	m->count++;
	if (p > m->newest) {
		size_t was = m->newest;
		m->newest = p;
		drop_if_done(m, was);
	}
	return 0;
}

void tidmap_remove(struct tidmap *m, int tid)
{
	size_t p = (size_t)tid / TIDMAP_PAGE;
	if (!tidmap_get(m, tid))
		return;
	m->pages[p][tid % TIDMAP_PAGE] = NULL;
	m->live[p]--;
	m->count--;
	drop_if_done(m, p);
}

struct task *tidmap_next(const struct tidmap *m, int tid)
{
	for (size_t p = (size_t)tid / TIDMAP_PAGE; p < m->cap; p++) {
		if (!m->pages[p] || m->live[p] == 0)
			continue;
		size_t i = p == (size_t)tid / TIDMAP_PAGE ? (size_t)tid % TIDMAP_PAGE : 0;
		for (; i < TIDMAP_PAGE; i++)
			if (m->pages[p][i])
				return m->pages[p][i];
	}
	return NULL;
}

void tidmap_for_each(const struct tidmap *m, void (*fn)(void *task, void *ctx), void *ctx)
{
	for (size_t p = 0; p < m->cap; p++)
		for (size_t i = 0; m->pages[p] && i < TIDMAP_PAGE; i++)
			if (m->pages[p][i])
				fn(m->pages[p][i], ctx);
}
