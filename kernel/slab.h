/*
 * slab.h - memory for a great many small objects (slab.c): compact mode's
 * tasks.
 *
 * A million idle tasks in compact mode are a million allocations of a few
 * hundred bytes that live long.  From malloc each costs a header and a
 * round-up to 16 bytes, and every fresh page of them a page fault; here
 * they are carved, 8-byte aligned and without a header, from big runs of
 * pages that are made resident half a megabyte at a time (RESIDENT_STEP,
 * slab.c).  Freed objects go on
 * a free list of their size, for the next object of that size.
 */
#ifndef MINIOS_SLAB_H
#define MINIOS_SLAB_H

#include <stdbool.h>
#include <stddef.h>

/* The largest object slab_alloc serves; larger sizes come from kmalloc
 * (slab_free knows them by their size too). */
#define SLAB_MAX_OBJECT 1024

/* size bytes, 8-byte aligned, not zeroed; NULL when out of memory (or
 * when the allocation-failure hook of kalloc.h says so). */
void *slab_alloc(size_t size);
/* Frees p, which slab_alloc gave for the same size. */
void slab_free(void *p, size_t size);
/* Whether the regions mapped from now on ask the host for huge pages
 * (transparent huge pages; a hint the host may ignore): one TLB entry
 * then covers 2 MiB of tasks, not 4 KiB - for a scheduling policy that
 * visits them in no order (sched_init). */
void slab_huge_pages(bool on);
/* Whether the host refused that hint for the region mapped last (a
 * kernel without transparent huge pages says EINVAL). */
bool slab_huge_pages_refused(void);
/* Gives every page back to the host.  Nothing slab_alloc gave may be in
 * use any more (kernel shutdown). */
void slab_reset(void);
/* Bytes held from the host (mapped) and handed out (live objects). */
size_t slab_mapped_bytes(void);
size_t slab_live_bytes(void);

#endif
