/*
 * boot.h - what boot.c gives the rest of the kernel: the random numbers
 * programs draw from (seeded by kernel_config.seed).  kernel_init and the
 * rest of the boot API are in <minios_boot.h>.
 */
#ifndef MINIOS_KERNEL_BOOT_H
#define MINIOS_KERNEL_BOOT_H

#include <stdint.h>

/* splitmix64: small, seedable, the same on every machine.  Its state
 * only counts up by a constant, so a later draw can be computed without
 * drawing (kernel_random_peek).  Inline: the random and lottery
 * policies draw on every switch. */
extern uint64_t kernel_random_state;
#define KERNEL_RANDOM_STEP 0x9e3779b97f4a7c15ULL

static inline uint32_t kernel_random_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static inline uint32_t kernel_random(void)
{
	return kernel_random_mix(kernel_random_state += KERNEL_RANDOM_STEP);
}

/* What kernel_random will return after `ahead` more draws (0: the next
 * one), without drawing: a policy guesses its next pick with it, to
 * fetch that task into the cache early (a hint; a wrong guess costs
 * nothing but the fetch). */
static inline uint32_t kernel_random_peek(unsigned ahead)
{
	return kernel_random_mix(kernel_random_state + (ahead + 1) * KERNEL_RANDOM_STEP);
}

/* Goes on as `draws` calls of kernel_random would, without computing
 * them (a policy whose draws it has peeked already). */
static inline void kernel_random_skip(unsigned draws)
{
	kernel_random_state += draws * KERNEL_RANDOM_STEP;
}

#endif
