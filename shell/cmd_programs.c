/*
 * cmd_programs.c - `programs`: what spawn and run can start.
 */
#include <string.h>

#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

/* A program found on MINIOS_PATH: after the built-in ones, marked with
 * its file (or what is wrong with the file). */
static void print_found(const char *file, const struct program *prog, const char *why, void *arg)
{
	int *count = arg;

	if ((*count)++ == 0)
		uprintf("Found on MINIOS_PATH:\n");
	if (prog)
		uprintf("  %s  %s  (%s)\n", prog->name, prog->summary, file);
	else
		uprintf("  %s: %s\n", file, why);
}

static int cmd_programs(struct shell *sh, int argc, char **argv)
{
	int width = 0, found = 0;

	for (const struct program *p = programs; p->name; p++)
		if ((int)strlen(p->name) > width)
			width = (int)strlen(p->name);
	for (const struct program *p = programs; p->name; p++)
		uprintf("  %-*s  %s\n", width, p->name, p->summary);
	program_each_found(print_found, &found);
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
