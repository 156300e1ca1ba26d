/*
 * grep.c - `grep WORD`: the lines of the standard input that hold WORD.
 * Exit status 0 if some line did, 1 if none, 2 on an error.
 */
#include <errno.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

int grep_main(int argc, char **argv)
{
	if (argc != 2)
		return argc < 2 ? usage_error(argv[0]) : too_many_arguments(argv[0]);
	struct u_line_reader *in = sys_alloc(sizeof *in);
	char *line = sys_alloc(sizeof in->buf);
	if (!in || !line) {
		ueprintf("%s: out of memory\n", argv[0]);
		return 2;
	}
	int fd = sys_stream_fd(MINIOS_STDIN);
	int found = 0;
	ssize_t n = -ENODATA;
	if (fd >= 0) {
		u_line_reader_init(in, fd);
		while ((n = u_read_line(in, line, sizeof in->buf)) >= 0 || n == -EMSGSIZE) {
			if (n == -EMSGSIZE) {
				ueprintf("%s: a line longer than %zu bytes skipped\n", argv[0],
					 sizeof in->buf - 1);
				continue;
			}
			if (strstr(line, argv[1])) {
				found = 1;
				line[n] = '\n';
				u_stream_write(MINIOS_STDOUT, line, (size_t)n + 1);
			}
		}
	}
	sys_free(line);
	sys_free(in);
	if (n != -ENODATA) {
		ueprintf("%s: cannot read: %s\n", argv[0], strerror((int)-n));
		return 2;
	}
	return found ? 0 : 1;
}
