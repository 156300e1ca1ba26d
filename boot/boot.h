/*
 * boot.h - the `minios` program: its command line (options.c) and the
 * tasks of --exec (exec.c), as main.c uses them.
 *
 * boot/ is the front end: it runs on the host before the kernel exists,
 * boots the kernel and starts task 1 (the shell, or the --exec programs).
 * It may use the shell and the programs; they never use it.
 */
#ifndef MINIOS_BOOT_FRONT_END_H
#define MINIOS_BOOT_FRONT_END_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <minios_boot.h>

/* ---- the command line of `minios` (options.c) ---- */

struct minios_options {
	bool clock_virtual;
	bool poller_poll;
	bool seed_set;
	uint64_t seed;
	size_t stack_size;   /* with stack_size_set */
	bool stack_size_set; /* else the kernel's default */
	int64_t quantum_ns;  /* -1: the kernel's default */
	int64_t watchdog_ns; /* -1: the kernel's default */
	const char *sched;   /* --sched or MINIOS_SCHED; NULL: the kernel's default */
	long explore;        /* --explore=N: seeds 1..N; 0: a single run */
	long explore_jobs, explore_timeout;
	bool explore_whole_output; /* --explore-output=all */
	bool explore_output_set;
	const char *script;
	const char *command;
	const char *trace;      /* --trace[=FILTER]: "" for all; NULL: off */
	const char *trace_file; /* --trace-file */
	const char *timeline;   /* --timeline=FILE.json|FILE.svg */
	int64_t time_limit_ns;  /* --time-limit; 0: none */
	const char *time_limit_arg;
	const char *record; /* --record=NAME */
	const char **execs; /* --exec texts, in order */
	int nexecs;
	bool help;
	bool version;
};

/* Parses argv.  Returns 0, or 2 after printing the problem and a usage
 * line on stderr. */
int minios_parse_options(int argc, char **argv, struct minios_options *opts);
void minios_options_free(struct minios_options *opts);
void minios_usage(FILE *out);
void minios_usage_line(FILE *out);

/* Parses a size such as "65536", "64k", "1M", "1G".  Returns 0 or
 * -EINVAL / -ERANGE. */
int minios_parse_size(const char *text, size_t *out);

/* ---- --record=NAME (record.c) ---- */

/* Opens NAME.msh and NAME.out; returns 0, or 2 after one line on stderr. */
int record_open(const char *name);
/* shell_start.record: a line before it runs; NULL when it has run. */
void record_line(const char *line);
/* The console sink that copies every line into NAME.out, then hands it
 * to next (NULL: the console's plain write). */
console_sink_fn record_sink_over(console_sink_fn next);
/* Appends "exit=STATUS" to NAME.out and closes both files. */
void record_close(int status);

/* ---- --explore (explore.c) ---- */

struct kernel_config;
/* One run of minios as main.c does it (the shell or the --exec tasks);
 * returns its exit status. */
typedef int (*explore_run_fn)(const struct minios_options *opts, struct kernel_config *config);
/* Runs opts->explore seeds in child processes and prints the outcomes;
 * returns minios's exit status (1 when the outcomes differ). */
int explore(const struct minios_options *opts, struct kernel_config *config, explore_run_fn run);

/* ---- --exec (exec.c) ---- */

/* One task's worth of --exec: the argument block the task owns, and the
 * name it runs under. */
struct boot_exec {
	void *block; /* for program_task_entry; malloc'ed, owned by the task */
	char *name;  /* shell_join_words': free it with u_free */
};

/* Parses text ("PROGRAM ARGS...") and packs it with program_pack.
 * Returns 0, or 2 after one line on stderr. */
int boot_exec_prepare(const char *text, struct boot_exec *out);

/* minios's exit status for a task status, as a shell reports a command's:
 * its exit code; 128 + the signal a host process would have died of for a
 * fault (139 SIGSEGV for a stack overflow or a bad pointer, 135 SIGBUS,
 * 136 SIGFPE, 132 SIGILL, 134 SIGABRT); 137 (SIGKILL) when killed. */
int boot_exec_status(int task_status);

#endif
