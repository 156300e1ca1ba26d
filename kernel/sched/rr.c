/*
 * rr.c - round robin: fifo with a time quantum of its own.  A task that
 * runs a whole quantum without trapping is preempted and goes to the
 * back; since every trap is a scheduling point too, the order is fifo's
 * until a task runs long.  quantum=DURATION replaces the kernel's.
 */
#include "config.h"
#include "include/minios_boot.h"
#include "kernel/list.h"
#include "kernel/policy.h"
#include "kernel/task.h"
#include <errno.h>
#include <string.h>

static struct list_node queue;

static int rr_option(const char *name, size_t name_len, const char *value, char *why,
		     size_t why_len)
{
	(void)why;
	(void)why_len;
	if (name_len != 7 || memcmp(name, "quantum", 7) != 0)
		return -ENOENT;
	int64_t ns;
	if (sched_parse_duration(value, &ns) || ns < KERNEL_MIN_QUANTUM_NS || ns > 3600000000000LL)
		return -EINVAL;
	sched_policy_quantum_ns = ns;
	return 0;
}

static int rr_init(const char *options, char *why, size_t why_len)
{
	list_init(&queue);
	return sched_parse_options(options, "rr", "quantum=DURATION (100us to 1h)", rr_option, why,
				   why_len);
}

static void rr_enqueue(struct task *t, enum sched_reason why)
{
	(void)why;
	list_push_back(&queue, &t->node);
}

static struct task *rr_pick(void)
{
	return list_entry(list_pop_front(&queue), struct task, node);
}

static void rr_remove(struct task *t)
{
	list_unlink(&t->node);
}

static size_t rr_describe(char *out, size_t len)
{
	return sched_describe_list(&queue, "ready", out, len);
}

const struct sched_policy sched_rr = {
	.name = "rr",
	.summary = "round robin: fifo with a time quantum",
	.options = "quantum=DURATION",
	.init = rr_init,
	.enqueue = rr_enqueue,
	.pick = rr_pick,
	.remove = rr_remove,
	.describe = rr_describe,
};
