/*
 * history.c - the interactive shell's history, kept in a file.
 *
 * Lines are appended to the file as they are typed, so a session that
 * ends badly still keeps them.  The file is ~/.minios_history, or
 * $MINIOS_HISTFILE; MINIOS_HISTORY=0 keeps no file (the tests use it), and
 * the arrow keys still recall this session's lines.
 */
#include <errno.h>
#include <readline/history.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"

#define HISTORY_LINES 1000

static char *history_path;

static char *choose_path(void)
{
	const char *enabled = getenv("MINIOS_HISTORY");
	const char *file = getenv("MINIOS_HISTFILE");
	const char *home = getenv("HOME");
	char *path = NULL;

	if (enabled && strcmp(enabled, "0") == 0)
		return NULL;
	if (file && file[0] != '\0')
		return strdup(file);
	if (!home || home[0] == '\0')
		return NULL;
	if (asprintf(&path, "%s/.minios_history", home) < 0)
		return NULL;
	return path;
}

void shell_history_start(void)
{
	using_history();
	stifle_history(HISTORY_LINES);
	/* A shell that replaces a faulted one (boot/main.c) comes here
	 * without the faulted one having ended the history: its lines, the
	 * file's among them, are in memory still, so the file is not read
	 * again. */
	free(history_path);
	history_path = choose_path();
	if (!history_path || history_length > 0)
		return;
	int r = read_history(history_path);
	/* append_history will not create the file: make it now. */
	if (r == ENOENT)
		r = write_history(history_path);
	if (r != 0) {
		free(history_path);
		history_path = NULL;
	}
}

static bool is_blank(const char *line)
{
	return line[strspn(line, " \t")] == '\0';
}

static bool same_as_last(const char *line)
{
	HIST_ENTRY *last = history_get(history_base + history_length - 1);

	return last != NULL && strcmp(last->line, line) == 0;
}

void shell_history_add(const char *line)
{
	if (is_blank(line) || same_as_last(line))
		return;
	add_history(line);
	if (history_path)
		append_history(1, history_path);
}

void shell_history_end(void)
{
	if (history_path)
		history_truncate_file(history_path, HISTORY_LINES);
	free(history_path);
	history_path = NULL;
	clear_history();
}
