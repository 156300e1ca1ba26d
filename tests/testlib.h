/*
 * testlib.h - the small harness the Check suites share ("tl_" = testlib).
 *
 * A test boots a kernel with a configuration, spawns one or more test tasks,
 * runs the trap loop to its end and shuts the kernel down.  Console output
 * never reaches the terminal: the harness installs a kernel_config.console
 * sink that appends every line to a buffer, so a test can assert on what was
 * printed.  Set MINIOS_TEST_ECHO=1 to also copy the lines to stderr.
 *
 * ck_assert may be called inside a task: the suites run in Check's default
 * fork mode, where a failed assertion ends the forked test process at once
 * (CK_FORK=no is not supported).
 *
 * The poller comes from the environment (MINIOS_POLLER=poll|epoll, default
 * epoll) so CI can run every suite under both; the clock never does: each
 * test chooses its own.
 */
#ifndef MINIOS_TESTLIB_H
#define MINIOS_TESTLIB_H

#include "config.h"
#include <check.h>
#include <minios.h>
#include <minios_boot.h>
#include <stddef.h>
#include <stdint.h>

/* True when built with AddressSanitizer (some fault tests cannot run). */
#if defined(__SANITIZE_ADDRESS__)
#define TL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_ASAN 1
#endif
#endif
#ifndef TL_ASAN
#define TL_ASAN 0
#endif

/* True when running under valgrind, whose memcheck reports a deliberate
 * bad pointer as an error before the kernel sees the fault. */
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#define TL_VALGRIND (RUNNING_ON_VALGRIND != 0)
#else
#define TL_VALGRIND 0
#endif

/* ---- booting ---- */

/* The poller named by MINIOS_POLLER (epoll when unset). */
enum kernel_poller_kind tl_poller_from_env(void);

/* kernel_config_defaults, then: the given clock, the poller from the
 * environment, seed 1, and the capturing console sink. */
void tl_config(struct kernel_config *config, enum kernel_clock_kind clock);

/* kernel_init (asserting it succeeds) after clearing the console capture. */
void tl_boot(const struct kernel_config *config);

/* kernel_spawn, asserting it returns a tid >= 1; returns the tid. */
int tl_spawn(const char *name, task_entry_fn fn, void *arg);

/* kernel_run then kernel_shutdown.  Returns kernel_run's result; stores the
 * report in *report when report is not NULL (the caller frees it), else
 * frees it. */
int tl_run_and_shutdown(char **report);

/* The common case: boot with config, spawn fn(arg) as "test", run, assert
 * kernel_run returned 0, shut down. */
void tl_run_config(const struct kernel_config *config, task_entry_fn fn, void *arg);

/* Same with tl_config(clock). */
void tl_run(enum kernel_clock_kind clock, task_entry_fn fn, void *arg);

/* ---- the console capture ---- */

void tl_console_clear(void);
/* Everything printed, both streams, in order. */
const char *tl_console_all(void);
/* Only the output stream / only the error stream. */
const char *tl_console_out(void);
const char *tl_console_err(void);
/* Number of times the sink was called, and number of calls whose text was
 * not exactly one line ending in '\n'. */
int tl_console_lines(void);
int tl_console_bad_lines(void);
/* The text of the n-th sink call (0-based), or NULL. */
const char *tl_console_line(int n);
/* Whether the whole capture contains a line equal to line (no '\n'). */
int tl_console_has_line(const char *line);
/* How many times needle occurs in the whole capture. */
int tl_console_count(const char *needle);

/* console_write of a formatted line (a '\n' is added) from a task. */
void tl_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- an event log that tasks append to ---- */

#define TL_LOG_MAX 65536
extern int tl_log[TL_LOG_MAX];
extern int tl_log_len;
void tl_log_clear(void);
void tl_log_push(int value);

/* ---- looking at tasks from inside a task ---- */

/* Fills *info for task tid from sys_tasklist; returns 1 if found, else 0. */
int tl_task_info(int tid, struct task_info *info);

/* Yields until task tid is blocked on a wait of the given kind (at most
 * 1000 yields); returns 1 if it is, 0 if not. */
int tl_wait_blocked(int tid, enum task_wait_kind kind);

/* Waits for task tid to end, when it may have ended already (then
 * sys_waittask says -ESRCH, which is fine here).  Asserts nothing else came
 * back. */
void tl_join(int tid);

/* Yields n times. */
void tl_yield_n(int n);

/* ---- the host process ---- */

int tl_count_open_fds(void);   /* entries of /proc/self/fd */
int tl_count_mappings(void);   /* lines of /proc/self/maps */
size_t tl_heap_in_use(void);   /* mallinfo2: uordblks + hblkhd */
int64_t tl_monotonic_ns(void); /* CLOCK_MONOTONIC */
int tl_fd_is_open(int fd);

/* Runs the suite in fork mode (CK_VERBOSITY honoured); exit status for
 * main. */
int tl_main(Suite *suite);

#endif
