/*
 * programs.c - the registry of userland programs and how one is started.
 *
 * Adding a program is one file in userland/ and one line here.
 */
#include "programs.h"

#include <errno.h>
#include <minios.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

const struct program programs[] = {
	{"foo", foo_main, "foo [-t] [N]",
	 "print \"I'm foo\" and yield, N times or forever (-t: with the tid)"},
	{"bar", bar_main, "bar [-t] [N]",
	 "print \"I'm bar\" and yield, N times or forever (-t: with the tid)"},
	{"newtask-demo", newtask_demo_main, "newtask-demo",
	 "the seminar's NewTask/KillTask example"},
	{"waittask-demo", waittask_demo_main, "waittask-demo", "the seminar's WaitTask example"},
	{"alive", alive_main, "alive [INTERVAL]",
	 "print \"I'm alive! N\" every INTERVAL (default 1s), forever"},
	{"countdown", countdown_main, "countdown [N]",
	 "count down from N (default 10) once a second, then lift off"},
	{"philosophers", philosophers_main,
	 "philosophers [-q] [-n N] [-r ROUNDS] [--strategy naive|ordered|waiter]",
	 "dining philosophers with kernel semaphores as forks"},
	{"echo", echo_main, "echo [-a ADDR] [PORT]",
	 "echo server, one task per client (default 127.0.0.1:45000)"},
	{"spam", spam_main, "spam [-a ADDR] [PORT]",
	 "spam server: SPAM n gets n lines of spam (default 127.0.0.1:4200)"},
	{"letters", letters_main, "letters [FILE]",
	 "count vowels, consonants and others with cooperating tasks"},
	{"spin", spin_main, "spin [DURATION]",
	 "burn the CPU without trapping, forever or for DURATION of CPU time"},
	{"crash", crash_main, "crash segv|overflow|bigframe|fpe|abort|exit|sleep|assert",
	 "do one bad thing, which ends this task alone"},
	{"cat", cat_main, "cat [FILE...]", "copy files, or the standard input, to the output"},
	{"wc", wc_main, "wc [-l]", "count the lines, words and bytes of the standard input"},
	{"head", head_main, "head [-n N]", "the first N lines (default 10) of the standard input"},
	{"yes", yes_main, "yes [WORD]", "print WORD (default y) on a line, forever"},
	{"grep", grep_main, "grep WORD", "the lines of the standard input that hold WORD"},
	{"tee", tee_main, "tee FILE", "copy the standard input to the output and to FILE"},
	{"primes", primes_main, "primes [N]",
	 "the primes up to N (default 35): a sieve of tasks joined by pipes"},
	{"race", race_main, "race [-l] [N]",
	 "two tasks add to a shared counter N times with a race (-l: locked)"},
	{NULL, NULL, NULL, NULL},
};

const struct program *program_find(const char *name)
{
	if (!name)
		return NULL;
	for (const struct program *p = programs; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

int usage_error(const char *program)
{
	const struct program *p = program_find(program);

	if (!p)
		return 2;
	ueprintf("usage: %s\n", p->usage);
	return 2;
}

int too_many_arguments(const char *program)
{
	ueprintf("%s: too many arguments\n", program);
	return usage_error(program);
}

/* What a program's task receives: one block the task owns, so the kernel
 * can free it with one free() however the task ends. */
struct packed_args {
	const struct program *prog;
	int argc;
	char *argv[]; /* argc + 1 pointers, then the strings */
};

static void join_name(int argc, char **argv, char *name, size_t name_size)
{
	size_t used = 0;

	if (name_size == 0)
		return;
	name[0] = '\0';
	for (int i = 0; i < argc && used + 1 < name_size; i++) {
		size_t room = name_size - 1 - used;
		size_t len = strlen(argv[i]);
		if (i > 0) {
			name[used++] = ' ';
			room--;
		}
		if (len > room)
			len = room;
		memcpy(name + used, argv[i], len);
		used += len;
	}
	name[used] = '\0';
}

void *program_pack(const struct program *prog, int argc, char **argv, char *name, size_t name_size)
{
	if (!prog || argc < 0 || (argc > 0 && !argv))
		return NULL;
	size_t strings = 0;
	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	size_t pointers = sizeof(char *) * ((size_t)argc + 1);
	struct packed_args *block = malloc(sizeof *block + pointers + strings);
	if (!block)
		return NULL;

	block->prog = prog;
	block->argc = argc;
	char *text = (char *)block->argv + pointers;
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;
		memcpy(text, argv[i], len);
		block->argv[i] = text;
		text += len;
	}
	block->argv[argc] = NULL;
	if (name)
		join_name(argc, argv, name, name_size);
	return block;
}

int program_task_entry(void *arg)
{
	struct packed_args *block = arg;

	return block->prog->main(block->argc, block->argv);
}

int program_spawn(const struct program *prog, int argc, char **argv)
{
	char name[MINIOS_NAME_MAX];
	void *block = program_pack(prog, argc, argv, name, sizeof name);

	if (!block)
		return !prog ? -EINVAL : -ENOMEM;
	int tid = sys_spawn(name, program_task_entry, block, TASK_OWNS_ARG);
	/* On failure the kernel did not take the block. */
	if (tid < 0)
		free(block);
	return tid;
}
