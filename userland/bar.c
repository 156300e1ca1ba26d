/*
 * bar.c - `bar [-t] [N]`: print "I'm bar" and yield, N times or forever.
 */
#include "userland.h"

int bar_main(int argc, char **argv)
{
	return demo_repeat("bar", argc, argv);
}
