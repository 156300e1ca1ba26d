/*
 * cmd_timeline.c - `timeline start FILE` / `timeline stop`: record a
 * picture of a stretch of the session.
 *
 * FILE.json is the Chrome trace-event format (open it in the Perfetto UI
 * or chrome://tracing); FILE.svg is a Gantt chart for a browser.  The
 * kernel records (the Timeline call); stop, exit and the end of minios
 * complete the file.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"

static int cmd_timeline(struct shell *sh, int argc, char **argv)
{
	(void)sh;
	int r;

	if (strcmp(argv[1], "start") == 0 && argc == 3) {
		r = sys_timeline(argv[2]);
		if (r == -EINVAL)
			shell_error("timeline", "%s: name it FILE.json or FILE.svg", argv[2]);
		else if (r == -EBUSY)
			shell_error("timeline", "one is being recorded already ('timeline stop')");
		else if (r < 0)
			shell_error("timeline", "%s: %s", argv[2], strerror(-r));
	} else if (strcmp(argv[1], "stop") == 0 && argc == 2) {
		r = sys_timeline(NULL);
		if (r == -ENOENT)
			shell_error("timeline", "none is being recorded");
		else if (r < 0)
			shell_error("timeline", "%s", strerror(-r));
	} else {
		shell_error("timeline", "usage: timeline start FILE | timeline stop");
		return CMD_FAILED;
	}
	return r == 0 ? CMD_OK : CMD_FAILED;
}

const struct shell_command cmd_timeline_entry = {
	.name = "timeline",
	.usage = "timeline start FILE|stop",
	.help = "record who ran when into FILE.json or FILE.svg, until stop",
	.min_args = 1,
	.max_args = 2,
	.args = {ARG_WORD, ARG_FILE},
	.exec = cmd_timeline,
};
