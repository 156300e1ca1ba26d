/*
 * introspection.c - what a task can learn about the kernel: unknown
 * calls, the names of calls and statuses, sys_tasklist and sys_stats.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

/* ---- bad trap numbers ---- */

static int bad_trap_task(void *arg)
{
	(void)arg;
	struct kernel_stats before, after;
	ck_assert_int_eq(sys_stats(&before), 0);
	ck_assert_int_eq(sys_trap(9999, 1, 2, 3, 4), -ENOSYS);
	ck_assert_int_eq(sys_trap(-1, 0, 0, 0, 0), -ENOSYS);
	ck_assert_int_eq(sys_trap(SYS_NCALLS, 0, 0, 0, 0), -ENOSYS);
	ck_assert_int_eq(sys_stats(&after), 0);
	ck_assert_uint_eq(after.bad_traps - before.bad_traps, 3);
	/* The raw trap reaches real calls too. */
	ck_assert_int_eq(sys_trap(SYS_GETTID, 0, 0, 0, 0), sys_gettid());
	reached = 1;
	return 0;
}

START_TEST(test_unknown_call_is_enosys)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, bad_trap_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

START_TEST(test_syscall_names_and_status_text)
{
	ck_assert_str_eq(syscall_name(SYS_GETTID), "GetTid");
	ck_assert_str_eq(syscall_name(SYS_NEWTASK), "NewTask");
	ck_assert_str_eq(syscall_name(SYS_KILLTASK), "KillTask");
	ck_assert_str_eq(syscall_name(SYS_WAITTASK), "WaitTask");
	ck_assert_str_eq(syscall_name(SYS_READWAIT), "ReadWait");
	ck_assert_str_eq(syscall_name(SYS_WRITEWAIT), "WriteWait");
	for (int nr = 0; nr < SYS_NCALLS; nr++)
		ck_assert_msg(syscall_name(nr) && syscall_name(nr)[0] != '\0',
			      "call %d has no name", nr);
	ck_assert_ptr_null(syscall_name(-1));
	ck_assert_ptr_null(syscall_name(SYS_NCALLS));

	char buf[128];
	ck_assert_ptr_eq(task_status_text(0, buf, sizeof buf), buf);
	ck_assert_ptr_nonnull(strstr(buf, "0"));
	task_status_text(42, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "42"));
	task_status_text(TASK_STATUS_KILLED, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "killed"));
	task_status_text(TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "stack overflow"));
	/* A small buffer is not overrun and stays terminated. */
	char tiny[5];
	memset(tiny, 'Z', sizeof tiny);
	task_status_text(TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW, tiny, 4);
	ck_assert_int_eq(tiny[4], 'Z');
	ck_assert_uint_le(strlen(tiny), 3);
}
END_TEST

/* ---- sys_tasklist ---- */

static int read_pipe_forever(void *arg)
{
	(void)arg;
	sys_readwait(pipe_fds[0]);
	return 0;
}

static int sleep_a_second(void *arg)
{
	(void)arg;
	sys_sleep(1000000000);
	return 0;
}

static int yield_forever(void *arg)
{
	(void)arg;
	while (!reached)
		sys_yield();
	return 0;
}

int tasklist_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(pipe(pipe_fds), 0);
	gate_sem = sys_sem_create("the gate", 0);
	int sem_tid = sys_newtask("on-sem", wait_on_gate, NULL);
	victim_a = sem_tid;
	int task_tid = sys_newtask("on-task", wait_for_victim, (void *)0);
	int64_t now = sys_clock_now();
	int sleep_tid = sys_newtask("sleeper", sleep_a_second, NULL);
	int read_tid = sys_newtask("reader", read_pipe_forever, NULL);
	int busy_tid = sys_newtask("busy", yield_forever, NULL);
	ck_assert(tl_wait_blocked(read_tid, TASK_WAIT_READ));

	struct task_info list[10];
	memset(list, 0xAB, sizeof list);
	int n = sys_tasklist(list, 10);
	ck_assert_int_eq(n, 6);
	int tids[] = {1, sem_tid, task_tid, sleep_tid, read_tid, busy_tid};
	const char *names[] = {"test", "on-sem", "on-task", "sleeper", "reader", "busy"};
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(list[i].tid, tids[i]);
		ck_assert_str_eq(list[i].name, names[i]);
		ck_assert_int_eq(list[i].ppid, i == 0 ? 0 : 1);
	}
	ck_assert_int_eq(list[0].state, TASK_RUNNING);
	ck_assert_int_eq(list[0].wait, TASK_WAIT_NONE);
	ck_assert_uint_ge(list[0].traps, 6);

	ck_assert_int_eq(list[1].state, TASK_BLOCKED);
	ck_assert_int_eq(list[1].wait, TASK_WAIT_SEM);
	ck_assert_int_eq(list[1].wait_id, gate_sem);
	ck_assert_str_eq(list[1].wait_name, "the gate");

	ck_assert_int_eq(list[2].state, TASK_BLOCKED);
	ck_assert_int_eq(list[2].wait, TASK_WAIT_TASK);
	ck_assert_int_eq(list[2].wait_id, sem_tid);

	ck_assert_int_eq(list[3].state, TASK_BLOCKED);
	ck_assert_int_eq(list[3].wait, TASK_WAIT_SLEEP);
	/* now was read before the sleeper was made; a clock that charges
	 * each trap a little may have moved on since. */
	ck_assert_int_ge(list[3].wake_at, now + 1000000000);
	ck_assert_int_le(list[3].wake_at, now + 1001000000);

	ck_assert_int_eq(list[4].state, TASK_BLOCKED);
	ck_assert_int_eq(list[4].wait, TASK_WAIT_READ);
	ck_assert_int_eq(list[4].wait_id, pipe_fds[0]);

	ck_assert_int_eq(list[5].state, TASK_READY);
	ck_assert_int_eq(list[5].wait, TASK_WAIT_NONE);
	ck_assert_uint_ge(list[5].traps, 1);

	/* A short buffer: only max entries written, the count is still all. */
	memset(list, 0xAB, sizeof list);
	ck_assert_int_eq(sys_tasklist(list, 2), 6);
	ck_assert_int_eq(list[0].tid, 1);
	ck_assert_int_eq(list[1].tid, sem_tid);
	unsigned char *past = (unsigned char *)&list[2];
	for (size_t i = 0; i < sizeof list[2]; i++)
		ck_assert_int_eq(past[i], 0xAB);
	ck_assert_int_eq(sys_tasklist(NULL, 0), 6);

	/* Let everyone end. */
	reached = 1;
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	ck_assert_int_eq(write(pipe_fds[1], "x", 1), 1);
	for (int i = 1; i < 6; i++)
		tl_join(tids[i]);
	ck_assert_int_eq(sys_tasklist(list, 10), 1);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return 0;
}

START_TEST(test_tasklist_contents_and_states)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, tasklist_task, NULL);
}
END_TEST

/* ---- sys_tasklist_from ---- */

/* Lists every task with chunks of `chunk` entries; returns how many, their
 * tids in tids[]. */
static int list_in_chunks(int chunk, int *tids, int cap)
{
	struct task_info buf[16];
	int count = 0, from = 0, n;
	ck_assert_int_le(chunk, 16);
	while ((n = sys_tasklist_from(from, buf, chunk)) > 0) {
		ck_assert_int_le(n, chunk);
		for (int i = 0; i < n; i++) {
			ck_assert_int_lt(count, cap);
			tids[count++] = buf[i].tid;
		}
		from = buf[n - 1].tid + 1;
	}
	ck_assert_int_eq(n, 0);
	return count;
}

static void assert_tids(const int *got, int n, const int *want, int wanted)
{
	ck_assert_int_eq(n, wanted);
	for (int i = 0; i < n; i++)
		ck_assert_msg(got[i] == want[i], "entry %d is task %d, not %d", i, got[i], want[i]);
}

int tasklist_from_task(void *arg)
{
	(void)arg;
	gate_sem = sys_sem_create("the gate", 0);
	int want[12], got[16];
	want[0] = 1;
	for (int i = 1; i <= 9; i++)
		want[i] = sys_newtask(i == 4 ? "fourth" : "gated", wait_on_gate, NULL);

	/* Every task once, in tid order, whatever the chunk. */
	int chunks[] = {1, 2, 3, 4, 9, 10, 16};
	for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++)
		assert_tids(got, list_in_chunks(chunks[c], got, 16), want, 10);

	/* What a chunk holds: the caller running, the others blocked. */
	struct task_info buf[5];
	memset(buf, 0xAB, sizeof buf);
	ck_assert_int_eq(sys_tasklist_from(0, buf, 3), 3);
	ck_assert_int_eq(buf[0].tid, 1);
	ck_assert_int_eq(buf[0].state, TASK_RUNNING);
	ck_assert_str_eq(buf[0].name, "test");
	ck_assert_int_eq(buf[1].state, TASK_BLOCKED);
	ck_assert_int_eq(buf[1].wait, TASK_WAIT_SEM);
	ck_assert_str_eq(buf[1].wait_name, "the gate");
	ck_assert_int_eq(buf[1].ppid, 1);
	unsigned char *past = (unsigned char *)&buf[3]; /* max 3: not a byte more */
	for (size_t i = 0; i < 2 * sizeof buf[3]; i++)
		ck_assert_int_eq(past[i], 0xAB);
	ck_assert_int_eq(sys_tasklist_from(want[4], buf, 1), 1);
	ck_assert_str_eq(buf[0].name, "fourth");

	/* Tasks end and start between chunks: one listed already ends, one
	 * not yet listed ends, a new one starts.  The listing goes on from
	 * the last tid + 1: no task twice, none ended, the new one last. */
	ck_assert_int_eq(sys_tasklist_from(0, buf, 3), 3);
	ck_assert_int_eq(buf[2].tid, want[2]);
	ck_assert_int_eq(sys_killtask(want[1]), 0);
	ck_assert_int_eq(sys_killtask(want[4]), 0);
	int late = sys_newtask("late", wait_on_gate, NULL);
	ck_assert_int_gt(late, want[9]);
	ck_assert_int_eq(sys_tasklist_from(want[2] + 1, buf, 3), 3);
	ck_assert_int_eq(buf[0].tid, want[3]);
	ck_assert_int_eq(buf[1].tid, want[5]); /* want[4] ended: skipped */
	ck_assert_int_eq(buf[2].tid, want[6]);
	ck_assert_int_eq(sys_tasklist_from(want[6] + 1, buf, 3), 3);
	ck_assert_int_eq(buf[2].tid, want[9]);
	ck_assert_int_eq(sys_tasklist_from(want[9] + 1, buf, 3), 1);
	ck_assert_int_eq(buf[0].tid, late);
	ck_assert_int_eq(sys_tasklist_from(late + 1, buf, 3), 0);
	ck_assert_int_eq(sys_tasklist_from(1000000, buf, 3), 0);

	/* Bad arguments: one clear error each, nothing written. */
	memset(buf, 0xAB, sizeof buf);
	ck_assert_int_eq(sys_tasklist_from(0, NULL, 3), -EFAULT);
	ck_assert_int_eq(sys_tasklist_from(0, buf, 0), -EINVAL);
	ck_assert_int_eq(sys_tasklist_from(0, buf, -1), -EINVAL);
	ck_assert_int_eq(sys_tasklist_from(0, buf, TASKLIST_CHUNK_MAX + 1), -EINVAL);
	ck_assert_int_eq(sys_tasklist_from(0, buf, INT_MAX), -EINVAL);
	ck_assert_int_eq(sys_tasklist_from(-1, buf, 3), -EINVAL);
	ck_assert_int_eq(sys_tasklist_from(INT_MIN, buf, 3), -EINVAL);
	ck_assert_int_eq(sys_trap(SYS_TASKLIST_FROM, 1L << 40, (long)buf, 3, 0), -EINVAL);
	ck_assert_int_eq(buf[0].tid, (int)0xABABABAB);

	ck_assert_int_eq(sys_sem_destroy(gate_sem), 0); /* they all go */
	for (int i = 1; i <= 9; i++)
		tl_join(want[i]);
	tl_join(late);
	assert_tids(got, list_in_chunks(4, got, 16), want, 1);
	return 0;
}

START_TEST(test_tasklist_from_chunks)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, tasklist_from_task, NULL);
}
END_TEST

/* Thousands of ended tids between two live tasks, whole pages of the task
 * table freed (tidmap.c): the walk skips them. */
static int tasklist_from_gap_task(void *arg)
{
	(void)arg;
	int tids[400];
	gate_sem = sys_sem_create("the gate", 0);
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < 400; i++)
			ck_assert_int_gt(tids[i] = sys_newtask("gone", wait_on_gate, NULL), 0);
		for (int i = 0; i < 400; i++)
			ck_assert_int_eq(sys_killtask(tids[i]), 0);
	}
	int last = sys_newtask("last", wait_on_gate, NULL);
	ck_assert_int_gt(last, 2400);
	int want[] = {1, last}, got[16];
	assert_tids(got, list_in_chunks(1, got, 16), want, 2);
	assert_tids(got, list_in_chunks(5, got, 16), want, 2);
	struct task_info buf[2];
	ck_assert_int_eq(sys_tasklist_from(2, buf, 2), 1);
	ck_assert_int_eq(buf[0].tid, last);
	ck_assert_str_eq(buf[0].name, "last");
	ck_assert_int_eq(sys_tasklist_from(last + 1, buf, 2), 0);
	ck_assert_int_eq(sys_sem_destroy(gate_sem), 0);
	tl_join(last);
	return 0;
}

START_TEST(test_tasklist_from_crosses_ended_tids)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, tasklist_from_gap_task, NULL);
}
END_TEST

/* ---- sys_stats ---- */

int stats_task(void *arg)
{
	size_t stack_size = (size_t)(uintptr_t)arg;
	struct kernel_stats before, after;
	ck_assert_int_eq(sys_stats(&before), 0);
	ck_assert_int_eq(before.clock_virtual, 1);
	ck_assert_int_eq(before.tasks_alive, 1);
	ck_assert_uint_eq(before.tasks_created, 1);
	ck_assert_uint_eq(before.stack_size, stack_size);
	ck_assert_uint_eq(before.bad_traps, 0);
	for (int i = 0; i < 5; i++)
		sys_gettid();
	for (int i = 0; i < 3; i++)
		sys_yield();
	int a = sys_newtask("a", exit_now, NULL);
	int b = sys_newtask("b", exit_now, NULL);
	sys_waittask(a, NULL);
	sys_waittask(b, NULL);
	ck_assert_int_eq(sys_sleep(7000000), 0);
	ck_assert_int_eq(sys_stats(&after), 0);
	ck_assert_uint_eq(after.traps_by_call[SYS_GETTID] - before.traps_by_call[SYS_GETTID], 5);
	ck_assert_uint_eq(after.traps_by_call[SYS_YIELD] - before.traps_by_call[SYS_YIELD], 3);
	ck_assert_uint_eq(after.traps_by_call[SYS_NEWTASK] - before.traps_by_call[SYS_NEWTASK], 2);
	ck_assert_uint_eq(after.traps_by_call[SYS_WAITTASK] - before.traps_by_call[SYS_WAITTASK],
			  2);
	ck_assert_uint_eq(after.traps_by_call[SYS_SLEEP] - before.traps_by_call[SYS_SLEEP], 1);
	/* 13 calls of ours, maybe 2 exits of the children (returning from the
	 * entry), maybe this sys_stats. */
	uint64_t traps = after.traps - before.traps;
	ck_assert_msg(traps >= 13 && traps <= 16, "traps went up by %llu",
		      (unsigned long long)traps);
	uint64_t sum = 0;
	for (int i = 0; i < SYS_NCALLS; i++)
		sum += after.traps_by_call[i];
	ck_assert_uint_eq(sum + after.bad_traps, after.traps);
	ck_assert_uint_eq(after.tasks_created, 3);
	ck_assert_int_eq(after.tasks_alive, 1);
	ck_assert_uint_gt(after.switches, before.switches);
	ck_assert_int_ge(after.uptime_ns, 7000000);
	ck_assert_int_ge(after.uptime_ns - before.uptime_ns, 7000000);
	return 0;
}

START_TEST(test_stats_counters)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, stats_task, (void *)(uintptr_t)KERNEL_DEFAULT_STACK_SIZE);
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_size = 64 * 1024;
	tl_run_config(&config, stats_task, (void *)(uintptr_t)(64 * 1024));
}
END_TEST

static int stats_real_task(void *arg)
{
	(void)arg;
	struct kernel_stats stats;
	ck_assert_int_eq(sys_stats(&stats), 0);
	ck_assert_int_eq(stats.clock_virtual, 0);
	return 0;
}

START_TEST(test_stats_real_clock)
{
	tl_run(KERNEL_CLOCK_REAL, stats_real_task, NULL);
}
END_TEST

TCase *task_introspection_tcase(void)
{
	TCase *tc = tcase_create("introspection");
	tcase_add_test(tc, test_unknown_call_is_enosys);
	tcase_add_test(tc, test_syscall_names_and_status_text);
	tcase_add_test(tc, test_tasklist_contents_and_states);
	tcase_add_test(tc, test_tasklist_from_chunks);
	tcase_add_test(tc, test_tasklist_from_crosses_ended_tids);
	tcase_add_test(tc, test_stats_counters);
	tcase_add_test(tc, test_stats_real_clock);
	return tc;
}
