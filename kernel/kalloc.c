/*
 * kalloc.c - the kernel's heap allocations, with a failure hook for tests.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include <stdbool.h>
#include <stdlib.h>

static long allowed = -1; /* allocations left before refusing; -1: no limit */
static unsigned long refused;

void kernel_alloc_fail_after(long n)
{
	allowed = n < 0 ? -1 : n;
	refused = 0;
}

unsigned long kernel_alloc_refused(void)
{
	return refused;
}

static bool refuse(void)
{
	if (allowed < 0)
		return false;
	if (allowed > 0) {
		allowed--;
		return false;
	}
	refused++;
	return true;
}

bool kalloc_should_fail(void)
{
	return refuse();
}

void *kmalloc(size_t size)
{
	return refuse() ? NULL : malloc(size);
}
void *kcalloc(size_t n, size_t size)
{
	return refuse() ? NULL : calloc(n, size);
}
void *krealloc(void *p, size_t size)
{
	return refuse() ? NULL : realloc(p, size);
}
