/*
 * check_pipe.c - Pipe and Dup2: a full pipe blocks its writer and an empty
 * one its reader, end of file after the last writer, -EPIPE and the
 * "broken pipe" ending, many writers, close while waited on, a task
 * killed in the middle of a pipeline, streams at spawn, and a load: the
 * prime sieve up to 10000 (1229 tasks in a chain), after which the
 * host's fd count is back where it was.
 */
#include "tests/testlib.h"
#include "userland/programs.h"
#include "userland/ulib.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BIG (256 * 1024) /* more than a host pipe holds (64 KiB) */

static int rfd, wfd;
static int rcs[8];
static int reached;
static int ready_sem;
static int fds_before;

/* ---- the calls themselves ---- */

static int basics_task(void *arg)
{
	(void)arg;
	int p[2];
	char buf[16];
	ck_assert_int_eq(sys_pipe(NULL), -EINVAL);
	ck_assert_int_eq(sys_pipe(p), 0);
	ck_assert_int_ne(p[0], p[1]);
	/* Both ends are the caller's. */
	ck_assert_int_eq(sys_fd_own(p[0]), -EEXIST);
	ck_assert_int_eq(sys_fd_own(p[1]), -EEXIST);
	ck_assert_int_eq(u_write_all(p[1], "hi", 2), 2);
	ck_assert_int_eq(u_read(p[0], buf, sizeof buf), 2);
	ck_assert_mem_eq(buf, "hi", 2);

	/* Streams: the console until Dup2 places an fd there. */
	for (int s = 0; s < 3; s++)
		ck_assert_int_eq(sys_stream_fd(s), -1);
	ck_assert_int_eq(sys_stream_fd(3), -EINVAL);
	ck_assert_int_eq(sys_dup2(p[1], 3), -EINVAL);
	ck_assert_int_eq(sys_dup2(p[1], -1), -EINVAL);
	ck_assert_int_eq(sys_dup2(9999, MINIOS_STDOUT), -EBADF);
	ck_assert_int_eq(sys_dup2(-5, MINIOS_STDOUT), -EBADF);
	int copy = sys_dup2(p[1], MINIOS_STDOUT);
	ck_assert_int_ge(copy, 3);
	ck_assert_int_ne(copy, p[1]);
	ck_assert_int_eq(sys_stream_fd(MINIOS_STDOUT), copy);
	ck_assert_int_eq(sys_fd_own(copy), -EEXIST);
	ck_assert_int_eq(u_stream_write(MINIOS_STDOUT, "x", 1), 1);
	ck_assert_int_eq(u_read(p[0], buf, sizeof buf), 1);
	ck_assert_int_eq(buf[0], 'x');
	/* Another Dup2 closes the copy it replaces. */
	int second = sys_dup2(p[1], MINIOS_STDOUT);
	ck_assert_int_ge(second, 3);
	ck_assert_int_eq(tl_fd_is_open(copy) && copy != second, 0);
	/* Closing the stream's fd puts the console back. */
	ck_assert_int_eq(sys_close(second), 0);
	ck_assert_int_eq(sys_stream_fd(MINIOS_STDOUT), -1);
	ck_assert_int_eq(u_stream_write(MINIOS_STDOUT, "to the console\n", 15), 15);
	ck_assert_int_ge(sys_dup2(p[0], MINIOS_STDIN), 3);
	ck_assert_int_eq(sys_dup2(-1, MINIOS_STDIN), 0);
	ck_assert_int_eq(sys_stream_fd(MINIOS_STDIN), -1);
	/* p[0] and p[1] stay open: the end of the task closes them. */
	reached = 1;
	return 0;
}

START_TEST(test_pipe_and_dup2_basics)
{
	fds_before = tl_count_open_fds();
	tl_run(KERNEL_CLOCK_VIRTUAL, basics_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert(tl_console_has_line("to the console"));
	ck_assert_int_eq(tl_count_open_fds(), fds_before);
}
END_TEST

/* ---- blocking ---- */

static int big_writer(void *arg)
{
	(void)arg;
	static char block[BIG];
	for (int i = 0; i < BIG; i++)
		block[i] = (char)(i % 251);
	rcs[0] = (int)u_write_all(wfd, block, BIG);
	return 0;
}

static int full_pipe_task(void *arg)
{
	(void)arg;
	int p[2];
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	wfd = p[1];
	int w = sys_newtask("writer", big_writer, NULL);
	ck_assert_int_eq(tl_wait_blocked(w, TASK_WAIT_PIPE_WRITE), 1);
	struct task_info info;
	char text[64];
	ck_assert(tl_task_info(w, &info));
	ck_assert_int_eq(info.wait_id, 1); /* the run's first pipe */
	task_wait_text(info.wait, info.wait_id, NULL, 0, text, sizeof text);
	ck_assert_str_eq(text, "pipe 1 write");
	static char got[BIG];
	size_t have = 0;
	while (have < BIG) {
		ssize_t n = u_read(rfd, got + have, BIG - have);
		ck_assert_int_gt(n, 0);
		have += (size_t)n;
	}
	/* One assertion for the whole block: Check's assertions are slow
	 * (each marks its place through a pipe), and BIG of them outlast the
	 * test's time limit under valgrind. */
	int bad = -1;
	for (int i = 0; i < BIG && bad < 0; i++)
		if (got[i] != (char)(i % 251))
			bad = i;
	ck_assert_msg(bad < 0, "byte %d of the block is wrong", bad);
	ck_assert_int_eq(sys_waittask(w, NULL), 0);
	ck_assert_int_eq(rcs[0], BIG);
	reached = 1;
	return 0;
}

START_TEST(test_full_pipe_blocks_the_writer_until_read)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, full_pipe_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int one_byte_reader(void *arg)
{
	(void)arg;
	char c = 0;
	rcs[0] = (int)u_read(rfd, &c, 1);
	rcs[1] = c;
	return 0;
}

static int empty_pipe_task(void *arg)
{
	(void)arg;
	int p[2];
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	int r = sys_newtask("reader", one_byte_reader, NULL);
	ck_assert_int_eq(tl_wait_blocked(r, TASK_WAIT_PIPE_READ), 1);
	ck_assert_int_eq(u_write_all(p[1], "z", 1), 1);
	ck_assert_int_eq(sys_waittask(r, NULL), 0);
	ck_assert_int_eq(rcs[0], 1);
	ck_assert_int_eq(rcs[1], 'z');
	reached = 1;
	return 0;
}

START_TEST(test_empty_pipe_blocks_the_reader_until_written)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, empty_pipe_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- end of file, many writers ---- */

#define LINES_PER_WRITER 500

static int line_writer(void *arg)
{
	int i = (int)(intptr_t)arg;
	ck_assert_int_ge(sys_dup2(wfd, MINIOS_STDOUT), 3);
	sys_sem_post(ready_sem);
	char line[8];
	memcpy(line, "writer0\n", 8);
	line[6] = (char)('0' + i);
	for (int n = 0; n < LINES_PER_WRITER; n++) {
		ck_assert_int_eq(u_stream_write(MINIOS_STDOUT, line, 8), 8);
		if (n % 50 == i)
			sys_yield();
	}
	return 0;
}

static int many_writers_task(void *arg)
{
	(void)arg;
	int p[2], counts[4] = {0};
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	wfd = p[1];
	ready_sem = sys_sem_create("ready", 0);
	for (intptr_t i = 0; i < 4; i++)
		ck_assert_int_gt(sys_newtask("writer", line_writer, (void *)i), 0);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(sys_sem_wait(ready_sem), 0);
	/* The writers have their own copies; once they end, nothing writes. */
	ck_assert_int_eq(sys_close(wfd), 0);
	char buf[4096];
	size_t pending = 0;
	char line[8];
	for (;;) {
		ssize_t n = u_read(rfd, buf, sizeof buf);
		ck_assert_int_ge(n, 0);
		if (n == 0)
			break;
		for (ssize_t k = 0; k < n; k++) {
			line[pending++] = buf[k];
			if (pending == 8) {
				/* writes of 8 bytes are atomic: no line is torn */
				ck_assert_mem_eq(line, "writer", 6);
				ck_assert_int_eq(line[7], '\n');
				counts[line[6] - '0']++;
				pending = 0;
			}
		}
	}
	ck_assert_int_eq(pending, 0);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(counts[i], LINES_PER_WRITER);
	reached = 1;
	return 0;
}

START_TEST(test_many_writers_then_end_of_file)
{
	fds_before = tl_count_open_fds();
	tl_run(KERNEL_CLOCK_VIRTUAL, many_writers_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert_int_eq(tl_count_open_fds(), fds_before);
}
END_TEST

/* ---- -EPIPE and the broken-pipe ending ---- */

static int stream_writer(void *arg)
{
	(void)arg;
	ck_assert_int_ge(sys_dup2(wfd, MINIOS_STDOUT), 3);
	sys_sem_post(ready_sem);
	static char block[4096];
	for (;;)
		u_stream_write(MINIOS_STDOUT, block, sizeof block);
	return 0; /* not reached: the broken pipe ends it */
}

static int epipe_task(void *arg)
{
	(void)arg;
	int p[2], status = -1;
	char buf[64];
	ck_assert_int_eq(sys_pipe(p), 0);
	ck_assert_int_eq(sys_close(p[0]), 0);
	ck_assert_int_eq(u_write_all(p[1], "x", 1), -EPIPE);
	ck_assert_int_eq(sys_close(p[1]), 0);

	/* A writer blocked on a full pipe whose reader then goes away. */
	ck_assert_int_eq(sys_pipe(p), 0);
	wfd = p[1];
	ready_sem = sys_sem_create("ready", 0);
	int w = sys_newtask("writer", stream_writer, NULL);
	ck_assert_int_eq(sys_sem_wait(ready_sem), 0);
	ck_assert_int_eq(sys_close(p[1]), 0);
	ck_assert_int_eq(tl_wait_blocked(w, TASK_WAIT_PIPE_WRITE), 1);
	ck_assert_int_eq(sys_close(p[0]), 0);
	ck_assert_int_eq(sys_waittask(w, &status), 0);
	ck_assert_int_eq(status, TASK_STATUS_BROKEN_PIPE);
	ck_assert(!TASK_EXITED(status) && !TASK_WAS_KILLED(status) && !TASK_WAS_FAULTED(status));
	ck_assert_str_eq(task_status_text(status, buf, sizeof buf), "broken pipe");
	reached = 1;
	return 0;
}

START_TEST(test_epipe_and_the_broken_pipe_status)
{
	fds_before = tl_count_open_fds();
	tl_run(KERNEL_CLOCK_VIRTUAL, epipe_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert_int_eq(tl_count_open_fds(), fds_before);
}
END_TEST

/* sys_exit keeps the broken-pipe status whole, and only it. */
static int exit_with(void *arg)
{
	sys_exit((int)(intptr_t)arg);
}

static int exit_status_task(void *arg)
{
	(void)arg;
	int status = -1;
	int t = sys_newtask("a", exit_with, (void *)(intptr_t)TASK_STATUS_BROKEN_PIPE);
	ck_assert_int_eq(sys_waittask(t, &status), 0);
	ck_assert_int_eq(status, TASK_STATUS_BROKEN_PIPE);
	t = sys_newtask("b", exit_with, (void *)(intptr_t)TASK_STATUS_KILLED);
	ck_assert_int_eq(sys_waittask(t, &status), 0);
	ck_assert_int_eq(status, 0);
	reached = 1;
	return 0;
}

START_TEST(test_exit_keeps_only_the_broken_pipe_status)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, exit_status_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- close while waited on ---- */

static int wait_read(void *arg)
{
	(void)arg;
	rcs[0] = sys_readwait(rfd);
	return 0;
}

static int wait_write(void *arg)
{
	(void)arg;
	rcs[1] = sys_writewait(wfd);
	return 0;
}

static int close_while_waited_task(void *arg)
{
	(void)arg;
	int p[2];
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	wfd = p[1];
	/* Fill the pipe so that a writer has to wait. */
	static char block[MINIOS_PIPE_CAPACITY];
	ck_assert_int_eq(u_write_all(wfd, block, sizeof block), sizeof block);
	ck_assert_int_eq(sys_pipe_try_write(wfd, block, 1), -EAGAIN);
	int r = sys_newtask("reader", wait_read, NULL);
	int w = sys_newtask("writer", wait_write, NULL);
	(void)r;
	ck_assert_int_eq(tl_wait_blocked(w, TASK_WAIT_PIPE_WRITE), 1);
	ck_assert_int_eq(sys_close(wfd), 0);
	tl_join(w);
	ck_assert_int_eq(rcs[1], -EBADF);

	/* An empty pipe: the reader waits; closing its fd wakes it. */
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	r = sys_newtask("reader", wait_read, NULL);
	ck_assert_int_eq(tl_wait_blocked(r, TASK_WAIT_PIPE_READ), 1);
	ck_assert_int_eq(sys_close(rfd), 0);
	tl_join(r);
	ck_assert_int_eq(rcs[0], -EBADF);
	reached = 1;
	return 0;
}

START_TEST(test_close_while_waited_on_is_ebadf)
{
	fds_before = tl_count_open_fds();
	tl_run(KERNEL_CLOCK_VIRTUAL, close_while_waited_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert_int_eq(tl_count_open_fds(), fds_before);
}
END_TEST

/* ---- a pipeline with a task killed in the middle ---- */

static int stage_fds[3][2]; /* stdin, stdout of each stage; -1: console */
static int sink_bytes, sink_eof;

static void take_streams(int stage)
{
	if (stage_fds[stage][0] >= 0)
		ck_assert_int_ge(sys_dup2(stage_fds[stage][0], MINIOS_STDIN), 3);
	if (stage_fds[stage][1] >= 0)
		ck_assert_int_ge(sys_dup2(stage_fds[stage][1], MINIOS_STDOUT), 3);
	sys_sem_post(ready_sem);
}

static int source(void *arg)
{
	(void)arg;
	take_streams(0);
	for (;;)
		u_stream_write(MINIOS_STDOUT, "data\n", 5);
	return 0; /* not reached: the broken pipe ends it */
}

static int relay(void *arg)
{
	(void)arg;
	take_streams(1);
	char buf[512];
	ssize_t n;
	while ((n = u_stream_read(buf, sizeof buf)) > 0)
		u_stream_write(MINIOS_STDOUT, buf, (size_t)n);
	return 0;
}

static int sink(void *arg)
{
	(void)arg;
	take_streams(2);
	char buf[512];
	ssize_t n;
	while ((n = u_stream_read(buf, sizeof buf)) > 0)
		sink_bytes += (int)n;
	sink_eof = n == 0;
	return 0;
}

static int kill_middle_task(void *arg)
{
	(void)arg;
	int a[2], b[2], status = -1;
	ck_assert_int_eq(sys_pipe(a), 0);
	ck_assert_int_eq(sys_pipe(b), 0);
	int streams[3][2] = {{-1, a[1]}, {a[0], b[1]}, {b[0], -1}};
	memcpy(stage_fds, streams, sizeof streams);
	ready_sem = sys_sem_create("ready", 0);
	int src = sys_newtask("source", source, NULL);
	int mid = sys_newtask("relay", relay, NULL);
	int snk = sys_newtask("sink", sink, NULL);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(sys_sem_wait(ready_sem), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(sys_close(a[i]), 0);
		ck_assert_int_eq(sys_close(b[i]), 0);
	}
	while (sink_bytes < 100000)
		sys_yield();
	ck_assert_int_eq(sys_killtask(mid), 0);
	ck_assert_int_eq(sys_waittask(snk, &status), 0);
	ck_assert_int_eq(status, 0);
	ck_assert_int_eq(sink_eof, 1);
	ck_assert_int_eq(sys_waittask(src, &status), 0);
	ck_assert_int_eq(status, TASK_STATUS_BROKEN_PIPE);
	reached = 1;
	return 0;
}

START_TEST(test_killing_the_middle_of_a_pipeline)
{
	fds_before = tl_count_open_fds();
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_middle_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert_int_eq(tl_count_open_fds(), fds_before);
}
END_TEST

/* ---- standard streams at spawn ---- */

static int streams_seen[3];
static int console_read;

static int print_and_look(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		streams_seen[i] = sys_stream_fd(i);
	char c;
	console_read = (int)(streams_seen[0] < 0 ? u_stream_read(&c, 1) : -1);
	uprintf("hello %d\n", 42);
	return 0;
}

static int count_tasks(void)
{
	return sys_tasklist(NULL, 0);
}

static int inherit_task(void *arg)
{
	(void)arg;
	int p[2], q[2];
	char buf[64];
	int fds = tl_count_open_fds();
	ck_assert_int_eq(sys_pipe(p), 0);
	/* Inherited: the child prints into the parent's stdout pipe. */
	ck_assert_int_ge(sys_dup2(p[1], MINIOS_STDOUT), 3);
	int c = sys_newtask("child", print_and_look, NULL);
	ck_assert_int_gt(c, 0);
	ck_assert_int_eq(sys_dup2(-1, MINIOS_STDOUT), 0);
	ck_assert_int_eq(sys_close(p[1]), 0);
	ck_assert_int_eq(sys_waittask(c, NULL), 0);
	ck_assert_int_ge(streams_seen[1], 3);
	ck_assert_int_eq(streams_seen[0], -1);
	ck_assert_int_eq(streams_seen[2], -1);
	ck_assert_int_eq(console_read, 0); /* console input: end of file */
	ssize_t n = u_read(p[0], buf, sizeof buf);
	ck_assert_int_eq(n, 9);
	ck_assert_mem_eq(buf, "hello 42\n", 9);
	ck_assert_int_eq(u_read(p[0], buf, sizeof buf), 0); /* its copy went with it */
	ck_assert_int_eq(sys_close(p[0]), 0);
	ck_assert(!tl_console_has_line("hello 42"));

	/* Chosen at spawn: stdin a pipe, stdout the console, stderr
	 * inherited (a pipe here). */
	ck_assert_int_eq(sys_pipe(p), 0);
	ck_assert_int_eq(sys_pipe(q), 0);
	ck_assert_int_ge(sys_dup2(q[1], MINIOS_STDERR), 3);
	struct task_spawn_attr a = {.flags = TASK_SET_STREAMS,
				    .streams = {p[0], TASK_STREAM_CONSOLE, TASK_STREAM_INHERIT}};
	c = sys_spawn_attr("child", print_and_look, NULL, &a);
	ck_assert_int_gt(c, 0);
	ck_assert_int_eq(sys_waittask(c, NULL), 0);
	ck_assert_int_ge(streams_seen[0], 3);
	ck_assert_int_ne(streams_seen[0], p[0]);
	ck_assert_int_eq(streams_seen[1], -1);
	ck_assert_int_ge(streams_seen[2], 3);
	ck_assert(tl_console_has_line("hello 42"));

	/* Bad attributes: an error, and no task. */
	int before = count_tasks();
	a = (struct task_spawn_attr){.flags = 0x80};
	ck_assert_int_eq(sys_spawn_attr("x", print_and_look, NULL, &a), -EINVAL);
	a = (struct task_spawn_attr){.flags = TASK_SET_STREAMS, .streams = {9999, -1, -1}};
	ck_assert_int_eq(sys_spawn_attr("x", print_and_look, NULL, &a), -EBADF);
	a = (struct task_spawn_attr){.flags = TASK_SET_STREAMS, .streams = {-1, -1, -7}};
	ck_assert_int_eq(sys_spawn_attr("x", print_and_look, NULL, &a), -EINVAL);
	ck_assert_int_eq(count_tasks(), before);
	/* NULL is a plain NewTask. */
	c = sys_spawn_attr("child", print_and_look, NULL, NULL);
	ck_assert_int_gt(c, 0);
	ck_assert_int_eq(sys_waittask(c, NULL), 0);
	ck_assert_int_ge(streams_seen[2], 3);

	ck_assert_int_eq(sys_dup2(-1, MINIOS_STDERR), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(sys_close(p[i]), 0);
		ck_assert_int_eq(sys_close(q[i]), 0);
	}
	ck_assert_int_eq(tl_count_open_fds(), fds);
	reached = 1;
	return 0;
}

START_TEST(test_streams_are_inherited_or_chosen_at_spawn)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, inherit_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- a pipeline's tasks in one group ---- */

static int sleep_long(void *arg)
{
	(void)arg;
	sys_sleep(1000000000);
	return 0;
}

static int group_task(void *arg)
{
	(void)arg;
	struct task_info info;
	int leader = sys_spawn("leader", sleep_long, NULL, TASK_NEW_GROUP);
	ck_assert_int_gt(leader, 0);
	struct task_spawn_attr a = {.flags = TASK_SET_GROUP, .pgid = leader};
	int member = sys_spawn_attr("member", sleep_long, NULL, &a);
	ck_assert_int_gt(member, 0);
	ck_assert(tl_task_info(member, &info));
	ck_assert_int_eq(info.pgid, leader);
	/* Not a group a child of the caller leads. */
	a.pgid = member;
	ck_assert_int_eq(sys_spawn_attr("x", sleep_long, NULL, &a), -ESRCH);
	a.pgid = 9999;
	ck_assert_int_eq(sys_spawn_attr("x", sleep_long, NULL, &a), -ESRCH);
	a.pgid = sys_gettid();
	ck_assert_int_eq(sys_spawn_attr("x", sleep_long, NULL, &a), -ESRCH);
	a = (struct task_spawn_attr){.flags = TASK_SET_GROUP | TASK_NEW_GROUP, .pgid = leader};
	ck_assert_int_eq(sys_spawn_attr("x", sleep_long, NULL, &a), -EINVAL);
	ck_assert_int_eq(sys_spawn("x", sleep_long, NULL, TASK_SET_GROUP), -EINVAL);
	ck_assert_int_eq(sys_spawn("x", sleep_long, NULL, TASK_SET_STREAMS), -EINVAL);
	/* Killing the group ends both. */
	int status = 0;
	ck_assert_int_eq(sys_killtask(-leader), 0);
	ck_assert_int_eq(sys_waittask(member, &status), 0);
	ck_assert_int_eq(status, TASK_STATUS_KILLED);
	reached = 1;
	return 0;
}

START_TEST(test_a_task_joins_the_group_of_its_sibling)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, group_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- a load: primes 10000, a chain of 1229 filter tasks ---- */

static int primes_lines, primes_last;

static int primes_load_task(void *arg)
{
	(void)arg;
	int p[2];
	ck_assert_int_eq(sys_pipe(p), 0);
	char name[] = "primes", limit[] = "10000";
	char *argv[] = {name, limit, NULL};
	ck_assert_int_ge(sys_dup2(p[1], MINIOS_STDOUT), 3);
	int tid = program_spawn(program_find("primes"), 2, argv);
	ck_assert_int_gt(tid, 0);
	ck_assert_int_eq(sys_dup2(-1, MINIOS_STDOUT), 0);
	ck_assert_int_eq(sys_close(p[1]), 0);
	struct u_line_reader *in = malloc(sizeof *in);
	char line[64];
	ssize_t n;
	u_line_reader_init(in, p[0]);
	while ((n = u_read_line(in, line, sizeof line)) >= 0) {
		primes_lines++;
		ck_assert_int_eq(sscanf(line, "prime %d", &primes_last), 1);
	}
	ck_assert_int_eq(n, -ENODATA);
	free(in);
	tl_join(tid);
	ck_assert_int_eq(sys_close(p[0]), 0);
	ck_assert_int_eq(sys_tasklist(NULL, 0), 1); /* only this task is left */
	return 0;
}

START_TEST(test_primes_10000_and_fds_back_to_baseline)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	fds_before = tl_count_open_fds();
	tl_run_config(&config, primes_load_task, NULL);
	ck_assert_int_eq(primes_lines, 1229);
	ck_assert_int_eq(primes_last, 9973);
	ck_assert_int_eq(tl_count_open_fds(), fds_before);
}
END_TEST

/* ---- pipes in the kernel: numbers, cost, waits, deadlock ---- */

#define ROUND_TRIPS 1000

static int ping_fds[2], pong_fds[2];

static int echo_back(void *arg)
{
	(void)arg;
	char c;
	while (u_read(ping_fds[0], &c, 1) == 1)
		ck_assert_int_eq(u_write_all(pong_fds[1], &c, 1), 1);
	return 0;
}

static int kernel_pipe_task(void *arg)
{
	(void)arg;
	int fds = tl_count_open_fds();
	char c = 'a';
	ck_assert_int_eq(sys_pipe(ping_fds), 0);
	ck_assert_int_eq(sys_pipe(pong_fds), 0);
	/* No host fd: the ends are numbers above every host fd. */
	ck_assert_int_eq(tl_count_open_fds(), fds);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_ge(ping_fds[i], MINIOS_PIPE_FD_BASE);
		ck_assert_int_ge(pong_fds[i], MINIOS_PIPE_FD_BASE);
	}
	ck_assert_int_eq(read(ping_fds[0], &c, 1), -1); /* the host does not know it */
	ck_assert_int_eq(errno, EBADF);
	/* The wrong direction, a number that is not open. */
	ck_assert_int_eq(sys_pipe_try_read(ping_fds[1], &c, 1), -EBADF);
	ck_assert_int_eq(sys_pipe_write(ping_fds[0], &c, 1), -EBADF);
	ck_assert_int_eq(sys_pipe_read(MINIOS_PIPE_FD_BASE + 999, &c, 1), -EBADF);
	ck_assert_int_eq(sys_pipe_read(3, &c, 1), -EBADF);
	ck_assert_int_eq(sys_close(MINIOS_PIPE_FD_BASE + 999), -EBADF);
	ck_assert_int_eq(sys_pipe_try_read(ping_fds[0], &c, 1), -EAGAIN);

	/* A one-byte round trip between two tasks is two traps. */
	int echo = sys_newtask("echo", echo_back, NULL);
	ck_assert(tl_wait_blocked(echo, TASK_WAIT_PIPE_READ));
	struct kernel_stats before, after;
	ck_assert_int_eq(sys_stats(&before), 0);
	for (int i = 0; i < ROUND_TRIPS; i++) {
		c = (char)i;
		ck_assert_int_eq(u_write_all(ping_fds[1], &c, 1), 1);
		ck_assert_int_eq(u_read(pong_fds[0], &c, 1), 1);
		ck_assert_int_eq(c, (char)i);
	}
	ck_assert_int_eq(sys_stats(&after), 0);
	uint64_t traps = after.traps - before.traps - 1; /* the second Stats */
	ck_assert_msg(traps <= 2 * ROUND_TRIPS + 2, "%llu traps for %d round trips",
		      (unsigned long long)traps, ROUND_TRIPS);
	ck_assert_int_eq(after.polls, before.polls);
	ck_assert_int_eq(sys_close(ping_fds[1]), 0);
	tl_join(echo);

	ck_assert_int_eq(sys_close(pong_fds[0]), 0);
	ck_assert_int_eq(sys_close(pong_fds[1]), 0);
	ck_assert_int_eq(sys_close(ping_fds[0]), 0);
	reached = 1;
	return 0;
}

START_TEST(test_a_pipe_is_the_kernels_and_a_round_trip_two_traps)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kernel_pipe_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int readiness_waiter(void *arg)
{
	int for_write = (int)(intptr_t)arg;
	rcs[for_write] = for_write ? sys_writewait(wfd) : sys_readwait(rfd);
	return 0;
}

static int readiness_task(void *arg)
{
	(void)arg;
	int p[2];
	char c;
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	wfd = p[1];
	ck_assert_int_eq(sys_writewait(wfd), 0); /* room: at once */
	rcs[0] = 1;
	int r = sys_newtask("readwait", readiness_waiter, (void *)0);
	ck_assert(tl_wait_blocked(r, TASK_WAIT_PIPE_READ));
	ck_assert_int_eq(u_write_all(wfd, "q", 1), 1);
	tl_join(r);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(sys_readwait(rfd), 0);  /* data: at once */
	ck_assert_int_eq(u_read(rfd, &c, 1), 1); /* still there for a read */
	ck_assert_int_eq(c, 'q');

	static char block[MINIOS_PIPE_CAPACITY];
	ck_assert_int_eq(u_write_all(wfd, block, sizeof block), sizeof block);
	rcs[1] = 1;
	int w = sys_newtask("writewait", readiness_waiter, (void *)1);
	ck_assert(tl_wait_blocked(w, TASK_WAIT_PIPE_WRITE));
	ck_assert_int_eq(u_read(rfd, &c, 1), 1);
	tl_join(w);
	ck_assert_int_eq(rcs[1], 0);
	/* No reader left: writable (a write will say -EPIPE). */
	ck_assert_int_eq(sys_close(rfd), 0);
	ck_assert_int_eq(sys_writewait(wfd), 0);
	ck_assert_int_eq(u_write_all(wfd, "x", 1), -EPIPE);
	reached = 1;
	return 0;
}

START_TEST(test_readwait_and_writewait_on_a_pipe)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, readiness_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* Two tasks, each reading a pipe only the other writes: nothing can wake
 * them, and the kernel says so. */
static int read_forever(void *arg)
{
	(void)arg;
	char c;
	u_read(rfd, &c, 1);
	reached = 1; /* not reached */
	return 0;
}

static int read_forever_too(void *arg)
{
	(void)arg;
	char c;
	u_read(wfd, &c, 1);
	reached = 1;
	return 0;
}

static int pipe_cycle_task(void *arg)
{
	(void)arg;
	int p[2], q[2];
	ck_assert_int_eq(sys_pipe(p), 0);
	ck_assert_int_eq(sys_pipe(q), 0);
	rfd = p[0];
	wfd = q[0];
	int a = sys_newtask("reads-p", read_forever, NULL);
	int b = sys_newtask("reads-q", read_forever_too, NULL);
	/* Each holds the write end the other waits on. */
	ck_assert_int_eq(sys_fd_give(p[0], a), 0);
	ck_assert_int_eq(sys_fd_give(q[1], a), 0);
	ck_assert_int_eq(sys_fd_give(q[0], b), 0);
	ck_assert_int_eq(sys_fd_give(p[1], b), 0);
	return 0;
}

START_TEST(test_tasks_blocked_on_pipes_in_a_cycle_are_a_deadlock)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("cycle", pipe_cycle_task, NULL);
	char *report = NULL;
	ck_assert_int_eq(kernel_run(&report), -EDEADLK);
	ck_assert_int_eq(reached, 0);
	ck_assert_ptr_nonnull(report);
	ck_assert_msg(strstr(report, "pipe 1 read") && strstr(report, "pipe 2 read"),
		      "the report names the pipes: [%s]", report);
	free(report);
	kernel_shutdown();
}
END_TEST

/* A notification cuts a blocked write short: it says how much went in. */
static int exit_soon(void *arg)
{
	(void)arg;
	tl_yield_n(3);
	return 0;
}

static int interrupted_write_task(void *arg)
{
	(void)arg;
	int p[2];
	static char big[2 * MINIOS_PIPE_CAPACITY];
	ck_assert_int_eq(sys_pipe(p), 0);
	ck_assert_int_eq(sys_notify(NOTIFY_CHILD), 0);
	ck_assert_int_gt(sys_newtask("child", exit_soon, NULL), 0);
	ck_assert_int_eq(sys_pipe_write(p[1], big, sizeof big), MINIOS_PIPE_CAPACITY);
	int tid, status;
	ck_assert_int_eq(sys_waitchild(&tid, &status, 0), 0);
	ck_assert_int_eq(sys_pipe_read(p[0], big, sizeof big), MINIOS_PIPE_CAPACITY);
	/* A reader waiting on the empty pipe is cut short too. */
	ck_assert_int_gt(sys_newtask("child", exit_soon, NULL), 0);
	ck_assert_int_eq(sys_pipe_read(p[0], big, 1), -EINTR);
	reached = 1;
	return 0;
}

START_TEST(test_a_notification_cuts_a_pipe_wait_short)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, interrupted_write_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

#ifdef MINIOS_CONTEXT_ASM /* the ucontext build has no compact stacks */
/* Compact stacks: a waiter's buffer on the shared stack is not the
 * kernel's to touch while another task runs there; the bytes still
 * arrive, in order. */
#define COMPACT_BYTES (3 * MINIOS_PIPE_CAPACITY + 123)

static int stack_writer(void *arg)
{
	(void)arg;
	char block[1000];
	for (int sent = 0; sent < COMPACT_BYTES; sent += (int)sizeof block) {
		int n = COMPACT_BYTES - sent < (int)sizeof block ? COMPACT_BYTES - sent
								 : (int)sizeof block;
		for (int i = 0; i < n; i++)
			block[i] = (char)((sent + i) % 251);
		ck_assert_int_eq(u_write_all(wfd, block, (size_t)n), n);
	}
	ck_assert_int_eq(sys_close(wfd), 0);
	return 0;
}

static int compact_task(void *arg)
{
	(void)arg;
	int p[2];
	char buf[700];
	ck_assert_int_eq(sys_pipe(p), 0);
	rfd = p[0];
	wfd = p[1];
	int w = sys_newtask("writer", stack_writer, NULL);
	ck_assert_int_eq(sys_fd_give(wfd, w), 0);
	int got = 0;
	ssize_t n;
	while ((n = u_read(rfd, buf, sizeof buf)) > 0) {
		ssize_t bad = -1; /* one assertion per read: see full_pipe_task */
		for (ssize_t i = 0; i < n && bad < 0; i++)
			if (buf[i] != (char)((got + i) % 251))
				bad = i;
		ck_assert_msg(bad < 0, "byte %zd of the stream is wrong", got + bad);
		got += (int)n;
	}
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(got, COMPACT_BYTES);
	tl_join(w);
	reached = 1;
	return 0;
}
#endif

START_TEST(test_pipes_with_compact_stacks)
{
#ifdef MINIOS_CONTEXT_ASM /* the ucontext build has no compact stacks */
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_mode = KERNEL_STACK_COMPACT;
	tl_run_config(&config, compact_task, NULL);
	ck_assert_int_eq(reached, 1);
#endif
}
END_TEST

static Suite *pipe_suite(void)
{
	Suite *s = suite_create("pipe");
	TCase *tc = tcase_create("calls");
	tcase_add_test(tc, test_pipe_and_dup2_basics);
	tcase_add_test(tc, test_a_pipe_is_the_kernels_and_a_round_trip_two_traps);
	tcase_add_test(tc, test_readwait_and_writewait_on_a_pipe);
	tcase_add_test(tc, test_tasks_blocked_on_pipes_in_a_cycle_are_a_deadlock);
	tcase_add_test(tc, test_pipes_with_compact_stacks);
	tcase_add_test(tc, test_a_notification_cuts_a_pipe_wait_short);
	tcase_add_test(tc, test_exit_keeps_only_the_broken_pipe_status);
	tcase_add_test(tc, test_streams_are_inherited_or_chosen_at_spawn);
	tcase_add_test(tc, test_a_task_joins_the_group_of_its_sibling);
	suite_add_tcase(s, tc);

	tc = tcase_create("blocking");
	tcase_add_test(tc, test_full_pipe_blocks_the_writer_until_read);
	tcase_add_test(tc, test_empty_pipe_blocks_the_reader_until_written);
	tcase_add_test(tc, test_close_while_waited_on_is_ebadf);
	suite_add_tcase(s, tc);

	tc = tcase_create("ends");
	tcase_add_test(tc, test_many_writers_then_end_of_file);
	tcase_add_test(tc, test_epipe_and_the_broken_pipe_status);
	tcase_add_test(tc, test_killing_the_middle_of_a_pipeline);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_primes_10000_and_fds_back_to_baseline);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/* As the minios program does: a write with no reader is -EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	return tl_main(pipe_suite());
}
