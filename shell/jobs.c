/*
 * jobs.c - the tasks the shell started, and the news of their ends.
 *
 * The shell asks for NOTIFY_CHILD, so the kernel queues the exit of each
 * task it created and cuts any blocking call of the shell short with
 * -EINTR.  Everything here goes through that one queue (sys_waitchild):
 * an exit is taken once, recorded in the job table, and reported once,
 * whether the shell was at the prompt, waiting, or running a command.
 *
 * A script may start hundreds of thousands of jobs: nothing done per
 * line or per child exit may walk the whole table.  It is in tid order,
 * so a job is found by bisection, and the ends still to report are kept
 * apart (sh->ended).  Reported jobs leave the table, a batch at a time
 * (forget_reported), so that a shell that runs for ever does not grow;
 * the last SHELL_JOBS_FORGOTTEN of them are remembered for `wait TID`.
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
		struct shell_job *jobs = u_realloc(sh->jobs, sizeof *jobs * capacity);
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
	size_t lo = 0, hi = sh->njobs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sh->jobs[mid].tid == tid)
			return &sh->jobs[mid];
		if (sh->jobs[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool jobs_was_reported(const struct shell *sh, int tid)
{
	for (size_t i = 0; i < SHELL_JOBS_FORGOTTEN; i++)
		if (tid > 0 && sh->forgotten[i] == tid)
			return true;
	return false;
}

bool jobs_all_ended(struct shell *sh, const struct shell_job *job)
{
	if (!job->ended)
		return false;
	for (size_t i = 0; job->pipeline && i < sh->njobs; i++)
		if (sh->jobs[i].pipeline == job->pipeline && !sh->jobs[i].ended)
			return false;
	return true;
}

/* Each task of a job leads its group: killing the group ends the tasks
 * it started too (the task itself, if its group is gone already). */
static void kill_group_of(int tid)
{
	if (sys_killtask(-tid) == -ESRCH)
		sys_killtask(tid);
}

void jobs_kill(struct shell *sh, const struct shell_job *job)
{
	int pipeline = job->pipeline, tid = job->tid;

	for (size_t i = 0; pipeline && i < sh->njobs; i++)
		if (sh->jobs[i].pipeline == pipeline && !sh->jobs[i].ended)
			kill_group_of(sh->jobs[i].tid);
	kill_group_of(tid);
}

void jobs_remove_all(struct shell *sh, struct shell_job *job)
{
	int pipeline = job->pipeline;

	jobs_remove(sh, job);
	for (size_t i = 0; pipeline && i < sh->njobs;)
		if (sh->jobs[i].pipeline == pipeline)
			jobs_remove(sh, &sh->jobs[i]);
		else
			i++;
}

void jobs_remove(struct shell *sh, struct shell_job *job)
{
	size_t i = (size_t)(job - sh->jobs);

	if (job->reported)
		sh->nreported--;
	u_free(job->name);
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
	if (job->foreground)
		return;
	if (sh->nended == sh->ended_capacity) {
		size_t capacity = sh->ended_capacity ? sh->ended_capacity * 2 : 64;
		int *ended = u_realloc(sh->ended, sizeof *ended * capacity);
		if (!ended) {
			/* Reported late, by the scan at the end of the shell. */
			return;
		}
		sh->ended = ended;
		sh->ended_capacity = capacity;
	}
	sh->ended[sh->nended++] = tid;
}

static int compare_tids(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
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
	sh->nreported++;
	/* The other stages of a pipeline go with it (their ends are told
	 * by this line). */
	for (size_t i = 0; job->pipeline && i < sh->njobs; i++) {
		struct shell_job *stage = &sh->jobs[i];
		if (stage->member && stage->pipeline == job->pipeline && stage->ended &&
		    !stage->reported) {
			stage->reported = true;
			sh->nreported++;
		}
	}
}

/* Reported jobs leave the table (nothing is left to say about them),
 * all at once when they are half of it: one walk per so many jobs, not
 * one per job, so a script of 100,000 jobs stays linear.  The last
 * SHELL_JOBS_FORGOTTEN of them are remembered for `wait`. */
static void forget_reported(struct shell *sh)
{
	size_t kept = 0;

	if (sh->nreported == 0 || sh->nreported * 2 < sh->njobs)
		return;
	sh->nreported = 0;
	for (size_t i = 0; i < sh->njobs; i++) {
		struct shell_job *job = &sh->jobs[i];
		if (job->ended && job->reported) {
			sh->forgotten[sh->forgotten_next++ % SHELL_JOBS_FORGOTTEN] = job->tid;
			u_free(job->name);
			continue;
		}
		if (job->reported)
			sh->nreported++;
		sh->jobs[kept++] = *job; /* the order, by tid, stays */
	}
	sh->njobs = kept;
	/* Give back what a burst of jobs took, once they are gone. */
	if (sh->jobs_capacity > 64 && sh->njobs < sh->jobs_capacity / 4) {
		size_t capacity = sh->jobs_capacity / 2;
		struct shell_job *jobs = u_realloc(sh->jobs, sizeof *jobs * capacity);
		if (jobs) {
			sh->jobs = jobs;
			sh->jobs_capacity = capacity;
		}
	}
}

void jobs_report(struct shell *sh)
{
	jobs_collect(sh);
	if (sh->nended > 0)
		qsort(sh->ended, sh->nended, sizeof *sh->ended, compare_tids);
	for (size_t i = 0; i < sh->nended; i++) {
		struct shell_job *job = jobs_find(sh, sh->ended[i]);
		/* A pipeline is told by its last stage, when every stage
		 * has ended: whichever stage ended last brings it here. */
		if (job && job->member)
			job = jobs_find(sh, job->pipeline);
		if (job && job->ended && !job->foreground && jobs_all_ended(sh, job))
			jobs_report_one(sh, job);
	}
	sh->nended = 0;
	forget_reported(sh);
}

/* Every ended job not yet told, by a walk of the whole table: once, at
 * the end, when foreground jobs count too. */
static void report_all(struct shell *sh)
{
	for (size_t i = 0; i < sh->njobs; i++)
		if (sh->jobs[i].ended && !sh->jobs[i].member)
			jobs_report_one(sh, &sh->jobs[i]);
	sh->nended = 0;
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
		if (!job || jobs_all_ended(sh, job))
			return 0;
		int r = wait_for_any(sh);
		if (r < 0)
			return r;
	}
}

/* Whether a job from *from on still runs; moves *from past the ended ones
 * (a job does not come back, and new ones go at the end), so waiting for
 * n jobs walks the table once, not n times. */
static bool any_running(struct shell *sh, size_t *from)
{
	while (*from < sh->njobs && sh->jobs[*from].ended)
		(*from)++;
	return *from < sh->njobs;
}

int jobs_wait_all(struct shell *sh)
{
	size_t from = 0;

	while (any_running(sh, &from)) {
		int r = wait_for_any(sh);
		if (r < 0)
			return r;
	}
	return 0;
}

struct killing {
	struct shell *sh;
	int killed;
};

static bool kill_other(const struct task_info *t, void *ctx)
{
	struct killing *k = ctx;

	if (t->tid == k->sh->self)
		return true;
	if (sys_killtask(t->tid) == 0)
		k->killed++;
	/* The kernel keeps a bounded number of exit records for us (1,024):
	 * take them as we go, or the rest go untold. */
	if (k->killed % 256 == 0)
		jobs_collect(k->sh);
	return true;
}

/* Kills every live task but the shell once; returns how many it killed.
 * The tasks are walked a chunk at a time, with no memory: exit must end
 * them when memory has run out, as at the task limit. */
static int kill_others_once(struct shell *sh)
{
	struct killing k = {sh, 0};

	shell_for_each_task(kill_other, &k);
	return k.killed;
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
	report_all(sh);
}

void jobs_free(struct shell *sh)
{
	for (size_t i = 0; i < sh->njobs; i++)
		u_free(sh->jobs[i].name);
	u_free(sh->jobs);
	sh->jobs = NULL;
	sh->njobs = sh->jobs_capacity = sh->nreported = 0;
	u_free(sh->ended);
	sh->ended = NULL;
	sh->nended = sh->ended_capacity = 0;
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

/* The stages of a background pipeline wait at this gate (a semaphore,
 * 0: none) until the shell has printed the job's line; destroying it
 * lets them all go (jobs_open_gate). */
static int gate;

static int gated_entry(void *block)
{
	if (gate > 0)
		sys_sem_wait(gate); /* -ECANCELED (or -EINVAL, if late): go */
	return program_task_entry(block);
}

int jobs_close_gate(void)
{
	gate = sys_sem_create("pipeline start", 0);
	return gate < 0 ? gate : 0;
}

void jobs_open_gate(void)
{
	if (gate > 0)
		sys_sem_destroy(gate);
	gate = 0;
}

/* Starts prog with its standard streams (NULL: the shell's own).  A job
 * is a task group: its task leads a new one, which the tasks it starts
 * join, so that `kill` and Ctrl-C end the whole tree. */
static int spawn_job(const struct program *prog, int argc, char **argv, bool foreground,
		     const int streams[3], int group)
{
	char name[MINIOS_NAME_MAX];
	void *block = program_pack(prog, argc, argv, name, sizeof name);

	if (!block)
		return -ENOMEM;
	struct task_spawn_attr attr = {.flags = TASK_OWNS_ARG | TASK_NEW_GROUP};
	if (group > 0) {
		attr.flags = TASK_OWNS_ARG | TASK_SET_GROUP;
		attr.pgid = group;
	}
	/* Only streams that are not the shell's own need saying. */
	for (int i = 0; streams && i < 3; i++)
		if (streams[i] != TASK_STREAM_INHERIT) {
			attr.flags |= TASK_SET_STREAMS;
			memcpy(attr.streams, streams, sizeof attr.streams);
		}
	task_entry_fn entry = foreground ? program_task_entry
			      : gate > 0 ? gated_entry
					 : background_entry;
	int tid = sys_spawn_attr(name, entry, block, &attr);
	if (tid == -ESRCH && group > 0) {
		/* The group's first task has ended already: lead one. */
		attr.flags = (attr.flags & ~TASK_SET_GROUP) | TASK_NEW_GROUP;
		tid = sys_spawn_attr(name, entry, block, &attr);
	}
	if (tid < 0)
		free(block); /* the kernel did not take it (program_pack: malloc) */
	return tid;
}

struct shell_job *jobs_start(struct shell *sh, const char *what, int argc, char **argv,
			     bool foreground, const int streams[3], int group)
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
	int tid = spawn_job(prog, argc, argv, foreground, streams, group);
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
