/*
 * clock.h - the kernel's one clock, real or virtual (clock.c).
 */
#ifndef MINIOS_CLOCK_H
#define MINIOS_CLOCK_H

#include "include/minios_boot.h"
#include <stdbool.h>
#include <stdint.h>

int clock_init(enum kernel_clock_kind kind);
/* Nanoseconds since kernel_init on the kernel's clock. */
int64_t clock_now(void);
/* The same clock to within a host tick (a few ms; may read a little
 * before kernel_init, so below 0), cheaper: for deadlines far apart.
 * Under the virtual clock, clock_now() exactly. */
int64_t clock_now_coarse(void);
bool clock_is_virtual(void);
void clock_advance(int64_t ns);   /* virtual clock only */
void clock_jump_to(int64_t when); /* virtual clock only */

#endif
