/*
 * shell.c - the shell task: read a line, run its commands, report the
 * jobs that ended, and at the end clean up what is left.
 *
 * The shell is task 1, an ordinary userland task.  It asks the kernel for
 * notifications (a child ended; on a terminal, Ctrl-C was pressed) so that
 * every blocking call it makes can be cut short, and it never blocks
 * minios: input is read only after sys_readwait says it is there.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <minios.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/shell.h"
#include "userland/ulib.h"

void shell_error(const char *what, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	ueprintf("minios: %s: %s\n", what, message);
}

const char *shell_format_seconds(int64_t ns, char *buf, size_t size)
{
	const char *sign = ns < 0 ? "-" : "";
	uint64_t magnitude = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;

	snprintf(buf, size, "%s%" PRIu64 ".%03" PRIu64 "s", sign, magnitude / 1000000000u,
		 magnitude / 1000000u % 1000u);
	return buf;
}

int shell_run_line(struct shell *sh, const char *line)
{
	struct shell_parsed parsed;
	const char *error;
	int result = CMD_OK;

	if (shell_parse(line, &parsed, &error) < 0) {
		shell_error("syntax error", "%s", error);
		sh->failed = true;
		return CMD_FAILED;
	}
	for (int i = 0; i < parsed.count; i++) {
		struct shell_words *words = &parsed.commands[i];
		sh->command = words;
		if (shell_dispatch(sh, words->argc, words->argv) != CMD_OK)
			result = CMD_FAILED;
		sh->command = NULL;
		if (sh->exit_requested || sh->interrupted)
			break;
	}
	shell_parsed_free(&parsed);
	if (result != CMD_OK)
		sh->failed = true;
	return result;
}

/* Reads one line; on -EINTR deals with the notification and reads on, so
 * the caller sees only a line, the end, a rejected line or an interrupt. */
static int next_line(struct shell *sh, struct shell_input *in, char *line)
{
	for (;;) {
		int r = shell_input_read_line(in, line);
		if (r != -EINTR)
			return r;
		if (shell_take_notifications(sh))
			return -EINTR;
		jobs_report(sh);
	}
}

int shell_run_fd(struct shell *sh, int fd)
{
	struct shell_input *in = shell_input_open(fd);
	char *line = u_malloc(SHELL_LINE_MAX + 1);
	int result = 0;

	if (!in || !line) {
		shell_input_close(in);
		u_free(line);
		return -ENOMEM;
	}
	int rejected = 0;

	while (!sh->exit_requested && !sh->interrupted) {
		int r = next_line(sh, in, line);
		if (r == -ENODATA || r == -EINTR)
			break;
		if (r == -EMSGSIZE || r == -EILSEQ || r == -EBADMSG) {
			shell_input_error(r);
			sh->failed = true;
			result = 1;
			if (r == -EBADMSG)
				break;
			if (++rejected == SHELL_REJECTED_LINES_MAX) {
				shell_error("input",
					    "%d lines rejected: not text, the rest is not read",
					    rejected);
				break;
			}
			continue;
		}
		if (r < 0) {
			result = r;
			break;
		}
		bool record = sh->record && sh->mode == SHELL_STDIN && sh->source_depth == 0;
		if (record)
			sh->record(line);
		if (shell_run_line(sh, line) != CMD_OK)
			result = 1;
		jobs_report(sh);
		if (record)
			sh->record(NULL);
	}
	u_free(line);
	shell_input_close(in);
	return result;
}

static int open_script(const char *path)
{
	/* O_NONBLOCK: a FIFO must not hold up minios in open (cmd_source.c). */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		shell_error(path, "cannot open: %s", strerror(errno));
	return fd;
}

/* Runs -c text: each of its lines, as if read from a script. */
static void run_command_text(struct shell *sh, const char *text)
{
	char *copy = u_strdup(text);
	char *save = NULL;

	if (!copy) {
		shell_error("-c", "out of memory");
		sh->failed = true;
		return;
	}
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strlen(line) > SHELL_LINE_MAX) {
			shell_input_error(-EMSGSIZE);
			sh->failed = true;
			continue;
		}
		shell_run_line(sh, line);
		jobs_report(sh);
		if (sh->exit_requested || sh->interrupted)
			break;
	}
	u_free(copy);
}

static void run_script(struct shell *sh, const char *path)
{
	int fd = open_script(path);

	if (fd < 0) {
		sh->failed = true;
		return;
	}
	int r = shell_run_fd(sh, fd);
	if (r < 0) {
		/* A directory opens, and fails only when read. */
		shell_error(path, "%s", strerror(-r));
		sh->failed = true;
	}
	close(fd);
}

static void run_stdin(struct shell *sh)
{
	int r = shell_run_fd(sh, 0);

	if (r < 0) {
		shell_error("stdin", "%s", strerror(-r));
		sh->failed = true;
	}
}

static int final_status(const struct shell *sh)
{
	if (sh->exit_requested)
		return sh->exit_status;
	if (sh->mode == SHELL_INTERACTIVE)
		return 0;
	return sh->failed ? 1 : 0;
}

const char SHELL_RECORD_EOF[] = "";

int shell_task_main(void *arg)
{
	const struct shell_start *start = arg;
	struct shell sh = {.mode = start->mode, .self = sys_gettid(), .record = start->record};

	/* Ctrl-C is ours to handle only on a terminal.  A script dies of it
	 * like any program (boot/main.c leaves SIGINT alone), and the kernel can
	 * then tell when no task can ever wake: a shell that took interrupts
	 * could always be woken, and a deadlocked script would hang. */
	unsigned notify = NOTIFY_CHILD;
	if (start->mode == SHELL_INTERACTIVE)
		notify |= NOTIFY_INTERRUPT;
	sys_notify(notify);
	switch (start->mode) {
	case SHELL_INTERACTIVE:
		shell_interactive_loop(&sh);
		break;
	case SHELL_STDIN:
		run_stdin(&sh);
		break;
	case SHELL_SCRIPT:
		run_script(&sh, start->script);
		break;
	case SHELL_COMMAND:
		run_command_text(&sh, start->command);
		break;
	}
	jobs_kill_leftovers(&sh);
	jobs_free(&sh);
	return final_status(&sh);
}
