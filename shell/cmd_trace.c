/*
 * cmd_trace.c - `trace`: the system-call trace, from the shell.
 *
 *   trace TID...   trace these tasks (each of their traps prints a line)
 *   trace all      trace every task
 *   trace off      stop
 *   trace -c       a table per call of what was traced: calls, errors,
 *                  time blocked, as `strace -c` prints
 *
 * The kernel does the tracing (the Trace call); the lines come through
 * the console, above the prompt.
 */
#include <errno.h>
#include <inttypes.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int summary(void)
{
	struct trace_summary_row rows[SYS_NCALLS], total = {0};
	char blocked[32];

	if (sys_trace(TRACE_SUMMARY, 0, rows) < 0) {
		shell_error("trace", "cannot read the summary");
		return CMD_FAILED;
	}
	uprintf("%8s %8s %10s %s\n", "CALLS", "ERRORS", "BLOCKED", "CALL");
	for (int nr = 0; nr < SYS_NCALLS; nr++) {
		const struct trace_summary_row *r = &rows[nr];
		if (r->calls == 0)
			continue;
		uprintf("%8" PRIu64 " %8" PRIu64 " %10s %s\n", r->calls, r->errors,
			shell_format_seconds(r->blocked_ns, blocked, sizeof blocked),
			syscall_name(nr));
		total.calls += r->calls;
		total.errors += r->errors;
		total.blocked_ns += r->blocked_ns;
	}
	uprintf("%8" PRIu64 " %8" PRIu64 " %10s %s\n", total.calls, total.errors,
		shell_format_seconds(total.blocked_ns, blocked, sizeof blocked), "total");
	return CMD_OK;
}

static int cmd_trace(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	const char *first = argv[1];

	if (strcmp(first, "-c") == 0 || strcmp(first, "all") == 0 || strcmp(first, "off") == 0) {
		if (argc > 2) {
			shell_error("trace", "%s: takes nothing after it", first);
			return CMD_FAILED;
		}
		if (first[0] == '-')
			return summary();
		return sys_trace(first[0] == 'a' ? TRACE_ALL : TRACE_OFF, 0, NULL) == 0
			       ? CMD_OK
			       : CMD_FAILED;
	}
	/* Every id is checked before any is traced: a typo traces nothing. */
	for (int i = 1; i < argc; i++) {
		if (shell_tid(argv[i]) < 0) {
			shell_error("trace", "'%s': not a task id, all, off or -c", argv[i]);
			return CMD_FAILED;
		}
	}
	int status = CMD_OK;
	for (int i = 1; i < argc; i++) {
		int tid = shell_tid(argv[i]);
		int r = sys_trace(TRACE_TID, tid, NULL);
		if (r == -ESRCH)
			shell_error("trace", "%d: no such task", tid);
		else if (r < 0)
			shell_error("trace", "%d: %s", tid, strerror(-r));
		if (r < 0)
			status = CMD_FAILED;
	}
	return status;
}

const struct shell_command cmd_trace_entry = {
	.name = "trace",
	.usage = "trace TID...|all|off|-c",
	.help = "trace the system calls of tasks; -c: a summary per call",
	.min_args = 1,
	.max_args = -1,
	.args = {ARG_WORD},
	.exec = cmd_trace,
};
