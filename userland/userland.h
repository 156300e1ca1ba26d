/*
 * userland.h - what the files of userland/ share: the entry point of each
 * program in the registry's table (programs.c), and the helpers several
 * programs use.
 *
 * Private to userland/: the shell and the front end find programs by name
 * through programs.h.  Each program lives in its own file (foo.c, alive.c,
 * ...); foo and bar share their loop (demo.c), echo and spam their server
 * (server.c).
 */
#ifndef MINIOS_USERLAND_H
#define MINIOS_USERLAND_H

#include <minios.h>

/* The programs, in the order of the table in programs.c. */
int foo_main(int argc, char **argv);
int bar_main(int argc, char **argv);
int newtask_demo_main(int argc, char **argv);
int waittask_demo_main(int argc, char **argv);
int alive_main(int argc, char **argv);
int countdown_main(int argc, char **argv);
int philosophers_main(int argc, char **argv);
int echo_main(int argc, char **argv);
int spam_main(int argc, char **argv);
int letters_main(int argc, char **argv);
int spin_main(int argc, char **argv);
int crash_main(int argc, char **argv);
int cat_main(int argc, char **argv);
int wc_main(int argc, char **argv);
int head_main(int argc, char **argv);
int yes_main(int argc, char **argv);
int grep_main(int argc, char **argv);
int tee_main(int argc, char **argv);
int primes_main(int argc, char **argv);
int race_main(int argc, char **argv);

/* foo and bar (demo.c): print "I'm WHO" (or "I'm WHO TID" with -t) and
 * yield, N times or forever.  argv as for foo_main. */
int demo_repeat(const char *who, int argc, char **argv);

/* (programs.c) Prints "usage: USAGE" on the error stream, USAGE being the
 * program's usage line in the table (it starts with the program's name),
 * and returns 2, the exit status of a command used wrongly.  A name not in
 * the table prints nothing. */
int usage_error(const char *program);

/* "PROGRAM: too many arguments", then as usage_error. */
int too_many_arguments(const char *program);

/* ---- the part the echo and spam servers share (server.c) ---- */

struct server {
	const char *program; /* argv[0], for messages */
	const char *address; /* to listen on; default 127.0.0.1 */
	int port;
	task_entry_fn handler; /* serves one client: gets a server_client */
};

/* What a client's task gets (it owns the block, TASK_OWNS_ARG, and the fd,
 * which the server gave it with sys_fd_give). */
struct server_client {
	int fd;
	char peer[64]; /* "127.0.0.1:5555" */
};

/* Parses [-a ADDR] [PORT] into *s.  Returns 0, or the exit status for a
 * bad command line (after saying why). */
int server_parse(int argc, char **argv, int default_port, struct server *s);

/* Listens, then accepts forever, one new task per client.  Returns only on
 * an error (its exit status); a server normally ends by being killed. */
int server_run(const struct server *s);

#endif
