/*
 * sys_killtask.c - KillTask: end another task (or oneself) with
 * TASK_STATUS_KILLED; with a negative id -G, every task of group G.
 */
#include "config.h"
#include "syscalls/syscalls.h"

/* A pass over the tasks of one group: first to count them, then to kill
 * every one but the caller. */
struct group_kill {
	int pgid;
	struct task *caller;
	bool kill;
	int members;
	bool caller_in_group;
};

static void group_member(struct task *t, void *ctx)
{
	struct group_kill *g = ctx;
	if (t->pgid != g->pgid)
		return;
	if (!g->kill) {
		g->members++;
		g->caller_in_group |= t == g->caller;
	} else if (t != g->caller && !task_is_init(t)) {
		task_end(t, TASK_STATUS_KILLED);
	}
}

/* kill(2) with a negative pid: the whole group, the caller last.  -1 is
 * refused (kill(2)'s "every task"), and init is never among the victims:
 * only it may end itself. */
static long kill_group(struct task *caller, long pgid)
{
	if (pgid == 1)
		return -EINVAL; /* kill(2)'s "every task": not in minios */
	if (!tid_arg_ok(pgid))
		return -ESRCH;
	struct group_kill g = {.pgid = (int)pgid, .caller = caller};
	task_for_each(group_member, &g);
	if (g.members == 0)
		return -ESRCH;
	g.kill = true;
	task_for_each(group_member, &g);
	if (!g.caller_in_group)
		return 0;
	task_end(caller, TASK_STATUS_KILLED);
	return TRAP_HANDLED;
}

long sys_killtask_handler(struct task *t, const long *arg)
{
	long tid = arg[0];
	if (tid < 0) /* (-tid of a long far out of range would overflow) */
		return tid < -(long)INT32_MAX ? -ESRCH : kill_group(t, -tid);
	struct task *victim = task_arg(tid);
	if (!victim)
		return -ESRCH;
	/* Init (the shell) may only end itself. */
	if (task_is_init(victim) && t != victim)
		return -EPERM;
	/* task_end unlinks the victim from whatever it waits on, wakes its
	 * waiters with "killed", and releases its stack and what it owns. */
	bool victim_was_caller = victim == t;
	task_end(victim, TASK_STATUS_KILLED);
	return victim_was_caller ? TRAP_HANDLED : 0;
}
