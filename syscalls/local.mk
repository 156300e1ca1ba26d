# syscalls/: policy at the user boundary - one handler per call (or small
# family), the table, and the user-side stubs.
libminios_la_SOURCES += \
	syscalls/syscalls.h syscalls/table.c syscalls/stubs.c syscalls/names.c \
	syscalls/sys_gettid.c syscalls/sys_newtask.c syscalls/sys_killtask.c \
	syscalls/sys_waittask.c syscalls/sys_iowait.c syscalls/sys_sleep.c \
	syscalls/sys_yield.c syscalls/sys_exit.c syscalls/sys_sem.c \
	syscalls/sys_fd.c syscalls/sys_notify.c syscalls/sys_tasklist.c \
	syscalls/sys_stats.c syscalls/sys_trace.c syscalls/decode.c syscalls/hostcalls.c \
	syscalls/sys_pipe.c syscalls/sys_pipe_io.c syscalls/sys_dup2.c
libminios_la_SOURCES += syscalls/sys_setpriority.c syscalls/sys_getpriority.c \
	syscalls/sys_settickets.c syscalls/sys_schedinfo.c
