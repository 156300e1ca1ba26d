/*
 * mlfq.c - the multi-level feedback queue, by the rules OSTEP states:
 *  1. a task of a higher level runs before one of a lower level;
 *  2. tasks of one level take turns (FIFO: every trap is a turn);
 *  3. a new task starts at the top level;
 *  4. a task that has used up its allotment of CPU time at a level, in
 *     however many turns, moves down a level;
 *  5. every boost period, all tasks move back to the top.
 * CPU time is the task's cpu_ns: measured under the real clock, and the
 * virtual time of its traps and quanta under the virtual clock, so runs
 * under the virtual clock are reproducible.
 *
 * The boost is O(levels), not O(tasks): the queued tasks' lists are
 * spliced onto the top one, and a task not on the queue learns of the
 * boost when next queued (its sched_epoch is old).  sched_level is the
 * task's level, sched_mark its CPU time when it came to that level.
 */
#include "config.h"
#include "kernel/clock.h"
#include "kernel/list.h"
#include "kernel/policy.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MLFQ_MAX_LEVELS 16

static struct list_node queues[MLFQ_MAX_LEVELS];
static int levels;
static int64_t allotment_ns, boost_ns;
static int64_t next_boost; /* 0: set at the first pick (the clock is up then) */
static uint32_t epoch;     /* boosts so far, in 24 bits as sched_epoch */

static int mlfq_option(const char *name, size_t name_len, const char *value, char *why,
		       size_t why_len)
{
	(void)why;
	(void)why_len;
	int64_t v;
	if (name_len == 6 && memcmp(name, "levels", 6) == 0) {
		if (sched_parse_count(value, &v) || v < 1 || v > MLFQ_MAX_LEVELS)
			return -EINVAL;
		levels = (int)v;
	} else if (name_len == 9 && memcmp(name, "allotment", 9) == 0) {
		if (sched_parse_duration(value, &v) || v <= 0)
			return -EINVAL;
		allotment_ns = v;
	} else if (name_len == 5 && memcmp(name, "boost", 5) == 0) {
		if (sched_parse_duration(value, &v))
			return -EINVAL;
		boost_ns = v;
	} else {
		return -ENOENT;
	}
	return 0;
}

static int mlfq_init(const char *options, char *why, size_t why_len)
{
	levels = 3;
	allotment_ns = 10000000; /* 10 ms */
	boost_ns = 1000000000;   /* 1 s */
	next_boost = 0;
	epoch = 0;
	for (int i = 0; i < MLFQ_MAX_LEVELS; i++)
		list_init(&queues[i]);
	return sched_parse_options(options, "mlfq",
				   "levels=1..16, allotment=DURATION, boost=DURATION (0: never)",
				   mlfq_option, why, why_len);
}

static void mlfq_enqueue(struct task *t, enum sched_reason why)
{
	if (why == SCHED_NEW || t->sched_epoch != epoch) {
		t->sched_level = 0; /* rules 3 and 5 */
		t->sched_mark = t->cpu_ns;
		t->sched_epoch = epoch;
	} else if (t->cpu_ns - t->sched_mark >= allotment_ns && t->sched_level + 1 < levels) {
		t->sched_level = t->sched_level + 1; /* rule 4 */
		t->sched_mark = t->cpu_ns;
	}
	list_push_back(&queues[t->sched_level], &t->node);
}

static void mlfq_remove(struct task *t)
{
	list_unlink(&t->node);
}

static void splice_back(struct list_node *to, struct list_node *from)
{
	if (list_empty(from))
		return;
	from->next->prev = to->prev;
	to->prev->next = from->next;
	from->prev->next = to;
	to->prev = from->prev;
	list_init(from);
}

/* Every pick asks: on the coarse clock, which under the real clock costs
 * a fraction of the fine one (a boost a few ms late is nothing to a
 * period of a second), and under the virtual clock is the same. */
static void boost_if_due(void)
{
	if (boost_ns == 0)
		return;
	int64_t now = clock_now_coarse();
	if (next_boost == 0) {
		next_boost = now + boost_ns;
		return;
	}
	if (now < next_boost)
		return;
	next_boost = now + boost_ns;
	epoch = (epoch + 1) & 0xffffff;
	for (int i = 1; i < levels; i++)
		splice_back(&queues[0], &queues[i]);
}

static struct task *mlfq_pick(void)
{
	boost_if_due();
	for (int i = 0; i < levels; i++) {
		struct list_node *n = list_pop_front(&queues[i]);
		if (n) {
			/* The task after it on its level most often runs next:
			 * its lines start coming in now, as fifo's do (with
			 * 100,000 tasks each has left the cache by its turn). */
			if (!list_empty(&queues[i]))
				sched_prefetch(list_entry(queues[i].next, struct task, node));
			return list_entry(n, struct task, node);
		}
	}
	return NULL;
}

static void mlfq_task_text(const struct task *t, char *out, size_t len)
{
	/* A task that missed a boost while off the queue is at the top. */
	snprintf(out, len, "L%d", t->sched_epoch == epoch ? t->sched_level : 0);
}

/* A duration in the largest unit that holds it whole ("10ms", "1s"), as
 * the options take it. */
static void duration_text(int64_t ns, char *out, size_t len)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {{"s", 1000000000}, {"ms", 1000000}, {"us", 1000}, {"ns", 1}};
	size_t i = 0;
	while (ns != 0 && ns % units[i].ns != 0)
		i++;
	snprintf(out, len, "%lld%s", (long long)(ns / units[i].ns), ns ? units[i].unit : "");
}

/* The settings in effect, once (the policy line leaves the options
 * out), then each level's queue. */
static size_t mlfq_describe(char *out, size_t len)
{
	size_t used = 0;
	char allotment[32], boost[32];
	duration_text(allotment_ns, allotment, sizeof allotment);
	duration_text(boost_ns, boost, sizeof boost);
	sched_append(out, len, &used, "levels %d, allotment %s, boost %s\n", levels, allotment,
		     boost);
	for (int i = 0; i < levels; i++) {
		char label[32];
		snprintf(label, sizeof label, "level %d", i);
		used += sched_describe_list(&queues[i], label, used < len ? out + used : NULL,
					    used < len ? len - used : 0);
	}
	return used;
}

const struct sched_policy sched_mlfq = {
	.name = "mlfq",
	.summary = "multi-level feedback queue (OSTEP's rules)",
	.options = "levels=N,allotment=DURATION,boost=DURATION",
	.init = mlfq_init,
	.enqueue = mlfq_enqueue,
	.pick = mlfq_pick,
	.remove = mlfq_remove,
	.describe = mlfq_describe,
	.task_text = mlfq_task_text,
	.describes_settings = true,
};
