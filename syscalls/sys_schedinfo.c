/*
 * sys_schedinfo.c - SchedInfo: the scheduling policy and its queues as
 * text, for the shell's `sched`.  The caller is running, so it is on no
 * queue.
 */
#include "config.h"
#include "kernel/sched.h"
#include "syscalls/syscalls.h"

long sys_schedinfo_handler(struct task *t, const long *arg)
{
	(void)t;
	char *buf = (char *)arg[0];
	long len = arg[1];
	if (len < 0 || (len > 0 && !buf))
		return -EINVAL;
	size_t want = sched_describe(buf, (size_t)len);
	return want > INT32_MAX ? INT32_MAX : (long)want;
}
