/*
 * alive.c - `alive [INTERVAL]`: the seminar's "I'm alive!" task, which
 * shows that other tasks (a server, say) leave the CPU free.  It sleeps
 * between lines instead of yielding, so it does not keep minios busy.
 */
#include "ulib.h"
#include "userland.h"

int alive_main(int argc, char **argv)
{
	int64_t interval = 1000000000; /* 1s */

	if (argc > 2)
		return too_many_arguments(argv[0]);
	if (argc == 2 && u_parse_duration(argv[1], &interval) < 0) {
		ueprintf("%s: bad interval '%s'\n", argv[0], argv[1]);
		return usage_error(argv[0]);
	}
	for (long n = 1;; n++) {
		uprintf("I'm alive! %ld\n", n);
		int r = sys_sleep(interval);
		if (r < 0) {
			ueprintf("%s: sleep failed: error %d\n", argv[0], -r);
			return 1;
		}
	}
}
