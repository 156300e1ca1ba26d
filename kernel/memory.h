/*
 * memory.h - memory a task owns (memory.c).
 */
#ifndef MINIOS_MEMORY_H
#define MINIOS_MEMORY_H

#include <stddef.h>

struct task;

/* A block owned by t (or by nobody, if t is NULL), freed by task_free or
 * when t ends (task_free_all). */
void *task_alloc(struct task *t, size_t size);
/* Resizes p (from task_alloc; NULL: allocates for t) as realloc does; the
 * block keeps its owner.  NULL when out of memory, and p is left as it was. */
void *task_realloc(struct task *t, void *p, size_t size);
void task_free(void *p);
void task_free_all(struct task *t);
/* Shares p with task tid: when p's owner ends, p passes to a task it is
 * shared with that is still alive (0, -EINVAL, -ESRCH, -ENOMEM). */
int task_alloc_share(void *p, int tid);

#endif
