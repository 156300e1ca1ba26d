/*
 * kalloc.h - the kernel's heap allocations, with a way to make them fail.
 *
 * Every malloc, calloc and realloc of kernel/ goes through these, so that
 * a test can make the kernel run out of memory at an exact point and check
 * that each path out of it is taken: an error returned, nothing leaked,
 * nothing aborted.  Outside tests the hook is never armed and costs one
 * compare per allocation (and the kernel's hot path allocates nothing).
 */
#ifndef MINIOS_KALLOC_H
#define MINIOS_KALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *kmalloc(size_t size);
void *kcalloc(size_t n, size_t size);
void *krealloc(void *p, size_t size);

/* For allocators of the kernel's own (slab.c): true when this allocation
 * is to fail, as kmalloc would.  Counts as one allocation. */
bool kalloc_should_fail(void);

/* For tests: let n more allocations succeed, then refuse every one until
 * the next call; n < 0 disarms.  Resets the count of refusals. */
void kernel_alloc_fail_after(long n);
/* How many allocations were refused since the last kernel_alloc_fail_after. */
unsigned long kernel_alloc_refused(void);

#endif
