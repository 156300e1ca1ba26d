/*
 * crashy.c - a loaded program that faults: the fault ends its task alone.
 * (A store to a low address, far from any stack: a read-only variable of
 * the object could lie just below a task's stack, where the kernel would
 * take the fault for a stack overflow.  Built without the sanitizers, so
 * that the kernel, not a sanitizer, sees it.)
 */
#include <minios.h>
#include <stdint.h>

static int crashy_main(int argc, char **argv)
{
	int *volatile bad = (int *)(uintptr_t)16;
	*bad = 2;
	return 0;
}

MINIOS_PROGRAM("crashy", "crashy", "write through a bad pointer", crashy_main);
