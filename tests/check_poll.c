/*
 * check_poll.c - ReadWait, WriteWait, fd ownership and sys_close, on pipes,
 * socketpairs and regular files.  Every test runs under both pollers: the
 * loop index of tcase_add_loop_test is the poller (0 epoll, 1 poll).
 */
#include "tests/testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fds[2];
static int rcs[8];
static int woken[8];
static int reached;

static void run_with_poller(int poller, task_entry_fn fn)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_REAL);
	config.poller = poller == 0 ? KERNEL_POLLER_EPOLL : KERNEL_POLLER_POLL;
	tl_run_config(&config, fn, NULL);
}

static void set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	ck_assert_int_ge(flags, 0);
	ck_assert_int_eq(fcntl(fd, F_SETFL, flags | O_NONBLOCK), 0);
}

/* Writes into fd until it would block; returns the bytes written. */
static size_t fill(int fd)
{
	static char junk[4096];
	size_t total = 0;
	set_nonblocking(fd);
	for (;;) {
		ssize_t n = write(fd, junk, sizeof junk);
		if (n < 0) {
			ck_assert_int_eq(errno, EAGAIN);
			break;
		}
		total += (size_t)n;
	}
	/* A last small write, for pipes with room for less than 4 KiB. */
	while (write(fd, junk, 1) == 1)
		total++;
	return total;
}

static void drain(int fd, size_t bytes)
{
	static char junk[4096];
	set_nonblocking(fd);
	while (bytes > 0) {
		ssize_t n = read(fd, junk, bytes < sizeof junk ? bytes : sizeof junk);
		ck_assert_int_gt(n, 0);
		bytes -= (size_t)n;
	}
}

static int reader(void *arg)
{
	int i = (int)(intptr_t)arg;
	rcs[i] = sys_readwait(fds[0]);
	woken[i] = 1;
	tl_log_push(i);
	return 0;
}

static int writer(void *arg)
{
	int i = (int)(intptr_t)arg;
	rcs[i] = sys_writewait(fds[1]);
	woken[i] = 1;
	tl_log_push(i);
	return 0;
}

static void reset(void)
{
	for (int i = 0; i < 8; i++) {
		rcs[i] = 1;
		woken[i] = 0;
	}
	tl_log_clear();
}

/* ---- ReadWait ---- */

static int readwait_wakes_on_data(void *arg)
{
	int socket = arg != NULL;
	reset();
	if (socket)
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	else
		ck_assert_int_eq(pipe(fds), 0);
	int tid = sys_newtask("reader", reader, (void *)0);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_READ));
	struct task_info info;
	ck_assert(tl_task_info(tid, &info));
	ck_assert_int_eq(info.wait_id, fds[0]);
	tl_yield_n(10);
	ck_assert_int_eq(sys_sleep(2000000), 0);
	ck_assert_int_eq(woken[0], 0);
	ck_assert_int_eq(write(fds[1], "hello", 5), 5);
	tl_join(tid);
	ck_assert_int_eq(woken[0], 1);
	ck_assert_int_eq(rcs[0], 0);
	char buf[8];
	ck_assert_int_eq(read(fds[0], buf, sizeof buf), 5);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

static int readwait_pipe(void *arg)
{
	(void)arg;
	return readwait_wakes_on_data(NULL);
}

static int readwait_socketpair(void *arg)
{
	(void)arg;
	return readwait_wakes_on_data((void *)1);
}

START_TEST(test_readwait_pipe)
{
	run_with_poller(_i, readwait_pipe);
}
END_TEST

START_TEST(test_readwait_socketpair)
{
	run_with_poller(_i, readwait_socketpair);
}
END_TEST

/* Data already there: ReadWait returns at once (after its turn), however
 * often it is asked - readiness is a level, not an edge.  A watchdog turns
 * a hang into a clear failure: if ReadWait is still blocked after 300 ms
 * it notes that and writes more data to free it. */
static int hung;

static int watchdog(void *arg)
{
	(void)arg;
	sys_sleep(300000000);
	if (!reached) {
		hung = 1;
		ck_assert_int_eq(write(fds[1], "w", 1), 1);
	}
	return 0;
}

static int readwait_ready(void *arg)
{
	(void)arg;
	ck_assert_int_eq(pipe(fds), 0);
	sys_newtask("watchdog", watchdog, NULL);
	ck_assert_int_eq(write(fds[1], "x", 1), 1);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(sys_readwait(fds[0]), 0);
		ck_assert_msg(!hung, "ReadWait number %d blocked on a readable pipe", i + 1);
	}
	ck_assert_int_eq(sys_writewait(fds[1]), 0);
	ck_assert_int_eq(sys_writewait(fds[1]), 0);
	ck_assert_msg(!hung, "WriteWait blocked on a writable pipe");
	reached = 1;
	return 0;
}

START_TEST(test_readwait_ready_at_once)
{
	run_with_poller(_i, readwait_ready);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* EOF (the write end closed) is readable too. */
static int readwait_eof(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	int tid = sys_newtask("reader", reader, (void *)0);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_READ));
	close(fds[1]);
	tl_join(tid);
	ck_assert_int_eq(rcs[0], 0);
	close(fds[0]);
	return 0;
}

START_TEST(test_readwait_wakes_on_eof)
{
	run_with_poller(_i, readwait_eof);
}
END_TEST

static int many_readers(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	int tids[6];
	for (int i = 0; i < 6; i++)
		tids[i] = sys_newtask("reader", reader, (void *)(intptr_t)i);
	for (int i = 0; i < 6; i++)
		ck_assert(tl_wait_blocked(tids[i], TASK_WAIT_READ));
	tl_yield_n(5);
	ck_assert_int_eq(tl_log_len, 0);
	ck_assert_int_eq(write(fds[1], "x", 1), 1);
	for (int i = 0; i < 6; i++)
		tl_join(tids[i]);
	for (int i = 0; i < 6; i++)
		ck_assert_msg(rcs[i] == 0 && woken[i], "reader %d: rc %d", i, rcs[i]);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

START_TEST(test_many_readers_on_one_fd)
{
	run_with_poller(_i, many_readers);
}
END_TEST

/* ---- WriteWait ---- */

static int many_writers(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	size_t filled = fill(fds[1]);
	ck_assert_uint_gt(filled, 0);
	int tids[5];
	for (int i = 0; i < 5; i++)
		tids[i] = sys_newtask("writer", writer, (void *)(intptr_t)i);
	for (int i = 0; i < 5; i++)
		ck_assert(tl_wait_blocked(tids[i], TASK_WAIT_WRITE));
	ck_assert_int_eq(sys_sleep(2000000), 0);
	ck_assert_int_eq(tl_log_len, 0);
	drain(fds[0], filled);
	for (int i = 0; i < 5; i++)
		tl_join(tids[i]);
	for (int i = 0; i < 5; i++)
		ck_assert_msg(rcs[i] == 0 && woken[i], "writer %d: rc %d", i, rcs[i]);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

START_TEST(test_many_writers_on_one_fd)
{
	run_with_poller(_i, many_writers);
}
END_TEST

/* One fd waited on for reading and for writing at once. */
static int both_directions(void *arg)
{
	(void)arg;
	reset();
	int pair[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	/* Both reader and writer use fds[0]/fds[1]: make both the same end. */
	fds[0] = fds[1] = pair[0];
	size_t filled = fill(pair[0]);
	int r = sys_newtask("reader", reader, (void *)0);
	int w = sys_newtask("writer", writer, (void *)1);
	ck_assert(tl_wait_blocked(r, TASK_WAIT_READ));
	ck_assert(tl_wait_blocked(w, TASK_WAIT_WRITE));
	/* Readable first: only the reader wakes. */
	ck_assert_int_eq(write(pair[1], "x", 1), 1);
	tl_join(r);
	ck_assert_int_eq(rcs[0], 0);
	tl_yield_n(5);
	ck_assert_int_eq(sys_sleep(2000000), 0);
	ck_assert_int_eq(woken[1], 0);
	ck_assert(tl_wait_blocked(w, TASK_WAIT_WRITE));
	/* Then writable: the writer wakes. */
	drain(pair[1], filled);
	tl_join(w);
	ck_assert_int_eq(rcs[1], 0);
	close(pair[0]);
	close(pair[1]);
	return 0;
}

START_TEST(test_read_and_write_waiters_on_one_fd)
{
	run_with_poller(_i, both_directions);
}
END_TEST

/* ---- sys_close ---- */

static int close_while_waited(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	int tids[3];
	for (int i = 0; i < 3; i++)
		tids[i] = sys_newtask("reader", reader, (void *)(intptr_t)i);
	for (int i = 0; i < 3; i++)
		ck_assert(tl_wait_blocked(tids[i], TASK_WAIT_READ));
	int closed = fds[0];
	ck_assert_int_eq(sys_close(closed), 0);
	for (int i = 0; i < 3; i++)
		tl_join(tids[i]);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(rcs[i], -EBADF);
	ck_assert(!tl_fd_is_open(closed));
	ck_assert_int_eq(sys_close(closed), -EBADF);

	/* The number comes back with a new pipe: it must work as new. */
	int again[2];
	ck_assert_int_eq(pipe(again), 0);
	fds[0] = again[0];
	fds[1] = again[1];
	reset();
	int tid = sys_newtask("reader", reader, (void *)0);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_READ));
	ck_assert_int_eq(write(again[1], "y", 1), 1);
	tl_join(tid);
	ck_assert_int_eq(rcs[0], 0);
	close(again[0]);
	close(again[1]);
	return 0;
}

START_TEST(test_close_while_waited_is_ebadf)
{
	run_with_poller(_i, close_while_waited);
}
END_TEST

/* The writer of a full pipe is woken with -EBADF by sys_close too. */
static int close_writer_while_waited(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	fill(fds[1]);
	int tid = sys_newtask("writer", writer, (void *)0);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_WRITE));
	ck_assert_int_eq(sys_close(fds[1]), 0);
	tl_join(tid);
	ck_assert_int_eq(rcs[0], -EBADF);
	close(fds[0]);
	return 0;
}

START_TEST(test_close_writer_while_waited_is_ebadf)
{
	run_with_poller(_i, close_writer_while_waited);
}
END_TEST

/* ---- regular files and bad fds ---- */

static int regular_file(void *arg)
{
	(void)arg;
	char path[] = "/tmp/minios-check-poll-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(sys_readwait(fd), 0);
	ck_assert_int_eq(sys_writewait(fd), 0);
	ck_assert_int_eq(write(fd, "abc", 3), 3);
	ck_assert_int_eq(sys_readwait(fd), 0);
	close(fd);
	reached = 1;
	return 0;
}

START_TEST(test_regular_file_is_ready_at_once)
{
	run_with_poller(_i, regular_file);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int bad_fds(void *arg)
{
	(void)arg;
	int unused = 900;
	ck_assert(!tl_fd_is_open(unused));
	ck_assert_int_eq(sys_readwait(-1), -EBADF);
	ck_assert_int_eq(sys_writewait(-1), -EBADF);
	ck_assert_int_eq(sys_readwait(unused), -EBADF);
	ck_assert_int_eq(sys_writewait(unused), -EBADF);
	ck_assert_int_eq(sys_close(unused), -EBADF);
	ck_assert_int_eq(sys_close(-1), -EBADF);
	ck_assert_int_eq(sys_fd_own(unused), -EBADF);
	ck_assert_int_eq(sys_fd_own(-1), -EBADF);
	reached = 1;
	return 0;
}

START_TEST(test_bad_fd_is_ebadf)
{
	run_with_poller(_i, bad_fds);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- fd ownership ---- */

static int owner(void *arg)
{
	int mode = (int)(intptr_t)arg;
	rcs[0] = sys_fd_own(fds[0]);
	rcs[1] = sys_fd_own(fds[0]); /* already ours */
	if (mode == 1)
		sys_readwait(fds[0]); /* killed while waiting */
	sys_yield();
	return 0;
}

static int other_owner(void *arg)
{
	(void)arg;
	rcs[2] = sys_fd_own(fds[0]);
	return 0;
}

static int ownership(void *arg)
{
	(void)arg;
	for (int mode = 0; mode < 2; mode++) {
		reset();
		ck_assert_int_eq(pipe(fds), 0);
		int tid = sys_newtask("owner", owner, (void *)(intptr_t)mode);
		int other = sys_newtask("other", other_owner, NULL);
		if (mode == 1) {
			ck_assert(tl_wait_blocked(tid, TASK_WAIT_READ));
			ck_assert_int_eq(sys_killtask(tid), 0);
		}
		sys_waittask(tid, NULL);
		sys_waittask(other, NULL);
		tl_yield_n(3);
		ck_assert_int_eq(rcs[0], 0);
		ck_assert_int_eq(rcs[1], -EEXIST);
		ck_assert_int_eq(rcs[2], -EEXIST);
		ck_assert_msg(!tl_fd_is_open(fds[0]), "fd owned by a task that %s is still open",
			      mode ? "was killed" : "ended");
		close(fds[1]);
	}
	/* Closing an owned fd with sys_close ends ownership: the number can
	 * be owned again after it is reused. */
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(sys_fd_own(fds[0]), 0);
	int number = fds[0], first_write_end = fds[1];
	ck_assert_int_eq(sys_close(fds[0]), 0);
	ck_assert_int_eq(pipe(fds), 0);
	close(first_write_end);
	ck_assert_int_eq(fds[0], number);
	ck_assert_int_eq(sys_fd_own(fds[0]), 0);
	ck_assert_int_eq(sys_close(fds[0]), 0);
	close(fds[1]);
	return 0;
}

/* sys_fd_give: the receiver owns the fd from then on. */
static int give_gate;

static int receiver(void *arg)
{
	(void)arg;
	sys_sem_wait(give_gate); /* stay alive until the fd is ours */
	return 0;
}

static int giving(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	give_gate = sys_sem_create("gate", 0);
	int tid = sys_newtask("receiver", receiver, NULL);
	ck_assert_int_eq(sys_fd_give(fds[0], tid), -EBADF); /* not ours yet */
	ck_assert_int_eq(sys_fd_own(fds[0]), 0);
	ck_assert_int_eq(sys_fd_give(fds[0], 99999), -ESRCH);
	ck_assert_int_eq(sys_fd_give(fds[0], tid), 0);
	ck_assert_int_eq(sys_fd_give(fds[0], tid), -EBADF); /* not ours any more */
	ck_assert_int_eq(sys_fd_own(fds[0]), -EEXIST);
	ck_assert(tl_fd_is_open(fds[0]));
	sys_sem_post(give_gate);
	sys_waittask(tid, NULL);
	/* The receiver ended, so the fd it was given is closed. */
	ck_assert(!tl_fd_is_open(fds[0]));
	close(fds[1]);
	return 0;
}

START_TEST(test_fd_give)
{
	int before = tl_count_open_fds();
	run_with_poller(_i, giving);
	ck_assert_int_eq(tl_count_open_fds(), before);
}
END_TEST

/* sys_spawn_fds: the fds move with the creation of the task, so a task
 * that closes its fd at once and ends leaves its parent nothing to hand
 * or close; and the number, reused by another task's open, is not the
 * parent's to close. */
static int closer(void *arg)
{
	int fd = (int)(intptr_t)arg;
	/* Its first instruction: the fd is its own already. */
	rcs[0] = sys_fd_give(fd, sys_gettid()); /* 0: ours (giving to oneself) */
	rcs[1] = sys_close(fd);
	return 0;
}

static int opener(void *arg)
{
	(void)arg;
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(sys_fd_own(p[0]), 0);
	rcs[2] = p[0];
	fds[1] = p[1];
	sys_sem_wait(give_gate); /* keeps its fd until the parent is done */
	sys_close(p[0]);
	close(p[1]);
	return 0;
}

/* Given an fd and a standard stream at once (sys_spawn_attr). */
static int given_and_streamed(void *arg)
{
	int fd = (int)(intptr_t)arg;
	rcs[0] = sys_fd_give(fd, sys_gettid()); /* 0: ours from the start */
	rcs[1] = sys_stream_fd(MINIOS_STDOUT);
	rcs[2] = sys_close(fd);
	return 0;
}

static int spawning_with_fds(void *arg)
{
	(void)arg;
	reset();
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	give_gate = sys_sem_create("gate", 0);
	/* Errors move nothing and make nothing. */
	int alive = sys_tasklist(NULL, 0);
	ck_assert_int_eq(sys_spawn_fds("c", closer, NULL, 0, &p[0], 1), -EBADF); /* not ours */
	ck_assert_int_eq(sys_fd_own(p[0]), 0);
	int two[2] = {p[0], p[0]};
	ck_assert_int_eq(sys_spawn_fds("c", closer, NULL, 0, two, 2), -EINVAL);
	ck_assert_int_eq(sys_spawn_fds("c", closer, NULL, 0, two, -1), -EINVAL);
	ck_assert_int_eq(sys_spawn_fds("c", closer, NULL, 0, two, SPAWN_FDS_MAX + 1), -EINVAL);
	ck_assert_int_eq(sys_spawn_fds("c", closer, NULL, 8, &p[0], 1), -EINVAL);
	ck_assert_int_eq(sys_tasklist(NULL, 0), alive);
	ck_assert_int_eq(sys_fd_give(p[0], sys_gettid()), 0); /* still ours */

	/* The race: the child runs before we resume, closes the fd and ends;
	 * another task opens a file and gets the same number. */
	int number = p[0];
	close(p[1]);
	int tid = sys_spawn_fds("closer", closer, (void *)(intptr_t)number, 0, &number, 1);
	ck_assert_int_gt(tid, 0);
	sys_waittask(tid, NULL);
	int stranger = sys_newtask("opener", opener, NULL);
	tl_yield_n(2);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(rcs[2], number);
	/* What the servers' error path did: give, then close the number. */
	ck_assert_int_eq(sys_fd_give(number, tid), -EBADF);
	ck_assert_int_eq(sys_close(number), -EBADF);
	ck_assert_msg(tl_fd_is_open(number), "the parent closed another task's fd");
	sys_sem_post(give_gate);
	sys_waittask(stranger, NULL);

	/* A child killed before it runs still closes what it was given. */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(sys_fd_own(p[0]), 0);
	tid = sys_spawn_fds("receiver", receiver, NULL, 0, &p[0], 1);
	ck_assert_int_gt(tid, 0);
	ck_assert_int_eq(sys_fd_give(p[0], tid), -EBADF); /* not ours any more */
	ck_assert_int_eq(sys_killtask(tid), 0);
	ck_assert(!tl_fd_is_open(p[0]));
	close(p[1]);

	/* The fds to give ride in struct task_spawn_attr, beside streams:
	 * one spawn path, and flags that do not clash. */
	ck_assert_uint_eq(TASK_GIVE_FDS & (TASK_OWNS_ARG | TASK_NEW_GROUP | TASK_SET_STREAMS |
					   TASK_SET_GROUP | TASK_SHARES_ARG),
			  0);
	ck_assert_uint_eq(TASK_SHARES_ARG & (TASK_OWNS_ARG | TASK_NEW_GROUP | TASK_SET_STREAMS |
					     TASK_SET_GROUP),
			  0);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(sys_fd_own(p[0]), 0);
	struct task_spawn_attr attr = {.flags = TASK_GIVE_FDS, .nfds = 1}; /* fds NULL */
	ck_assert_int_eq(sys_spawn_attr("g", given_and_streamed, NULL, &attr), -EINVAL);
	attr.flags = TASK_GIVE_FDS | TASK_SET_STREAMS;
	attr.fds = &p[0];
	attr.streams[MINIOS_STDIN] = TASK_STREAM_CONSOLE;
	attr.streams[MINIOS_STDOUT] = p[1];
	attr.streams[MINIOS_STDERR] = TASK_STREAM_CONSOLE;
	rcs[0] = rcs[1] = rcs[2] = -1;
	tid = sys_spawn_attr("g", given_and_streamed, (void *)(intptr_t)p[0], &attr);
	ck_assert_int_gt(tid, 0);
	ck_assert_int_eq(sys_fd_give(p[0], tid), -EBADF); /* the child's */
	sys_waittask(tid, NULL);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_ge(rcs[1], 3); /* its own copy of p[1] */
	ck_assert_int_eq(rcs[2], 0);
	close(p[1]);
	sys_sem_destroy(give_gate);
	return 0;
}

START_TEST(test_spawn_fds)
{
	int before = tl_count_open_fds();
	run_with_poller(_i, spawning_with_fds);
	ck_assert_int_eq(tl_count_open_fds(), before);
}
END_TEST

START_TEST(test_fd_ownership)
{
	int before = tl_count_open_fds();
	run_with_poller(_i, ownership);
	ck_assert_int_eq(tl_count_open_fds(), before);
}
END_TEST

/* ---- fairness: busy tasks do not starve I/O ---- */

static int spinner(void *arg)
{
	(void)arg;
	ck_assert_int_eq(write(fds[1], "z", 1), 1);
	int spins = 0;
	while (!woken[0] && spins < 100000) {
		sys_yield();
		spins++;
	}
	rcs[1] = spins;
	return 0;
}

static int busy_and_io(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	int r = sys_newtask("reader", reader, (void *)0);
	ck_assert(tl_wait_blocked(r, TASK_WAIT_READ));
	int s1 = sys_newtask("spinner", spinner, NULL);
	int s2 = sys_newtask("spinner", spinner, NULL);
	sys_waittask(r, NULL);
	sys_waittask(s1, NULL);
	sys_waittask(s2, NULL);
	ck_assert_int_eq(woken[0], 1);
	ck_assert_msg(rcs[1] < 1000, "the reader woke only after %d yields of a busy task", rcs[1]);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

START_TEST(test_busy_tasks_do_not_starve_io)
{
	run_with_poller(_i, busy_and_io);
}
END_TEST

/* Under the virtual clock, I/O works too. */
static int virtual_io(void *arg)
{
	(void)arg;
	reset();
	ck_assert_int_eq(pipe(fds), 0);
	int r = sys_newtask("reader", reader, (void *)0);
	ck_assert(tl_wait_blocked(r, TASK_WAIT_READ));
	ck_assert_int_eq(write(fds[1], "v", 1), 1);
	tl_join(r);
	ck_assert_int_eq(rcs[0], 0);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

START_TEST(test_io_under_virtual_clock)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.poller = _i == 0 ? KERNEL_POLLER_EPOLL : KERNEL_POLLER_POLL;
	tl_run_config(&config, virtual_io, NULL);
}
END_TEST

/* An fd closed with plain close(2) loses its epoll registration; when its
 * number comes back as another file, a wait on it must still wake. */
static int late_writer(void *arg)
{
	int fd = (int)(intptr_t)arg;
	sys_sleep(10 * 1000000);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	return 0;
}

static int reused_number_task(void *arg)
{
	(void)arg;
	int p[2], q[2];
	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	ck_assert_int_eq(write(p[1], "a", 1), 1);
	ck_assert_int_eq(sys_readwait(p[0]), 0);
	close(p[0]); /* behind the kernel's back */
	close(p[1]);
	ck_assert_int_eq(pipe2(q, O_NONBLOCK), 0);
	ck_assert_int_eq(q[0], p[0]); /* the same number, another pipe */
	int writer = sys_newtask("writer", late_writer, (void *)(intptr_t)q[1]);
	ck_assert_int_eq(sys_readwait(q[0]), 0);
	char c;
	ck_assert_int_eq(read(q[0], &c, 1), 1);
	tl_join(writer);
	close(q[0]);
	close(q[1]);
	return 0;
}

START_TEST(test_reused_fd_number_still_wakes)
{
	run_with_poller(_i, reused_number_task);
}
END_TEST

/* The kernel's own fds (its poller's, its interrupt pipe) are off limits. */
static int open_before_boot[1024];

static int kernel_fds_task(void *arg)
{
	(void)arg;
	int found = 0;
	for (int fd = 3; fd < 1024; fd++) {
		if (!tl_fd_is_open(fd) || open_before_boot[fd])
			continue;
		found++;
		ck_assert_int_eq(sys_close(fd), -EBADF);
		ck_assert_int_eq(sys_fd_own(fd), -EBADF);
		ck_assert_int_eq(sys_readwait(fd), -EBADF);
		ck_assert_int_eq(sys_writewait(fd), -EBADF);
		ck_assert(tl_fd_is_open(fd));
	}
	ck_assert_int_ge(found, 2); /* at least the interrupt pipe */
	return 0;
}

START_TEST(test_kernel_fds_are_off_limits)
{
	for (int fd = 0; fd < 1024; fd++)
		open_before_boot[fd] = tl_fd_is_open(fd);
	run_with_poller(_i, kernel_fds_task);
}
END_TEST

/* End of file is ready for good: a wait after EOF was seen - even the
 * _again kind, which trusts that the caller just found nothing - returns
 * at once, though an edge-triggered poller reports EOF only once. */
static int eof_task(void *arg)
{
	(void)arg;
	int sv[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	ck_assert_int_eq(write(sv[1], "abc", 3), 3);
	ck_assert_int_eq(shutdown(sv[1], SHUT_WR), 0);
	ck_assert_int_eq(sys_readwait(sv[0]), 0);
	sys_sleep(1000000); /* let the poller see the fd's one edge */
	char buf[16];
	ck_assert_int_eq(read(sv[0], buf, sizeof buf), 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(sys_readwait_again(sv[0]), 0);
		ck_assert_int_eq(read(sv[0], buf, sizeof buf), 0);
	}
	close(sv[0]);
	close(sv[1]);
	return 0;
}

START_TEST(test_end_of_file_stays_ready)
{
	run_with_poller(_i, eof_task);
}
END_TEST

static Suite *poll_suite(void)
{
	Suite *s = suite_create("poll");
	TCase *tc = tcase_create("readwait");
	tcase_add_loop_test(tc, test_readwait_pipe, 0, 2);
	tcase_add_loop_test(tc, test_readwait_socketpair, 0, 2);
	tcase_add_loop_test(tc, test_readwait_ready_at_once, 0, 2);
	tcase_add_loop_test(tc, test_readwait_wakes_on_eof, 0, 2);
	tcase_add_loop_test(tc, test_many_readers_on_one_fd, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("writewait");
	tcase_add_loop_test(tc, test_many_writers_on_one_fd, 0, 2);
	tcase_add_loop_test(tc, test_read_and_write_waiters_on_one_fd, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("close");
	tcase_add_loop_test(tc, test_close_while_waited_is_ebadf, 0, 2);
	tcase_add_loop_test(tc, test_close_writer_while_waited_is_ebadf, 0, 2);
	tcase_add_loop_test(tc, test_regular_file_is_ready_at_once, 0, 2);
	tcase_add_loop_test(tc, test_bad_fd_is_ebadf, 0, 2);
	tcase_add_loop_test(tc, test_fd_ownership, 0, 2);
	tcase_add_loop_test(tc, test_fd_give, 0, 2);
	tcase_add_loop_test(tc, test_spawn_fds, 0, 2);
	tcase_add_loop_test(tc, test_reused_fd_number_still_wakes, 0, 2);
	tcase_add_loop_test(tc, test_end_of_file_stays_ready, 0, 2);
	tcase_add_loop_test(tc, test_kernel_fds_are_off_limits, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("scheduling");
	tcase_add_loop_test(tc, test_busy_tasks_do_not_starve_io, 0, 2);
	tcase_add_loop_test(tc, test_io_under_virtual_clock, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(poll_suite());
}
