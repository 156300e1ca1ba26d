/*
 * deadlock.c - finding tasks that wait for each other, and saying so.
 *
 * The wait-for graph has an edge from a blocked task to each task that could
 * end its wait: for WaitTask, the task it waits for; for a semaphore used as
 * a lock, the tasks holding its units.  When a task is about to block, a
 * depth-first search from it looks for a path back to it.  Such a cycle is a
 * deadlock: nobody in it can move until somebody else in it does.  The task
 * that would close the cycle does not block: its call fails with -EDEADLK
 * (as a lock manager picks a victim), which breaks the cycle, and the
 * kernel prints who holds and who waits for what.
 *
 * The second report is for the loop: when no task is ready and nothing
 * (no fd, no timer, no Ctrl-C) can wake one, it lists every blocked task.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/deadlock.h"
#include "kernel/console.h"
#include "kernel/sem.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned generation;

/* A growable array of task pointers. */
struct task_vec {
	struct task **v;
	size_t n, cap;
};

static bool vec_push(struct task_vec *a, struct task *t)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		struct task **v = krealloc(a->v, cap * sizeof *v);
		if (!v)
			return false;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = t;
	return true;
}

/* The tasks that could end t's wait, appended to out. */
static void waits_for(struct task *t, struct task_vec *out)
{
	if (t->wait == TASK_WAIT_TASK) {
		struct task *target = task_lookup(t->wait_id);
		if (target)
			vec_push(out, target);
	} else if (t->wait == TASK_WAIT_SEM && sem_is_lock(t->wait_obj)) {
		size_t n = sem_holders(t->wait_obj, NULL, 0);
		struct task **h = n ? kmalloc(n * sizeof *h) : NULL;
		if (!h)
			return;
		sem_holders(t->wait_obj, h, n);
		/* Any one holder can free a unit: while one of them may still
		 * move (it is not itself waiting for a task or a semaphore),
		 * t's wait is no part of a cycle. */
		bool all_stuck = true;
		for (size_t i = 0; i < n; i++)
			if (h[i] != t && h[i]->wait != TASK_WAIT_TASK &&
			    h[i]->wait != TASK_WAIT_SEM)
				all_stuck = false;
		for (size_t i = 0; all_stuck && i < n; i++)
			if (h[i] != t) /* a task posting its own lock is not a cycle we can see */
				vec_push(out, h[i]);
		free(h);
	}
}

void task_describe_wait(const struct task *t, char *buf, size_t size)
{
	const char *sem = t->wait == TASK_WAIT_SEM ? sem_name(t->wait_obj) : NULL;
	task_wait_text(t->wait, t->wait_id, sem, timer_deadline(t), buf, size); /* ps's words */
}

/* "fork 0, fork 3" - the lock-like semaphores t holds. */
static void describe_holds(const struct task *t, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	const struct task_extra *x = t->extra;
	for (size_t i = 0; x && i < x->n_holds && used < size; i++) {
		if (!sem_is_lock(x->holds[i].sem))
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
				 sem_name(x->holds[i].sem));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void report_cycle(struct task **cycle, size_t n)
{
	kernel_printf(1, "minios: deadlock: %zu tasks wait for each other in a cycle\n", n);
	for (size_t i = 0; i < n; i++) {
		struct task *t = cycle[i], *next = cycle[(i + 1) % n];
		char what[MINIOS_NAME_MAX + 32], holds[256];
		describe_holds(t, holds, sizeof holds);
		if (t->wait == TASK_WAIT_SEM) {
			snprintf(what, sizeof what, "%s", sem_name(t->wait_obj));
			kernel_printf(1,
				      "  task %d (%s)%s%s%s waits for %s, held by task %d (%s)\n",
				      t->tid, t->name, *holds ? " holds " : "", holds,
				      *holds ? " and" : "", what, next->tid, next->name);
		} else {
			kernel_printf(1, "  task %d (%s)%s%s%s waits for task %d (%s) to end\n",
				      t->tid, t->name, *holds ? " holds " : "", holds,
				      *holds ? " and" : "", next->tid, next->name);
		}
	}
}

bool deadlock_check(struct task *t)
{
	struct task_vec stack = {0}, next = {0};
	bool found = false;
	generation++;
	t->visit = generation;
	t->visit_from = NULL;
	vec_push(&stack, t);
	while (stack.n > 0 && !found) {
		struct task *u = stack.v[--stack.n];
		next.n = 0;
		waits_for(u, &next);
		for (size_t i = 0; i < next.n; i++) {
			struct task *v = next.v[i];
			if (v == t) {
				/* The cycle is t -> ... -> u -> t; walk it back. */
				struct task_vec cycle = {0};
				for (struct task *w = u; w; w = w->visit_from)
					vec_push(&cycle, w);
				for (size_t a = 0, b = cycle.n - 1; a < b; a++, b--) {
					struct task *tmp = cycle.v[a];
					cycle.v[a] = cycle.v[b];
					cycle.v[b] = tmp;
				}
				report_cycle(cycle.v, cycle.n);
				free(cycle.v);
				found = true;
				break;
			}
			if (v->state == TASK_BLOCKED && v->visit != generation) {
				v->visit = generation;
				v->visit_from = u;
				vec_push(&stack, v);
			}
		}
	}
	free(stack.v);
	free(next.v);
	return found;
}

struct report {
	char *text;
	size_t len, cap;
	int blocked;
};

static void append(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (r->len + (size_t)n + 1 > r->cap) {
		size_t cap = (r->len + (size_t)n + 1) * 2;
		char *t = krealloc(r->text, cap);
		if (!t)
			return;
		r->text = t;
		r->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(r->text + r->len, r->cap - r->len, fmt, ap);
	va_end(ap);
	r->len += (size_t)n;
}

static void report_task(struct task *t, void *ctx)
{
	struct report *r = ctx;
	char what[MINIOS_NAME_MAX + 64];
	task_describe_wait(t, what, sizeof what);
	append(r, "  task %d (%s): %s\n", t->tid, t->name, what);
	r->blocked++;
}

char *deadlock_blocked_report(void)
{
	struct report body = {0}, all = {0};
	task_for_each(report_task, &body);
	append(&all, "minios: no task can run: %d blocked, and nothing can wake them\n%s",
	       body.blocked, body.text ? body.text : "");
	free(body.text);
	return all.text;
}
