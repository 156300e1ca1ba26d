/*
 * filter.h - what the small Unix-style filters (cat, wc, head, yes,
 * grep, tee) share: a buffer the task owns, and copying a file or the
 * standard input to the standard output.
 */
#ifndef MINIOS_FILTER_H
#define MINIOS_FILTER_H

#include <stddef.h>
#include <sys/types.h>

/* The size of the filters' buffers: a pipe's worth at a time. */
#define FILTER_BUFFER (64 * 1024)

/* Opens path for reading, owned by the calling task: an fd or a
 * negative errno. */
int filter_open(const char *path, int flags);

/* Reads from fd, or from the standard input when fd is -1. */
ssize_t filter_read(int fd, void *buf, size_t count);

#endif
