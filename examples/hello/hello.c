/*
 * hello.c - a minios program outside the tree: a student's starting point.
 *
 *	make                      builds hello.so against the installed minios
 *	minios -c 'run ./hello.so world'
 *	make check                grades hello.msh with minios-check
 */
#include <minios.h>
#include <ulib.h>

static int hello_main(int argc, char **argv)
{
	if (argc > 2) {
		ueprintf("usage: hello [NAME]\n");
		return 2;
	}
	uprintf("hello, %s, from task %d\n", argc == 2 ? argv[1] : "world", sys_gettid());
	for (int i = 1; i <= 3; i++) {
		uprintf("hello: %d\n", i);
		sys_sleep(100 * 1000000LL); /* 100ms of the kernel clock */
	}
	return 0;
}

MINIOS_PROGRAM("hello", "hello [NAME]", "say hello, then count to 3", hello_main);
