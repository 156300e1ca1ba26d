/* undef.c - a minios program that calls a function nothing defines. */
#include <minios.h>

int minios_no_such_call(void);

static int undef_main(int argc, char **argv)
{
	return minios_no_such_call();
}

MINIOS_PROGRAM("undef", "undef", "call a function that does not exist", undef_main);
