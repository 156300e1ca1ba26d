/*
 * names.c - words for numbers: exit statuses and waits.  (A call's name
 * is in its row of the table, table.c.)
 */
#include "config.h"
#include "include/minios.h"
#include <inttypes.h>
#include <stdio.h>

static const char *fault_name(int code)
{
	switch (code) {
	case TASK_FAULT_STACK_OVERFLOW:
		return "stack overflow";
	case TASK_FAULT_SEGV:
		return "segmentation fault";
	case TASK_FAULT_BUS:
		return "bus error";
	case TASK_FAULT_FPE:
		return "arithmetic fault";
	case TASK_FAULT_ILL:
		return "illegal instruction";
	default:
		return "unknown fault";
	}
}

const char *task_status_text(int status, char *buf, size_t size)
{
	if (TASK_EXITED(status))
		snprintf(buf, size, "done (status %d)", TASK_EXIT_CODE(status));
	else if (TASK_WAS_KILLED(status))
		snprintf(buf, size, "killed");
	else if (TASK_BROKE_PIPE(status))
		snprintf(buf, size, "broken pipe");
	else if (status == (TASK_STATUS_FAULTED | TASK_FAULT_ABORT))
		snprintf(buf, size, "aborted"); /* as a shell says of a process */
	else if (TASK_WAS_FAULTED(status))
		snprintf(buf, size, "fault: %s", fault_name(TASK_FAULT_CODE(status)));
	else
		snprintf(buf, size, "status %#x", (unsigned)status);
	return buf;
}

const char *task_wait_text(enum task_wait_kind kind, int id, const char *name, int64_t wake_at,
			   char *buf, size_t size)
{
	switch (kind) {
	case TASK_WAIT_TASK:
		snprintf(buf, size, "task %d", id);
		break;
	case TASK_WAIT_READ:
		snprintf(buf, size, "fd %d read", id);
		break;
	case TASK_WAIT_WRITE:
		snprintf(buf, size, "fd %d write", id);
		break;
	case TASK_WAIT_SLEEP:
		/* The kernel clock starts at 0: wake_at is never negative. */
		snprintf(buf, size, "sleeping until %" PRId64 ".%03" PRId64 "s",
			 wake_at / 1000000000, wake_at / 1000000 % 1000);
		break;
	case TASK_WAIT_SEM:
		if (name && name[0] != '\0')
			snprintf(buf, size, "sem %d (%s)", id, name);
		else
			snprintf(buf, size, "sem %d", id);
		break;
	case TASK_WAIT_CHILD:
		snprintf(buf, size, "child");
		break;
	case TASK_WAIT_PIPE_READ:
		snprintf(buf, size, "pipe %d read", id);
		break;
	case TASK_WAIT_PIPE_WRITE:
		snprintf(buf, size, "pipe %d write", id);
		break;
	default:
		snprintf(buf, size, "blocked");
		break;
	}
	return buf;
}
