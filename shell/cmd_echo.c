/*
 * cmd_echo.c - `echo [WORD...]`: print the words on one line.
 */
#include <stdlib.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int cmd_echo(struct shell *sh, int argc, char **argv)
{
	char *text = shell_join_words(argc - 1, argv + 1);

	if (!text) {
		shell_error("echo", "out of memory");
		return CMD_FAILED;
	}
	uprintf("%s\n", text);
	u_free(text);
	return CMD_OK;
}

const struct shell_command cmd_echo_entry = {
	.name = "echo",
	.usage = "echo [WORD...]",
	.help = "print the words, separated by spaces, on one line",
	.min_args = 0,
	.max_args = -1,
	.args = {ARG_WORD},
	.exec = cmd_echo,
};
