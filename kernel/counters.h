/*
 * counters.h - what the kernel counts, for Stats (counters.c).
 *
 * Plain data that each part bumps where the event happens (the loop its
 * traps, the switch its switches, io.c its polls); kernel_init zeroes it.
 */
#ifndef MINIOS_COUNTERS_H
#define MINIOS_COUNTERS_H

#include "include/minios.h"
#include <stdint.h>

struct kernel_counters {
	uint64_t tasks_created;
	uint64_t traps;
	uint64_t traps_by_call[SYS_NCALLS];
	uint64_t bad_traps;
	uint64_t switches;
	uint64_t polls;
	uint64_t preemptions;    /* involuntary switches: a quantum used up */
	uint64_t preempt_missed; /* ticks that found no safe point */
	uint64_t watchdog_lines;
};
extern struct kernel_counters kernel_counters;

#endif
