/*
 * filter.c - helpers of the small filters (filter.h).
 */
#include "filter.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ulib.h"

int filter_open(const char *path, int flags)
{
	int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	int r = sys_fd_own(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

ssize_t filter_read(int fd, void *buf, size_t count)
{
	return fd < 0 ? u_stream_read(buf, count) : u_read(fd, buf, count);
}
