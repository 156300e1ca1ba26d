/*
 * foo.c - `foo [-t] [N]`: print "I'm foo" and yield, N times or forever.
 */
#include "userland.h"

int foo_main(int argc, char **argv)
{
	return demo_repeat("foo", argc, argv);
}
