/*
 * minios_boot.h - starting and stopping the kernel.
 *
 * For the code that boots minios (the `minios` front end, the benchmark,
 * tests): it configures the kernel, creates the first task(s) and runs the
 * trap loop.  Tasks themselves use <minios.h> only.
 */
#ifndef MINIOS_BOOT_H
#define MINIOS_BOOT_H

#include <minios.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum kernel_clock_kind { KERNEL_CLOCK_REAL = 0, KERNEL_CLOCK_VIRTUAL };
enum kernel_poller_kind { KERNEL_POLLER_EPOLL = 0, KERNEL_POLLER_POLL };
/* private: each task has its own guard-paged stack (the default, safest).
 * compact: tasks run on one shared stack and keep only the used part of
 * theirs while switched out - for a million idle tasks. */
enum kernel_stack_mode { KERNEL_STACK_PRIVATE = 0, KERNEL_STACK_COMPACT };

/* Where console output goes.  The kernel hands over whole lines (each ends
 * in '\n'); err says which stream.  The default writes to fd 1 / fd 2. */
typedef void (*console_sink_fn)(int err, const char *line, size_t len);

struct kernel_config {
	enum kernel_clock_kind clock;
	enum kernel_poller_kind poller;
	enum kernel_stack_mode stack_mode;
	size_t stack_size;       /* usable bytes per task stack; 0: default */
	uint64_t seed;           /* for sys_random */
	int announce_exits;      /* print "Task N terminated" as the seminar does */
	int account_cpu;         /* measure each task's CPU time (real clock) */
	console_sink_fn console; /* NULL: plain writes to fd 1 and 2 */
	/* The timer interrupt: a task that runs this long (CPU time)
	 * without trapping is preempted; 0 turns preemption off. */
	int64_t quantum_ns;
	/* A task that has not trapped for this long (real time) while
	 * preemption cannot reach it gets a line on stderr; 0: off. */
	int64_t watchdog_ns;
	/* The scheduling policy, "NAME[:OPTIONS]" (kernel/sched/); NULL or
	 * "": fifo, the seminar's order. */
	const char *sched;
};

#define KERNEL_DEFAULT_QUANTUM_NS 10000000LL    /* 10 ms */
#define KERNEL_DEFAULT_WATCHDOG_NS 2000000000LL /* 2 s */
/* Shorter settings (other than 0, off) would only flood the process with
 * timer signals: kernel_init refuses them. */
#define KERNEL_MIN_QUANTUM_NS 100000LL    /* 100 us */
#define KERNEL_MIN_WATCHDOG_NS 10000000LL /* 10 ms */

#define KERNEL_DEFAULT_STACK_SIZE (256u * 1024u)
#define KERNEL_MIN_STACK_SIZE (16u * 1024u)
#define KERNEL_MAX_STACK_SIZE (1024u * 1024u * 1024u)

/* Fills *config with the defaults (real clock, epoll, default stack, a
 * 10 ms quantum, a 2 s watchdog). */
void kernel_config_defaults(struct kernel_config *config);

/* Sets up the kernel.  Returns 0 or a negative errno (-EINVAL for a bad
 * stack size).  One kernel per process at a time. */
int kernel_init(const struct kernel_config *config);

/* Creates a task from outside any task (its parent is the kernel, ppid 0).
 * Returns its tid or a negative errno.  flags as for sys_spawn. */
int kernel_spawn(const char *name, task_entry_fn fn, void *arg, unsigned flags);

/* Runs the trap loop until no task is left (returns 0), or until tasks
 * remain but none can ever wake (returns -EDEADLK and, if report is not NULL,
 * stores a malloc'ed text that names every blocked task and what it waits
 * on; the caller frees it).  The blocked tasks stay alive so the report can
 * be read; kernel_shutdown releases them. */
int kernel_run(char **report);

/* How init (task 1: the shell, or the first --exec task) ended, as
 * WaitTask reports a status; -1 while it has not ended.  The way a front
 * end learns the shell's exit status, as a real kernel reports init's. */
int kernel_init_status(void);

/* Of the tasks the kernel started (kernel_spawn) that have ended with a
 * status other than 0, the one with the lowest tid: returns its status
 * and stores its tid in *tid (if not NULL).  0 (and tid 0) if there is
 * none.  The way --exec reports its tasks. */
int kernel_first_failure(int *tid);
/* Called when init ends (task 1, or the task that replaced it), with its
 * status, after its end is complete.  It may start a task with
 * kernel_spawn and return its id: that task is init from then on (so a
 * front end can start a new shell when the shell faulted).  0: init is
 * gone.  NULL (the default) for none; kernel_shutdown clears it. */
typedef int (*kernel_init_ended_fn)(int status);
void kernel_on_init_ended(kernel_init_ended_fn fn);

/* Checks a scheduling policy "NAME[:OPTIONS]" before kernel_init: 0, or
 * -EINVAL with one line in why naming what is valid.  Not while the
 * kernel is up. */
int kernel_sched_check(const char *spec, char *why, size_t why_len);
/* "name: summary [options]" of the i-th policy, or NULL past the last. */
const char *kernel_sched_policy(int i, const char **summary, const char **options);

/* Kills what is left and frees every kernel resource. */
void kernel_shutdown(void);

/* Starts the system-call trace (after kernel_init): filter is "" (every
 * call of every task), or words separated by commas - call names
 * ("Sleep,WaitTask"), tid:N, errors; file, if not NULL, takes the lines
 * instead of the console's error stream.  Returns 0, or a negative errno
 * with the reason in why. */
int kernel_trace_start(const char *filter, const char *file, char *why, size_t why_size);

/* Starts recording a timeline of the run into file (after kernel_init):
 * FILE.json (Chrome trace-event format) or FILE.svg (a Gantt chart).
 * kernel_shutdown completes the file.  Returns 0, or a negative errno
 * with the reason in why. */
int kernel_timeline_start(const char *file, char *why, size_t why_size);

/* Async-signal-safe: Ctrl-C was pressed.  The kernel delivers
 * NOTIFY_INTERRUPT to every task that asked for it. */
void kernel_raise_interrupt(void);

/* For a signal handler: makes kernel_run return -EINTR soon (at its
 * next turn, waking it if it waits), so that the caller can shut the
 * kernel down in order - a run stopped by Ctrl-C still completes its
 * trace and timeline files. */
void kernel_request_stop(void);

/* Whether exit, _exit, _Exit, quick_exit, abort, a failed assert, sleep,
 * usleep, nanosleep and clock_nanosleep called by a task's own code act on
 * that task alone (on, the default: they become its Exit, a fault shown
 * as "aborted", its Sleep) or on the whole process as usual (off).
 * Outside tasks they are always the host's.  The Check suites turn it
 * off: Check ends a failed test with _exit, which must end the test's
 * process even when the assertion failed inside a task. */
void kernel_map_host_calls(int on);

/* The sink the kernel uses now (for a front end that wraps it). */
console_sink_fn kernel_console_sink(void);

#ifdef __cplusplus
}
#endif
#endif
