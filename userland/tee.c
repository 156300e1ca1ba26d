/*
 * tee.c - `tee FILE`: copy the standard input to the standard output and
 * to FILE.
 */
#include <fcntl.h>
#include <string.h>

#include "filter.h"
#include "ulib.h"
#include "userland.h"

int tee_main(int argc, char **argv)
{
	if (argc != 2)
		return argc < 2 ? usage_error(argv[0]) : too_many_arguments(argv[0]);
	int fd = filter_open(argv[1], O_WRONLY | O_CREAT | O_TRUNC);
	if (fd < 0) {
		ueprintf("%s: cannot open '%s': %s\n", argv[0], argv[1], strerror(-fd));
		return 1;
	}
	char *buf = sys_alloc(FILTER_BUFFER);
	if (!buf) {
		ueprintf("%s: out of memory\n", argv[0]);
		u_close(fd);
		return 1;
	}
	int status = 0;
	ssize_t n;
	while ((n = filter_read(-1, buf, FILTER_BUFFER)) > 0) {
		if (status == 0 && u_write_all(fd, buf, (size_t)n) < 0) {
			ueprintf("%s: cannot write '%s'\n", argv[0], argv[1]);
			status = 1;
		}
		u_stream_write(MINIOS_STDOUT, buf, (size_t)n);
	}
	if (n < 0) {
		ueprintf("%s: cannot read: %s\n", argv[0], strerror((int)-n));
		status = 1;
	}
	sys_free(buf);
	u_close(fd);
	return status;
}
