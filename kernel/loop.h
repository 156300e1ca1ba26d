/*
 * loop.h - the trap loop (loop.c); kernel_run itself is in <minios_boot.h>.
 */
#ifndef MINIOS_LOOP_H
#define MINIOS_LOOP_H

#include <stdbool.h>

/* kernel_run runs only between these (boot.c calls them). */
void loop_init(bool virtual_clock);
void loop_fini(void);

#endif
