/*
 * pipe.h - pipes inside the kernel: a ring buffer between tasks (pipe.c).
 *
 * A pipe end is named by a number from MINIOS_PIPE_FD_BASE up, which no
 * host fd reaches, so the kernel's fd calls (Close, Dup2, FdGive, ReadWait)
 * tell the two kinds apart by the number alone (io.c dispatches).
 */
#ifndef MINIOS_PIPE_H
#define MINIOS_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct task;

/* Boot and shutdown: shutdown frees every pipe left. */
int pipe_init(void);
void pipe_fini(void);

/* True if fd is in the range of pipe ends (open or not). */
bool pipe_is_number(long fd);
/* True if fd is an open pipe end. */
bool pipe_is_open(int fd);

/* Makes a pipe: fds[0] its read end, fds[1] its write end.  0 or -ENOMEM. */
int pipe_create(int fds[2]);
/* Another end of the same pipe and direction as fd: the new number, or
 * -EBADF, -ENOMEM. */
int pipe_dup(int fd);
/* Closes one end: tasks waiting on that number wake with -EBADF; the last
 * write end gives the readers end of file, the last read end gives the
 * writers -EPIPE.  0 or -EBADF. */
int pipe_close(int fd);
int pipe_owner(int fd);
void pipe_set_owner(int fd, int tid);

/* Without blocking, from the running task (a direct call) or a handler:
 * bytes read (0: end of file) or written, -EAGAIN when the call would
 * block (nothing written: a write of at most MINIOS_PIPE_ATOMIC bytes
 * goes in whole or not at all), -EBADF, -EPIPE. */
ssize_t pipe_read_now(int fd, void *buf, size_t len);
ssize_t pipe_write_now(int fd, const void *buf, size_t len);

/* The handlers of PipeRead and PipeWrite: a result, or TRAP_HANDLED when
 * t is now blocked.  See sys_pipe_read in <minios.h> for -EAGAIN. */
long pipe_read_call(struct task *t, int fd, void *buf, size_t len);
long pipe_write_call(struct task *t, int fd, const void *buf, size_t len);

/* ReadWait / WriteWait on a pipe end: 1 if ready now (data or end of
 * file; room or no reader), 0 if t now waits, or -EBADF. */
int pipe_wait(struct task *t, int fd, bool for_write);

#endif
