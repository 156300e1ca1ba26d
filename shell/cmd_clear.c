/*
 * cmd_clear.c - `clear`: clear the terminal's screen.
 *
 * On a terminal: the ANSI sequence that moves the cursor home and erases
 * the screen, so the next prompt comes at the top.  It goes out with
 * console_write_raw, since a console line would wait for a newline.  Off a
 * terminal (a script, a pipe, a file) there is no screen: clear writes
 * nothing, and a script's output stays plain text.  Ctrl-L at the prompt
 * does the same through readline, keeping the line being typed.
 */
#include <minios.h>
#include <unistd.h>

#include "shell/shell.h"

#define CLEAR_SCREEN "\033[H\033[2J"

static int cmd_clear(struct shell *sh, int argc, char **argv)
{
	if (isatty(STDOUT_FILENO))
		console_write_raw(0, CLEAR_SCREEN, sizeof CLEAR_SCREEN - 1);
	return CMD_OK;
}

const struct shell_command cmd_clear_entry = {
	.name = "clear",
	.usage = "clear",
	.help = "clear the screen (on a terminal; elsewhere it does nothing)",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_clear,
};
