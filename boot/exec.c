/*
 * exec.c - `minios --exec 'PROGRAM ARGS...'`: programs without a shell.
 *
 * For the seminar's examples (sched.new(foo()); sched.new(bar())) and the
 * kernel's own tests: each --exec becomes one task, in order, so the first
 * is task 1.  The task receives one malloc'ed block holding the program
 * and a copy of its arguments (program_pack); the kernel frees it when the
 * task ends (TASK_OWNS_ARG), however it ends.
 */
#include <minios.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/boot.h"
#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

static int exec_error(const char *text, const char *problem)
{
	fprintf(stderr, "minios: --exec: '%s': %s\n", text, problem);
	return 2;
}

int boot_exec_prepare(const char *text, struct boot_exec *out)
{
	struct shell_parsed parsed;
	const char *error;

	if (shell_parse(text, &parsed, &error) < 0)
		return exec_error(text, error);
	if (parsed.count != 1) {
		shell_parsed_free(&parsed);
		return exec_error(text, "expected one program and its arguments");
	}
	struct shell_words *words = &parsed.commands[0];
	const struct program *prog = program_find(words->argv[0]);
	if (!prog) {
		shell_parsed_free(&parsed);
		return exec_error(text, "no such program");
	}
	out->block = program_pack(prog, words->argc, words->argv, NULL, 0);
	out->name = shell_join_words(words->argc, words->argv);
	shell_parsed_free(&parsed);
	if (!out->block || !out->name) {
		free(out->block);
		u_free(out->name);
		return exec_error(text, "out of memory");
	}
	return 0;
}

int boot_exec_status(int status)
{
	if (TASK_EXITED(status))
		return TASK_EXIT_CODE(status);
	if (!TASK_WAS_FAULTED(status))
		return 128 + SIGKILL; /* killed */
	switch (TASK_FAULT_CODE(status)) {
	case TASK_FAULT_BUS:
		return 128 + SIGBUS;
	case TASK_FAULT_FPE:
		return 128 + SIGFPE;
	case TASK_FAULT_ILL:
		return 128 + SIGILL;
	case TASK_FAULT_ABORT:
		return 128 + SIGABRT;
	default: /* a stack overflow, a bad pointer */
		return 128 + SIGSEGV;
	}
}
