/*
 * names.c - words for numbers: exit statuses.  (A call's name is in its
 * row of the table, table.c.)
 */
#include "config.h"
#include "include/minios.h"
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
	else if (TASK_WAS_FAULTED(status))
		snprintf(buf, size, "fault: %s", fault_name(TASK_FAULT_CODE(status)));
	else
		snprintf(buf, size, "status %#x", (unsigned)status);
	return buf;
}
