/*
 * jobs.c - the tasks the shell started, and the news of their ends.
 *
 * The shell asks for NOTIFY_CHILD, so the kernel queues the exit of each
 * task it created and cuts any blocking call of the shell short with
 * -EINTR.  Everything here goes through that one queue (sys_waitchild):
 * an exit is taken once, recorded in the job table, and reported once,
 * whether the shell was at the prompt, waiting, or running a command.
 */
#include <errno.h>
#include <minios.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

struct shell_job *jobs_add(struct shell *sh, int tid, int argc, char *const *argv, bool foreground)
{
	if (sh->njobs == sh->jobs_capacity) {
		size_t capacity = sh->jobs_capacity ? sh->jobs_capacity * 2 : 8;
		struct shell_job *jobs = realloc(sh->jobs, sizeof *jobs * capacity);
		if (!jobs)
			return NULL;
		sh->jobs = jobs;
		sh->jobs_capacity = capacity;
	}
	char *name = shell_join_words(argc, argv);
	if (!name)
		return NULL;
	/* Task ids only grow, so appending keeps the table in tid order. */
	struct shell_job *job = &sh->jobs[sh->njobs++];
	*job = (struct shell_job){.tid = tid, .foreground = foreground, .name = name};
	return job;
}

struct shell_job *jobs_find(struct shell *sh, int tid)
{
	for (size_t i = 0; i < sh->njobs; i++)
		if (sh->jobs[i].tid == tid)
			return &sh->jobs[i];
	return NULL;
}

void jobs_remove(struct shell *sh, struct shell_job *job)
{
	size_t i = (size_t)(job - sh->jobs);

	free(job->name);
	memmove(job, job + 1, sizeof *job * (sh->njobs - i - 1));
	sh->njobs--;
}

static void record_exit(struct shell *sh, int tid, int status)
{
	struct shell_job *job = jobs_find(sh, tid);

	/* Not a job: a task that a job started and that outlived its
	 * parent, handed to the shell (task 1) when the parent ended.  Its
	 * record is taken, so it does not pile up, and nothing is said:
	 * the shell reports only the jobs it started. */
	if (!job)
		return;
	job->ended = true;
	job->status = status;
}

void jobs_collect(struct shell *sh)
{
	int tid, status;

	while (sys_waitchild(&tid, &status, WAIT_NOHANG) == 0)
		record_exit(sh, tid, status);
}

void jobs_report_one(struct shell *sh, struct shell_job *job)
{
	char text[64];

	if (job->reported)
		return;
	uprintf("[%d] %s  %s\n", job->tid, task_status_text(job->status, text, sizeof text),
		job->name);
	job->reported = true;
}

void jobs_report(struct shell *sh)
{
	jobs_collect(sh);
	for (size_t i = 0; i < sh->njobs; i++) {
		struct shell_job *job = &sh->jobs[i];
		if (job->ended && !job->foreground)
			jobs_report_one(sh, job);
	}
}

bool shell_take_notifications(struct shell *sh)
{
	jobs_collect(sh);
	int pending = sys_pending();
	if (pending > 0 && (pending & NOTIFY_INTERRUPT))
		sh->interrupted = true;
	return sh->interrupted;
}

/* Blocks until some child ends (and records it) or Ctrl-C is pressed. */
static int wait_for_any(struct shell *sh)
{
	int tid, status;
	int r = sys_waitchild(&tid, &status, 0);

	if (r == 0) {
		record_exit(sh, tid, status);
		return 0;
	}
	if (r == -EINTR)
		return shell_take_notifications(sh) ? -EINTR : 0;
	return r;
}

int jobs_wait(struct shell *sh, struct shell_job *job)
{
	int tid = job->tid;

	/* The table may move while we wait: find the job again each time. */
	for (;;) {
		job = jobs_find(sh, tid);
		if (!job || job->ended)
			return 0;
		int r = wait_for_any(sh);
		if (r < 0)
			return r;
	}
}

static bool any_running(struct shell *sh)
{
	for (size_t i = 0; i < sh->njobs; i++)
		if (!sh->jobs[i].ended)
			return true;
	return false;
}

int jobs_wait_all(struct shell *sh)
{
	while (any_running(sh)) {
		int r = wait_for_any(sh);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Kills every live task but the shell once; returns how many it killed. */
static int kill_others_once(struct shell *sh)
{
	int count;
	int killed = 0;
	struct task_info *tasks = shell_task_snapshot(&count);

	if (!tasks)
		return 0;
	for (int i = 0; i < count; i++) {
		if (tasks[i].tid == sh->self)
			continue;
		if (sys_killtask(tasks[i].tid) == 0)
			killed++;
	}
	free(tasks);
	return killed;
}

void jobs_kill_leftovers(struct shell *sh)
{
	/* Each kill is a trap, so a task may start another before it dies:
	 * go round until nothing is left (bounded, in case one keeps doing
	 * so faster than we kill). */
	for (int pass = 0; pass < 100; pass++)
		if (kill_others_once(sh) == 0)
			break;
	jobs_collect(sh);
	for (size_t i = 0; i < sh->njobs; i++)
		sh->jobs[i].foreground = false;
	jobs_report(sh);
}

void jobs_free(struct shell *sh)
{
	for (size_t i = 0; i < sh->njobs; i++)
		free(sh->jobs[i].name);
	free(sh->jobs);
	sh->jobs = NULL;
	sh->njobs = sh->jobs_capacity = 0;
}

/* The kernel queues a new task ahead of its parent, so a background job
 * would print before the shell's "[3] countdown 3".  Its task yields once
 * before the program starts: that puts it behind the shell, which prints
 * the job line and goes on until its next trap.  (A foreground task has
 * no line before it, and starts at once.) */
static int background_entry(void *block)
{
	sys_yield();
	return program_task_entry(block);
}

/* A job is a task group: its task leads a new one, which the tasks it
 * starts join, so that `kill` and Ctrl-C end the whole tree. */
static int spawn_job(const struct program *prog, int argc, char **argv, bool foreground)
{
	char name[MINIOS_NAME_MAX];
	void *block = program_pack(prog, argc, argv, name, sizeof name);

	if (!block)
		return -ENOMEM;
	int tid = sys_spawn(name, foreground ? program_task_entry : background_entry, block,
			    TASK_OWNS_ARG | TASK_NEW_GROUP);
	if (tid < 0)
		free(block); /* the kernel did not take it */
	return tid;
}

struct shell_job *jobs_start(struct shell *sh, const char *what, int argc, char **argv,
			     bool foreground)
{
	char why[512];
	const struct program *prog = program_lookup(argv[0], why, sizeof why);

	if (!prog && why[0]) {
		shell_error(what, "%s: %s", argv[0], why);
		return NULL;
	}
	if (!prog) {
		shell_error(what, "%s: no such program (try 'programs')", argv[0]);
		return NULL;
	}
	int tid = spawn_job(prog, argc, argv, foreground);
	if (tid < 0) {
		shell_error(what, "%s: cannot start: %s", argv[0], strerror(-tid));
		return NULL;
	}
	struct shell_job *job = jobs_add(sh, tid, argc, argv, foreground);
	if (!job) {
		/* Without a job entry nobody would report it: better stop it
		 * now than leave a task the shell cannot account for. */
		sys_killtask(tid);
		shell_error(what, "out of memory");
	}
	return job;
}
