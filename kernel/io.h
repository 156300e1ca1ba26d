/*
 * io.h - tasks waiting on file descriptors (io.c).
 */
#ifndef MINIOS_IO_H
#define MINIOS_IO_H

#include "include/minios_boot.h"
#include <stdbool.h>
#include <stdint.h>

struct task;

int io_init(enum kernel_poller_kind kind);
void io_fini(void);

/* 1 if fd is ready now (nothing to wait for), 0 if t is now blocked on it,
 * or a negative errno.  after_eagain: the caller was just told EAGAIN, so
 * do not look at the fd's readiness first. */
int io_wait(struct task *t, int fd, bool for_write, bool after_eagain);
/* Closes fd: its waiters wake with -EBADF; the poller forgets it. */
int io_close(int fd);
/* The task now owns fd: make sure the poller watches this file (the fd
 * number may have been closed and reused behind the kernel's back). */
int io_refresh(int fd);
/* The kernel's own fds (its poller, its interrupt pipe): no task may
 * close, own or wait on them. */
bool io_is_kernel_fd(int fd);
/* Who owns fd (tid), or 0. */
int io_owner(int fd);
void io_set_owner(int fd, int tid);

/* A task's fds are host fds or pipe ends (pipe.c): the calls above take
 * both.  Is fd open (and not the kernel's own)? */
bool io_is_open(int fd);
/* A new fd for what fd is (a host fd >= 3, or another pipe end): the new
 * number, or a negative errno (-EBADF). */
int io_dup(int fd);

/* Tasks blocked on host fds (not on pipes: a pipe is woken by tasks). */
bool io_has_waiters(void);
/* Waits up to timeout_ns (-1: forever) for fd events and wakes waiters. */
void io_poll(int64_t timeout_ns);
/* The interrupt pipe: written by kernel_raise_interrupt. */
int io_interrupt_fd(void);

#endif
