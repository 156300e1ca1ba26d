/*
 * boot.h - what kernel_init sets up for the whole kernel (boot.c): the
 * settings in use, the counters, the random numbers.
 */
#ifndef MINIOS_KERNEL_BOOT_H
#define MINIOS_KERNEL_BOOT_H

#include "include/minios.h"
#include "include/minios_boot.h"
#include <stdbool.h>
#include <stdint.h>

struct kernel_counters {
	uint64_t tasks_created;
	uint64_t traps;
	uint64_t traps_by_call[SYS_NCALLS];
	uint64_t bad_traps;
	uint64_t switches;
	uint64_t polls;
};
extern struct kernel_counters kernel_counters;
extern struct kernel_config kernel_config_in_use;
uint32_t kernel_random(void);
/* Between kernel_init and kernel_shutdown. */
bool kernel_booted(void);

#endif
