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

void shell_terminal_reset(void)
{
	shell_console_hold(false);
	rl_callback_sigcleanup(); /* whatever readline was in the middle of */
	remove_handler();
}

void shell_terminal_resized(void)
{
	resized = 1;
}

/* Ctrl-C at the prompt: show it, drop the half-typed line, prompt again.
 * Readline starts afresh, as after a line: the line may be a history
 * entry being edited, whose undo list belongs to the entry (replacing
 * the line in place left readline to undo into freed memory later). */
static void discard_line(void)
{
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C", rl_outstream);
	rl_crlf();
	rl_callback_sigcleanup(); /* leave an incremental search, etc. */
	rl_free_line_state();     /* undo list, argument, macro */
	remove_handler();
	install_handler(); /* a new, empty line and prompt */
}

static void take_notifications(struct shell *sh)
{
	if (shell_take_notifications(sh)) {
		sh->interrupted = false;
		discard_line();
	}
	jobs_report(sh); /* above the prompt */
}

/* The largest numeric argument readline is left to build on: the next
 * digit makes it at most ten times that.  (Readline 8.2 lets it grow past
 * INT_MAX, and then repeats a command that many times, inside the shell
 * task: minios stops.  The key bindings of avoid_blocking_bindings are
 * not the only way to start one: a search ended by ESC and a digit is.) */
#define NUMERIC_ARG_MAX 99

static void feed_readline(void)
{
	if (resized) {
		resized = 0;
		rl_resize_terminal();
	}
	if (rl_numeric_arg > NUMERIC_ARG_MAX)
		rl_numeric_arg = NUMERIC_ARG_MAX;
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

/* A paste's end marker that never comes: the typed keys go on as keys. */
static int ignore_paste_start(int count, int key)
{
	(void)count;
	(void)key;
	return 0;
}

/* Readline runs inside the shell task, and the kernel cannot preempt a
 * task inside a library: for as long as readline works on a key, every
 * task waits.  So the keys that make it work for long, or wait, or crash
 * are taken away:
 *   - a bracketed paste (ESC [200~) reads until ESC [201~ with blocking
 *     reads, and a cut-off paste never sends it: paste mode is off and
 *     its start marker does nothing;
 *   - a character search (Ctrl-], M-Ctrl-]) followed by ESC [ ESC [ C
 *     crashes readline 8.2 itself;
 *   - a numeric argument (M-9 M-9 ... then a key) repeats the key up to a
 *     million times, redrawing the line each time; in vi mode a digit
 *     that starts one while a key sequence is undone (ESC [ 1 Tab) ends
 *     in a call of a null function;
 *   - vi mode frees an edited history line's undo list twice (M-< k
 *     Ctrl-R ESC Enter, then in vi mode ESC [ A Enter): ESC Enter and
 *     ESC Ctrl-J switch to it no more (an inputrc still may);
 *   - keyboard macros can replay keys without end;
 *   - operate-and-get-next (Ctrl-O) and the prefix history searches
 *     (Page Up, Page Down) leave an edited history line's undo list
 *     where readline frees it twice when a later line is taken
 *     (Tc Enter, Ctrl-P, Backspace, Page Up, Enter, Ctrl-R T Enter);
 *   - so do the non-incremental searches (M-p, M-n, and vi's / ? n N),
 *     which save and restore the line with its undo list around the
 *     search (from an empty history: ~ Enter, Ctrl-P, M-p z q Enter, C,
 *     M-<, Enter, Ctrl-P, then a line);
 *   - re-reading inputrc (Ctrl-X Ctrl-R) needs more stack than a task has
 *     (see shell_interactive_prepare), and would bind all this again.
 * Done after inputrc is read, which could have bound them. */
static void avoid_blocking_bindings(void)
{
	Keymap maps[] = {emacs_standard_keymap, emacs_meta_keymap, emacs_ctlx_keymap,
			 vi_movement_keymap, vi_insertion_keymap};
	rl_command_func_t *unsafe[] = {
		rl_char_search,
		rl_backward_char_search,
		rl_digit_argument,
		rl_universal_argument,
		rl_start_kbd_macro,
		rl_end_kbd_macro,
		rl_call_last_kbd_macro,
		rl_re_read_init_file,
		rl_operate_and_get_next,
		rl_history_search_forward,
		rl_history_search_backward,
		rl_history_substr_search_forward,
		rl_history_substr_search_backward,
		rl_noninc_forward_search,
		rl_noninc_reverse_search,
		rl_noninc_forward_search_again,
		rl_noninc_reverse_search_again,
		rl_vi_search,
		rl_vi_search_again,
		rl_vi_arg_digit,
		rl_vi_editing_mode,
	};

	rl_variable_bind("enable-bracketed-paste", "off");
	/* Ctrl-X ends a search (Ctrl-R) without being run: run, as the first
	 * key of a sequence, it crashed readline (Ctrl-R Ctrl-X e). */
	rl_variable_bind("isearch-terminators", "\\033\\012\\030");
	for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) {
		for (size_t j = 0; j < sizeof unsafe / sizeof unsafe[0]; j++)
			rl_unbind_function_in_map(unsafe[j], maps[i]);
		rl_bind_keyseq_in_map("\033[200~", ignore_paste_start, maps[i]);
	}
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
	avoid_blocking_bindings();
}

void shell_interactive_loop(struct shell *sh)
{
	shell_history_start();
	while (!sh->exit_requested) {
		char *line = read_line(sh);
		if (!line) {
			if (sh->record)
				sh->record(SHELL_RECORD_EOF);
			uprintf("\n"); /* Ctrl-D leaves the cursor after the prompt */
			break;
		}
		run_typed_line(sh, line);
		free(line);
	}
	shell_history_end();
}
