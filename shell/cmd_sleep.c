/*
 * cmd_sleep.c - `sleep DURATION`: let the tasks run for a while.
 *
 * Handy in scripts, where the next command would otherwise run at once.
 * The shell's sleep is cut short by each child's end (which is recorded,
 * and reported after the command), so it sleeps again until the deadline;
 * only Ctrl-C ends it early.
 */
#include <errno.h>
#include <minios.h>
#include <stdint.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int cmd_sleep(struct shell *sh, int argc, char **argv)
{
	int64_t ns;

	if (u_parse_duration(argv[1], &ns) < 0) {
		shell_error("sleep", "%s: not a duration (like 250ms, 2s, 1m)", argv[1]);
		return CMD_FAILED;
	}
	/* The kernel clock ends at INT64_MAX (its Sleep stops there too). */
	int64_t now = sys_clock_now();
	int64_t deadline = ns > INT64_MAX - now ? INT64_MAX : now + ns;
	for (;;) {
		int64_t left = deadline - sys_clock_now();
		if (left <= 0)
			return CMD_OK;
		int r = sys_sleep(left);
		if (r == 0)
			return CMD_OK;
		if (r != -EINTR) {
			shell_error("sleep", "%s", strerror(-r));
			return CMD_FAILED;
		}
		if (shell_take_notifications(sh)) {
			shell_error("sleep", "interrupted");
			return CMD_FAILED;
		}
	}
}

const struct shell_command cmd_sleep_entry = {
	.name = "sleep",
	.usage = "sleep DURATION",
	.help = "wait for DURATION (250ms, 2s, 1m, ...) while the tasks run",
	.min_args = 1,
	.max_args = 1,
	.args = {ARG_DURATION},
	.exec = cmd_sleep,
};
