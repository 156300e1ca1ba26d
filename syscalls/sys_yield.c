/*
 * sys_yield.c - Yield: to the back of the ready queue (the loop puts it there).
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_yield_handler(struct task *t, const long *arg)
{
	(void)t;
	(void)arg;
	return 0;
}
