/*
 * calibrate.h - the host's calibration line of minios-bench (calibrate.c).
 */
#ifndef MINIOS_BENCH_CALIBRATE_H
#define MINIOS_BENCH_CALIBRATE_H

#include <stdio.h>

/* Measures, then prints one line:
 *   CALIBRATION ldmxcsr_ns=X switch_ns=X syscall_ns=X
 * (X a number of ns, or "na" where it cannot be measured: ldmxcsr and the
 * bare switch off x86-64, all three under valgrind).  Takes a few ms. */
void calibrate_print(FILE *out);

#endif
