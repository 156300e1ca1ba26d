/*
 * cmd_wait.c - `wait [TID...]`: wait for tasks to end.
 *
 * Without ids: every task the shell started.  Each task waited for is
 * reported as it ends, like a background job, so a script shows how its
 * tasks ended; one whose end was reported already is not waited for.  A
 * task the shell did not start (one a program created) can be waited for
 * too, through sys_waittask.  Ctrl-C stops the waiting, not the tasks.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int interrupted(void)
{
	shell_error("wait", "interrupted");
	return CMD_FAILED;
}

static int wait_job(struct shell *sh, struct shell_job *job)
{
	int tid = job->tid;

	if (jobs_wait(sh, job) < 0)
		return interrupted();
	job = jobs_find(sh, tid);
	if (job)
		jobs_report_one(sh, job);
	return CMD_OK;
}

/* A task that is not the shell's child: ask the kernel directly. */
static int wait_other(struct shell *sh, int tid)
{
	struct task_info info;
	char text[64];
	int status;

	if (tid == sh->self) {
		shell_error("wait", "%d: that is the shell", tid);
		return CMD_FAILED;
	}
	if (!shell_task_lookup(tid, &info)) {
		shell_error("wait", "%d: no such task", tid);
		return CMD_FAILED;
	}
	for (;;) {
		int r = sys_waittask(tid, &status);
		if (r == 0)
			break;
		if (r == -ESRCH) /* it ended while we took a notification */
			return CMD_OK;
		if (r == -EDEADLK) {
			shell_error("wait", "%d: waiting would deadlock", tid);
			return CMD_FAILED;
		}
		if (r != -EINTR) {
			shell_error("wait", "%d: %s", tid, strerror(-r));
			return CMD_FAILED;
		}
		if (shell_take_notifications(sh))
			return interrupted();
	}
	uprintf("[%d] %s  %s\n", tid, task_status_text(status, text, sizeof text), info.name);
	return CMD_OK;
}

static int wait_all(struct shell *sh)
{
	if (jobs_wait_all(sh) < 0)
		return interrupted();
	jobs_report(sh);
	return CMD_OK;
}

static int cmd_wait(struct shell *sh, int argc, char **argv)
{
	int result = CMD_OK;

	if (argc == 1)
		return wait_all(sh);
	/* Dispatch checked every id before we wait for any, so a typo does
	 * not show up only after a long wait. */
	for (int i = 1; i < argc && !sh->interrupted; i++) {
		int tid = shell_tid(argv[i]);
		struct shell_job *job = jobs_find(sh, tid);
		if (!job && jobs_was_reported(sh, tid))
			continue; /* ended, and said so already */
		int r = job ? wait_job(sh, job) : wait_other(sh, tid);
		if (r != CMD_OK)
			result = CMD_FAILED;
	}
	return result;
}

const struct shell_command cmd_wait_entry = {
	.name = "wait",
	.usage = "wait [TID...]",
	.help = "wait for tasks to end (no TID: every task the shell started)",
	.min_args = 0,
	.max_args = -1,
	.args = {ARG_TID},
	.exec = cmd_wait,
};
