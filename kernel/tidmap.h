/*
 * tidmap.h - the task table: tid -> task, by position (tidmap.c).
 *
 * Tids are handed out in order from 1 and never used again, so a task's
 * place in the table is its tid: pages of TIDMAP_PAGE pointers under a
 * directory.  Lookup is two loads; adding or removing a task touches the
 * page of its tid only (neighbours in tid order are neighbours in memory),
 * and a table of ten million tasks is 8 bytes a task, with nothing to
 * rehash as it grows.  A page whose tasks have all ended is freed, once
 * new tids have moved past it.
 */
#ifndef MINIOS_TIDMAP_H
#define MINIOS_TIDMAP_H

#include <stddef.h>

struct task;

#define TIDMAP_PAGE 512 /* tasks a page: one 4 KiB page of pointers */

struct tidmap {
	struct task ***pages; /* the directory: pages[tid / TIDMAP_PAGE] */
	unsigned *live;       /* tasks in each page */
	size_t cap;           /* entries of pages[] and live[] */
	size_t count;         /* tasks in the table */
	size_t newest;        /* the page of the highest tid put so far */
};

void tidmap_init(struct tidmap *m);
void tidmap_free(struct tidmap *m); /* empties it */
struct task *tidmap_get(const struct tidmap *m, int tid);
/* 0, or -ENOMEM (nothing changed).  t->tid > 0 must not be in m. */
int tidmap_put(struct tidmap *m, struct task *t);
void tidmap_remove(struct tidmap *m, int tid);
/* The task with the smallest tid >= tid (> 0), or NULL.  It skips pages
 * with no task in them: at most the directory and two pages are read. */
struct task *tidmap_next(const struct tidmap *m, int tid);
/* Calls fn on every task, in tid order; fn must not change m. */
void tidmap_for_each(const struct tidmap *m, void (*fn)(void *task, void *ctx), void *ctx);

#endif
