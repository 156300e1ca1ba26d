/*
 * sys_notify.c - Notify, Pending and WaitChild: a small kind of signal.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_notify_handler(struct task *t, const long *arg)
{
	unsigned mask = (unsigned)arg[0];
	if (arg[0] < 0 || (mask & ~(NOTIFY_CHILD | NOTIFY_INTERRUPT)))
		return -EINVAL;
	task_set_notify_mask(t, mask);
	return 0;
}

long sys_pending_handler(struct task *t, const long *arg)
{
	(void)arg;
	int bits = (int)t->pending;
	t->pending = 0;
	return bits;
}

long sys_waitchild_handler(struct task *t, const long *arg)
{
	unsigned flags = (unsigned)arg[0];
	if (arg[0] < 0 || (flags & ~WAIT_NOHANG))
		return -EINVAL;
	int tid, status;
	if (task_take_exit(t, 0, &tid, &status)) {
		t->frame.out[0] = tid;
		t->frame.out[1] = status;
		return 0;
	}
	if (t->children_alive == 0)
		return -ECHILD;
	if (flags & WAIT_NOHANG)
		return -EAGAIN;
	int err = interrupted(t);
	if (err)
		return err;
	/* The child's end fills the frame and wakes us (task.c). */
	task_block(t, TASK_WAIT_CHILD, 0, NULL, NULL, NULL);
	return TRAP_HANDLED;
}
