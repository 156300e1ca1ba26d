/*
 * fuzz_shell.c - a libFuzzer target: the shell's parser and its command
 * dispatcher, fed arbitrary text.
 *
 * Each input is the text of `minios -c`: the shell (in a kernel of its
 * own, under the virtual clock) parses every line and runs its commands,
 * whatever they are - spawn, kill, wait, sleep, source, exit, programs
 * with bad arguments.  A watchdog task, task 1, starts the shell (task
 * 2, in its group) and kills what the shell started every millisecond of
 * virtual time, so that `run alive` costs nothing.  Inputs that name the
 * `crash` program are skipped: its faults are its purpose.  A crash, a sanitizer report, a leak, a
 * hang or a kernel assertion is a finding.  Output is thrown away.
 *
 * Built by `make fuzz` (scripts/fuzz.sh) with clang; the seed corpus is
 * tests/fuzz/corpus/.
 */
#include <minios.h>
#include <minios_boot.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shell/shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void discard(int err, const char *line, size_t len)
{
	if (getenv("FUZZ_ECHO")) /* to see what an input does */
		console_write_raw(err, line, len);
}

/* Every millisecond of virtual time, kills every task but the shell
 * (task 2) and itself, until the shell has ended: `run alive` or `wait`
 * then end at once.  A shell that sleeps is let sleep (the clock jumps),
 * and one that waits for the watchdog itself (`wait 1`) is let go: a new
 * watchdog takes over and the old one ends.  (The shell itself is never killed, as at a real
 * prompt; stopped by the time limit, what it holds is its task's, freed with it.) */
static int watchdog(void *arg);
static int watchdog(void *arg)
{
	struct task_info tasks[64];
	/* The first watchdog starts the shell, which joins its task group,
	 * as the shell of a real minios is in group 1: `kill -1` is then
	 * refused as there, and no group holds the shell alone. */
	if (arg && sys_newtask(SHELL_TASK_NAME, shell_task_main, arg) != 2)
		abort();
	int64_t delay = 1000000;
	for (;;) {
		sys_sleep(delay);
		int n = sys_tasklist(tasks, 64);
		const struct task_info *shell = NULL;
		for (int i = 0; i < n && i < 64; i++) {
			if (tasks[i].tid == 2)
				shell = &tasks[i];
			else if (tasks[i].tid != sys_gettid())
				sys_killtask(tasks[i].tid);
		}
		if (!shell)
			return 0;
		if (shell->wait == TASK_WAIT_TASK && shell->wait_id == sys_gettid()) {
			/* `wait` for the watchdog: a new one takes over. */
			sys_newtask("watchdog", watchdog, NULL);
			return 0;
		}
		delay = 1000000;
		if (shell->wait == TASK_WAIT_SLEEP && shell->wake_at - sys_clock_now() > delay)
			delay = shell->wake_at - sys_clock_now();
	}
}

/* Whether a line of text names the `crash` program, whose whole point
 * is a fault or an abort (the fuzzer would only find those again). */
static bool names_crash(char *text)
{
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct shell_parsed parsed;
		const char *error;
		if (shell_parse(line, &parsed, &error) < 0)
			continue;
		bool found = false;
		for (int i = 0; i < parsed.count && !found; i++)
			for (int j = 0; j < parsed.commands[i].argc && !found; j++)
				found = strcmp(parsed.commands[i].argv[j], "crash") == 0;
		shell_parsed_free(&parsed);
		if (found)
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	if (!once) {
		once = 1;
		/* The fuzzer's own exit paths must stay the host's. */
		kernel_map_host_calls(0);
	}
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* the -c text ends at its first NUL */
	char *scratch = strdup(text);
	bool skip = !scratch || names_crash(scratch);
	free(scratch);
	if (skip) {
		free(text);
		return 0;
	}

	struct kernel_config config;
	kernel_config_defaults(&config);
	config.clock = KERNEL_CLOCK_VIRTUAL;
	config.console = discard;
	config.watchdog_ns = 0;
	config.stack_size = 64 * 1024; /* plenty for the shell; quicker to set up */
	if (kernel_init(&config) != 0)
		abort();
	/* A backstop for the watchdog task, which an input can kill or send
	 * away (`kill` of its tid, `wait` for it): no run goes past 2 s of
	 * virtual time, so a task that never ends cannot outlast the
	 * fuzzer's time limit. */
	kernel_set_time_limit(2000000000LL);
	struct shell_start start = {.mode = SHELL_COMMAND, .command = text};
	if (kernel_spawn("watchdog", watchdog, &start, 0) != 1)
		abort();
	char *report = NULL;
	kernel_run(&report);
	free(report);
	kernel_shutdown();
	free(text);
	return 0;
}
