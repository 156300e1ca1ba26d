/*
 * cmd_source.c - `source FILE`: run the commands in a file.
 *
 * As if typed at this point: the same jobs, the same state.  It fails if
 * any command in the file failed.  `exit` in the file leaves the shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <minios.h>
#include <string.h>
#include <unistd.h>

#include "shell/shell.h"

static int cmd_source(struct shell *sh, int argc, char **argv)
{
	if (sh->source_depth >= SHELL_SOURCE_DEPTH_MAX) {
		shell_error("source", "%s: nested too deeply (more than %d)", argv[1],
			    SHELL_SOURCE_DEPTH_MAX);
		return CMD_FAILED;
	}
	/* Not blocking: opening a FIFO would wait for a writer, and hold up
	 * every task meanwhile.  The reads wait with ReadWait instead. */
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		shell_error("source", "%s: %s", argv[1], strerror(errno));
		return CMD_FAILED;
	}
	/* Owned by the shell task, so the kernel closes it if the shell is
	 * torn down in the middle. */
	bool owned = sys_fd_own(fd) == 0;
	sh->source_depth++;
	int r = shell_run_fd(sh, fd);
	sh->source_depth--;
	if (owned)
		sys_close(fd);
	else
		close(fd);
	if (r < 0) {
		shell_error("source", "%s: %s", argv[1], strerror(-r));
		return CMD_FAILED;
	}
	return r == 0 ? CMD_OK : CMD_FAILED;
}

const struct shell_command cmd_source_entry = {
	.name = "source",
	.usage = "source FILE",
	.help = "run the commands in FILE",
	.min_args = 1,
	.max_args = 1,
	.args = {ARG_FILE},
	.exec = cmd_source,
};
