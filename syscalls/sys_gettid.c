/*
 * sys_gettid.c - GetTid: the caller's task id.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_gettid_handler(struct task *t, const long *arg)
{
	(void)arg;
	return t->tid;
}
