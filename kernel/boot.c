/*
 * boot.c - the kernel's configuration, start and shutdown, and the
 * generator of random numbers that programs draw from.
 *
 * kernel_init checks the configuration, then brings the parts up in an
 * order where each may use the ones before it; kernel_shutdown ends every
 * task left and takes the parts down again.
 */
#include "config.h"
#include "kernel/boot.h"
#include "kernel/counters.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/fault.h"
#include "kernel/preempt.h"
#include "kernel/io.h"
#include "kernel/loop.h"
#include "kernel/pipe.h"
#include "kernel/sched.h"
#include "kernel/sem.h"
#include "kernel/stack.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include "kernel/trace.h"
#include <errno.h>
#include <string.h>

static bool kernel_up;

void kernel_config_defaults(struct kernel_config *config)
{
	memset(config, 0, sizeof *config);
	config->clock = KERNEL_CLOCK_REAL;
	config->poller = KERNEL_POLLER_EPOLL;
	config->stack_size = KERNEL_DEFAULT_STACK_SIZE;
	config->seed = 1;
	config->account_cpu = 1;
	config->quantum_ns = KERNEL_DEFAULT_QUANTUM_NS;
	config->watchdog_ns = KERNEL_DEFAULT_WATCHDOG_NS;
}

uint64_t kernel_random_state;

int kernel_init(const struct kernel_config *config)
{
	struct kernel_config c;
	if (kernel_up)
		return -EBUSY;
	if (config)
		c = *config;
	else
		kernel_config_defaults(&c);
	if (c.stack_size == 0)
		c.stack_size = KERNEL_DEFAULT_STACK_SIZE;
	if (c.stack_size < KERNEL_MIN_STACK_SIZE || c.stack_size > KERNEL_MAX_STACK_SIZE)
		return -EINVAL;
	if (c.clock != KERNEL_CLOCK_REAL && c.clock != KERNEL_CLOCK_VIRTUAL)
		return -EINVAL;
	if (c.poller != KERNEL_POLLER_EPOLL && c.poller != KERNEL_POLLER_POLL)
		return -EINVAL;
	if (c.stack_mode != KERNEL_STACK_PRIVATE && c.stack_mode != KERNEL_STACK_COMPACT)
		return -EINVAL;
	if (c.quantum_ns < 0 || (c.quantum_ns > 0 && c.quantum_ns < KERNEL_MIN_QUANTUM_NS))
		return -EINVAL;
	if (c.watchdog_ns < 0 || (c.watchdog_ns > 0 && c.watchdog_ns < KERNEL_MIN_WATCHDOG_NS))
		return -EINVAL;
#ifndef MINIOS_CONTEXT_ASM
	/* Compact stacks copy frames by the saved stack pointer, which only
	 * the hand-written switch keeps where compact.c can find it. */
	if (c.stack_mode == KERNEL_STACK_COMPACT)
		return -ENOTSUP;
#endif
	if (c.clock == KERNEL_CLOCK_VIRTUAL)
		c.account_cpu = 0; /* virtual CPU time is counted per trap */
	char why[200];
	if (sched_policy_select(c.sched, why, sizeof why) != 0)
		return -EINVAL;
	if (sched_policy_quantum_ns > 0 && c.quantum_ns > 0)
		c.quantum_ns = sched_policy_quantum_ns; /* rr:quantum= */
	int err = io_init(c.poller);
	if (err)
		return err;
	pipe_init();
	memset(&kernel_counters, 0, sizeof kernel_counters);
	bool compact = c.stack_mode == KERNEL_STACK_COMPACT;
	sched_init(compact, c.account_cpu);
	kernel_random_state = c.seed;
	stack_set_size(c.stack_size);
	if (compact && (err = stack_share(true)) != 0) {
		io_fini();
		return err;
	}
	task_table_init(c.announce_exits);
	console_init(c.console);
	if ((err = clock_init(c.clock)) != 0 || (err = fault_init()) != 0 ||
	    (err = preempt_init(c.quantum_ns, c.watchdog_ns)) != 0) {
		fault_fini();
		task_table_fini();
		stack_share(false);
		io_fini();
		return err;
	}
	loop_init(c.clock == KERNEL_CLOCK_VIRTUAL); /* last: kernel_run may now run */
	kernel_up = true;
	return 0;
}

int kernel_sched_check(const char *spec, char *why, size_t why_len)
{
	if (kernel_up)
		return -EBUSY;
	int err = sched_policy_select(spec, why, why_len);
	sched_policy_select(NULL, why, 0); /* back to the default until kernel_init */
	return err;
}

const char *kernel_sched_policy(int i, const char **summary, const char **options)
{
	for (int k = 0; k <= i; k++)
		if (!sched_policies[k])
			return NULL;
	*summary = sched_policies[i]->summary;
	*options = sched_policies[i]->options;
	return sched_policies[i]->name;
}

int kernel_spawn(const char *name, task_entry_fn fn, void *arg, unsigned flags)
{
	if (!kernel_up)
		return -EINVAL;
	return task_create(NULL, name, fn, arg, flags);
}

int kernel_trace_start(const char *filter, const char *file, char *why, size_t why_size)
{
	if (!kernel_up)
		return -EINVAL;
	return trace_start(filter, file, why, why_size);
}

int kernel_timeline_start(const char *file, char *why, size_t why_size)
{
	if (!kernel_up)
		return -EINVAL;
	return trace_timeline(file, why, why_size);
}

static void kill_one(struct task *t, void *ctx)
{
	(void)ctx;
	task_end(t, TASK_STATUS_KILLED);
}

void kernel_shutdown(void)
{
	if (!kernel_up)
		return;
	/* Quietly: a shutdown is not the seminar's "terminated", and no
	 * new init is wanted. */
	task_set_announce_exits(false);
	kernel_on_init_ended(NULL);
	preempt_fini();
	task_for_each(kill_one, NULL);
	trace_fini(); /* after the kills: their lines are in the file */
	fault_fini();
	sem_fini();
	timer_fini();
	io_fini();
	task_table_fini();
	pipe_fini(); /* after the tasks: what is left has no owner */
	stack_share(false);
	stack_pool_drain();
	loop_fini();
	kernel_up = false;
}
