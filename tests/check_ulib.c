/*
 * check_ulib.c - the user library and the program registry: parsing,
 * printing, the bounded line reader, the socket helpers (and that the fds
 * they make belong to the task), and starting a program by name.
 */
#include "tests/testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "userland/programs.h"
#include "userland/ulib.h"

static int reached;

/* ---- parsing ---- */

START_TEST(test_parse_int)
{
	long v = -1;

	ck_assert_int_eq(u_parse_int("42", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(u_parse_int("-7", -10, 10, &v), 0);
	ck_assert_int_eq(v, -7);
	ck_assert_int_eq(u_parse_int("+3", 0, 10, &v), 0);
	ck_assert_int_eq(v, 3);
	ck_assert_int_eq(u_parse_int("101", 0, 100, &v), -ERANGE);
	ck_assert_int_eq(u_parse_int("-1", 0, 100, &v), -ERANGE);
	ck_assert_int_eq(u_parse_int("99999999999999999999999", 0, 100, &v), -ERANGE);
	ck_assert_int_eq(u_parse_int("", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(u_parse_int(" 4", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(u_parse_int("4 ", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(u_parse_int("4x", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(u_parse_int("x", 0, 100, &v), -EINVAL);
	ck_assert_int_eq(u_parse_int(NULL, 0, 100, &v), -EINVAL);
	ck_assert_int_eq(v, 3); /* untouched by the failures */
}
END_TEST

START_TEST(test_parse_duration)
{
	static const struct {
		const char *text;
		int64_t ns;
	} good[] = {
		{"250ms", 250000000},
		{"2s", 2000000000},
		{"1m", INT64_C(60000000000)},
		{"1h", INT64_C(3600000000000)},
		{"1.5s", 1500000000},
		{"0.1s", 100000000},
		{"10us", 10000},
		{"100ns", 100},
		{"3", 3000000000},
		{"0", 0},
		{".5s", 500000000},
		{"2.", 2000000000},
		{"1.0000000001s", 1000000000},
	};
	static const char *const bad[] = {"", "-1s", "1x", "s", ".", "1.5.5s", "1 s", "ms", "+1s"};
	int64_t ns;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ns = -1;
		ck_assert_msg(u_parse_duration(good[i].text, &ns) == 0, "%s", good[i].text);
		ck_assert_msg(ns == good[i].ns, "%s: %lld", good[i].text, (long long)ns);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(u_parse_duration(bad[i], &ns) == -EINVAL, "%s", bad[i]);
	ck_assert_int_eq(u_parse_duration("99999999999999999999s", &ns), -ERANGE);
	ck_assert_int_eq(u_parse_duration("9999999999h", &ns), -ERANGE);
}
END_TEST

/* ---- printing ---- */

static int printing_task(void *arg)
{
	(void)arg;
	char *long_text = malloc(10001);
	ck_assert_ptr_nonnull(long_text);
	memset(long_text, 'x', 10000);
	long_text[10000] = '\0';

	ck_assert_int_eq(uprintf("plain %d\n", 1), 8);
	uprintf("in ");
	uprintf("pieces\n");
	ck_assert_int_eq(uprintf("%s\n", long_text), 10001);
	ueprintf("to the error stream\n");
	free(long_text);
	reached = 1;
	return 0;
}

START_TEST(test_printing)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, printing_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert(tl_console_has_line("plain 1"));
	ck_assert(tl_console_has_line("in pieces"));
	ck_assert_int_eq(tl_console_count("xxxxxxxxxx"), 1000);
	ck_assert_str_eq(tl_console_err(), "to the error stream\n");
	ck_assert_int_eq(tl_console_bad_lines(), 0);
}
END_TEST

/* ---- the line reader ---- */

static int line_fds[2];

static int line_writer_task(void *arg)
{
	(void)arg;
	static const char *const pieces[] = {"abc\r\nde", "f\n", "\n", NULL};
	char long_line[6000];

	for (int i = 0; pieces[i]; i++) {
		ck_assert_int_eq(u_write_all(line_fds[1], pieces[i], strlen(pieces[i])),
				 (ssize_t)strlen(pieces[i]));
		sys_sleep(1000000);
	}
	memset(long_line, 'L', sizeof long_line);
	u_write_all(line_fds[1], long_line, sizeof long_line);
	u_write_all(line_fds[1], "\nexactly7\n123456789\nno newline", 30);
	u_close(line_fds[1]);
	return 0;
}

static int line_reader_task(void *arg)
{
	(void)arg;
	struct u_line_reader r;
	char line[9];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, line_fds), 0);
	ck_assert_int_eq(sys_fd_own(line_fds[0]), 0);
	ck_assert_int_eq(sys_fd_own(line_fds[1]), 0);
	/* The writer closes its end: it must own it (a task closes only
	 * what is its own). */
	int writer = sys_spawn_fds("writer", line_writer_task, NULL, 0, &line_fds[1], 1);
	ck_assert_int_gt(writer, 0);
	u_line_reader_init(&r, line_fds[0]);
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), 3);
	ck_assert_str_eq(line, "abc");
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), 3);
	ck_assert_str_eq(line, "def");
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), 0);
	ck_assert_str_eq(line, "");
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), -EMSGSIZE);
	/* 8 bytes fit a 9-byte buffer; 8 bytes plus more do not. */
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), 8);
	ck_assert_str_eq(line, "exactly7");
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), -EMSGSIZE);
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), -EMSGSIZE);
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), -ENODATA);
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), -ENODATA);
	sys_waittask(writer, NULL);
	u_close(line_fds[0]);
	reached = 1;
	return 0;
}

START_TEST(test_line_reader)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, line_reader_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int last_line_task(void *arg)
{
	(void)arg;
	int fds[2];
	struct u_line_reader r;
	char line[64];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
	sys_fd_own(fds[0]);
	sys_fd_own(fds[1]);
	u_write_all(fds[1], "one\ntwo", 7);
	u_close(fds[1]);
	u_line_reader_init(&r, fds[0]);
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), 3);
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), 3);
	ck_assert_str_eq(line, "two");
	ck_assert_int_eq(u_read_line(&r, line, sizeof line), -ENODATA);
	u_close(fds[0]);
	reached = 1;
	return 0;
}

START_TEST(test_last_line_without_newline)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, last_line_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- sockets ---- */

static int listen_port;

static int bound_port(int fd)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof addr;

	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
	return ntohs(addr.sin_port);
}

static int client_task(void *arg)
{
	(void)arg;
	char buf[16];
	int fd = u_connect_tcp("127.0.0.1", listen_port);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(u_write_all(fd, "ping", 4), 4);
	ck_assert_int_eq(u_read(fd, buf, sizeof buf), 4);
	ck_assert_int_eq(memcmp(buf, "pong", 4), 0);
	ck_assert_int_eq(u_close(fd), 0);
	return 0;
}

static int server_task(void *arg)
{
	(void)arg;
	char peer[64], buf[16];
	int lfd = u_listen_tcp("127.0.0.1", 0, 8);

	ck_assert_int_ge(lfd, 0);
	/* The fd belongs to this task already. */
	ck_assert_int_eq(sys_fd_own(lfd), -EEXIST);
	listen_port = bound_port(lfd);
	int client = sys_newtask("client", client_task, NULL);
	int fd = u_accept(lfd, peer, sizeof peer);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(strncmp(peer, "127.0.0.1:", 10), 0);
	ck_assert_int_eq(u_read(fd, buf, sizeof buf), 4);
	ck_assert_int_eq(u_write_all(fd, "pong", 4), 4);
	ck_assert_int_eq(u_read(fd, buf, sizeof buf), 0); /* the client closed */
	u_close(fd);
	u_close(lfd);
	ck_assert_int_eq(sys_waittask(client, NULL), 0);
	ck_assert_int_eq(u_listen_tcp("not an address", 0, 8), -EINVAL);
	ck_assert_int_eq(u_listen_tcp("127.0.0.1", 70000, 8), -EINVAL);
	ck_assert_int_lt(u_connect_tcp("127.0.0.1", listen_port), 0); /* refused */
	reached = 1;
	return 0;
}

START_TEST(test_socket_round_trip)
{
	tl_run(KERNEL_CLOCK_REAL, server_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int listener_fd = -1;

static int listener_task(void *arg)
{
	(void)arg;
	char peer[64];
	listener_fd = u_listen_tcp("127.0.0.1", 0, 8);
	ck_assert_int_ge(listener_fd, 0);
	u_accept(listener_fd, peer, sizeof peer); /* blocks until killed */
	return 0;
}

static int killer_task(void *arg)
{
	(void)arg;
	int victim = sys_newtask("listener", listener_task, NULL);
	ck_assert(tl_wait_blocked(victim, TASK_WAIT_READ));
	ck_assert(tl_fd_is_open(listener_fd));
	ck_assert_int_eq(sys_killtask(victim), 0);
	ck_assert(!tl_fd_is_open(listener_fd));
	reached = 1;
	return 0;
}

START_TEST(test_killed_task_fds_closed)
{
	tl_run(KERNEL_CLOCK_REAL, killer_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- the registry ---- */

/* An fd that is always ready (/dev/zero) never makes u_read wait, so
 * without a budget of untrapped calls its reader would keep the CPU until
 * it is done.  The other task must get to run long before that. */
static int hog_calls_done = -1;

static int bystander(void *arg)
{
	(void)arg;
	sys_yield();
	hog_calls_done = tl_log_len; /* how far the hog got before we ran */
	return 0;
}

static int hog_task(void *arg)
{
	(void)arg;
	int fd = open("/dev/zero", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(sys_fd_own(fd), 0);
	int other = sys_newtask("bystander", bystander, NULL);
	char buf[64];
	for (int i = 0; i < 1000; i++) {
		ck_assert_int_eq(u_read(fd, buf, sizeof buf), (ssize_t)sizeof buf);
		tl_log_push(i);
	}
	ck_assert_int_eq(sys_waittask(other, NULL), 0);
	ck_assert_int_ge(hog_calls_done, 0);
	ck_assert_int_lt(hog_calls_done, 100);
	return 0;
}

START_TEST(test_always_ready_fd_does_not_starve_others)
{
	tl_log_clear();
	tl_run(KERNEL_CLOCK_VIRTUAL, hog_task, NULL);
}
END_TEST

START_TEST(test_program_find)
{
	static const char *const names[] = {"foo",   "bar",       "newtask-demo", "waittask-demo",
					    "alive", "countdown", "philosophers", "echo",
					    "spam",  "letters"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct program *p = program_find(names[i]);
		ck_assert_msg(p, "%s", names[i]);
		ck_assert_str_eq(p->name, names[i]);
		ck_assert_int_eq(strncmp(p->usage, names[i], strlen(names[i])), 0);
		ck_assert(p->summary && p->summary[0] != '\0');
	}
	ck_assert_ptr_null(program_find("nope"));
	ck_assert_ptr_null(program_find(NULL));
}
END_TEST

START_TEST(test_program_pack)
{
	char a0[] = "philosophers", a1[] = "-n", a2[] = "5";
	char *argv[] = {a0, a1, a2};
	char name[16];
	const struct program *p = program_find("philosophers");
	void *block = program_pack(p, 3, argv, name, sizeof name);

	ck_assert_ptr_nonnull(block);
	ck_assert_str_eq(name, "philosophers -n"); /* cut to 15 bytes */
	free(block);
	block = program_pack(p, 1, argv, name, sizeof name);
	ck_assert_str_eq(name, "philosophers");
	free(block);
	ck_assert_ptr_null(program_pack(NULL, 1, argv, name, sizeof name));
}
END_TEST

static int spawn_task(void *arg)
{
	(void)arg;
	char a0[] = "foo", a1[] = "-t", a2[] = "2";
	char *argv[] = {a0, a1, a2};
	int status = -1;
	int tid = program_spawn(program_find("foo"), 3, argv);

	ck_assert_int_gt(tid, 0);
	/* The copy is the task's: changing ours changes nothing. */
	a2[0] = '9';
	struct task_info info;
	ck_assert(tl_task_info(tid, &info));
	ck_assert_str_eq(info.name, "foo -t 2");
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, 0);
	ck_assert_int_eq(program_spawn(NULL, 0, argv), -EINVAL);
	reached = 1;
	return 0;
}

START_TEST(test_program_spawn)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, spawn_task, NULL);
	ck_assert_int_eq(reached, 1);
	ck_assert_int_eq(tl_console_count("I'm foo 2\n"), 2);
}
END_TEST

/* ---- memory: a killed program leaves nothing behind ---- */

static size_t heap_in_use(void)
{
	return mallinfo2().uordblks;
}

/* Runs letters on a pipe with a chunk in it.  kill_it: the pipe stays
 * open, so the reader waits for more in the middle of the count, and the
 * main task is killed then; else the pipe is closed and letters ends.
 * Either way, every task of it is gone at the end. */
static void letters_round(bool kill_it)
{
	int p[2];
	char path[64], text[4096];
	ck_assert_int_eq(pipe(p), 0);
	memset(text, 'a', sizeof text);
	ck_assert_int_eq(write(p[1], text, sizeof text), (ssize_t)sizeof text);
	if (!kill_it)
		close(p[1]);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	char a0[] = "letters";
	char *argv[] = {a0, path};
	int tid = program_spawn(program_find("letters"), 2, argv);
	ck_assert_int_gt(tid, 0);
	if (kill_it) {
		/* tid + 4 is its reader: waiting for the next chunk. */
		ck_assert(tl_wait_blocked(tid + 4, TASK_WAIT_READ));
		ck_assert_int_eq(sys_killtask(tid), 0);
	}
	sys_waittask(tid, NULL);
	for (int i = 0; i < 1000 && sys_tasklist(NULL, 0) > 1; i++)
		sys_yield();
	ck_assert_int_eq(sys_tasklist(NULL, 0), 1);
	close(p[0]);
	if (kill_it)
		close(p[1]);
}

static int kill_letters(void *arg)
{
	(void)arg;
	/* Warm up what the kernel keeps for reuse (task and stack pools, its
	 * tables, the exit records of our children): it stops growing
	 * within ten rounds.  A leaked shared block is 4 KiB a round. */
	letters_round(false);
	for (int i = 0; i < 16; i++)
		letters_round(true);
	size_t before = heap_in_use();
	for (int i = 0; i < 8; i++)
		letters_round(true);
	size_t after = heap_in_use();
	ck_assert_msg(after == before, "killing letters left %ld bytes of heap behind",
		      (long)after - (long)before);
	reached = 1;
	return 0;
}

START_TEST(test_killed_letters_frees_its_memory)
{
	tl_run(KERNEL_CLOCK_REAL, kill_letters, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- memory: the task's own copies of strings, and a block resized ---- */

START_TEST(test_strings_and_realloc)
{
	/* Outside a task the blocks have no owner; the copies are the same. */
	char *s = u_strdup("words");
	ck_assert_str_eq(s, "words");
	char *t = u_strndup("words", 3);
	ck_assert_str_eq(t, "wor");
	u_free(t);
	t = u_strndup("ab", 10);
	ck_assert_str_eq(t, "ab");
	u_free(t);
	s = u_realloc(s, 100000);
	ck_assert_str_eq(s, "words");
	s = u_realloc(s, 0); /* a block still, as u_malloc(0) gives */
	ck_assert_ptr_nonnull(s);
	u_free(s);
	s = u_realloc(NULL, 10);
	ck_assert_ptr_nonnull(s);
	u_free(s);
}
END_TEST

static Suite *ulib_suite(void)
{
	Suite *s = suite_create("ulib");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_int);
	tcase_add_test(tc, test_parse_duration);
	suite_add_tcase(s, tc);
	tc = tcase_create("memory");
	tcase_add_test(tc, test_strings_and_realloc);
	suite_add_tcase(s, tc);
	tc = tcase_create("print");
	tcase_add_test(tc, test_printing);
	suite_add_tcase(s, tc);
	tc = tcase_create("lines");
	tcase_add_test(tc, test_line_reader);
	tcase_add_test(tc, test_last_line_without_newline);
	suite_add_tcase(s, tc);
	tc = tcase_create("sockets");
	tcase_add_test(tc, test_socket_round_trip);
	tcase_add_test(tc, test_always_ready_fd_does_not_starve_others);
	tcase_add_test(tc, test_killed_task_fds_closed);
	suite_add_tcase(s, tc);
	tc = tcase_create("programs");
	tcase_add_test(tc, test_program_find);
	tcase_add_test(tc, test_program_pack);
	tcase_add_test(tc, test_program_spawn);
	tcase_add_test(tc, test_killed_letters_frees_its_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	/* mallinfo2 counts the blocks in malloc's per-thread cache as in
	 * use, so how full that cache is would show up as heap: run without
	 * it (a tunable read at start, hence the exec; not under valgrind,
	 * which would not follow). */
	if (!getenv("GLIBC_TUNABLES") && argc > 0 && !TL_VALGRIND) {
		setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
		execv("/proc/self/exe", argv);
	}
	return tl_main(ulib_suite());
}
