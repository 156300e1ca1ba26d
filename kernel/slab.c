/*
 * slab.c - memory for a great many small objects: compact mode's tasks.
 *
 * Objects are carved from regions of REGION_SIZE bytes of address space,
 * each mapped once (MAP_NORESERVE: the host commits only what is used):
 *
 *     region                                      bump         end
 *     +--------+-----+-----+-----+-- ... --+-----+-- - - - - --+
 *     | header | obj | obj | obj |         | obj |  not yet    |
 *     +--------+-----+-----+-----+-- ... --+-----+-- - - - - --+
 *                  resident (made so a step at a time) ---^
 *
 * A new object comes from the free list of its size (whole 8-byte words)
 * or, if that is empty, from the bump pointer.  The pages ahead of the
 * bump pointer are made resident RESIDENT_STEP bytes at a time with one
 * madvise(MADV_POPULATE_WRITE): on a VM a first-touch page fault costs
 * several microseconds, and a million tasks touch a hundred thousand
 * pages - one call per 128 of them is a few times cheaper.
 *
 * A region is as big as the host will map, from REGION_SIZE down to
 * REGION_MIN: under a limit on address space (ulimit -v) that leaves less
 * than REGION_SIZE free, a smaller region still serves.
 *
 * Under a scheduling policy that visits the tasks in no order (random,
 * lottery) the regions ask for huge pages (slab_huge_pages): with
 * 100,000 tasks such a switch spent a quarter of its time on TLB misses.
 *
 * Under AddressSanitizer or valgrind every object comes from kmalloc
 * instead, so that they still see each one.
 */
#include "config.h"
#include "kernel/slab.h"
#include "kernel/kalloc.h"
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older hosts refuse it: then pages fault */
#endif

#define REGION_SIZE ((size_t)64 << 20)
#define REGION_MIN ((size_t)1 << 20)
#define RESIDENT_STEP ((size_t)512 << 10)
#define WORD 8

struct region {
	struct region *prev; /* the one filled before it */
	size_t size;         /* bytes mapped */
};
_Static_assert(sizeof(struct region) % WORD == 0, "objects after the header stay aligned");

static struct region *last; /* the region the bump pointer is in */
static char *bump, *resident, *end;
static void *free_lists[SLAB_MAX_OBJECT / WORD + 1]; /* by size in words */
static bool populate_refused;
static bool huge_pages;   /* slab_huge_pages */
static bool huge_refused; /* the last region's hint was refused */
static size_t mapped, live;
static int use_malloc = -1; /* decided at the first allocation */

static size_t words(size_t size)
{
	return (size + WORD - 1) / WORD;
}

static bool through_malloc(size_t size)
{
	if (use_malloc < 0) {
#ifdef MINIOS_SANITIZERS
		use_malloc = 1;
#else
		use_malloc = RUNNING_ON_VALGRIND ? 1 : 0;
#endif
	}
	return use_malloc || size == 0 || size > SLAB_MAX_OBJECT;
}

static bool new_region(void)
{
	for (size_t size = REGION_SIZE; size >= REGION_MIN; size /= 2) {
		void *map = mmap(NULL, size, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (map == MAP_FAILED)
			continue;
#ifdef MADV_HUGEPAGE
		/* A hint: if the host says no, small pages. */
		huge_refused = huge_pages && madvise(map, size, MADV_HUGEPAGE) != 0;
#endif
		struct region *r = map;
		r->prev = last;
		r->size = size;
		last = r;
		mapped += size;
		bump = (char *)map + sizeof *r;
		resident = map;
		end = (char *)map + size;
		return true;
	}
	return false;
}

void *slab_alloc(size_t size)
{
	if (through_malloc(size))
		return kmalloc(size);
	if (kalloc_should_fail())
		return NULL;
	size_t n = words(size);
	void *p = free_lists[n];
	if (p) {
		free_lists[n] = *(void **)p;
	} else {
		if ((!last || (size_t)(end - bump) < n * WORD) && !new_region())
			return NULL;
		p = bump;
		bump += n * WORD;
		/* The next step of pages, resident in one call (a hint: if the
		 * host says no, they fault in one by one). */
		while (bump > resident) {
			size_t step = (size_t)(end - resident) < RESIDENT_STEP
					      ? (size_t)(end - resident)
					      : RESIDENT_STEP;
			if (!populate_refused && madvise(resident, step, MADV_POPULATE_WRITE) != 0)
				populate_refused = true;
			resident += step;
		}
	}
	live += n * WORD;
	return p;
}

void slab_free(void *p, size_t size)
{
	if (!p)
		return;
	if (through_malloc(size)) {
		free(p);
		return;
	}
	size_t n = words(size);
	*(void **)p = free_lists[n];
	free_lists[n] = p;
	live -= n * WORD;
}

void slab_huge_pages(bool on)
{
	huge_pages = on;
}

bool slab_huge_pages_refused(void)
{
	return huge_refused;
}

void slab_reset(void)
{
	while (last) {
		struct region *r = last;
		last = r->prev;
		munmap(r, r->size);
	}
	bump = resident = end = NULL;
	huge_refused = false;
	for (size_t i = 0; i < sizeof free_lists / sizeof free_lists[0]; i++)
		free_lists[i] = NULL;
	mapped = live = 0;
}

size_t slab_mapped_bytes(void)
{
	return mapped;
}

size_t slab_live_bytes(void)
{
	return live;
}
