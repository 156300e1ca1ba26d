# kernel/: mechanism - tasks, context switch, stacks, the trap loop, I/O
# polling, timers, the clock, semaphores, the console.
libminios_a_SOURCES += \
	kernel/kernel.h kernel/sched.h kernel/list.h kernel/context.h \
	kernel/intmap.c kernel/intmap.h \
	kernel/stack.c kernel/stack.h \
	kernel/task.c kernel/loop.c kernel/clock.c kernel/timer.c \
	kernel/io.c kernel/poller.h kernel/poller_epoll.c kernel/poller_poll.c \
	kernel/compact.c kernel/memory.c kernel/sem.c kernel/deadlock.c kernel/console.c kernel/fault.c \
	kernel/preempt.c
if CONTEXT_ASM
if ARCH_X86_64
libminios_a_SOURCES += kernel/context_x86_64.c
endif
else
libminios_a_SOURCES += kernel/context_ucontext.c
endif
EXTRA_DIST += kernel/context_x86_64.c kernel/context_ucontext.c
