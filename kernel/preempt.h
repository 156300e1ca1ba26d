/*
 * preempt.h - the timer interrupt: preemption at safe points, and the
 * watchdog (preempt.c).
 */
#ifndef MINIOS_PREEMPT_H
#define MINIOS_PREEMPT_H

#include <stdint.h>

/* Starts the timers: quantum_ns 0 turns preemption off, watchdog_ns 0
 * the watchdog.  Returns 0 or a negative errno. */
int preempt_init(int64_t quantum_ns, int64_t watchdog_ns);
/* Stops them and takes any tick still pending. */
void preempt_fini(void);
/* The quantum in ns (0: preemption is off). */
int64_t preempt_quantum(void);

#endif
