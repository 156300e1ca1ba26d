/*
 * sem.c - counting semaphores.
 *
 * A waiter is served in FIFO order.  Besides the count, the kernel keeps who
 * holds units (a task that took a unit and has not given it back), for two
 * reasons: a task that ends gives back what it holds (a philosopher who is
 * killed drops their forks), and the deadlock check can follow "waits for a
 * unit held by" from task to task.
 *
 * A semaphore that has only ever been posted by tasks holding one of its
 * units is used as a lock; one posted by a task that holds none (a
 * producer signalling a consumer) is used as a signal, and holding it says
 * nothing about who can wake whom, so the deadlock check does not follow it.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/sem.h"
#include "kernel/sched.h"
#include "kernel/intmap.h"
#include "kernel/task.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sem_holder {
	struct task *task;
	int units;
};

struct sem {
	int id;
	int owner; /* tid of its creator */
	int count;
	bool signalled_by_other; /* posted by a task holding no unit */
	struct list_node waiters;
	struct sem_holder *holders;
	size_t n_holders, cap_holders;
	char name[MINIOS_NAME_MAX];
};

static struct intmap sems = {.key_offset = offsetof(struct sem, id)};
static int next_id = 1;

struct sem *sem_lookup(int id)
{
	return id > 0 ? intmap_get(&sems, id) : NULL;
}
int sem_owner(const struct sem *s)
{
	return s->owner;
}
const char *sem_name(const struct sem *s)
{
	return s->name;
}
int sem_id(const struct sem *s)
{
	return s->id;
}
bool sem_is_lock(const struct sem *s)
{
	return !s->signalled_by_other;
}

size_t sem_holders(const struct sem *s, struct task **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_holders && n < max; i++)
		out[n++] = s->holders[i].task;
	return s->n_holders;
}

int sem_create(struct task *owner, const char *name, int count)
{
	if (count < 0)
		return -EINVAL;
	struct sem *s = kcalloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->id = next_id;
	s->owner = owner ? owner->tid : 0;
	s->count = count;
	list_init(&s->waiters);
	if (name && *name)
		snprintf(s->name, sizeof s->name, "%s", name);
	else
		snprintf(s->name, sizeof s->name, "semaphore %d", s->id);
	if (intmap_put(&sems, s) != 0) {
		free(s);
		return -ENOMEM;
	}
	next_id++;
	if (owner && task_extra(owner))
		owner->extra->owned_sems++;
	return s->id;
}

static struct sem_holder *holder_of(struct sem *s, struct task *t)
{
	for (size_t i = 0; i < s->n_holders; i++)
		if (s->holders[i].task == t)
			return &s->holders[i];
	return NULL;
}

/* Records that t took one unit of s. */
static void hold(struct sem *s, struct task *t)
{
	struct sem_holder *h = holder_of(s, t);
	if (h) {
		h->units++;
		return;
	}
	if (s->n_holders == s->cap_holders) {
		size_t cap = s->cap_holders ? s->cap_holders * 2 : 4;
		struct sem_holder *hs = krealloc(s->holders, cap * sizeof *hs);
		if (!hs)
			return; /* only bookkeeping is lost */
		s->holders = hs;
		s->cap_holders = cap;
	}
	struct task_extra *x = task_extra(t);
	if (!x)
		return;
	if (x->n_holds == x->cap_holds) {
		size_t cap = x->cap_holds ? x->cap_holds * 2 : 4;
		struct sem_hold *th = krealloc(x->holds, cap * sizeof *th);
		if (!th)
			return;
		x->holds = th;
		x->cap_holds = cap;
	}
	s->holders[s->n_holders++] = (struct sem_holder){t, 1};
	x->holds[x->n_holds++] = (struct sem_hold){s, 1};
}

/* Forgets t as a holder of s entirely. */
static void unhold_all(struct sem *s, struct task *t)
{
	for (size_t i = 0; i < s->n_holders; i++)
		if (s->holders[i].task == t) {
			s->holders[i] = s->holders[--s->n_holders];
			break;
		}
	struct task_extra *x = t->extra;
	for (size_t i = 0; x && i < x->n_holds; i++)
		if (x->holds[i].sem == s) {
			x->holds[i] = x->holds[--x->n_holds];
			break;
		}
}

int sem_wait(struct task *t, struct sem *s)
{
	if (s->count > 0) {
		s->count--;
		hold(s, t);
		return 1;
	}
	task_block(t, TASK_WAIT_SEM, s->id, s, &s->waiters, NULL);
	return 0;
}

/* Gives one unit to the first waiter, or back to the count. */
static void give(struct sem *s)
{
	/* The first waiter, or under prio the first of the best priority. */
	struct task *w = sched_first_waiter(&s->waiters);
	if (!w) {
		s->count++;
		return;
	}
	hold(s, w);
	task_wake(w, 0);
}

void sem_post(struct task *t, struct sem *s)
{
	struct sem_holder *h = t ? holder_of(s, t) : NULL;
	if (h) {
		if (--h->units == 0)
			unhold_all(s, t);
	} else if (t) {
		s->signalled_by_other = true;
	}
	give(s);
}

void sem_destroy(struct sem *s)
{
	struct list_node *n, *tmp;
	list_for_each_safe(n, tmp, &s->waiters)
		task_wake(list_entry(n, struct task, node), -ECANCELED);
	while (s->n_holders > 0)
		unhold_all(s, s->holders[0].task);
	struct task *owner = task_lookup(s->owner);
	if (owner && owner->extra)
		owner->extra->owned_sems--;
	intmap_remove(&sems, s->id);
	free(s->holders);
	free(s);
}

struct owned_ctx {
	int tid;
	struct sem **list;
	size_t n, cap;
};

static void collect_owned(void *value, void *ctx)
{
	struct sem *s = value;
	struct owned_ctx *c = ctx;
	if (s->owner != c->tid)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct sem **l = krealloc(c->list, cap * sizeof *l);
		if (!l)
			return;
		c->list = l;
		c->cap = cap;
	}
	c->list[c->n++] = s;
}

void sem_release_task(struct task *t)
{
	/* Units of a lock it holds go back, as if it had posted them (a
	 * philosopher who is killed drops the forks).  A signal's units are
	 * items consumed, not held: giving them back would invent items. */
	struct task_extra *x = t->extra;
	if (!x)
		return; /* it never held nor created a semaphore */
	while (x->n_holds > 0) {
		struct sem *s = x->holds[0].sem;
		struct sem_holder *h = holder_of(s, t);
		int units = h && sem_is_lock(s) ? h->units : 0;
		unhold_all(s, t);
		while (units-- > 0)
			give(s);
	}
	if (x->owned_sems == 0)
		return;
	struct owned_ctx c = {.tid = t->tid};
	intmap_for_each(&sems, collect_owned, &c);
	for (size_t i = 0; i < c.n; i++)
		sem_destroy(c.list[i]);
	free(c.list);
}

static void free_sem(void *value, void *ctx)
{
	struct sem *s = value;
	(void)ctx;
	free(s->holders);
	free(s);
}

void sem_fini(void)
{
	intmap_for_each(&sems, free_sem, NULL);
	intmap_free(&sems);
	next_id = 1;
}
