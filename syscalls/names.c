/*
 * names.c - words for numbers: call names and exit statuses.
 */
#include "config.h"
#include "include/minios.h"
#include <stdio.h>

static const char *const names[SYS_NCALLS] = {
	[SYS_GETTID] = "GetTid",       [SYS_NEWTASK] = "NewTask",
	[SYS_KILLTASK] = "KillTask",   [SYS_WAITTASK] = "WaitTask",
	[SYS_READWAIT] = "ReadWait",   [SYS_WRITEWAIT] = "WriteWait",
	[SYS_SLEEP] = "Sleep",         [SYS_YIELD] = "Yield",
	[SYS_EXIT] = "Exit",           [SYS_SEM_CREATE] = "SemCreate",
	[SYS_SEM_WAIT] = "SemWait",    [SYS_SEM_POST] = "SemPost",
	[SYS_SEM_DESTROY] = "SemDestroy", [SYS_FD_OWN] = "FdOwn",
	[SYS_CLOSE] = "Close",         [SYS_NOTIFY] = "Notify",
	[SYS_PENDING] = "Pending",     [SYS_WAITCHILD] = "WaitChild",
	[SYS_TASKLIST] = "TaskList",   [SYS_STATS] = "Stats",
	[SYS_FD_GIVE] = "FdGive",
};

const char *syscall_name(int nr)
{
	return nr >= 0 && nr < SYS_NCALLS ? names[nr] : NULL;
}

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
	else if (status == (TASK_STATUS_FAULTED | TASK_FAULT_ABORT))
		snprintf(buf, size, "aborted"); /* as a shell says of a process */
	else if (TASK_WAS_FAULTED(status))
		snprintf(buf, size, "fault: %s", fault_name(TASK_FAULT_CODE(status)));
	else
		snprintf(buf, size, "status %#x", (unsigned)status);
	return buf;
}
