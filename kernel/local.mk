# kernel/: mechanism - tasks, context switch, stacks, the trap loop, I/O
# polling, timers, the clock, semaphores, the console.  Each part has a
# header of its own; kernel.h gathers them for syscalls/.
libminios_la_SOURCES += \
	kernel/kernel.h kernel/list.h kernel/context.h kernel/trap.h \
	kernel/task.h kernel/sched.h kernel/boot.h kernel/loop.h kernel/clock.h kernel/timer.h \
	kernel/io.h kernel/sem.h kernel/deadlock.h kernel/console.h kernel/memory.h kernel/fault.h \
	kernel/compact.h kernel/counters.h kernel/counters.c \
	kernel/kassert.h kernel/kassert.c kernel/kalloc.h kernel/kalloc.c \
	kernel/intmap.c kernel/intmap.h kernel/slab.c kernel/slab.h kernel/tidmap.c kernel/tidmap.h \
	kernel/stack.c kernel/stack.h \
	kernel/task.c kernel/boot.c kernel/sched.c kernel/loop.c kernel/clock.c kernel/timer.c \
	kernel/io.c kernel/pipe.c kernel/pipe.h kernel/poller.h kernel/poller_epoll.c kernel/poller_poll.c \
	kernel/compact.c kernel/memory.c kernel/sem.c kernel/deadlock.c kernel/console.c kernel/trace.c kernel/trace.h kernel/timeline.c kernel/timeline.h kernel/fault.c kernel/preempt.c kernel/preempt.h
# Scheduling policies: the interface, the table, one file per policy.
libminios_la_SOURCES += kernel/policy.h kernel/sched/policies.c \
	kernel/sched/slots.h kernel/sched/slots.c \
	kernel/sched/fifo.h kernel/sched/fifo.c kernel/sched/rr.c kernel/sched/prio.c kernel/sched/random.c \
	kernel/sched/lottery.c kernel/sched/mlfq.c
if CONTEXT_ASM
if ARCH_X86_64
libminios_la_SOURCES += kernel/context_x86_64.c
endif
else
libminios_la_SOURCES += kernel/context_ucontext.c
endif
EXTRA_DIST += kernel/context_x86_64.c kernel/context_ucontext.c
