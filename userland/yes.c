/*
 * yes.c - `yes [WORD]`: WORD (default "y") on a line, over and over,
 * until the task is killed or nobody reads its output any more.
 */
#include <string.h>

#include "ulib.h"
#include "userland.h"

int yes_main(int argc, char **argv)
{
	const char *word = argc > 1 ? argv[1] : "y";
	char line[256];

	if (argc > 2)
		return too_many_arguments(argv[0]);
	size_t len = strlen(word);
	if (len + 1 >= sizeof line) {
		ueprintf("%s: word too long\n", argv[0]);
		return 1;
	}
	memcpy(line, word, len);
	line[len++] = '\n';
	for (;;) {
		u_stream_write(MINIOS_STDOUT, line, len);
		/* On the console a line is no trap: let the others run. */
		if (sys_stream_fd(MINIOS_STDOUT) < 0)
			sys_yield();
	}
}
