/*
 * check_groups.c - task groups and orphans: who joins which group
 * (TASK_NEW_GROUP), KillTask of a whole group (-G), the refused -1, and
 * children re-parented to task 1 (or the kernel) when their parent ends.
 */
#include "tests/testlib.h"

#include <errno.h>

static int reached;
static int leader, member, grandchild, outsider, survivor;

static int pgid_of(int tid)
{
	struct task_info info;
	ck_assert_msg(tl_task_info(tid, &info), "task %d is not listed", tid);
	return info.pgid;
}

static int ppid_of(int tid)
{
	struct task_info info;
	ck_assert_msg(tl_task_info(tid, &info), "task %d is not listed", tid);
	return info.ppid;
}

static int sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		sys_sleep(1000000000);
	return 0;
}

/* Makes a child that sleeps forever (in the caller's group), then sleeps
 * forever itself. */
static int parent_of_sleeper(void *arg)
{
	int *child = arg;
	*child = sys_newtask("sleeper", sleep_forever, NULL);
	ck_assert_int_gt(*child, 0);
	return sleep_forever(NULL);
}

/* ---- joining groups ---- */

static int groups_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_gettid(), 1);
	ck_assert_int_eq(pgid_of(1), 1); /* the kernel started it: a group of its own */
	int same = sys_newtask("same", sleep_forever, NULL);
	ck_assert_int_eq(pgid_of(same), 1);
	leader = sys_spawn("leader", parent_of_sleeper, &grandchild, TASK_NEW_GROUP);
	ck_assert_int_gt(leader, 0);
	tl_yield_n(3);
	ck_assert_int_eq(pgid_of(leader), leader);
	ck_assert_int_eq(pgid_of(grandchild), leader); /* a child joins its parent's */
	ck_assert_int_eq(sys_spawn("bad", sleep_forever, NULL, 0x4u), -EINVAL);
	ck_assert_int_eq(sys_killtask(same), 0);
	ck_assert_int_eq(sys_killtask(-leader), 0);
	reached = 1;
	return 0;
}

START_TEST(test_new_group_and_joining)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, groups_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- KillTask(-G) ---- */

static int group_kill_task(void *arg)
{
	(void)arg;
	leader = sys_spawn("leader", parent_of_sleeper, &member, TASK_NEW_GROUP);
	outsider = sys_spawn("outsider", parent_of_sleeper, &survivor, TASK_NEW_GROUP);
	tl_yield_n(3);
	ck_assert(tl_wait_blocked(member, TASK_WAIT_SLEEP));
	ck_assert(tl_wait_blocked(survivor, TASK_WAIT_SLEEP));

	ck_assert_int_eq(sys_killtask(-leader), 0);
	struct task_info info;
	ck_assert(!tl_task_info(leader, &info));
	ck_assert(!tl_task_info(member, &info));
	ck_assert(tl_task_info(outsider, &info)); /* another group: untouched */
	ck_assert(tl_task_info(survivor, &info));
	int tid, status;
	ck_assert_int_eq(sys_waittask(leader, &status), 0); /* its record */
	ck_assert_int_eq(status, TASK_STATUS_KILLED);
	/* The member outlived its parent by a moment: its record came to
	 * task 1, the caller. */
	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), 0);
	ck_assert_int_eq(tid, member);
	ck_assert_int_eq(status, TASK_STATUS_KILLED);

	ck_assert_int_eq(sys_killtask(-leader), -ESRCH); /* nobody left */
	ck_assert_int_eq(sys_killtask(-9999), -ESRCH);
	ck_assert_int_eq(sys_killtask(-2147483647), -ESRCH);
	ck_assert_int_eq(sys_trap(SYS_KILLTASK, -3000000000L, 0, 0, 0), -ESRCH);
	/* kill(2)'s "every task" is refused, and nothing dies. */
	ck_assert_int_eq(sys_killtask(-1), -EINVAL);
	ck_assert(tl_task_info(outsider, &info));
	/* A group whose leader has gone can still be killed. */
	ck_assert_int_eq(sys_killtask(outsider), 0);
	ck_assert_int_eq(pgid_of(survivor), outsider);
	ck_assert_int_eq(sys_killtask(-outsider), 0);
	ck_assert(!tl_task_info(survivor, &info));
	reached = 1;
	return 0;
}

START_TEST(test_kill_group)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, group_kill_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* The caller kills its own group: the others first, then itself. */
static int kills_own_group(void *arg)
{
	(void)arg;
	member = sys_newtask("member", sleep_forever, NULL);
	tl_yield_n(2);
	sys_killtask(-sys_gettid()); /* its group is its tid */
	reached = 2;                 /* must never run */
	return 0;
}

static int own_group_task(void *arg)
{
	(void)arg;
	leader = sys_spawn("leader", kills_own_group, NULL, TASK_NEW_GROUP);
	int status = -1;
	ck_assert_int_eq(sys_waittask(leader, &status), 0);
	ck_assert_int_eq(status, TASK_STATUS_KILLED);
	struct task_info info;
	ck_assert(!tl_task_info(member, &info));
	reached = 1;
	return 0;
}

START_TEST(test_kill_own_group_caller_last)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, own_group_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- re-parenting ---- */

static int exit_after_sleep(void *arg)
{
	sys_sleep(5000000); /* 5 ms: its parent is gone by then */
	return (int)(long)arg;
}

static int exit_at_once(void *arg)
{
	return (int)(long)arg;
}

/* Leaves one child running and one ended child unreaped, then ends. */
static int short_lived_parent(void *arg)
{
	(void)arg;
	grandchild = sys_newtask("late", exit_after_sleep, (void *)7L);
	member = sys_newtask("early", exit_at_once, (void *)5L);
	ck_assert_int_eq(ppid_of(grandchild), sys_gettid());
	tl_yield_n(3); /* early ends, and nobody takes its record */
	return 0;
}

static int orphans_task(void *arg)
{
	(void)arg;
	leader = sys_spawn("parent", short_lived_parent, NULL, TASK_NEW_GROUP);
	int tid, status;
	ck_assert_int_eq(sys_waittask(leader, &status), 0);
	ck_assert_int_eq(status, 0);
	/* The live child now has task 1 for a parent, and keeps its group. */
	ck_assert_int_eq(ppid_of(grandchild), 1);
	ck_assert_int_eq(pgid_of(grandchild), leader);
	/* The record the parent left behind came too. */
	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), 0);
	ck_assert_int_eq(tid, member);
	ck_assert_int_eq(status, 5);
	/* And so does the orphan's own, when it ends: WaitChild blocks for
	 * it, as for a child of one's own. */
	ck_assert_int_eq(sys_waitchild(&tid, &status, 0), 0);
	ck_assert_int_eq(tid, grandchild);
	ck_assert_int_eq(status, 7);
	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), -ECHILD);
	reached = 1;
	return 0;
}

START_TEST(test_orphans_go_to_task_1)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, orphans_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* Task 1 notified of an orphan's end, while it does something else. */
static int notified_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_notify(NOTIFY_CHILD), 0);
	leader = sys_spawn("parent", short_lived_parent, NULL, TASK_NEW_GROUP);
	int tid, status, records = 0;
	while (records < 3) {
		int r = sys_sleep(1000000000);
		if (r == 0)
			break;
		ck_assert_int_eq(r, -EINTR);
		while (sys_waitchild(&tid, &status, WAIT_NOHANG) == 0)
			records++;
	}
	ck_assert_int_eq(records, 3); /* parent, early and late */
	reached = 1;
	return 0;
}

START_TEST(test_orphan_exit_notifies_task_1)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, notified_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* Without a task 1, an orphan's parent is the kernel. */
static int first_task(void *arg)
{
	(void)arg;
	grandchild = sys_newtask("orphan", exit_after_sleep, (void *)0L);
	return 0;
}

static int second_task(void *arg)
{
	(void)arg;
	tl_wait_blocked(grandchild, TASK_WAIT_SLEEP);
	tl_yield_n(3);
	struct task_info info;
	ck_assert(!tl_task_info(1, &info)); /* task 1 has ended */
	ck_assert_int_eq(ppid_of(grandchild), 0);
	int status = -1;
	ck_assert_int_eq(sys_waittask(grandchild, &status), 0);
	ck_assert_int_eq(status, 0);
	reached = 1;
	return 0;
}

START_TEST(test_orphans_without_task_1)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	ck_assert_int_eq(tl_spawn("first", first_task, NULL), 1);
	tl_spawn("second", second_task, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static Suite *groups_suite(void)
{
	Suite *s = suite_create("groups");
	TCase *tc = tcase_create("groups");
	tcase_add_test(tc, test_new_group_and_joining);
	tcase_add_test(tc, test_kill_group);
	tcase_add_test(tc, test_kill_own_group_caller_last);
	tcase_add_test(tc, test_orphans_go_to_task_1);
	tcase_add_test(tc, test_orphan_exit_notifies_task_1);
	tcase_add_test(tc, test_orphans_without_task_1);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(groups_suite());
}
