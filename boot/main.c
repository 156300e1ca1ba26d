/*
 * main.c - the `minios` program: parse the command line, boot the kernel,
 * start the shell (or the --exec tasks) and run the trap loop until every
 * task has ended.
 *
 * boot/ is the only user of <minios_boot.h> besides the benchmark and the
 * tests: the shell and the programs are tasks, and talk to the kernel
 * through system calls alone.  The shell's exit status is task 1's, which
 * the kernel reports (kernel_init_status) as a real kernel reports init's.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <minios_boot.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "boot/boot.h"
#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

/* The terminal as we found it, for the signals that end us abruptly. */
static struct termios saved_termios;
static volatile sig_atomic_t have_saved_termios;

static void on_interrupt(int sig)
{
	(void)sig;
	kernel_raise_interrupt();
}

/* Ctrl-C of a script with a trace or timeline file: stop the kernel in
 * order, so that the files are complete, then die of it. */
static volatile sig_atomic_t stopped_by_signal;
static void on_stop_signal(int sig)
{
	stopped_by_signal = sig;
	kernel_request_stop();
}

static void on_resize(int sig)
{
	(void)sig;
	shell_terminal_resized();
}

/* SIGTERM or SIGHUP while readline owns the terminal: put it back, then
 * die of the signal as we would have. */
static void on_fatal_signal(int sig)
{
	if (have_saved_termios)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_termios);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void handle_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

static int configure(const struct minios_options *opts, struct kernel_config *config)
{
	kernel_config_defaults(config);
	config->clock = opts->clock_virtual ? KERNEL_CLOCK_VIRTUAL : KERNEL_CLOCK_REAL;
	config->poller = opts->poller_poll ? KERNEL_POLLER_POLL : KERNEL_POLLER_EPOLL;
	if (opts->seed_set)
		config->seed = opts->seed;
	config->account_cpu = !opts->clock_virtual;
	config->sched = opts->sched;
	if (opts->quantum_ns >= 0)
		config->quantum_ns = opts->quantum_ns;
	if (opts->watchdog_ns >= 0)
		config->watchdog_ns = opts->watchdog_ns;
	if (opts->stack_size_set) {
		if (opts->stack_size < KERNEL_MIN_STACK_SIZE ||
		    opts->stack_size > KERNEL_MAX_STACK_SIZE) {
			fprintf(stderr,
				"minios: --stack-size: %zu bytes is out of range"
				" (%uk to %uM)\n",
				opts->stack_size, KERNEL_MIN_STACK_SIZE / 1024,
				KERNEL_MAX_STACK_SIZE / (1024 * 1024));
			minios_usage_line(stderr);
			return 2;
		}
		config->stack_size = opts->stack_size;
	}
	return 0;
}

static const char *time_limit_arg; /* --time-limit, for its message */

/* Starts the kernel (and the trace and the timeline, if asked for).
 * Returns 0, 1 when the kernel cannot start, 2 for a bad --trace,
 * --trace-file or --timeline. */
static int boot(const struct kernel_config *config, const struct minios_options *opts)
{
	int r = kernel_init(config);

	if (r < 0) {
		fprintf(stderr, "minios: cannot start the kernel: %s\n", strerror(-r));
		return 1;
	}
	if (opts->trace || opts->trace_file) {
		char why[512];
		r = kernel_trace_start(opts->trace, opts->trace_file, why, sizeof why);
		if (r < 0) {
			fprintf(stderr, "minios: %s: %s\n",
				r == -EINVAL ? "--trace" : "--trace-file", why);
			minios_usage_line(stderr);
			kernel_shutdown();
			return 2;
		}
	}
	/* Files to complete: Ctrl-C stops the kernel in order (on a
	 * terminal the shell takes Ctrl-C over after this). */
	if (opts->timeline || opts->trace_file)
		handle_signal(SIGINT, on_stop_signal);
	if (opts->timeline) {
		char why[512];
		r = kernel_timeline_start(opts->timeline, why, sizeof why);
		if (r < 0) {
			fprintf(stderr, "minios: --timeline: %s\n", why);
			minios_usage_line(stderr);
			kernel_shutdown();
			return 2;
		}
	}
	kernel_set_time_limit(opts->time_limit_ns);
	time_limit_arg = opts->time_limit_arg;
	return 0;
}

/* Runs the loop; returns 0, 1 after printing a deadlock report, or 124
 * when --time-limit stopped it. */
static int run_kernel(void)
{
	char *report = NULL;
	int r = kernel_run(&report);

	if (r == -EINTR && stopped_by_signal) {
		/* Files are completed by kernel_shutdown; the caller dies of
		 * the signal after it. */
	} else if (r == -ETIME) {
		fprintf(stderr, "minios: time limit (%s) reached\n", time_limit_arg);
		free(report);
		return 124;
	} else if (r == -EDEADLK) {
		fputs("minios: deadlock: no task can ever wake up\n", stderr);
		if (report)
			fputs(report, stderr);
	} else if (r < 0) {
		fprintf(stderr, "minios: kernel: %s\n", strerror(-r));
	}
	free(report);
	return r < 0 ? 1 : 0;
}

static void free_execs(struct boot_exec *execs, int from, int to)
{
	for (int i = from; i < to; i++) {
		free(execs[i].block);
		u_free(execs[i].name);
	}
}

/* Creates the --exec tasks in order (the first is task 1). */
static int spawn_execs(struct boot_exec *execs, int n)
{
	for (int i = 0; i < n; i++) {
		int tid = kernel_spawn(execs[i].name, program_task_entry, execs[i].block,
				       TASK_OWNS_ARG);
		u_free(execs[i].name);
		if (tid < 0) {
			fprintf(stderr, "minios: --exec: cannot start a task: %s\n",
				strerror(-tid));
			free(execs[i].block);
			free_execs(execs, i + 1, n);
			return 1;
		}
	}
	return 0;
}

static int run_execs(const struct minios_options *opts, struct kernel_config *config)
{
	int n = opts->nexecs;
	struct boot_exec *execs = calloc(n, sizeof *execs);
	int status;

	if (!execs)
		return 1;
	for (int i = 0; i < n; i++) {
		status = boot_exec_prepare(opts->execs[i], &execs[i]);
		if (status != 0) {
			free_execs(execs, 0, i);
			free(execs);
			return status;
		}
	}
	config->announce_exits = 1;
	if ((status = boot(config, opts)) != 0) {
		free_execs(execs, 0, n);
		free(execs);
		return status;
	}
	status = spawn_execs(execs, n);
	free(execs);
	if (status == 0)
		status = run_kernel();
	/* Every task has ended: report the first (in command-line order)
	 * that failed, as a shell reports a command's status. */
	if (status == 0)
		status = boot_exec_status(kernel_first_failure(NULL));
	kernel_shutdown();
	return status;
}

static enum shell_mode choose_mode(const struct minios_options *opts)
{
	if (opts->command)
		return SHELL_COMMAND;
	if (opts->script)
		return SHELL_SCRIPT;
	/* Readline only when a person is there to see the prompt. */
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return SHELL_INTERACTIVE;
	return SHELL_STDIN;
}

/* An interactive shell that faulted (in readline, say) is replaced, a
 * bounded number of times, so a person does not lose every task to it. */
#define SHELL_RESTARTS_MAX 10
static struct shell_start *interactive_start;
static int shell_restarts;

static int restart_shell(int status)
{
	char text[64];

	if (!(status & TASK_STATUS_FAULTED))
		return 0; /* exit, Ctrl-D, or killed: the end */
	shell_terminal_reset();
	fprintf(stderr, "\nminios: the shell task ended (%s)",
		task_status_text(status, text, sizeof text));
	if (shell_restarts == SHELL_RESTARTS_MAX) {
		fprintf(stderr, " %d times: no new shell\n", shell_restarts + 1);
		return 0;
	}
	int tid = kernel_spawn(SHELL_TASK_NAME, shell_task_main, interactive_start, 0);
	if (tid < 0) {
		fprintf(stderr, "; cannot start a new one: %s\n", strerror(-tid));
		return 0;
	}
	shell_restarts++;
	fprintf(stderr, "; a new shell is task %d\n", tid);
	return tid;
}

/* Creates the shell task and runs the loop; returns minios's status. */
static int start_and_run_shell(struct shell_start *start)
{
	int tid = kernel_spawn(SHELL_TASK_NAME, shell_task_main, start, 0);

	if (tid < 0) {
		fprintf(stderr, "minios: cannot start the shell: %s\n", strerror(-tid));
		return 1;
	}
	if (start->mode == SHELL_INTERACTIVE) {
		interactive_start = start;
		kernel_on_init_ended(restart_shell);
	}
	int r = run_kernel();
	if (r != 0)
		return r;
	int status = kernel_init_status();
	if (status < 0 || !TASK_EXITED(status)) {
		/* Nobody waits for the shell, so nobody else would say. */
		fputs("minios: the shell task died (killed, or a fault such as"
		      " a stack overflow: see --stack-size)\n",
		      stderr);
		return 1;
	}
	return TASK_EXIT_CODE(status);
}

static int run_shell(const struct minios_options *opts, struct kernel_config *config)
{
	struct shell_start start = {
		.mode = choose_mode(opts),
		.script = opts->script,
		.command = opts->command,
	};

	if (opts->record) {
		int r = record_open(opts->record);
		if (r != 0)
			return r;
		start.record = record_line;
	}
	int stdin_flags = fcntl(STDIN_FILENO, F_GETFL);

	if (start.mode == SHELL_INTERACTIVE) {
		config->console = shell_console_sink;
		shell_interactive_prepare();
		if (tcgetattr(STDIN_FILENO, &saved_termios) == 0)
			have_saved_termios = 1;
		handle_signal(SIGTERM, on_fatal_signal);
		handle_signal(SIGHUP, on_fatal_signal);
		handle_signal(SIGWINCH, on_resize);
	}
	if (opts->record)
		config->console = record_sink_over(config->console);
	int booted = boot(config, opts);
	if (booted != 0) {
		record_close(booted);
		return booted;
	}
	/* On a terminal Ctrl-C is the shell's (it clears the line or kills
	 * the foreground task); a script simply dies of it. */
	if (start.mode == SHELL_INTERACTIVE)
		handle_signal(SIGINT, on_interrupt);
	int status = start_and_run_shell(&start);
	shell_terminal_restore();
	if (start.mode == SHELL_INTERACTIVE) {
		signal(SIGINT, SIG_DFL);
		signal(SIGWINCH, SIG_DFL);
	}
	kernel_shutdown();
	if (stdin_flags >= 0)
		fcntl(STDIN_FILENO, F_SETFL, stdin_flags);
	record_close(status);
	return status;
}

/* One run: the --exec tasks, or the shell. */
static int run_once(const struct minios_options *opts, struct kernel_config *config)
{
	return opts->nexecs > 0 ? run_execs(opts, config) : run_shell(opts, config);
}

int main(int argc, char **argv)
{
	struct minios_options opts;
	struct kernel_config config;
	int status = minios_parse_options(argc, argv, &opts);

	if (status != 0)
		return status;
	/* A reader that went away (minios ... | head, a client that hung
	 * up) is an EPIPE for whoever writes, not the end of minios. */
	signal(SIGPIPE, SIG_IGN);
	if (opts.help) {
		minios_usage(stdout);
	} else if (opts.version) {
		printf("minios %s\n", PACKAGE_VERSION);
	} else if ((status = configure(&opts, &config)) == 0) {
		if (opts.explore)
			status = explore(&opts, &config, run_once);
		else if (opts.nexecs > 0)
			status = run_execs(&opts, &config);
		else
			status = run_shell(&opts, &config);
	}
	minios_options_free(&opts);
	if (stopped_by_signal) {
		signal(stopped_by_signal, SIG_DFL);
		raise(stopped_by_signal);
	}
	return status;
}
