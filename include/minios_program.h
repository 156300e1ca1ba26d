/*
 * minios_program.h - a program outside the tree: a shared object that the
 * shell starts with `spawn ./hello.so ARGS` (or `spawn hello`, found as
 * hello.so on MINIOS_PATH).  <minios.h> includes this header.
 *
 *	#include <minios.h>
 *	#include <ulib.h>
 *
 *	static int hello_main(int argc, char **argv)
 *	{
 *		uprintf("hello from task %d\n", sys_gettid());
 *		return 0;
 *	}
 *	MINIOS_PROGRAM("hello", "hello [NAME]", "say hello", hello_main);
 *
 * Built with:
 *	cc -shared -fPIC $(pkg-config --cflags minios) hello.c -o hello.so
 */
#ifndef MINIOS_PROGRAM_H
#define MINIOS_PROGRAM_H

/* Raised when struct minios_program changes; the shell refuses an object
 * built for another value. */
#define MINIOS_PROGRAM_ABI 1

struct minios_program {
	unsigned abi;                       /* MINIOS_PROGRAM_ABI */
	const char *name;                   /* "hello" */
	const char *usage;                  /* "hello [NAME]" */
	const char *summary;                /* one line, for `programs` */
	int (*main)(int argc, char **argv); /* argv[0] is the name typed */
};

/* The one symbol the shell looks for in a loaded object. */
extern const struct minios_program minios_program_info;

/* Declares the program: its name, usage line, one-line summary and main
 * function (int main_fn(int argc, char **argv)). */
#define MINIOS_PROGRAM(name, usage, summary, main_fn)                                              \
	const struct minios_program minios_program_info = {MINIOS_PROGRAM_ABI, (name), (usage),    \
							   (summary), (main_fn)}

#endif
