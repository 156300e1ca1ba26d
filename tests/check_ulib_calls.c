/*
 * check_ulib_calls.c - which host calls the user library's u_read makes.
 *
 * This program defines recv() and read() itself, so the library's calls
 * land here first: each counts the calls made on the fd under watch and
 * then makes the host system call.  A socket is read with recv (straight
 * to the socket layer, cheaper per message than read); anything else with
 * read, after at most one recv that says ENOTSOCK.
 */
#undef _FORTIFY_SOURCE /* our read() and recv() must be plain functions */
#include "tests/testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "userland/ulib.h"

static int watched_fd = -1;
static int recv_calls, read_calls;

ssize_t recv(int fd, void *buf, size_t count, int flags)
{
	if (fd == watched_fd)
		recv_calls++;
	return syscall(SYS_recvfrom, fd, buf, count, flags, NULL, NULL);
}

ssize_t read(int fd, void *buf, size_t count)
{
	if (fd == watched_fd)
		read_calls++;
	return syscall(SYS_read, fd, buf, count);
}

static void watch(int fd)
{
	watched_fd = fd;
	recv_calls = read_calls = 0;
}

static int reached;

/* A pair of sockets of type type, owned by the calling task. */
static void own_socketpair(int type, int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, type | SOCK_NONBLOCK, 0, sv), 0);
	ck_assert_int_eq(sys_fd_own(sv[0]), 0);
	ck_assert_int_eq(sys_fd_own(sv[1]), 0);
}

/* Runs fn as a task under the real clock; it sets reached at its end. */
static void run_to_end(task_entry_fn fn)
{
	reached = 0;
	tl_run(KERNEL_CLOCK_REAL, fn, NULL);
	ck_assert_int_eq(reached, 1);
}

/* Two messages through a socket: two recv calls, no read. */
static int socket_task(void *arg)
{
	(void)arg;
	int sv[2];
	char buf[16];

	own_socketpair(SOCK_STREAM, sv);
	watch(sv[0]);
	ck_assert_int_eq(u_write_all(sv[1], "one", 3), 3);
	ck_assert_int_eq(u_read(sv[0], buf, sizeof buf), 3);
	ck_assert_int_eq(u_write_all(sv[1], "two", 3), 3);
	ck_assert_int_eq(u_read(sv[0], buf, sizeof buf), 3);
	ck_assert_int_eq(memcmp(buf, "two", 3), 0);
	ck_assert_int_eq(recv_calls, 2);
	ck_assert_int_eq(read_calls, 0);
	u_close(sv[0]);
	u_close(sv[1]);
	reached = 1;
	return 0;
}

START_TEST(test_socket_is_read_with_recv)
{
	run_to_end(socket_task);
}
END_TEST

/* A host pipe: one recv that fails, then read only - and once the fd is
 * closed, its number made into a socket is read with recv again. */
static int pipe_task(void *arg)
{
	(void)arg;
	int p[2], sv[2];
	char buf[16];

	ck_assert_int_eq(pipe2(p, O_NONBLOCK), 0);
	ck_assert_int_eq(sys_fd_own(p[0]), 0);
	ck_assert_int_eq(sys_fd_own(p[1]), 0);
	watch(p[0]);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(u_write_all(p[1], "abc", 3), 3);
		ck_assert_int_eq(u_read(p[0], buf, sizeof buf), 3);
	}
	ck_assert_int_eq(recv_calls, 1);
	ck_assert_int_eq(read_calls, 3);
	int number = p[0];
	u_close(p[0]);
	u_close(p[1]);

	own_socketpair(SOCK_STREAM, sv);
	ck_assert_int_eq(sv[0], number); /* the lowest free number comes back */
	watch(sv[0]);
	ck_assert_int_eq(u_write_all(sv[1], "xy", 2), 2);
	ck_assert_int_eq(u_read(sv[0], buf, sizeof buf), 2);
	ck_assert_int_eq(recv_calls, 1);
	ck_assert_int_eq(read_calls, 0);
	u_close(sv[0]);
	u_close(sv[1]);
	reached = 1;
	return 0;
}

START_TEST(test_other_fds_are_read_with_read)
{
	run_to_end(pipe_task);
}
END_TEST

/* A read of 0 bytes from a datagram socket takes no datagram (it is
 * read(), which leaves the socket alone; a recv of 0 would take one). */
static int zero_task(void *arg)
{
	(void)arg;
	int sv[2];
	char buf[16];

	own_socketpair(SOCK_DGRAM, sv);
	watch(sv[0]);
	ck_assert_int_eq(u_write_all(sv[1], "dgram", 5), 5);
	ck_assert_int_eq(u_read(sv[0], buf, 0), 0);
	ck_assert_int_eq(recv_calls, 0);
	ck_assert_int_eq(u_read(sv[0], buf, sizeof buf), 5); /* still there */
	ck_assert_int_eq(memcmp(buf, "dgram", 5), 0);
	u_close(sv[0]);
	u_close(sv[1]);
	reached = 1;
	return 0;
}

START_TEST(test_a_zero_read_takes_no_datagram)
{
	run_to_end(zero_task);
}
END_TEST

static Suite *ulib_calls_suite(void)
{
	Suite *s = suite_create("ulib_calls");
	TCase *tc = tcase_create("u_read");

	tcase_add_test(tc, test_socket_is_read_with_recv);
	tcase_add_test(tc, test_other_fds_are_read_with_read);
	tcase_add_test(tc, test_a_zero_read_takes_no_datagram);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(ulib_calls_suite());
}
