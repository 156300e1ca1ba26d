/*
 * wc.c - `wc [-l]`: count the lines, words and bytes of the standard
 * input (-l: only the lines).
 */
#include <string.h>

#include "filter.h"
#include "ulib.h"
#include "userland.h"

int wc_main(int argc, char **argv)
{
	int lines_only = 0;

	if (argc > 2)
		return too_many_arguments(argv[0]);
	if (argc == 2) {
		if (strcmp(argv[1], "-l") != 0) {
			ueprintf("%s: unknown option '%s'\n", argv[0], argv[1]);
			return usage_error(argv[0]);
		}
		lines_only = 1;
	}
	char *buf = sys_alloc(FILTER_BUFFER);
	if (!buf) {
		ueprintf("%s: out of memory\n", argv[0]);
		return 1;
	}
	unsigned long long lines = 0, words = 0, bytes = 0;
	int in_word = 0;
	ssize_t n;
	while ((n = filter_read(-1, buf, FILTER_BUFFER)) > 0) {
		bytes += (unsigned long long)n;
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];
			int blank = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
				    c == '\f';
			lines += c == '\n';
			words += !blank && !in_word;
			in_word = !blank;
		}
	}
	sys_free(buf);
	if (n < 0) {
		ueprintf("%s: cannot read: %s\n", argv[0], strerror((int)-n));
		return 1;
	}
	if (lines_only)
		uprintf("%llu\n", lines);
	else
		uprintf("%llu %llu %llu\n", lines, words, bytes);
	return 0;
}
