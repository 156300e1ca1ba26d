/*
 * complete.c - tab completion: the first word of a command is a command
 * name; after it, whatever the command's table entry says its argument
 * there is (shell_command_arg): a program name, a command or program, the
 * id of a live task, a file name, or nothing to offer.  After a '|' the
 * first word is a program's name; after '>' or '<', a file name.
 *
 * Readline calls a generator again and again with state 0, 1, 2, ... and
 * frees what it returns.  The task ids come from sys_tasklist_from, a trap:
 * other tasks run meanwhile, and console.c holds their output until
 * readline is done.
 */
#include <minios.h>
#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/programs.h"

static size_t text_len;

static char *next_command(const char *text, size_t *index)
{
	while (shell_commands[*index]) {
		const char *name = shell_commands[(*index)++]->name;
		if (strncmp(name, text, text_len) == 0)
			return strdup(name);
	}
	return NULL;
}

static char *next_program(const char *text, size_t *index)
{
	while (programs[*index].name) {
		const char *name = programs[(*index)++].name;
		if (strncmp(name, text, text_len) == 0)
			return strdup(name);
	}
	return NULL;
}

static char *command_generator(const char *text, int state)
{
	static size_t index;

	if (state == 0) {
		index = 0;
		text_len = strlen(text);
	}
	return next_command(text, &index);
}

static char *program_generator(const char *text, int state)
{
	static size_t index;

	if (state == 0) {
		index = 0;
		text_len = strlen(text);
	}
	return next_program(text, &index);
}

/* A command or a program (help's topic): commands first, then programs. */
static char *topic_generator(const char *text, int state)
{
	static size_t commands_index, programs_index;

	if (state == 0) {
		commands_index = programs_index = 0;
		text_len = strlen(text);
	}
	char *match = next_command(text, &commands_index);
	return match ? match : next_program(text, &programs_index);
}

/* The live tasks, a chunk at a time (TaskListFrom) into a buffer of
 * its own: however many tasks there are, completing a task id takes no
 * more memory than the ids it offers. */
#define TID_CHUNK 16

static char *tid_generator(const char *text, int state)
{
	static struct task_info chunk[TID_CHUNK];
	static int count, index, self;
	static bool last_chunk;
	char tid[16];

	if (state == 0) {
		count = index = 0;
		last_chunk = false;
		self = sys_gettid();
		text_len = strlen(text);
	}
	for (;;) {
		if (index == count) {
			if (last_chunk)
				return NULL;
			int from = count > 0 ? chunk[count - 1].tid + 1 : 0;
			int n = sys_tasklist_from(from, chunk, TID_CHUNK);
			count = n > 0 ? n : 0;
			index = 0;
			last_chunk = count < TID_CHUNK;
			continue;
		}
		const struct task_info *t = &chunk[index++];
		snprintf(tid, sizeof tid, "%d", t->tid);
		if (t->tid != self && strncmp(tid, text, text_len) == 0)
			return strdup(tid);
	}
}

/* Which word of its command the cursor is in (0: the command name), and
 * that command's name in first.  Quotes are not considered: completion
 * is a convenience, not the parser. */
static int word_position(int start, char *first, size_t size)
{
	const char *line = rl_line_buffer;
	int begin = start;
	int words = 0;

	while (begin > 0 && line[begin - 1] != ';' && line[begin - 1] != '|')
		begin--;
	if (begin > 0 && line[begin - 1] == '|')
		snprintf(first, size, "|"); /* a stage of a pipeline */
	else
		first[0] = '\0';
	for (int i = begin; i < start;) {
		while (i < start && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= start)
			break;
		int word = i;
		while (i < start && line[i] != ' ' && line[i] != '\t')
			i++;
		if (words++ == 0 && first[0] != '|')
			snprintf(first, size, "%.*s", i - word, line + word);
	}
	return words;
}

/* Whether the word at start follows '>' or '<': a file name. */
static bool redirection_before(int start)
{
	const char *line = rl_line_buffer;
	int i = start;

	while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t'))
		i--;
	return i > 0 && (line[i - 1] == '>' || line[i - 1] == '<');
}

char **shell_complete(const char *text, int start, int end)
{
	char first[64];
	int position = word_position(start, first, sizeof first);

	(void)end;
	rl_attempted_completion_over = 1; /* no file names unless said so */
	if (redirection_before(start)) {
		rl_attempted_completion_over = 0; /* readline's own: file names */
		return NULL;
	}
	if (first[0] == '|') /* after a pipe: the stage's program, then words */
		return position == 0 ? rl_completion_matches(text, program_generator) : NULL;
	if (position == 0)
		return rl_completion_matches(text, command_generator);
	const struct shell_command *cmd = shell_command_find(first);
	if (!cmd)
		return NULL;
	switch (shell_command_arg(cmd, position)) {
	case ARG_TOPIC:
		return rl_completion_matches(text, topic_generator);
	case ARG_PROGRAM:
		return rl_completion_matches(text, program_generator);
	case ARG_TID:
	case ARG_JOB:
		return rl_completion_matches(text, tid_generator);
	case ARG_FILE:
		rl_attempted_completion_over = 0; /* readline's own: file names */
		return NULL;
	default:
		return NULL;
	}
}
