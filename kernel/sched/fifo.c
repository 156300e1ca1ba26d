/*
 * fifo.c - the seminar's policy: one first-in first-out queue.  Every
 * trap is a scheduling point, so a task that traps goes to the back.
 * This is the default, and the one to copy when writing a policy.
 */
#include "config.h"
#include "kernel/sched/fifo.h"
#include "kernel/list.h"
#include "kernel/policy.h"
#include "kernel/task.h"
#include <stdio.h>

/* Not static: sched.h takes it directly (fifo.h), the fast path. */
struct list_node fifo_queue;

static int fifo_init(const char *options, char *why, size_t why_len)
{
	list_init(&fifo_queue);
	return sched_parse_options(options, "fifo", "", NULL, why, why_len);
}

static void fifo_enqueue(struct task *t, enum sched_reason why)
{
	(void)why; /* whatever the reason, to the back */
	fifo_push(t);
}

static struct task *fifo_pick(void)
{
	return fifo_pop();
}

static void fifo_remove(struct task *t)
{
	list_unlink(&t->node);
}

static size_t fifo_describe(char *out, size_t len)
{
	return sched_describe_list(&fifo_queue, "ready", out, len);
}

const struct sched_policy sched_fifo = {
	.name = "fifo",
	.summary = "first in, first out: every trap goes to the back (the default)",
	.options = "",
	.init = fifo_init,
	.enqueue = fifo_enqueue,
	.pick = fifo_pick,
	.remove = fifo_remove,
	.describe = fifo_describe,
};
