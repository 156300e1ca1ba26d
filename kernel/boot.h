/*
 * boot.h - what boot.c gives the rest of the kernel: the random numbers
 * programs draw from (seeded by kernel_config.seed).  kernel_init and the
 * rest of the boot API are in <minios_boot.h>.
 */
#ifndef MINIOS_KERNEL_BOOT_H
#define MINIOS_KERNEL_BOOT_H

#include <stdint.h>

uint32_t kernel_random(void);

#endif
