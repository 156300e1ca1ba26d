/*
 * record.c - minios --record=NAME: a session at the shell becomes a test.
 *
 * Each line typed (or read from stdin) goes into NAME.msh, preceded by a
 * `sleep` as long as the pause before it - the time from the end of the
 * previous line's commands to this line, rounded to 10ms - so that
 * background tasks print as much in between when the script is replayed.
 * Everything the console prints (stdout and stderr, in order) goes into
 * NAME.out, then "exit=N": what minios-check compares a replay with.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boot/boot.h"
#include "shell/shell.h"

static FILE *msh, *out;
static console_sink_fn next_sink;
static int64_t idle_since = -1; /* when the previous line had run */
static bool skip_newline;       /* the terminal's newline after Ctrl-D */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int record_open(const char *name)
{
	size_t n = strlen(name) + 5;
	char *path = malloc(n);

	if (!path)
		return 2;
	snprintf(path, n, "%s.msh", name);
	msh = fopen(path, "w");
	if (msh) {
		snprintf(path, n, "%s.out", name);
		out = fopen(path, "w");
	}
	if (!msh || !out) {
		fprintf(stderr, "minios: --record: %s: %s\n", path, strerror(errno));
		if (msh)
			fclose(msh);
		msh = out = NULL;
		free(path);
		return 2;
	}
	free(path);
	fprintf(msh, "# Recorded by minios --record=%s; replay it with minios-check.\n", name);
	fflush(msh);
	return 0;
}

void record_line(const char *line)
{
	int64_t now = now_ns();

	if (!msh)
		return;
	if (line == SHELL_RECORD_EOF) {
		skip_newline = true;
		return;
	}
	if (!line) {
		idle_since = now;
		return;
	}
	if (idle_since >= 0) {
		int64_t ms = ((now - idle_since) / 1000000 + 5) / 10 * 10;
		if (ms > 0)
			fprintf(msh, "sleep %" PRId64 "ms\n", ms);
	}
	fprintf(msh, "%s\n", line);
	fflush(msh);
}

static void record_sink(int err, const char *line, size_t len)
{
	bool skip = skip_newline && len == 1 && line[0] == '\n';
	skip_newline = false;
	if (out && !skip) {
		fwrite(line, 1, len, out);
		fflush(out);
	}
	if (next_sink)
		next_sink(err, line, len);
	else
		console_write_raw(err, line, len);
}

console_sink_fn record_sink_over(console_sink_fn next)
{
	next_sink = next;
	return record_sink;
}

void record_close(int status)
{
	if (out) {
		fprintf(out, "exit=%d\n", status);
		fclose(out);
	}
	if (msh)
		fclose(msh);
	msh = out = NULL;
}
