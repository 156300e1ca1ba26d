/*
 * pipeline.c - `A | B | C` and redirections: one job of tasks joined by
 * pipes, with files on their standard streams.
 *
 * Everything that can fail for a reason the person can fix is done
 * before any task starts: every program is looked up and every file
 * opened, so a typo starts nothing.  Each task gets its own copies of the
 * fds on its streams (the kernel makes them at spawn, TASK_SET_STREAMS),
 * and the shell closes its own: a pipe's reader then sees end of file
 * when its writer ends, and a writer "broken pipe" when its reader does.
 */
#include <errno.h>
#include <fcntl.h>
#include <minios.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

/* Files and pipe ends the shell opened for a pipeline, closed once the
 * tasks have their copies (or when it does not start). */
struct opened {
	int *fds;
	int count;
};

static void close_opened(struct opened *o)
{
	for (int i = 0; i < o->count; i++)
		sys_close(o->fds[i]);
	u_free(o->fds);
}

static int open_file(struct opened *o, const char *what, const char *name, int flags)
{
	int fd = open(name, flags | O_NONBLOCK | O_CLOEXEC, 0666);
	if (fd < 0) {
		shell_error(what, "%s: cannot open: %s", name, strerror(errno));
		return -1;
	}
	o->fds[o->count++] = fd;
	return fd;
}

/* The standard streams of each stage: files, then pipes. */
static int plan_streams(struct opened *o, const char *what, const struct shell_words *command,
			int nstages, int (*streams)[3], int input)
{
	const struct shell_words *stage = command;
	for (int i = 0; i < nstages; i++, stage = stage->next) {
		int *s = streams[i];
		s[MINIOS_STDIN] = i == 0 ? input : TASK_STREAM_INHERIT;
		s[MINIOS_STDOUT] = s[MINIOS_STDERR] = TASK_STREAM_INHERIT;
		int out_flags = O_WRONLY | O_CREAT | (stage->append ? O_APPEND : O_TRUNC);
		if ((stage->in &&
		     (s[MINIOS_STDIN] = open_file(o, what, stage->in, O_RDONLY)) < 0) ||
		    (stage->out &&
		     (s[MINIOS_STDOUT] = open_file(o, what, stage->out, out_flags)) < 0) ||
		    (stage->err &&
		     (s[MINIOS_STDERR] =
			      open_file(o, what, stage->err, O_WRONLY | O_CREAT | O_TRUNC)) < 0))
			return -1;
	}
	for (int i = 0; i + 1 < nstages; i++) {
		int p[2];
		int r = sys_pipe(p);
		if (r < 0) {
			shell_error(what, "cannot make a pipe: %s", strerror(-r));
			return -1;
		}
		o->fds[o->count++] = p[0];
		o->fds[o->count++] = p[1];
		/* A redirection of the stage wins over the pipe, as in sh. */
		if (streams[i][MINIOS_STDOUT] == TASK_STREAM_INHERIT)
			streams[i][MINIOS_STDOUT] = p[1];
		if (streams[i + 1][MINIOS_STDIN] == TASK_STREAM_INHERIT)
			streams[i + 1][MINIOS_STDIN] = p[0];
	}
	return 0;
}

/* The words of stage i: the first stage's start after the command. */
static void stage_words(const struct shell_words *stage, int i, int *argc, char ***argv)
{
	*argc = i == 0 ? stage->argc - 1 : stage->argc;
	*argv = i == 0 ? stage->argv + 1 : stage->argv;
}

/* "A | B | C": the job's name. */
static char *pipeline_name(const struct shell_words *command)
{
	size_t size = 1;
	for (const struct shell_words *s = command; s; s = s->next)
		for (int w = 0; w < s->argc; w++)
			size += strlen(s->argv[w]) + 3;
	char *name = u_malloc(size), *end = name;
	if (!name)
		return NULL;
	int i = 0;
	for (const struct shell_words *s = command; s; s = s->next, i++) {
		int argc;
		char **argv;
		stage_words(s, i, &argc, &argv);
		if (i > 0)
			end = stpcpy(end, " | ");
		for (int w = 0; w < argc; w++) {
			if (w > 0)
				*end++ = ' ';
			end = stpcpy(end, argv[w]);
		}
	}
	*end = '\0';
	return name;
}

static struct shell_job *start_stages(struct shell *sh, const char *what,
				      const struct shell_words *command, int nstages,
				      int (*streams)[3], bool foreground)
{
	if (nstages < 1)
		return NULL;
	int *tids = u_calloc((size_t)nstages, sizeof *tids);
	char *name = nstages > 1 ? pipeline_name(command) : NULL;
	struct shell_job *job = NULL;
	int started = 0;
	if (!tids || (nstages > 1 && !name)) {
		shell_error(what, "out of memory");
		goto out;
	}
	const struct shell_words *stage = command;
	for (; started < nstages; started++, stage = stage->next) {
		int argc;
		char **argv;
		stage_words(stage, started, &argc, &argv);
		/* One task group: the first task leads it. */
		job = jobs_start(sh, what, argc, argv, foreground, streams[started],
				 started > 0 ? tids[0] : 0);
		if (!job)
			break;
		tids[started] = job->tid;
	}
	if (started < nstages) {
		/* Stop what did start: a pipeline runs whole or not at all. */
		for (int i = 0; i < started; i++) {
			struct shell_job *j = jobs_find(sh, tids[i]);
			sys_killtask(tids[i]);
			if (j)
				j->foreground = true; /* nothing to report */
		}
		job = NULL;
		goto out;
	}
	if (nstages > 1) {
		for (int i = 0; i < nstages; i++) {
			struct shell_job *j = jobs_find(sh, tids[i]);
			if (!j)
				continue;
			j->pipeline = tids[nstages - 1];
			j->member = i + 1 < nstages;
		}
		job = jobs_find(sh, tids[nstages - 1]);
		u_free(job->name);
		job->name = name;
		name = NULL;
	}
out:
	u_free(name);
	u_free(tids);
	return job;
}

struct shell_job *pipeline_start(struct shell *sh, const char *what,
				 const struct shell_words *command, bool foreground, int input)
{
	int nstages = 0;
	for (const struct shell_words *s = command; s; s = s->next, nstages++) {
		int argc;
		char **argv;
		stage_words(s, nstages, &argc, &argv);
		if (argc < 1) {
			shell_error(what, "no program to start");
			return NULL;
		}
		char why[512];
		if (!program_lookup(argv[0], why, sizeof why)) {
			if (why[0])
				shell_error(what, "%s: %s", argv[0], why);
			else
				shell_error(what, "%s: no such program (try 'programs')", argv[0]);
			return NULL;
		}
	}
	struct opened o = {u_calloc((size_t)nstages * 5, sizeof *o.fds), 0};
	int(*streams)[3] = u_calloc((size_t)nstages, sizeof *streams);
	struct shell_job *job = NULL;
	if (!o.fds || !streams)
		shell_error(what, "out of memory");
	else if (plan_streams(&o, what, command, nstages, streams, input) == 0) {
		/* The caller opens the gate (after the job's line). */
		if (!foreground && nstages > 1)
			jobs_close_gate();
		job = start_stages(sh, what, command, nstages, streams, foreground);
	}
	close_opened(&o);
	u_free(streams);
	return job;
}
