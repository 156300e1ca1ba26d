/*
 * check_parse.c - the shell's parser (shell/parse.c): a line into commands
 * and words.  Blanks and ';', pipelines and redirections, quotes and
 * backslashes, '#' comments, long
 * lines and many words, and the errors, each with its exact message.
 *
 * The parser allocates with u_malloc, the calling task's memory; no kernel
 * is booted here, so its blocks have no owner and are plain heap.
 */
#include "tests/testlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "shell/shell.h"
#include "userland/ulib.h"

/* The parse of line as text: each word in brackets, commands separated by
 * " ; ", so "a 'b c'; d" reads "[a][b c] ; [d]".  Asserts that the parse
 * succeeded and that every argv ends with NULL. */
static char *parsed_text(const char *line)
{
	struct shell_parsed parsed;
	const char *error = "unset";
	int r = shell_parse(line, &parsed, &error);
	ck_assert_msg(r == 0, "parse of \"%s\" returned %d (%s)", line, r, error ? error : "");
	ck_assert_ptr_null(error);

	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	ck_assert_ptr_nonnull(out);
	for (int c = 0; c < parsed.count; c++) {
		if (c > 0)
			fputs(" ; ", out);
		for (struct shell_words *words = &parsed.commands[c]; words; words = words->next) {
			ck_assert_int_gt(words->argc, 0);
			ck_assert_ptr_null(words->argv[words->argc]);
			if (words != &parsed.commands[c])
				fputs(" | ", out);
			for (int w = 0; w < words->argc; w++)
				fprintf(out, "[%s]", words->argv[w]);
			if (words->in)
				fprintf(out, " <[%s]", words->in);
			if (words->out)
				fprintf(out, " %s[%s]", words->append ? ">>" : ">", words->out);
			if (words->err)
				fprintf(out, " 2>[%s]", words->err);
		}
	}
	fclose(out);
	shell_parsed_free(&parsed);
	ck_assert_int_eq(parsed.count, 0);
	ck_assert_ptr_null(parsed.commands);
	return text;
}

static void assert_parses_to(const char *line, const char *expect)
{
	char *text = parsed_text(line);
	ck_assert_msg(strcmp(text, expect) == 0, "\"%s\" parsed to %s, expected %s", line, text,
		      expect);
	free(text);
}

/* The parse of line fails with -EINVAL and the message expect, and
 * leaves no commands behind. */
static void assert_parse_error(const char *line, const char *expect)
{
	struct shell_parsed parsed = {.count = 99, .commands = (void *)&parsed};
	const char *error = NULL;
	ck_assert_int_eq(shell_parse(line, &parsed, &error), -EINVAL);
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error, expect);
	ck_assert_int_eq(parsed.count, 0);
	ck_assert_ptr_null(parsed.commands);
}

/* ---- words and commands ---- */

START_TEST(test_blanks_separate_words)
{
	assert_parses_to("run hello 3", "[run][hello][3]");
	assert_parses_to("  run \t hello\t\t3  ", "[run][hello][3]");
	/* A line may keep its newline (or a CR before it). */
	assert_parses_to("ps\r\n", "[ps]");
	assert_parses_to("a\nb", "[a][b]");
	assert_parses_to("x", "[x]");
}
END_TEST

START_TEST(test_nothing_to_run)
{
	assert_parses_to("", "");
	assert_parses_to("   \t ", "");
	assert_parses_to(";", "");
	assert_parses_to(" ; ;; ", "");
	assert_parses_to("# only a comment", "");
	assert_parses_to("   #", "");
}
END_TEST

START_TEST(test_semicolon_separates_commands)
{
	assert_parses_to("a b; c;d ;e", "[a][b] ; [c] ; [d] ; [e]");
	/* Empty commands are dropped, wherever they are. */
	assert_parses_to(";a;;b;", "[a] ; [b]");
	assert_parses_to("spawn alive ; ps ; wait 2", "[spawn][alive] ; [ps] ; [wait][2]");
}
END_TEST

/* ---- quotes and backslashes ---- */

START_TEST(test_single_quotes_keep_everything)
{
	assert_parses_to("echo 'a  b;c # d'", "[echo][a  b;c # d]");
	/* No escapes inside single quotes: the backslash is kept. */
	assert_parses_to("'a\\b' 'c\\'", "[a\\b][c\\]");
	assert_parses_to("'\"'", "[\"]");
	/* A quoted part joins the word around it. */
	assert_parses_to("ab'c d'ef", "[abc def]");
}
END_TEST

START_TEST(test_double_quotes_and_their_escapes)
{
	assert_parses_to("echo \"a  b;c # d\"", "[echo][a  b;c # d]");
	/* \" and \\ are escapes; any other backslash is kept. */
	assert_parses_to("\"say \\\"hi\\\"\"", "[say \"hi\"]");
	assert_parses_to("\"a\\\\b\"", "[a\\b]");
	assert_parses_to("\"a\\nb\\;\"", "[a\\nb\\;]");
	assert_parses_to("\"'\"", "[']");
	assert_parses_to("x\"y z\"'w'", "[xy zw]");
}
END_TEST

START_TEST(test_empty_quotes_are_empty_words)
{
	assert_parses_to("echo '' \"\"", "[echo][][]");
	assert_parses_to("''", "[]");
	assert_parses_to("a''b", "[ab]");
	assert_parses_to("'';''", "[] ; []");
}
END_TEST

START_TEST(test_backslash_outside_quotes)
{
	assert_parses_to("a\\ b", "[a b]");
	assert_parses_to("a\\;b", "[a;b]");
	assert_parses_to("\\#not-a-comment", "[#not-a-comment]");
	assert_parses_to("\\\\", "[\\]");
	assert_parses_to("\\'x", "['x]");
	assert_parses_to("\\n", "[n]");
}
END_TEST

/* ---- comments ---- */

START_TEST(test_comments)
{
	assert_parses_to("echo a # and the rest; ps", "[echo][a]");
	assert_parses_to("echo a;# ps", "[echo][a]");
	/* '#' inside a word, quoted or escaped starts no comment. */
	assert_parses_to("a#b", "[a#b]");
	assert_parses_to("echo '#' \"#\" \\#", "[echo][#][#][#]");
	/* What a comment holds is not parsed: no quote to close. */
	assert_parses_to("ps # it's fine", "[ps]");
}
END_TEST

/* ---- errors ---- */

START_TEST(test_errors)
{
	assert_parse_error("echo 'abc", "unterminated ' quote");
	assert_parse_error("echo \"abc", "unterminated \" quote");
	assert_parse_error("echo \"a\\\"", "unterminated \" quote");
	assert_parse_error("'", "unterminated ' quote");
	assert_parse_error("echo a\\", "backslash at the end of the line");
	/* A mistake anywhere: nothing of the line is kept, not even the
	 * commands before it (the shell runs none of them). */
	assert_parse_error("ps; spawn alive; echo 'oops", "unterminated ' quote");
	assert_parse_error("ps;\\", "backslash at the end of the line");
}
END_TEST

/* ---- limits ---- */

START_TEST(test_longest_line_is_one_word)
{
	char *line = malloc(SHELL_LINE_MAX + 1);
	ck_assert_ptr_nonnull(line);
	memset(line, 'w', SHELL_LINE_MAX);
	line[SHELL_LINE_MAX] = '\0';
	struct shell_parsed parsed;
	const char *error;
	ck_assert_int_eq(shell_parse(line, &parsed, &error), 0);
	ck_assert_int_eq(parsed.count, 1);
	ck_assert_int_eq(parsed.commands[0].argc, 1);
	ck_assert_str_eq(parsed.commands[0].argv[0], line);
	shell_parsed_free(&parsed);
	free(line);
}
END_TEST

START_TEST(test_many_words_and_commands)
{
	/* Far more than the arrays' first sizes (8 words, 4 commands). */
	enum { WORDS = 1000, COMMANDS = 500 };
	char *line = malloc(WORDS * 8 + 1);
	ck_assert_ptr_nonnull(line);
	char *end = line;
	for (int i = 0; i < WORDS; i++)
		end += sprintf(end, "w%d ", i);
	struct shell_parsed parsed;
	const char *error;
	ck_assert_int_eq(shell_parse(line, &parsed, &error), 0);
	ck_assert_int_eq(parsed.count, 1);
	ck_assert_int_eq(parsed.commands[0].argc, WORDS);
	char expect[16];
	for (int i = 0; i < WORDS; i++) {
		snprintf(expect, sizeof expect, "w%d", i);
		ck_assert_str_eq(parsed.commands[0].argv[i], expect);
	}
	ck_assert_ptr_null(parsed.commands[0].argv[WORDS]);
	shell_parsed_free(&parsed);

	end = line;
	for (int i = 0; i < COMMANDS; i++)
		end += sprintf(end, "c%d %d;", i, i);
	ck_assert_int_eq(shell_parse(line, &parsed, &error), 0);
	ck_assert_int_eq(parsed.count, COMMANDS);
	for (int i = 0; i < COMMANDS; i++) {
		ck_assert_int_eq(parsed.commands[i].argc, 2);
		snprintf(expect, sizeof expect, "c%d", i);
		ck_assert_str_eq(parsed.commands[i].argv[0], expect);
		snprintf(expect, sizeof expect, "%d", i);
		ck_assert_str_eq(parsed.commands[i].argv[1], expect);
	}
	shell_parsed_free(&parsed);
	free(line);
}
END_TEST

/* The size of this process's address space, from /proc/self/statm. */
static size_t address_space_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	ck_assert_ptr_nonnull(f);
	unsigned long pages = 0;
	ck_assert_int_eq(fscanf(f, "%lu", &pages), 1);
	fclose(f);
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Parses line with the address space capped at its size now plus room,
 * and asserts that the parse ran out of memory cleanly. */
static void assert_out_of_memory(const char *line, size_t room)
{
	struct rlimit limit;
	ck_assert_int_eq(getrlimit(RLIMIT_AS, &limit), 0);
	limit.rlim_cur = address_space_bytes() + room; /* the soft limit only */
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &limit), 0);
	struct shell_parsed parsed;
	const char *error = NULL;
	ck_assert_int_eq(shell_parse(line, &parsed, &error), -ENOMEM);
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error, "out of memory");
	ck_assert_int_eq(parsed.count, 0);
	ck_assert_ptr_null(parsed.commands);
}

START_TEST(test_out_of_memory)
{
	/* ASan and valgrind reserve address space of their own; the cap
	 * would stop them, not the parser.  (Each test is a process of its
	 * own: the cap ends with it.) */
	if (TL_ASAN || TL_VALGRIND)
		return;
	enum { SIZE = 64 << 20 };
	char *line = malloc(SIZE + 1);
	ck_assert_ptr_nonnull(line);
	/* Commands "a;" over and over: the first buffer (the line's size)
	 * fits, the commands do not, and those made are freed. */
	for (size_t i = 0; i < SIZE; i += 2)
		memcpy(line + i, "a;", 2);
	line[SIZE] = '\0';
	/* Not even the first buffer. */
	assert_out_of_memory(line, 1 << 20);
	assert_out_of_memory(line, SIZE + (32 << 20));
	free(line);
}
END_TEST

/* ---- pipelines and redirections ---- */

START_TEST(test_pipes_separate_stages)
{
	assert_parses_to("spawn yes | head -n 3", "[spawn][yes] | [head][-n][3]");
	assert_parses_to("run a|b|c", "[run][a] | [b] | [c]");
	assert_parses_to("run a | b; ps", "[run][a] | [b] ; [ps]");
	assert_parses_to("run  a   |\tb  ", "[run][a] | [b]");
	/* Quoted or escaped, '|' is a character of a word. */
	assert_parses_to("echo '|' \\| \"a|b\"", "[echo][|][|][a|b]");
}
END_TEST

START_TEST(test_redirections)
{
	assert_parses_to("run letters > out.txt", "[run][letters] >[out.txt]");
	assert_parses_to("run letters>out.txt", "[run][letters] >[out.txt]");
	assert_parses_to("run cat >> log", "[run][cat] >>[log]");
	assert_parses_to("run wc -l < in", "[run][wc][-l] <[in]");
	assert_parses_to("run crash 2> err.txt x", "[run][crash][x] 2>[err.txt]");
	assert_parses_to("run cat 2>e", "[run][cat] 2>[e]");
	assert_parses_to("run cat < in | wc > out 2> err",
			 "[run][cat] <[in] | [wc] >[out] 2>[err]");
	/* The last of a kind wins; a quoted name keeps its blanks. */
	assert_parses_to("run cat > a > 'b c'", "[run][cat] >[b c]");
	assert_parses_to("run cat >> a > b", "[run][cat] >[b]");
	/* "2>" only at the start of a word; quoted, just text. */
	assert_parses_to("run foo a2>f", "[run][foo][a2] >[f]");
	assert_parses_to("echo '>' \\< \"2>\"", "[echo][>][<][2>]");
	assert_parses_to("run foo 2", "[run][foo][2]");
}
END_TEST

START_TEST(test_pipe_and_redirection_errors)
{
	assert_parse_error("run yes |", "'|' with nothing after it");
	assert_parse_error("run yes | ; ps", "'|' with nothing after it");
	assert_parse_error("run yes |   # comment", "'|' with nothing after it");
	assert_parse_error("| wc", "'|' with nothing before it");
	assert_parse_error("run a || b", "'|' with nothing before it");
	assert_parse_error("run cat >", "'>' with no file name");
	assert_parse_error("run cat > | wc", "'>' with no file name");
	assert_parse_error("run cat > ; ps", "'>' with no file name");
	assert_parse_error("run cat >> ", "'>>' with no file name");
	assert_parse_error("run cat <", "'<' with no file name");
	assert_parse_error("run cat 2>", "'2>' with no file name");
	assert_parse_error("run cat > > f", "'>' with no file name");
	assert_parse_error("> f", "a redirection with no command");
	assert_parse_error("run cat 2>> f", "'2>>' is not supported (use '2>')");
}
END_TEST

/* ---- joining ---- */

START_TEST(test_join_words)
{
	char w0[] = "spawn", w1[] = "alive", w2[] = "500ms", w3[] = "a b";
	char *words[] = {w0, w1, w2, w3, NULL};
	char *text = shell_join_words(4, words);
	ck_assert_str_eq(text, "spawn alive 500ms a b");
	u_free(text);
	text = shell_join_words(1, words);
	ck_assert_str_eq(text, "spawn");
	u_free(text);
	text = shell_join_words(0, words);
	ck_assert_str_eq(text, "");
	u_free(text);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("words");
	tcase_add_test(tc, test_blanks_separate_words);
	tcase_add_test(tc, test_nothing_to_run);
	tcase_add_test(tc, test_semicolon_separates_commands);
	suite_add_tcase(s, tc);

	tc = tcase_create("quoting");
	tcase_add_test(tc, test_single_quotes_keep_everything);
	tcase_add_test(tc, test_double_quotes_and_their_escapes);
	tcase_add_test(tc, test_empty_quotes_are_empty_words);
	tcase_add_test(tc, test_backslash_outside_quotes);
	tcase_add_test(tc, test_comments);
	suite_add_tcase(s, tc);

	tc = tcase_create("pipelines");
	tcase_add_test(tc, test_pipes_separate_stages);
	tcase_add_test(tc, test_redirections);
	tcase_add_test(tc, test_pipe_and_redirection_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_longest_line_is_one_word);
	tcase_add_test(tc, test_many_words_and_commands);
	tcase_add_test(tc, test_join_words);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(parse_suite());
}
