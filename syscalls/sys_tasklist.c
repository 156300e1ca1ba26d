/*
 * sys_tasklist.c - TaskList and TaskListFrom: what ps shows.
 *
 * TaskList copies every task at once: the caller needs room for all of
 * them.  TaskListFrom copies a chunk, from a tid on, into a buffer of a
 * fixed size, so listing 30,000 tasks needs no more memory than listing
 * ten - what ps and the shell's exit need when memory has run out.
 */
#include "config.h"
#include "kernel/sched.h"
#include "syscalls/syscalls.h"
#include <stdio.h>
#include <string.h>

struct fill {
	struct task_info *buf;
	int max, n;
	const struct task *caller;
};

static void fill_info(struct task_info *i, struct task *t, const struct task *caller)
{
	memset(i, 0, sizeof *i);
	i->tid = t->tid;
	i->ppid = t->ppid;
	i->pgid = t->pgid;
	/* The caller is the one running: it made this call. */
	i->state = t == caller ? TASK_RUNNING : t->state;
	i->wait = t == caller ? TASK_WAIT_NONE : t->wait;
	i->wait_id = t->wait_id;
	i->wake_at = t->wait == TASK_WAIT_SLEEP ? timer_deadline(t) : 0;
	if (t->wait == TASK_WAIT_SEM && t != caller)
		snprintf(i->wait_name, sizeof i->wait_name, "%s", sem_name(t->wait_obj));
	i->traps = t->traps;
	i->involuntary = t->preemptions;
	i->cpu_ns = t->cpu_ns;
	snprintf(i->name, sizeof i->name, "%s", t->name);
	i->nice = t->nice;
	sched_task_text(t, i->sched, sizeof i->sched);
}

static void fill_one(struct task *t, void *ctx)
{
	struct fill *f = ctx;
	if (f->n < f->max)
		fill_info(&f->buf[f->n], t, f->caller);
	f->n++;
}

long sys_tasklist_handler(struct task *t, const long *arg)
{
	struct fill f = {(struct task_info *)arg[0], (int)arg[1], 0, t};
	if (arg[1] < 0 || arg[1] > INT32_MAX || (arg[1] > 0 && !f.buf))
		return -EINVAL;
	task_for_each(fill_one, &f);
	return f.n;
}

long sys_tasklist_from_handler(struct task *t, const long *arg)
{
	long from = arg[0], max = arg[2];
	struct task_info *buf = (struct task_info *)arg[1];
	if (!buf)
		return -EFAULT;
	if (from < 0 || from > INT32_MAX || max < 1 || max > TASKLIST_CHUNK_MAX)
		return -EINVAL;
	/* task_next costs a lookup per tid, or one scan of the table to
	 * cross a long run of ended ones: a whole listing in chunks is
	 * linear, never a sort per chunk. */
	int n = 0;
	for (struct task *x = task_next((int)from); x; x = task_next(x->tid + 1)) {
		fill_info(&buf[n++], x, t);
		if (n == max || x->tid == INT32_MAX)
			break;
	}
	return n;
}
