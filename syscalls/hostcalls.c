/*
 * hostcalls.c - process-wide libc calls made by a task act on the task.
 *
 * A task is a coroutine inside one host process, so a plain exit(3),
 * abort() or sleep(5) in a program would end, or freeze, all of minios.
 * minios therefore defines these functions itself (the "syscall mapping"
 * of GNU Pth): called from a task's own code, each becomes the task's
 * system call; called anywhere else (the kernel, a handler running on a
 * task's behalf, main, a test harness) it is the host's function.
 *
 *   exit, _exit, _Exit, quick_exit   sys_exit(status): the task ends
 *   abort                            the task faults: TASK_FAULT_ABORT
 *   __assert_fail (a failed assert)  the usual message on the task's error
 *   __assert_perror_fail               stream, then as abort
 *   sleep, usleep, nanosleep,        sys_sleep: the task sleeps on the
 *   clock_nanosleep                    kernel clock, the others run
 *
 * The host's functions are found with dlsym(RTLD_NEXT, ...), once, before
 * main: the next definition may be a sanitizer's interceptor (ASan's _exit
 * makes the exit status tell of leaks it found), which a raw system call
 * would skip, and a lookup at the time of the call would not be safe in a
 * child after fork or in a signal handler.  Should a lookup have failed (no such function in the
 * host's C library), _exit and _Exit, which must not fail, make the
 * exit_group system call; the others say so and end the process.
 *
 * These definitions win over libc's because the executable's symbols come
 * first; libc's own internal calls (its exit after main returns, the abort
 * in its malloc checks) do not go through them.  A static archive member
 * is linked only when it resolves an undefined symbol, so syscalls/table.c,
 * which every program that runs the kernel links, refers to
 * hostcalls_linked below: the mapping is in every such program.
 */
#include "config.h"
#include "kernel/sched.h"
#include "syscalls/syscalls.h"
#include <assert.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

const int hostcalls_linked = 1;

#define NS_PER_SEC 1000000000LL

/* ---- the host's functions ---- */

static struct {
	void (*exit)(int);
	void (*exit_now)(int);  /* _exit */
	void (*exit_fast)(int); /* _Exit */
	void (*quick_exit)(int);
	void (*abort)(void);
	void (*assert_fail)(const char *, const char *, unsigned, const char *);
	void (*assert_perror_fail)(int, const char *, unsigned, const char *);
	unsigned (*sleep)(unsigned);
	int (*usleep)(useconds_t);
	int (*nanosleep)(const struct timespec *, struct timespec *);
	int (*clock_nanosleep)(clockid_t, int, const struct timespec *, struct timespec *);
} host;

#define LOOK_UP(field, name) (host.field = (__typeof__(host.field))dlsym(RTLD_NEXT, name))

__attribute__((constructor)) static void hostcalls_resolve(void)
{
	LOOK_UP(exit, "exit");
	LOOK_UP(exit_now, "_exit");
	LOOK_UP(exit_fast, "_Exit");
	LOOK_UP(quick_exit, "quick_exit");
	LOOK_UP(abort, "abort");
	LOOK_UP(assert_fail, "__assert_fail");
	LOOK_UP(assert_perror_fail, "__assert_perror_fail");
	LOOK_UP(sleep, "sleep");
	LOOK_UP(usleep, "usleep");
	LOOK_UP(nanosleep, "nanosleep");
	LOOK_UP(clock_nanosleep, "clock_nanosleep");
}

static _Noreturn void exit_group_now(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}

static _Noreturn void host_missing(const char *name)
{
	static const char text[] = "minios: the host's C library lacks a function: ";
	ssize_t n = write(2, text, sizeof text - 1);
	n = write(2, name, strlen(name));
	n = write(2, "\n", 1);
	(void)n;
	exit_group_now(127);
}

/* The host's fn: looked up again if called before the constructor ran
 * (from another constructor). */
#define HOST(fn)                                                                                   \
	(*({                                                                                       \
		if (!host.fn)                                                                      \
			hostcalls_resolve();                                                       \
		if (!host.fn)                                                                      \
			host_missing(#fn);                                                         \
		host.fn;                                                                           \
	}))

/* ---- is it the task's own call? ---- */

static int mapping = 1;

void kernel_map_host_calls(int on)
{
	mapping = on != 0;
}

/* True in a task's own code; false in the kernel, in a handler that runs
 * on a task's behalf (task_current() is set, but the code is the
 * kernel's), and outside any task. */
static bool in_task(void)
{
	return mapping && task_current() != NULL && sched_in_task();
}

/* ---- ending ---- */

void exit(int status)
{
	if (in_task())
		sys_exit(status);
	HOST(exit)(status);
	exit_group_now(status);
}

void _exit(int status)
{
	if (in_task())
		sys_exit(status);
	if (!host.exit_now)
		hostcalls_resolve();
	if (host.exit_now)
		host.exit_now(status);
	exit_group_now(status); /* _exit must not fail */
}

void _Exit(int status)
{
	if (in_task())
		sys_exit(status);
	if (!host.exit_fast)
		hostcalls_resolve();
	if (host.exit_fast)
		host.exit_fast(status);
	exit_group_now(status);
}

void quick_exit(int status)
{
	if (in_task())
		sys_exit(status);
	HOST(quick_exit)(status);
	exit_group_now(status);
}

static _Noreturn void task_abort(void)
{
	sched_fault_current(TASK_FAULT_ABORT);
}

void abort(void)
{
	if (in_task())
		task_abort();
	HOST(abort)();
	exit_group_now(134);
}

/* ---- assert ----
 * The message reads as the host's ("PROGRAM: FILE:LINE: FUNCTION:
 * Assertion `EXPR' failed."), with the file's directory left out: where
 * the sources were built is not the task's business, and a scenario's
 * output must not depend on it. */

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path ? path : "?";
}

static _Noreturn void task_assert_failed(const char *file, unsigned line, const char *function,
					 const char *what)
{
	char text[1024];
	int n = snprintf(text, sizeof text, "%s: %s:%u: %s%s%s\n", program_invocation_short_name,
			 base_name(file), line, function ? function : "", function ? ": " : "",
			 what);
	if (n > 0) {
		size_t len = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
		text[len - 1] = '\n'; /* a cut message still ends its line */
		console_write(1, text, len);
	}
	task_abort();
}

void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function)
{
	if (in_task()) {
		char what[768];
		snprintf(what, sizeof what, "Assertion `%s' failed.", assertion);
		task_assert_failed(file, line, function, what);
	}
	HOST(assert_fail)(assertion, file, line, function);
	exit_group_now(134);
}

void __assert_perror_fail(int errnum, const char *file, unsigned int line, const char *function)
{
	if (in_task()) {
		char what[768];
		snprintf(what, sizeof what, "Unexpected error: %s.", strerror(errnum));
		task_assert_failed(file, line, function, what);
	}
	HOST(assert_perror_fail)(errnum, file, line, function);
	exit_group_now(134);
}

/* ---- sleeping ----
 * The task sleeps on the kernel clock: real time under --clock=real,
 * virtual time under --clock=virtual.  An interrupted sleep (a
 * notification: sys_sleep says -EINTR) reports EINTR and what was left,
 * as the host's calls do for a signal. */

/* Sleeps ns (>= 0); 0, or the ns left when interrupted. */
static int64_t task_sleep(int64_t ns)
{
	int64_t now = sys_clock_now();
	int64_t deadline = ns > INT64_MAX - now ? INT64_MAX : now + ns;
	if (sys_sleep(ns) != -EINTR)
		return 0;
	int64_t left = deadline - sys_clock_now();
	return left > 0 ? left : 1;
}

static int64_t timespec_ns(const struct timespec *ts)
{
	if (ts->tv_sec >= INT64_MAX / NS_PER_SEC)
		return INT64_MAX;
	return (int64_t)ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
}

static void ns_timespec(int64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NS_PER_SEC);
	ts->tv_nsec = (long)(ns % NS_PER_SEC);
}

static bool timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NS_PER_SEC;
}

unsigned int sleep(unsigned int seconds)
{
	if (!in_task())
		return HOST(sleep)(seconds);
	int64_t left = task_sleep((int64_t)seconds * NS_PER_SEC);
	return (unsigned)((left + NS_PER_SEC - 1) / NS_PER_SEC);
}

int usleep(useconds_t usec)
{
	if (!in_task())
		return HOST(usleep)(usec);
	if (task_sleep((int64_t)usec * 1000) == 0)
		return 0;
	errno = EINTR;
	return -1;
}

/* The part nanosleep and a relative clock_nanosleep share: 0 or an
 * errno value. */
static int task_nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req)
		return EFAULT;
	if (!timespec_valid(req))
		return EINVAL;
	int64_t left = task_sleep(timespec_ns(req));
	if (left == 0)
		return 0;
	if (rem)
		ns_timespec(left, rem);
	return EINTR;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!in_task())
		return HOST(nanosleep)(req, rem);
	int err = task_nanosleep(req, rem);
	if (err == 0)
		return 0;
	errno = err;
	return -1;
}

/* A relative sleep on a wall or monotonic clock becomes sys_sleep; so
 * does an absolute one, for the time left until it on that host clock.
 * Sleeps on other clocks (CPU time) are the host's. */
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
	bool mapped = clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC ||
		      clock == CLOCK_BOOTTIME || clock == CLOCK_TAI;
	if (!in_task() || !mapped)
		return HOST(clock_nanosleep)(clock, flags, req, rem);
	if (!(flags & TIMER_ABSTIME))
		return task_nanosleep(req, rem);
	if (!req)
		return EFAULT;
	if (!timespec_valid(req))
		return EINVAL;
	struct timespec now;
	if (clock_gettime(clock, &now) != 0)
		return errno;
	int64_t delay = timespec_ns(req) - timespec_ns(&now);
	if (delay > 0 && task_sleep(delay) != 0)
		return EINTR; /* rem is not set for an absolute sleep */
	return 0;
}
