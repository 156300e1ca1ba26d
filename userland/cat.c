/*
 * cat.c - `cat [FILE...]`: copy the files, or the standard input ("-" or
 * none), to the standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "filter.h"
#include "ulib.h"
#include "userland.h"

static int copy(int fd, char *buf, const char *name)
{
	ssize_t n;
	while ((n = filter_read(fd, buf, FILTER_BUFFER)) > 0)
		if (u_stream_write(MINIOS_STDOUT, buf, (size_t)n) < 0)
			return 1;
	if (n < 0) {
		ueprintf("cat: cannot read '%s': %s\n", name, strerror((int)-n));
		return 1;
	}
	return 0;
}

int cat_main(int argc, char **argv)
{
	char *buf = sys_alloc(FILTER_BUFFER);
	int status = 0;

	if (!buf) {
		ueprintf("%s: out of memory\n", argv[0]);
		return 1;
	}
	if (argc == 1)
		status = copy(-1, buf, "standard input");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			status |= copy(-1, buf, "standard input");
			continue;
		}
		int fd = filter_open(argv[i], O_RDONLY);
		if (fd < 0) {
			ueprintf("%s: cannot open '%s': %s\n", argv[0], argv[i], strerror(-fd));
			status = 1;
			continue;
		}
		status |= copy(fd, buf, argv[i]);
		u_close(fd);
	}
	sys_free(buf);
	return status;
}
