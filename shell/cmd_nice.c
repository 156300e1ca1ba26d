/*
 * cmd_nice.c - `nice N PROGRAM [ARGS...]`: start a program in the
 * background at nice value N (-20..19), and `renice N TID`: change a
 * task's nice value.  What nice means is the policy's (minios --sched):
 * under prio the lowest nice runs first, under lottery it sets the
 * tickets.
 *
 * nice starts the program at the shell's own value and sets the new one
 * at once, before the program has run: the shell never lowers its own
 * priority, which under prio could leave it waiting behind busy tasks.
 */
#include <errno.h>
#include <minios.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

/* Reads a nice value; false (after one line as command what) if it is
 * not a whole number in -20..19. */
static bool parse_nice(const char *what, const char *text, int *out)
{
	char *end;
	long value = strtol(text, &end, 10);

	if (end == text || *end != '\0' || value < MINIOS_NICE_MIN || value > MINIOS_NICE_MAX) {
		shell_error(what, "'%s': a nice value is a number from %d to %d", text,
			    MINIOS_NICE_MIN, MINIOS_NICE_MAX);
		return false;
	}
	*out = (int)value;
	return true;
}

static int cmd_nice(struct shell *sh, int argc, char **argv)
{
	int nice;

	if (!parse_nice("nice", argv[1], &nice))
		return CMD_FAILED;
	struct shell_job *job = jobs_start(sh, "nice", argc - 2, argv + 2, false, NULL, 0);
	if (!job)
		return CMD_FAILED;
	int r = sys_setpriority(job->tid, nice);
	if (r < 0 && r != -ESRCH) /* -ESRCH: it has ended already */
		shell_error("nice", "%d: %s", job->tid, strerror(-r));
	uprintf("[%d] %s\n", job->tid, job->name);
	return CMD_OK;
}

static int cmd_renice(struct shell *sh, int argc, char **argv)
{
	int nice;

	(void)sh;
	(void)argc;
	if (!parse_nice("renice", argv[1], &nice))
		return CMD_FAILED;
	int tid = shell_tid(argv[2]);
	int r = sys_setpriority(tid, nice);
	if (r == -ESRCH) {
		shell_error("renice", "%s: no such task", argv[2]);
		return CMD_FAILED;
	}
	if (r < 0) {
		shell_error("renice", "%s: %s", argv[2], strerror(-r));
		return CMD_FAILED;
	}
	return CMD_OK;
}

const struct shell_command cmd_nice_entry = {
	.name = "nice",
	.usage = "nice N PROGRAM [ARGS...]",
	.help = "start a program in the background at nice value N (-20..19)",
	.min_args = 2,
	.max_args = -1,
	.args = {ARG_WORD, ARG_PROGRAM, ARG_WORD},
	.exec = cmd_nice,
};

const struct shell_command cmd_renice_entry = {
	.name = "renice",
	.usage = "renice N TID",
	.help = "set a task's nice value (-20..19); it takes effect at once",
	.min_args = 2,
	.max_args = 2,
	.args = {ARG_WORD, ARG_TID},
	.exec = cmd_renice,
};
