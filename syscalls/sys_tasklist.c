/*
 * sys_tasklist.c - TaskList: what ps shows.
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

static void fill_one(struct task *t, void *ctx)
{
	struct fill *f = ctx;
	if (f->n < f->max) {
		struct task_info *i = &f->buf[f->n];
		memset(i, 0, sizeof *i);
		i->tid = t->tid;
		i->ppid = t->ppid;
		i->pgid = t->pgid;
		/* The caller is the one running: it made this call. */
		i->state = t == f->caller ? TASK_RUNNING : t->state;
		i->wait = t == f->caller ? TASK_WAIT_NONE : t->wait;
		i->wait_id = t->wait_id;
		i->wake_at = t->wait == TASK_WAIT_SLEEP ? timer_deadline(t) : 0;
		if (t->wait == TASK_WAIT_SEM && t != f->caller)
			snprintf(i->wait_name, sizeof i->wait_name, "%s", sem_name(t->wait_obj));
		i->traps = t->traps;
		i->involuntary = t->preemptions;
		i->cpu_ns = t->cpu_ns;
		snprintf(i->name, sizeof i->name, "%s", t->name);
		i->nice = t->nice;
		sched_task_text(t, i->sched, sizeof i->sched);
	}
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
