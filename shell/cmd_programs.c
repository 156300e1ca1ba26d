/*
 * cmd_programs.c - `programs`: what spawn and run can start.
 */
#include <string.h>

#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

static int cmd_programs(struct shell *sh, int argc, char **argv)
{
	int width = 0;

	for (const struct program *p = programs; p->name; p++)
		if ((int)strlen(p->name) > width)
			width = (int)strlen(p->name);
	for (const struct program *p = programs; p->name; p++)
		uprintf("  %-*s  %s\n", width, p->name, p->summary);
	return CMD_OK;
}

const struct shell_command cmd_programs_entry = {
	.name = "programs",
	.usage = "programs",
	.help = "list the programs that spawn and run can start",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_programs,
};
