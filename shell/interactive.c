/*
 * interactive.c - the shell on a terminal, with readline.
 *
 * Readline's callback interface lets the shell stay a well-behaved task:
 * it waits with sys_readwait(0), so every other task runs while the
 * person types, and feeds readline one character at a time.  A child's
 * end or a Ctrl-C cuts that wait short (-EINTR): the end is reported
 * above the prompt, the Ctrl-C clears the line.
 *
 * Readline is installed only while a prompt is on the screen.  A command
 * runs with the terminal as the person had it, so Ctrl-C there is an
 * ordinary SIGINT (boot/main.c turns it into a kernel interrupt, which `run`
 * takes as "kill the foreground task") and task output needs no redrawing.
 * Readline must not catch signals itself: that would fight boot/main.c.
 */
#include <errno.h>
#include <minios.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/shell.h"
#include "userland/ulib.h"

#define PROMPT "minios> "

static bool handler_installed;
static bool line_ready;
static bool input_ended;
static char *ready_line;
static volatile sig_atomic_t resized;

static void remove_handler(void)
{
	if (!handler_installed)
		return;
	shell_console_set_prompt(false);
	rl_callback_handler_remove(); /* restores the terminal */
	handler_installed = false;
}

/* Readline has a whole line (or NULL: Ctrl-D on an empty line). */
static void on_line(char *line)
{
	remove_handler();
	if (!line)
		input_ended = true;
	else
		line_ready = true;
	ready_line = line;
}

static void install_handler(void)
{
	rl_callback_handler_install(PROMPT, on_line);
	handler_installed = true;
	shell_console_set_prompt(true);
}

void shell_terminal_restore(void)
{
	remove_handler();
}

void shell_terminal_resized(void)
{
	resized = 1;
}

/* Ctrl-C at the prompt: show it, drop the half-typed line, prompt again. */
static void discard_line(void)
{
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C", rl_outstream);
	rl_crlf();
	rl_callback_sigcleanup(); /* leave an incremental search, etc. */
	rl_replace_line("", 1);
	rl_on_new_line();
	rl_redisplay();
}

static void take_notifications(struct shell *sh)
{
	if (shell_take_notifications(sh)) {
		sh->interrupted = false;
		discard_line();
	}
	jobs_report(sh); /* above the prompt */
}

static void feed_readline(void)
{
	if (resized) {
		resized = 0;
		rl_resize_terminal();
	}
	shell_console_hold(true);
	rl_callback_read_char();
	shell_console_hold(false);
}

/* Shows the prompt and returns the next line (malloc'ed), or NULL at the
 * end of the input. */
static char *read_line(struct shell *sh)
{
	jobs_report(sh);
	line_ready = input_ended = false;
	ready_line = NULL;
	install_handler();
	while (!line_ready && !input_ended) {
		int r = sys_readwait(STDIN_FILENO);
		if (r == -EINTR)
			take_notifications(sh);
		else if (r < 0)
			input_ended = true;
		else
			feed_readline();
	}
	remove_handler();
	return line_ready ? ready_line : NULL;
}

static void run_typed_line(struct shell *sh, const char *line)
{
	sh->interrupted = false;
	if (strlen(line) > SHELL_LINE_MAX) {
		shell_input_error(-EMSGSIZE);
		return;
	}
	shell_history_add(line);
	if (sh->record)
		sh->record(line);
	shell_run_line(sh, line);
	if (sh->record)
		sh->record(NULL);
	sh->interrupted = false; /* it ended the line; the session goes on */
}

void shell_interactive_prepare(void)
{
	rl_readline_name = "minios";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0; /* boot/main.c tells us; see feed_readline */
	rl_instream = stdin;
	rl_outstream = stdout;
	rl_attempted_completion_function = shell_complete;
	/* Reading inputrc and the terminal's description takes more stack
	 * than a task may have: do it now, on the host's stack. */
	rl_initialize();
}

void shell_interactive_loop(struct shell *sh)
{
	shell_history_start();
	while (!sh->exit_requested) {
		char *line = read_line(sh);
		if (!line) {
			uprintf("\n"); /* Ctrl-D leaves the cursor after the prompt */
			break;
		}
		run_typed_line(sh, line);
		free(line);
	}
	shell_history_end();
}
