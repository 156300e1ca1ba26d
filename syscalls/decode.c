/*
 * decode.c - a call's arguments in words, for the trace.
 *
 * One row per call, beside the table's: what each argument is.  The trace
 * prints a task id or an fd as a number, a duration as `250ms`, a
 * semaphore with its name (`2<fork 1>`), a string quoted, flags by name,
 * and a pointer only as NULL or `ptr` (its value changes from run to run,
 * and the trace under the virtual clock must not).  Adding a call is
 * adding its row here too; a call without one shows no arguments.
 */
#include "config.h"
#include "syscalls/syscalls.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum arg_kind {
	ARG_END = 0,
	ARG_INT,
	ARG_TID,
	ARG_FD,
	ARG_DURATION,
	ARG_SEM,
	ARG_STRING,
	ARG_POINTER,
	ARG_TASK_FLAGS,   /* NewTask: its attributes' flags (TASK_OWNS_ARG, ...) */
	ARG_IOWAIT_FLAGS, /* ReadWait, WriteWait: shown only when set */
	ARG_NOTIFY_MASK,
	ARG_WAIT_FLAGS,
	ARG_TRACE_OP,
};

static const unsigned char call_args[][4] = {
	[SYS_GETTID] = {ARG_END},
	[SYS_NEWTASK] = {ARG_STRING, ARG_POINTER, ARG_POINTER, ARG_TASK_FLAGS},
	[SYS_KILLTASK] = {ARG_TID},
	[SYS_WAITTASK] = {ARG_TID},
	[SYS_READWAIT] = {ARG_FD, ARG_IOWAIT_FLAGS},
	[SYS_WRITEWAIT] = {ARG_FD, ARG_IOWAIT_FLAGS},
	[SYS_SLEEP] = {ARG_DURATION},
	[SYS_YIELD] = {ARG_END},
	[SYS_EXIT] = {ARG_INT},
	[SYS_SEM_CREATE] = {ARG_STRING, ARG_INT},
	[SYS_SEM_WAIT] = {ARG_SEM},
	[SYS_SEM_POST] = {ARG_SEM},
	[SYS_SEM_DESTROY] = {ARG_SEM},
	[SYS_FD_OWN] = {ARG_FD},
	[SYS_CLOSE] = {ARG_FD},
	[SYS_NOTIFY] = {ARG_NOTIFY_MASK},
	[SYS_PENDING] = {ARG_END},
	[SYS_WAITCHILD] = {ARG_WAIT_FLAGS},
	[SYS_TASKLIST] = {ARG_POINTER, ARG_INT},
	[SYS_STATS] = {ARG_POINTER},
	[SYS_FD_GIVE] = {ARG_FD, ARG_TID},
	[SYS_TRACE] = {ARG_TRACE_OP, ARG_TID, ARG_POINTER},
	[SYS_TIMELINE] = {ARG_STRING},
	[SYS_PIPE] = {ARG_END},
	[SYS_DUP2] = {ARG_FD, ARG_INT},
	[SYS_SET_PRIORITY] = {ARG_TID, ARG_INT},
	[SYS_GET_PRIORITY] = {ARG_TID},
	[SYS_SET_TICKETS] = {ARG_TID, ARG_INT},
	[SYS_SCHED_INFO] = {ARG_POINTER, ARG_INT},
	[SYS_PIPE_READ] = {ARG_FD, ARG_POINTER, ARG_INT},
	[SYS_PIPE_WRITE] = {ARG_FD, ARG_POINTER, ARG_INT},
	[SYS_TASKLIST_FROM] = {ARG_TID, ARG_POINTER, ARG_INT},
};

_Static_assert(sizeof call_args / sizeof call_args[0] == SYS_NCALLS,
	       "every call number has a row of argument kinds");

/* A duration the way a person writes one: 250ms, 1s, 1500us. */
static void put_duration(char *buf, size_t size, long ns)
{
	if (ns == 0)
		snprintf(buf, size, "0");
	else if (ns % 1000000000 == 0)
		snprintf(buf, size, "%lds", ns / 1000000000);
	else if (ns % 1000000 == 0)
		snprintf(buf, size, "%ldms", ns / 1000000);
	else if (ns % 1000 == 0)
		snprintf(buf, size, "%ldus", ns / 1000);
	else
		snprintf(buf, size, "%ldns", ns);
}

/* Flag bits by name, joined with |; bits without a name in hex. */
static void put_flags(char *buf, size_t size, unsigned long v, const char *const names[], int n)
{
	size_t len = 0;
	buf[0] = '\0';
	if (v == 0) {
		snprintf(buf, size, "0");
		return;
	}
	for (int bit = 0; bit < n; bit++) {
		if (!(v & (1ul << bit)))
			continue;
		len += snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? "|" : "",
				names[bit]);
		v &= ~(1ul << bit);
	}
	if (v && len < size)
		snprintf(buf + len, size - len, "%s%#lx", len ? "|" : "", v);
}

static void put_string(char *buf, size_t size, const char *s)
{
	if (!s)
		snprintf(buf, size, "NULL");
	else
		snprintf(buf, size, "\"%.32s%s\"", s, strnlen(s, 33) > 32 ? "..." : "");
}

static void put_arg(char *buf, size_t size, int kind, long v)
{
	static const char *const task_flags[] = {"TASK_OWNS_ARG",    "TASK_NEW_GROUP",
						 "TASK_SET_STREAMS", "TASK_SET_GROUP",
						 "TASK_SHARES_ARG",  "TASK_GIVE_FDS"};
	const struct task_spawn_attr *attr;
	static const char *const iowait_flags[] = {"IOWAIT_AFTER_EAGAIN"};
	static const char *const notify_bits[] = {"NOTIFY_CHILD", "NOTIFY_INTERRUPT"};
	static const char *const wait_flags[] = {"WAIT_NOHANG"};
	static const char *const trace_ops[] = {"TRACE_OFF", "TRACE_ALL", "TRACE_TID",
						"TRACE_SUMMARY"};
	struct sem *s;

	switch (kind) {
	case ARG_DURATION:
		put_duration(buf, size, v);
		break;
	case ARG_SEM:
		s = v > 0 && v <= INT32_MAX ? sem_lookup((int)v) : NULL;
		if (s)
			snprintf(buf, size, "%ld<%s>", v, sem_name(s));
		else
			snprintf(buf, size, "%ld", v);
		break;
	case ARG_STRING:
		put_string(buf, size, (const char *)v);
		break;
	case ARG_POINTER:
		snprintf(buf, size, "%s", v ? "ptr" : "NULL");
		break;
	case ARG_TASK_FLAGS:
		/* A struct task_spawn_attr in the caller's frame, which
		 * the caller is still in (it is the one being traced). */
		attr = (const struct task_spawn_attr *)v;
		put_flags(buf, size, attr ? attr->flags : 0, task_flags, 6);
		break;
	case ARG_IOWAIT_FLAGS:
		put_flags(buf, size, (unsigned long)v, iowait_flags, 1);
		break;
	case ARG_NOTIFY_MASK:
		put_flags(buf, size, (unsigned long)v, notify_bits, 2);
		break;
	case ARG_WAIT_FLAGS:
		put_flags(buf, size, (unsigned long)v, wait_flags, 1);
		break;
	case ARG_TRACE_OP:
		if (v >= 0 && v < 4)
			snprintf(buf, size, "%s", trace_ops[v]);
		else
			snprintf(buf, size, "%ld", v);
		break;
	default: /* ints, task ids and fds: as numbers */
		snprintf(buf, size, "%ld", v);
		break;
	}
}

const char *syscall_describe(int nr, const long *arg, char *buf, size_t size)
{
	const char *name = syscall_name(nr);
	size_t len = (size_t)snprintf(buf, size, "%s(", name ? name : "?");
	int shown = 0;

	for (int i = 0; nr >= 0 && nr < SYS_NCALLS && i < 4 && call_args[nr][i]; i++) {
		int kind = call_args[nr][i];
		char one[96];
		/* Trailing flags that are not set say nothing: leave them out. */
		if (kind == ARG_IOWAIT_FLAGS && arg[i] == 0)
			continue;
		/* Trace's tid and rows matter only for the ops that use them. */
		if (nr == SYS_TRACE && i > 0 && arg[0] != (i == 1 ? TRACE_TID : TRACE_SUMMARY))
			continue;
		put_arg(one, sizeof one, kind, arg[i]);
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", shown++ ? ", " : "",
						one);
	}
	if (len < size)
		snprintf(buf + len, size - len, ")");
	return buf;
}

const char *syscall_errno_name(long err)
{
	switch (-err) {
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	case ESRCH:
		return "ESRCH";
	case EINTR:
		return "EINTR";
	case EBADF:
		return "EBADF";
	case ECHILD:
		return "ECHILD";
	case EAGAIN:
		return "EAGAIN";
	case ENOMEM:
		return "ENOMEM";
	case EEXIST:
		return "EEXIST";
	case EINVAL:
		return "EINVAL";
	case ENOSPC:
		return "ENOSPC";
	case EDEADLK:
		return "EDEADLK";
	case ENOSYS:
		return "ENOSYS";
	case ECANCELED:
		return "ECANCELED";
	case ENOTSUP:
		return "ENOTSUP";
	}
	return NULL;
}
