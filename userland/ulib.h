/*
 * ulib.h - the user library: what userland programs and the shell share.
 *
 * Built only on the system calls of <minios.h>.  Blocking-style helpers
 * (accept, connect, read a bounded line, write all) make server code read
 * like ordinary socket code: each one tries the operation and, when the
 * host says EAGAIN, waits with sys_readwait/sys_writewait and retries, so
 * the task blocks but minios does not.  Each call of u_accept, u_read and
 * u_write_all is a scheduling point (it traps at least once), so a busy
 * connection cannot starve the other tasks.
 */
#ifndef MINIOS_ULIB_H
#define MINIOS_ULIB_H

#include <minios.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* Printing to the task's standard output (uprintf) or error (ueprintf)
 * stream.  On the console: whole lines, the shell's prompt stays intact,
 * and no scheduling point.  On a pipe or a file: a real write, which
 * waits while a pipe is full and ends the task with "broken pipe" when
 * nobody reads it any more (u_stream_write).  Return the length written
 * or a negative errno. */
int uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ueprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int uvprintf(int err, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Sockets, all non-blocking underneath and owned by the calling task
 * (sys_fd_own), so they are closed if the task is killed.  Return an fd or
 * a negative errno. */
int u_listen_tcp(const char *host, int port, int backlog);
int u_accept(int listen_fd, char *peer, size_t peer_size); /* "127.0.0.1:5555" */
int u_connect_tcp(const char *host, int port);
/* Reads up to count bytes (at least 1 unless EOF: returns 0). */
ssize_t u_read(int fd, void *buf, size_t count);
/* Writes all count bytes; returns count or a negative errno. */
ssize_t u_write_all(int fd, const void *buf, size_t count);
int u_close(int fd);

/* ---- memory ----
 * What a program allocates is its task's (sys_alloc): freed when the task
 * ends, however it ends, so a kill leaves nothing behind.  Programs use
 * these rather than malloc.  A block their tasks share is given to each
 * with TASK_SHARES_ARG (or sys_alloc_share), and goes with the last. */
void *u_malloc(size_t size);
void *u_calloc(size_t n, size_t size);
void *u_realloc(void *p, size_t size); /* as realloc; the block stays the task's */
char *u_strdup(const char *s);
char *u_strndup(const char *s, size_t max); /* at most max bytes of s, terminated */
void u_free(void *p);

/* The task's standard streams (MINIOS_STDIN, ...; see sys_dup2).
 * u_stream_write writes all of buf to stream: through the console, or to
 * its fd, waiting while a pipe is full; when no task reads the pipe any
 * more it ends the task with TASK_STATUS_BROKEN_PIPE (does not return).
 * Returns len or a negative errno.  u_stream_read reads standard input as
 * u_read does (0: end of file). */
ssize_t u_stream_write(int stream, const void *buf, size_t len);
ssize_t u_stream_read(void *buf, size_t len);

/* A line reader with a bounded buffer: u_read_line returns the length of
 * the line (without its '\n', NUL-terminated, a trailing '\r' removed), 0..
 * max-1; -EMSGSIZE when a line is longer than the buffer (the rest of that
 * line is skipped); -E2BIG when that rest goes on past U_LINE_TAIL_MAX
 * bytes (a peer that sends without end: give up on it); -ENODATA at EOF
 * with no pending bytes. */
#define U_LINE_TAIL_MAX (1024 * 1024)
struct u_line_reader {
	int fd;
	size_t len;     /* bytes buffered */
	size_t skip;    /* discarding the rest of an over-long line */
	size_t skipped; /* bytes of it discarded so far */
	char buf[4096];
};
void u_line_reader_init(struct u_line_reader *r, int fd);
ssize_t u_read_line(struct u_line_reader *r, char *line, size_t max);

/* Parses a duration such as "250ms", "2s", "1m", "1.5s", "10us", "100ns"
 * (a bare number is seconds) into ns; -EINVAL if malformed or negative,
 * -ERANGE if too large. */
int u_parse_duration(const char *text, int64_t *ns);

/* Parses a decimal int in [min, max]; -EINVAL if malformed, -ERANGE if out
 * of range. */
int u_parse_int(const char *text, long min, long max, long *out);

#endif
