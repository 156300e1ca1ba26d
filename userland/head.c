/*
 * head.c - `head [-n N]`: the first N lines (default 10) of the standard
 * input.  It ends as soon as it has them, so a task that writes into it
 * finds the pipe broken: the way `yes | head` ends.
 */
#include <string.h>

#include "filter.h"
#include "ulib.h"
#include "userland.h"

int head_main(int argc, char **argv)
{
	long want = 10;

	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		if (u_parse_int(argv[2], 0, 1000000000, &want) < 0) {
			ueprintf("%s: bad line count '%s'\n", argv[0], argv[2]);
			return usage_error(argv[0]);
		}
	} else if (argc != 1) {
		return usage_error(argv[0]);
	}
	char *buf = sys_alloc(FILTER_BUFFER);
	if (!buf) {
		ueprintf("%s: out of memory\n", argv[0]);
		return 1;
	}
	long lines = 0;
	ssize_t n = 1;
	while (lines < want && (n = filter_read(-1, buf, FILTER_BUFFER)) > 0) {
		ssize_t end = 0;
		while (end < n && lines < want)
			if (buf[end++] == '\n')
				lines++;
		u_stream_write(MINIOS_STDOUT, buf, (size_t)end);
	}
	sys_free(buf);
	if (n < 0) {
		ueprintf("%s: cannot read: %s\n", argv[0], strerror((int)-n));
		return 1;
	}
	return 0;
}
