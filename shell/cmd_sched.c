/*
 * cmd_sched.c - `sched`: the scheduling policy and its ready queues, in
 * the order it would run them (the shell itself is running, so it is on
 * none).
 */
#include <minios.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int cmd_sched(struct shell *sh, int argc, char **argv)
{
	char small[1024];
	(void)sh;
	(void)argc;
	(void)argv;
	int want = sys_schedinfo(small, sizeof small);
	char *text = small;
	if (want >= (int)sizeof small) {
		/* Many ready tasks: ask again with room for them all. */
		text = u_malloc((size_t)want + 1);
		if (!text) {
			shell_error("sched", "out of memory");
			return CMD_FAILED;
		}
		sys_schedinfo(text, want + 1);
	}
	uprintf("%s", text);
	if (text != small)
		u_free(text);
	return CMD_OK;
}

const struct shell_command cmd_sched_entry = {
	.name = "sched",
	.usage = "sched",
	.help = "show the scheduling policy and its ready queues",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_sched,
};
