/*
 * table.c - the system-call table: call number -> handler and name.
 *
 * The kernel's loop indexes this table and nothing else; it checks the
 * bounds and turns an empty or out-of-range slot into -ENOSYS.  The name
 * is what `stats` prints: it lives in the row, so a new call cannot be
 * left without one.
 */
#include "config.h"
#include "syscalls/syscalls.h"

const struct syscall_entry syscall_table[] = {
	[SYS_GETTID] = {sys_gettid_handler, "GetTid"},
	[SYS_NEWTASK] = {sys_newtask_handler, "NewTask"},
	[SYS_KILLTASK] = {sys_killtask_handler, "KillTask"},
	[SYS_WAITTASK] = {sys_waittask_handler, "WaitTask"},
	[SYS_READWAIT] = {sys_readwait_handler, "ReadWait"},
	[SYS_WRITEWAIT] = {sys_writewait_handler, "WriteWait"},
	[SYS_SLEEP] = {sys_sleep_handler, "Sleep"},
	[SYS_YIELD] = {sys_yield_handler, "Yield"},
	[SYS_EXIT] = {sys_exit_handler, "Exit"},
	[SYS_SEM_CREATE] = {sys_sem_create_handler, "SemCreate"},
	[SYS_SEM_WAIT] = {sys_sem_wait_handler, "SemWait"},
	[SYS_SEM_POST] = {sys_sem_post_handler, "SemPost"},
	[SYS_SEM_DESTROY] = {sys_sem_destroy_handler, "SemDestroy"},
	[SYS_FD_OWN] = {sys_fd_own_handler, "FdOwn"},
	[SYS_CLOSE] = {sys_close_handler, "Close"},
	[SYS_NOTIFY] = {sys_notify_handler, "Notify"},
	[SYS_PENDING] = {sys_pending_handler, "Pending"},
	[SYS_WAITCHILD] = {sys_waitchild_handler, "WaitChild"},
	[SYS_TASKLIST] = {sys_tasklist_handler, "TaskList"},
	[SYS_STATS] = {sys_stats_handler, "Stats"},
	[SYS_FD_GIVE] = {sys_fd_give_handler, "FdGive"},
	[SYS_TRACE] = {sys_trace_handler, "Trace"},
	[SYS_TIMELINE] = {sys_timeline_handler, "Timeline"},
	[SYS_PIPE] = {sys_pipe_handler, "Pipe"},
	[SYS_DUP2] = {sys_dup2_handler, "Dup2"},
	[SYS_SET_PRIORITY] = {sys_setpriority_handler, "SetPriority"},
	[SYS_GET_PRIORITY] = {sys_getpriority_handler, "GetPriority"},
	[SYS_SET_TICKETS] = {sys_settickets_handler, "SetTickets"},
	[SYS_SCHED_INFO] = {sys_schedinfo_handler, "SchedInfo"},
	[SYS_PIPE_READ] = {sys_pipe_read_handler, "PipeRead"},
	[SYS_PIPE_WRITE] = {sys_pipe_write_handler, "PipeWrite"},
	[SYS_TASKLIST_FROM] = {sys_tasklist_from_handler, "TaskListFrom"},
};

const int syscall_table_size = sizeof syscall_table / sizeof syscall_table[0];

_Static_assert(sizeof syscall_table / sizeof syscall_table[0] == SYS_NCALLS,
	       "every call number has a row in the table");

const char *syscall_name(int nr)
{
	return nr >= 0 && nr < syscall_table_size ? syscall_table[nr].name : NULL;
}

/* Every program with a kernel links this table: through this reference it
 * links hostcalls.c too, which a static library would otherwise leave out
 * unless something happened to need exit or abort first. */
const int *const syscall_hostcalls_anchor = &hostcalls_linked;
