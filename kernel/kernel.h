/*
 * kernel.h - the kernel's mechanisms, as the system-call handlers see them.
 *
 * syscalls/ includes this; userland and the shell never do, and the files
 * of kernel/ include the headers of the parts they use instead.  The kernel
 * provides tasks, their life cycle, the ready queue, waiting (on tasks,
 * fds, timers, semaphores), the clock and the console.  What a call
 * *means* is decided in syscalls/.
 */
#ifndef MINIOS_KERNEL_H
#define MINIOS_KERNEL_H

#include "include/minios.h"
#include "include/minios_boot.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/counters.h"
#include "kernel/deadlock.h"
#include "kernel/io.h"
#include "kernel/preempt.h"
#include "kernel/memory.h"
#include "kernel/pipe.h"
#include "kernel/sem.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include "kernel/trace.h"
#include "kernel/trap.h"

#endif
