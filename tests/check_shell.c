/*
 * check_shell.c - the shell task in a kernel of its own: what it holds
 * while it runs a command is its task's memory.
 *
 * A shell stopped in the middle of a command - by the time limit, as here,
 * or killed - never reaches the code that frees its line, the words of
 * the line and its job table.  They are sys_alloc memory (u_malloc), so
 * the kernel frees them with the task; on the host's malloc they were
 * left behind.  The heap is measured (mallinfo2, without malloc's
 * per-thread cache) and, under ASan, LeakSanitizer is asked.  And ps
 * prints its table in one piece, however many tasks there are.
 */
#include "tests/testlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if TL_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#include "shell/shell.h"
#include <readline/history.h>

#define STOP_AT_NS 2000000000LL /* 2 s of virtual time */

/* Runs the shell on start until the kernel's time limit stops it. */
static void run_shell_until_stopped(struct shell_start *start)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	ck_assert_int_eq(kernel_spawn(SHELL_TASK_NAME, shell_task_main, start, 0), 1);
	kernel_set_time_limit(STOP_AT_NS);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), -ETIME);
	kernel_set_time_limit(0);
	tl_console_clear();
}

/* Runs it three times (the first ones warm up the kernel's pools and the
 * console capture) and asserts that the last left the heap as it was. */
static void assert_nothing_left(struct shell_start *start)
{
	run_shell_until_stopped(start);
	run_shell_until_stopped(start);
	size_t before = tl_heap_in_use();
	run_shell_until_stopped(start);
	size_t after = tl_heap_in_use();
#if TL_ASAN
	ck_assert_msg(__lsan_do_recoverable_leak_check() == 0,
		      "LeakSanitizer: the stopped shell left memory behind");
#else
	if (!TL_VALGRIND) /* mallinfo2 says nothing there: its leak check does */
		ck_assert_msg(after == before, "the stopped shell left %ld bytes of heap behind",
			      (long)after - (long)before);
#endif
	(void)before;
	(void)after;
}

/* Words, a job table, a pipeline, and the shell stopped in `wait`. */
#define COMMANDS "spawn alive 100ms; echo a 'b c'; spawn countdown 9 | cat; wait"

START_TEST(test_stopped_in_a_command_line)
{
	struct shell_start start = {.mode = SHELL_COMMAND, .command = COMMANDS};
	assert_nothing_left(&start);
}
END_TEST

START_TEST(test_stopped_in_a_script)
{
	char path[] = "/tmp/minios-check-shell-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	const char text[] = "echo first\n" COMMANDS "\necho never\n";
	ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	struct shell_start start = {.mode = SHELL_SCRIPT, .script = path};
	assert_nothing_left(&start);
	unlink(path);
}
END_TEST

/* ps's table is all of a piece: with more tasks than a chunk of
 * TaskListFrom, and each of them printing whenever it runs, no line of
 * theirs comes between the rows. */
START_TEST(test_ps_table_is_all_of_a_piece)
{
	static char commands[2048];
	char *end = commands;
	for (int i = 0; i < 40; i++)
		end += sprintf(end, "spawn foo; ");
	sprintf(end, "ps");
	struct shell_start start = {.mode = SHELL_COMMAND, .command = commands};
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_console_clear();
	ck_assert_int_eq(kernel_spawn(SHELL_TASK_NAME, shell_task_main, &start, 0), 1);
	tl_run_and_shutdown(NULL);
	int header = -1;
	for (int i = 0; tl_console_line(i) && header < 0; i++)
		if (strncmp(tl_console_line(i), "  TID  PPID", 11) == 0)
			header = i;
	ck_assert_int_ge(header, 0);
	for (int row = 1; row <= 41; row++) { /* the shell and its 40 */
		const char *line = tl_console_line(header + row);
		ck_assert_ptr_nonnull(line);
		int tid;
		ck_assert_msg(sscanf(line, "%d", &tid) == 1, "row %d of ps is \"%s\"", row, line);
	}
	tl_console_clear();
}
END_TEST

/* The shell that replaces a faulted one (boot/main.c) starts its history
 * again without the faulted one having ended it: the lines are in memory
 * already, and the file is not read a second time. */
START_TEST(test_history_of_a_new_shell)
{
	char path[] = "/tmp/minios-check-history-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	const char text[] = "echo one\necho two\n";
	ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	unsetenv("MINIOS_HISTORY");
	setenv("MINIOS_HISTFILE", path, 1);
	shell_history_start();
	ck_assert_int_eq(history_length, 2);
	shell_history_add("echo three"); /* appended to the file, too */
	shell_history_start();           /* the faulted shell never ended it */
	ck_assert_int_eq(history_length, 3);
	ck_assert_str_eq(history_get(history_base + 2)->line, "echo three");
	shell_history_end();
	ck_assert_int_eq(history_length, 0);
	shell_history_start(); /* a new session reads the file */
	ck_assert_int_eq(history_length, 3);
	shell_history_end();
	unsetenv("MINIOS_HISTFILE");
	unlink(path);
}
END_TEST

static Suite *shell_suite(void)
{
	Suite *s = suite_create("shell");
	TCase *tc = tcase_create("memory");
	tcase_add_test(tc, test_stopped_in_a_command_line);
	tcase_add_test(tc, test_stopped_in_a_script);
	suite_add_tcase(s, tc);
	tc = tcase_create("ps");
	tcase_add_test(tc, test_ps_table_is_all_of_a_piece);
	suite_add_tcase(s, tc);
	tc = tcase_create("history");
	tcase_add_test(tc, test_history_of_a_new_shell);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	/* mallinfo2 counts the blocks in malloc's per-thread cache as in
	 * use: run without it (a tunable read at start, hence the exec; not
	 * under valgrind, which would not follow). */
	if (!getenv("GLIBC_TUNABLES") && argc > 0 && !TL_VALGRIND) {
		setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
		execv("/proc/self/exe", argv);
	}
	return tl_main(shell_suite());
}
