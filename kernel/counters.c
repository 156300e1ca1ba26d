/*
 * counters.c - what the kernel counts: data only, so that every part can
 * count without depending on any other.
 */
#include "config.h"
#include "kernel/counters.h"

struct kernel_counters kernel_counters;
