/*
 * parse.c - one input line into commands and words.
 *
 * The grammar is a small subset of sh: words separated by blanks, commands
 * separated by ';', quotes and backslashes to put blanks or ';' in a word,
 * and '#' comments.  There are no variables, globs or redirections: the
 * shell runs minios programs, not host ones.
 *
 * The whole line is parsed before anything runs, so a line with a mistake
 * runs nothing (as in sh).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"

enum quote { OUTSIDE, SINGLE, DOUBLE };

/* The parser's work in progress: the word being built (never longer than
 * the line, so one buffer of that size does) and the current command. */
struct parser {
	char *word;
	size_t word_len;
	bool in_word; /* a word has started, maybe empty ('' or "") */
	char **words;
	int nwords;
	int words_capacity;
	struct shell_parsed *out;
	int commands_capacity;
};

static int push_word(struct parser *p)
{
	if (!p->in_word)
		return 0;
	if (p->nwords + 2 > p->words_capacity) {
		int capacity = p->words_capacity ? p->words_capacity * 2 : 8;
		char **words = realloc(p->words, sizeof *words * capacity);
		if (!words)
			return -ENOMEM;
		p->words = words;
		p->words_capacity = capacity;
	}
	char *copy = strndup(p->word, p->word_len);
	if (!copy)
		return -ENOMEM;
	p->words[p->nwords++] = copy;
	p->words[p->nwords] = NULL;
	p->word_len = 0;
	p->in_word = false;
	return 0;
}

/* Ends the current command; an empty one (";;", a blank line) is dropped. */
static int push_command(struct parser *p)
{
	int r = push_word(p);
	if (r < 0 || p->nwords == 0)
		return r;
	struct shell_parsed *out = p->out;
	if (out->count == p->commands_capacity) {
		int capacity = p->commands_capacity ? p->commands_capacity * 2 : 4;
		struct shell_words *commands = realloc(out->commands, sizeof *commands * capacity);
		if (!commands)
			return -ENOMEM;
		out->commands = commands;
		p->commands_capacity = capacity;
	}
	out->commands[out->count].argc = p->nwords;
	out->commands[out->count].argv = p->words;
	out->count++;
	p->words = NULL;
	p->nwords = 0;
	p->words_capacity = 0;
	return 0;
}

static void add_char(struct parser *p, char c)
{
	p->word[p->word_len++] = c;
	p->in_word = true;
}

/* One character outside quotes.  Returns how many characters it used (1
 * or 2), 0 at the end of the command text, or a negative errno. */
static int step_outside(struct parser *p, const char *s, enum quote *quote, const char **error)
{
	int r;

	switch (*s) {
	case '\0':
		return 0;
	case ' ':
	case '\t':
	case '\r':
	case '\n':
		r = push_word(p);
		return r < 0 ? r : 1;
	case ';':
		r = push_command(p);
		return r < 0 ? r : 1;
	case '#':
		if (p->in_word)
			break;
		return 0; /* a comment runs to the end of the line */
	case '\'':
		*quote = SINGLE;
		p->in_word = true;
		return 1;
	case '"':
		*quote = DOUBLE;
		p->in_word = true;
		return 1;
	case '\\':
		if (s[1] == '\0') {
			*error = "backslash at the end of the line";
			return -EINVAL;
		}
		add_char(p, s[1]);
		return 2;
	}
	add_char(p, *s);
	return 1;
}

/* One character inside quotes; same returns as step_outside. */
static int step_quoted(struct parser *p, const char *s, enum quote *quote, const char **error)
{
	if (*s == '\0') {
		*error = *quote == SINGLE ? "unterminated ' quote" : "unterminated \" quote";
		return -EINVAL;
	}
	if ((*quote == SINGLE && *s == '\'') || (*quote == DOUBLE && *s == '"')) {
		*quote = OUTSIDE;
		return 1;
	}
	if (*quote == DOUBLE && *s == '\\' && (s[1] == '"' || s[1] == '\\')) {
		add_char(p, s[1]);
		return 2;
	}
	add_char(p, *s);
	return 1;
}

static void free_words(char **words, int n)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

int shell_parse(const char *line, struct shell_parsed *out, const char **error)
{
	struct parser p = {.out = out};
	enum quote quote = OUTSIDE;
	const char *s = line;
	int r;

	out->count = 0;
	out->commands = NULL;
	*error = NULL;
	p.word = malloc(strlen(line) + 1);
	if (!p.word) {
		*error = "out of memory";
		return -ENOMEM;
	}
	for (;;) {
		if (quote == OUTSIDE)
			r = step_outside(&p, s, &quote, error);
		else
			r = step_quoted(&p, s, &quote, error);
		if (r <= 0)
			break;
		s += r;
	}
	if (r == 0)
		r = push_command(&p);
	free_words(p.words, p.nwords);
	free(p.word);
	if (r < 0) {
		shell_parsed_free(out);
		if (r == -ENOMEM)
			*error = "out of memory";
	}
	return r;
}

void shell_parsed_free(struct shell_parsed *parsed)
{
	for (int i = 0; i < parsed->count; i++)
		free_words(parsed->commands[i].argv, parsed->commands[i].argc);
	free(parsed->commands);
	parsed->commands = NULL;
	parsed->count = 0;
}

char *shell_join_words(int argc, char *const *argv)
{
	size_t size = 1;
	for (int i = 0; i < argc; i++)
		size += strlen(argv[i]) + 1;
	char *text = malloc(size);
	if (!text)
		return NULL;
	char *end = text;
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			*end++ = ' ';
		end = stpcpy(end, argv[i]);
	}
	*end = '\0';
	return text;
}
