/*
 * parse.c - one input line into commands and words.
 *
 * The grammar is a small subset of sh: words separated by blanks, commands
 * separated by ';', the stages of a pipeline by '|', redirections ('<',
 * '>', '>>', '2>' and a file name), quotes and backslashes to put any of
 * these in a word, and '#' comments.  There are no variables or globs:
 * the shell runs minios programs, not host ones.
 *
 * The whole line is parsed before anything runs, so a line with a mistake
 * runs nothing (as in sh).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

enum quote { OUTSIDE, SINGLE, DOUBLE };

/* A redirection whose file name is the next word. */
enum redirect { NO_REDIRECT, REDIRECT_IN, REDIRECT_OUT, REDIRECT_APPEND, REDIRECT_ERR };

static const char *const no_name_error[] = {
	[REDIRECT_IN] = "'<' with no file name",
	[REDIRECT_OUT] = "'>' with no file name",
	[REDIRECT_APPEND] = "'>>' with no file name",
	[REDIRECT_ERR] = "'2>' with no file name",
};

/* The parser's work in progress: the word being built (never longer than
 * the line, so one buffer of that size does), the stage of a pipeline
 * being built, and the stages of the current command before it. */
struct parser {
	char *word;
	size_t word_len;
	bool in_word; /* a word has started, maybe empty ('' or "") */
	char **words;
	int nwords;
	int words_capacity;
	struct shell_words stage; /* its redirections so far */
	enum redirect pending;    /* the next word is a file name */
	bool after_pipe;          /* the stage being built follows a '|' */
	struct shell_words *first, *last;
	struct shell_parsed *out;
	int commands_capacity;
	const char **error;
};

static void free_words(char **words, int n);
static void free_stage(struct shell_words *stage);

static int name_redirect(struct parser *p, char *name)
{
	char **slot = p->pending == REDIRECT_IN    ? &p->stage.in
		      : p->pending == REDIRECT_ERR ? &p->stage.err
						   : &p->stage.out;
	u_free(*slot);
	*slot = name;
	if (slot == &p->stage.out)
		p->stage.append = p->pending == REDIRECT_APPEND;
	p->pending = NO_REDIRECT;
	return 0;
}

static int push_word(struct parser *p)
{
	if (!p->in_word)
		return 0;
	if (p->nwords + 2 > p->words_capacity) {
		int capacity = p->words_capacity ? p->words_capacity * 2 : 8;
		char **words = u_realloc(p->words, sizeof *words * capacity);
		if (!words)
			return -ENOMEM;
		p->words = words;
		p->words_capacity = capacity;
	}
	char *copy = u_strndup(p->word, p->word_len);
	if (!copy)
		return -ENOMEM;
	p->word_len = 0;
	p->in_word = false;
	if (p->pending != NO_REDIRECT)
		return name_redirect(p, copy);
	p->words[p->nwords++] = copy;
	p->words[p->nwords] = NULL;
	return 0;
}

static int syntax_error(struct parser *p, const char *message)
{
	*p->error = message;
	return -EINVAL;
}

/* Ends the stage being built, at a '|' (at_pipe) or at the end of the
 * command.  An empty command (";;", a blank line) is dropped. */
static int end_stage(struct parser *p, bool at_pipe)
{
	int r = push_word(p);
	if (r < 0)
		return r;
	if (p->pending != NO_REDIRECT)
		return syntax_error(p, no_name_error[p->pending]);
	bool redirected = p->stage.in || p->stage.out || p->stage.err;
	if (p->nwords == 0) {
		if (at_pipe)
			return syntax_error(p, "'|' with nothing before it");
		if (p->after_pipe)
			return syntax_error(p, "'|' with nothing after it");
		if (redirected)
			return syntax_error(p, "a redirection with no command");
		return 0;
	}
	struct shell_words *stage = u_malloc(sizeof *stage);
	if (!stage)
		return -ENOMEM;
	*stage = p->stage;
	stage->argc = p->nwords;
	stage->argv = p->words;
	stage->next = NULL;
	if (p->last)
		p->last->next = stage;
	else
		p->first = stage;
	p->last = stage;
	p->stage = (struct shell_words){0};
	p->words = NULL;
	p->nwords = 0;
	p->words_capacity = 0;
	p->after_pipe = at_pipe;
	return 0;
}

/* Ends the current command: its first stage goes into out->commands (by
 * value), the others stay linked behind it. */
static int push_command(struct parser *p)
{
	int r = end_stage(p, false);
	if (r < 0 || !p->first)
		return r;
	struct shell_parsed *out = p->out;
	if (out->count == p->commands_capacity) {
		int capacity = p->commands_capacity ? p->commands_capacity * 2 : 4;
		struct shell_words *commands =
			u_realloc(out->commands, sizeof *commands * capacity);
		if (!commands)
			return -ENOMEM;
		out->commands = commands;
		p->commands_capacity = capacity;
	}
	out->commands[out->count++] = *p->first;
	u_free(p->first);
	p->first = p->last = NULL;
	return 0;
}

static void add_char(struct parser *p, char c)
{
	p->word[p->word_len++] = c;
	p->in_word = true;
}

/* An operator that takes the next word as a file name. */
static int start_redirect(struct parser *p, enum redirect kind)
{
	int r = push_word(p);
	if (r < 0)
		return r;
	if (p->pending != NO_REDIRECT)
		return syntax_error(p, no_name_error[p->pending]);
	p->pending = kind;
	return 0;
}

/* One character outside quotes.  Returns how many characters it used (1
 * to 3), 0 at the end of the command text, or a negative errno. */
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
	case '|':
		r = end_stage(p, true);
		return r < 0 ? r : 1;
	case '<':
		r = start_redirect(p, REDIRECT_IN);
		return r < 0 ? r : 1;
	case '>':
		r = start_redirect(p, s[1] == '>' ? REDIRECT_APPEND : REDIRECT_OUT);
		return r < 0 ? r : s[1] == '>' ? 2 : 1;
	case '2':
		/* "2>" is a redirection only at the start of a word. */
		if (p->in_word || s[1] != '>')
			break;
		if (s[2] == '>')
			return syntax_error(p, "'2>>' is not supported (use '2>')");
		r = start_redirect(p, REDIRECT_ERR);
		return r < 0 ? r : 2;
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
		u_free(words[i]);
	u_free(words);
}

int shell_parse(const char *line, struct shell_parsed *out, const char **error)
{
	struct parser p = {.out = out, .error = error};
	enum quote quote = OUTSIDE;
	const char *s = line;
	int r;

	out->count = 0;
	out->commands = NULL;
	*error = NULL;
	p.word = u_malloc(strlen(line) + 1);
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
	p.stage.argc = 0;
	p.stage.argv = NULL;
	free_stage(&p.stage);
	while (p.first) {
		struct shell_words *next = p.first->next;
		p.first->next = NULL;
		free_stage(p.first);
		u_free(p.first);
		p.first = next;
	}
	u_free(p.word);
	if (r < 0) {
		shell_parsed_free(out);
		if (r == -ENOMEM)
			*error = "out of memory";
	}
	return r;
}

/* Frees what stage holds (its words, its file names, the stages after
 * it), not stage itself. */
static void free_stage(struct shell_words *stage)
{
	free_words(stage->argv, stage->argc);
	u_free(stage->in);
	u_free(stage->out);
	u_free(stage->err);
	struct shell_words *next = stage->next;
	while (next) {
		struct shell_words *after = next->next;
		next->next = NULL;
		free_stage(next);
		u_free(next);
		next = after;
	}
}

void shell_parsed_free(struct shell_parsed *parsed)
{
	for (int i = 0; i < parsed->count; i++)
		free_stage(&parsed->commands[i]);
	u_free(parsed->commands);
	parsed->commands = NULL;
	parsed->count = 0;
}

char *shell_join_words(int argc, char *const *argv)
{
	size_t size = 1;
	for (int i = 0; i < argc; i++)
		size += strlen(argv[i]) + 1;
	char *text = u_malloc(size);
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
