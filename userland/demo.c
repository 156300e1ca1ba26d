/*
 * demo.c - the loop shared by foo and bar, the seminar's first tasks.
 *
 *	def foo():
 *	    for i in xrange(10):
 *	        print "I'm foo"
 *	        yield
 *
 * Each sys_yield is a trap, so two such tasks alternate line by line.
 */
#include <limits.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

int demo_repeat(const char *who, int argc, char **argv)
{
	int with_tid = 0;
	long count = -1; /* forever */
	int i = 1;

	if (i < argc && strcmp(argv[i], "-t") == 0) {
		with_tid = 1;
		i++;
	}
	if (i < argc) {
		if (u_parse_int(argv[i], 0, LONG_MAX, &count) < 0) {
			ueprintf("%s: bad count '%s'\n", argv[0], argv[i]);
			return usage_error(argv[0]);
		}
		i++;
	}
	if (i < argc)
		return too_many_arguments(argv[0]);

	/* GetTid is a trap too: the seminar's second example starts with
	 * it, and its output depends on that extra switch. */
	int tid = with_tid ? sys_gettid() : 0;
	for (long n = 0; count < 0 || n < count; n++) {
		if (with_tid)
			uprintf("I'm %s %d\n", who, tid);
		else
			uprintf("I'm %s\n", who);
		sys_yield();
	}
	return 0;
}
