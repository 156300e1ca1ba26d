/*
 * sys_newtask.c - NewTask: create a task; the child is queued before the
 * parent resumes.  Its fourth argument is a struct task_spawn_attr (or
 * NULL): flags, and what the child's standard streams are.
 *
 * The stream fds are copied before the task exists, so a bad fd fails
 * the call with nothing created; the copies then become the child's own,
 * like the fds it would open itself.  The fds it is to own outright
 * (TASK_GIVE_FDS, sys_spawn_fds) move to it with its creation.
 */
#include "config.h"
#include "syscalls/syscalls.h"
#include <fcntl.h>
#include <unistd.h>

#define KNOWN_FLAGS                                                                                \
	(TASK_OWNS_ARG | TASK_NEW_GROUP | TASK_SET_STREAMS | TASK_SET_GROUP | TASK_SHARES_ARG |    \
	 TASK_GIVE_FDS)

static void close_copies(int copies[3])
{
	for (int s = 0; s < 3; s++)
		if (copies[s] >= 0)
			io_close(copies[s]); /* a host fd or a pipe end */
}

/* copies[s]: a new fd for stream s of the child, or -1 for the console. */
static int copy_streams(struct task *parent, const struct task_spawn_attr *a, int copies[3])
{
	for (int s = 0; s < 3; s++)
		copies[s] = -1;
	for (int s = 0; s < 3; s++) {
		int fd = a->flags & TASK_SET_STREAMS ? a->streams[s] : TASK_STREAM_INHERIT;
		if (fd == TASK_STREAM_INHERIT)
			fd = task_stream(parent, s);
		if (fd == TASK_STREAM_CONSOLE)
			continue;
		int err = fd < 0 ? -EINVAL : 0;
		if (!err && (copies[s] = io_dup(fd)) < 0)
			err = copies[s];
		if (err) {
			close_copies(copies);
			return err;
		}
	}
	return 0;
}

static int give_streams(struct task *child, int copies[3])
{
	int err = 0;
	for (int s = 0; s < 3; s++) {
		if (copies[s] < 0)
			continue;
		if (!err)
			err = io_refresh(copies[s]);
		if (!err)
			err = task_own_fd(child, copies[s]);
		if (!err) {
			io_set_owner(copies[s], child->tid);
			err = task_set_stream(child, s, copies[s]) == -ENOMEM ? -ENOMEM : 0;
			if (!err)
				continue; /* the child's now: its end closes it */
		}
		io_close(copies[s]);
	}
	return err;
}

long sys_newtask_handler(struct task *t, const long *arg)
{
	const char *name = (const char *)arg[0];
	task_entry_fn fn = (task_entry_fn)arg[1];
	const struct task_spawn_attr *attr = (const struct task_spawn_attr *)arg[3];
	void *child_arg = (void *)arg[2];
	struct task_spawn_attr a = {0};
	if (attr)
		a = *attr; /* the stub has touched it */
	if (a.flags & ~KNOWN_FLAGS)
		return -EINVAL;
	if (!fn || (a.flags & TASK_NEW_GROUP && a.flags & TASK_SET_GROUP))
		return -EINVAL;
	if ((a.flags & (TASK_OWNS_ARG | TASK_SHARES_ARG)) == (TASK_OWNS_ARG | TASK_SHARES_ARG) ||
	    ((a.flags & TASK_SHARES_ARG) && !child_arg))
		return -EINVAL;
	/* The common spawn - no streams, fds, group or shared block to
	 * hand over, from a parent whose streams are all the console - is
	 * the creation alone. */
	if (!(a.flags & (TASK_SET_STREAMS | TASK_SET_GROUP | TASK_GIVE_FDS | TASK_SHARES_ARG)) &&
	    task_streams_are_console(t))
		return task_create(t, name, fn, child_arg, a.flags);
	int nfds = a.flags & TASK_GIVE_FDS ? a.nfds : 0;
	int fds[SPAWN_FDS_MAX];
	if (nfds < 0 || nfds > SPAWN_FDS_MAX || (nfds > 0 && !a.fds))
		return -EINVAL;
	/* Checked and copied before anything is made: on an error, the
	 * caller still owns every fd it named. */
	for (int i = 0; i < nfds; i++) {
		fds[i] = a.fds[i];
		if (fds[i] < 0 || io_owner(fds[i]) != t->tid)
			return -EBADF;
		for (int j = 0; j < i; j++)
			if (fds[j] == fds[i])
				return -EINVAL;
	}
	if (a.flags & TASK_SET_GROUP) {
		struct task *leader = task_arg(a.pgid);
		if (!leader || leader->pgid != a.pgid || leader->ppid != t->tid)
			return -ESRCH;
	}
	int copies[3];
	int err = copy_streams(t, &a, copies);
	if (err)
		return err;
	/* task_create_owning queues the child; the loop then queues the
	 * parent behind it when this handler returns. */
	int tid = task_create_owning(t, name, fn, child_arg,
				     a.flags & ~(TASK_SET_STREAMS | TASK_SET_GROUP | TASK_GIVE_FDS),
				     fds, (size_t)nfds);
	if (tid < 0) {
		close_copies(copies);
		return tid;
	}
	struct task *child = task_lookup(tid);
	if (a.flags & TASK_SET_GROUP)
		task_join_group(child, a.pgid); /* before it first runs */
	if (give_streams(child, copies) != 0) {
		task_end(child, TASK_STATUS_KILLED); /* out of memory: see minios.h */
		return tid;
	}
	/* The child has not run yet, and nothing else runs before this
	 * returns: it shares the block from its first instruction. */
	if (a.flags & TASK_SHARES_ARG) {
		err = task_alloc_share(child_arg, tid);
		if (err) {
			task_end(child, TASK_STATUS_KILLED);
			return err;
		}
	}
	return tid;
}
