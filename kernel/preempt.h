/*
 * preempt.h - the timer interrupt: preemption at safe points, and the
 * watchdog (preempt.c).
 */
#ifndef MINIOS_PREEMPT_H
#define MINIOS_PREEMPT_H

#include <stdbool.h>
#include <stdint.h>

/* Starts the timers: quantum_ns 0 turns preemption off, watchdog_ns 0
 * the watchdog.  Returns 0 or a negative errno. */
int preempt_init(int64_t quantum_ns, int64_t watchdog_ns);
/* Stops them and takes any tick still pending. */
void preempt_fini(void);
/* The quantum in ns (0: preemption is off). */
int64_t preempt_quantum(void);

/* Own code: the text a tick may preempt a task in.  The executable's and
 * libminios's are known from the start; a loader adds the text of each
 * object it loads (start..end), and removes it (by start) before it
 * unloads it.  add returns 0, -EINVAL or -ENOSPC (64 ranges at most). */
int preempt_add_text(uintptr_t start, uintptr_t end);
void preempt_remove_text(uintptr_t start);
bool preempt_is_own_text(uintptr_t pc);

#endif
