/*
 * countdown.c - `countdown [N]`: N, N-1, ..., 1 a second apart, then
 * "Liftoff!".  A task that ends by itself after a known time on the
 * kernel clock, handy for trying spawn, wait and kill.
 */
#include "ulib.h"
#include "userland.h"

int countdown_main(int argc, char **argv)
{
	long from = 10;

	if (argc > 2)
		return too_many_arguments(argv[0]);
	if (argc == 2 && u_parse_int(argv[1], 0, 1000000, &from) < 0) {
		ueprintf("%s: bad count '%s' (0 to 1000000)\n", argv[0], argv[1]);
		return usage_error(argv[0]);
	}
	for (long n = from; n > 0; n--) {
		uprintf("%ld\n", n);
		int r = sys_sleep(1000000000);
		if (r < 0) {
			ueprintf("%s: sleep failed: error %d\n", argv[0], -r);
			return 1;
		}
	}
	uprintf("Liftoff!\n");
	return 0;
}
