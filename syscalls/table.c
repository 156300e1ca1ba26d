/*
 * table.c - the system-call table: call number -> handler.
 *
 * The kernel's loop indexes this table and nothing else; it checks the
 * bounds and turns an empty or out-of-range slot into -ENOSYS.
 */
#include "config.h"
#include "syscalls/syscalls.h"

const syscall_handler syscall_table[] = {
	[SYS_GETTID] = sys_gettid_handler,
	[SYS_NEWTASK] = sys_newtask_handler,
	[SYS_KILLTASK] = sys_killtask_handler,
	[SYS_WAITTASK] = sys_waittask_handler,
	[SYS_READWAIT] = sys_readwait_handler,
	[SYS_WRITEWAIT] = sys_writewait_handler,
	[SYS_SLEEP] = sys_sleep_handler,
	[SYS_YIELD] = sys_yield_handler,
	[SYS_EXIT] = sys_exit_handler,
	[SYS_SEM_CREATE] = sys_sem_create_handler,
	[SYS_SEM_WAIT] = sys_sem_wait_handler,
	[SYS_SEM_POST] = sys_sem_post_handler,
	[SYS_SEM_DESTROY] = sys_sem_destroy_handler,
	[SYS_FD_OWN] = sys_fd_own_handler,
	[SYS_CLOSE] = sys_close_handler,
	[SYS_NOTIFY] = sys_notify_handler,
	[SYS_PENDING] = sys_pending_handler,
	[SYS_WAITCHILD] = sys_waitchild_handler,
	[SYS_TASKLIST] = sys_tasklist_handler,
	[SYS_STATS] = sys_stats_handler,
	[SYS_FD_GIVE] = sys_fd_give_handler,
};

const int syscall_table_size = sizeof syscall_table / sizeof syscall_table[0];

_Static_assert(sizeof syscall_table / sizeof syscall_table[0] == SYS_NCALLS,
	       "every call number has a row in the table");

/* Every program with a kernel links this table: through this reference it
 * links hostcalls.c too, which a static library would otherwise leave out
 * unless something happened to need exit or abort first. */
const int *const syscall_hostcalls_anchor = &hostcalls_linked;
