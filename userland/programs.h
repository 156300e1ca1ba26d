/*
 * programs.h - the registry of userland programs, like the binaries in /bin.
 *
 * One entry per program (in programs.c), each defined in its own file.
 * The shell lists them (`programs`), completes their names and starts them
 * (`spawn`, `run`).
 */
#ifndef MINIOS_PROGRAMS_H
#define MINIOS_PROGRAMS_H

#include <stddef.h>

struct program {
	const char *name;
	int (*main)(int argc, char **argv); /* argv[0] is the name */
	const char *usage;                  /* "philosophers [-n N] ..." */
	const char *summary;                /* one line */
};

/* The table, ended by an entry whose name is NULL. */
extern const struct program programs[];

/* The program called name, or NULL. */
const struct program *program_find(const char *name);

/* ---- programs from shared objects (loader.c) ---- */

/* A built-in program, or a loaded one: NAME with a '/' is a file (a
 * shared object with MINIOS_PROGRAM); a plain NAME not built in is
 * NAME.so in the first folder of MINIOS_PATH that has it.  Returns the
 * program, or NULL with why[0] == '\0' (no such program) or the reason
 * (one line: "not a minios program ...", "missing symbol: f", ...).  A
 * loaded object stays loaded until minios exits. */
const struct program *program_lookup(const char *name, char *why, size_t why_size);
const struct program *program_load(const char *path, char *why, size_t why_size);
/* MINIOS_PATH, or the installed programs folder when it is not set. */
const char *program_path(void);
/* Calls fn for each *.so of each folder of MINIOS_PATH, in order: prog is
 * the program, or NULL and why says what is wrong with the file. */
void program_each_found(void (*fn)(const char *file, const struct program *prog, const char *why,
				   void *arg),
			void *arg);

/* Starts prog as a new task with a copy of argv (argv[0] should be the
 * program name); the task is named by its command line.  Returns the tid or
 * a negative errno.  The copy belongs to the new task (TASK_OWNS_ARG). */
int program_spawn(const struct program *prog, int argc, char **argv);

/* The two halves of program_spawn, for code that starts a program from
 * outside any task (the front end's --exec, with kernel_spawn):
 *
 *	char name[MINIOS_NAME_MAX];
 *	void *block = program_pack(prog, argc, argv, name, sizeof name);
 *	tid = kernel_spawn(name, program_task_entry, block, TASK_OWNS_ARG);
 *
 * program_pack returns one malloc'ed block (the program, argc, and argv
 * with its strings; argv[argc] is NULL) or NULL, and writes the command
 * line, joined by spaces and cut to name_size - 1 bytes, into name.
 * program_task_entry runs the program's main with that argv. */
void *program_pack(const struct program *prog, int argc, char **argv, char *name, size_t name_size);
int program_task_entry(void *block);

#endif
