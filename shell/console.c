/*
 * console.c - task output on a terminal where readline shows a prompt.
 *
 * boot/main.c installs shell_console_sink as the kernel's console in
 * interactive mode.  The kernel hands it whole lines, from whatever task
 * printed (it runs in that task, in the one host thread, so there is
 * nothing to lock), and it writes them with console_write_raw
 * (console_write would come back here).  While the prompt is on the screen, each line goes
 * above it: save the half-typed line, blank the prompt, print, then bring
 * prompt and line back exactly as they were.  Only the screen is touched:
 * readline may be in the middle of a command (an incremental search shows
 * its own prompt, a numeric argument is being typed), and its prompt and
 * line are its own.  Saving and replacing them during a search freed its
 * saved prompt twice.
 *
 * While readline itself is busy (the shell is inside
 * rl_callback_read_char, and a completion made a system call that let
 * other tasks run), its state must not be touched: lines are held and
 * printed as soon as it returns.
 */
#include <minios.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"

struct held_line {
	int err;
	size_t len;
	char *text;
};

static bool prompt_shown;
static bool holding;
static struct held_line *held;
static size_t nheld;
static size_t held_capacity;

static void write_above_prompt(int err, const char *line, size_t len)
{
	rl_clear_visible_line(); /* the cursor is now alone at its start */
	fflush(rl_outstream);
	console_write_raw(err, line, len);
	rl_forced_update_display(); /* prompt and line, as they were */
}

static void hold_line(int err, const char *line, size_t len)
{
	if (nheld == held_capacity) {
		size_t capacity = held_capacity ? held_capacity * 2 : 8;
		struct held_line *lines = realloc(held, sizeof *lines * capacity);
		if (!lines) {
			console_write_raw(err, line, len); /* better garbled than lost */
			return;
		}
		held = lines;
		held_capacity = capacity;
	}
	char *text = malloc(len);
	if (!text) {
		console_write_raw(err, line, len);
		return;
	}
	memcpy(text, line, len);
	held[nheld++] = (struct held_line){err, len, text};
}

void shell_console_sink(int err, const char *line, size_t len)
{
	if (holding)
		hold_line(err, line, len);
	else if (prompt_shown)
		write_above_prompt(err, line, len);
	else
		console_write_raw(err, line, len);
}

void shell_console_set_prompt(bool shown)
{
	prompt_shown = shown;
}

void shell_console_hold(bool hold)
{
	holding = hold;
	if (hold)
		return;
	for (size_t i = 0; i < nheld; i++) {
		shell_console_sink(held[i].err, held[i].text, held[i].len);
		free(held[i].text);
	}
	nheld = 0;
	free(held);
	held = NULL;
	held_capacity = 0;
}
