/*
 * stack.c - mapping, guarding and pooling task stacks (see stack.h).
 */
#include "config.h"
#include "kernel/stack.h"
#include "include/minios_boot.h"
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define VALGRIND_STACK_REGISTER(lo, hi) 0u
#define VALGRIND_STACK_DEREGISTER(id) ((void)(id))
#endif
#if defined(MINIOS_SANITIZERS) && defined(HAVE_SANITIZER_COMMON_INTERFACE_DEFS_H)
#include <sanitizer/asan_interface.h>
#define UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define STACK_POOL_MAX 1024

static size_t usable_size = KERNEL_DEFAULT_STACK_SIZE;
static struct stack pool[STACK_POOL_MAX];
static size_t pool_count;

static size_t page_size(void)
{
	static size_t page;
	if (!page)
		page = (size_t)sysconf(_SC_PAGESIZE);
	return page;
}

static void stack_unmap(struct stack *s)
{
	VALGRIND_STACK_DEREGISTER(s->valgrind_id);
	munmap((char *)s->base - page_size(), s->size + page_size());
	s->base = NULL;
}

void stack_pool_drain(void)
{
	while (pool_count > 0)
		stack_unmap(&pool[--pool_count]);
}

void stack_set_size(size_t size)
{
	size_t page = page_size();
	stack_pool_drain();
	usable_size = (size + page - 1) / page * page;
}

size_t stack_size(void)
{
	return usable_size;
}
size_t stack_pool_count(void)
{
	return pool_count;
}

static struct stack shared; /* compact mode: the one stack all tasks run on */

int stack_alloc(struct stack *s)
{
	if (shared.base) {
		*s = shared;
		return 0;
	}
	if (pool_count > 0) {
		*s = pool[--pool_count];
		return 0;
	}
	return stack_map(s);
}

int stack_map(struct stack *s)
{
	size_t page = page_size();
	/* MAP_NORESERVE: a stack costs only the pages a task touches. */
	char *map = mmap(NULL, usable_size + page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (map == MAP_FAILED)
		return errno == EAGAIN ? -EAGAIN : -ENOMEM;
	/* Splitting the mapping may itself fail at the map count limit. */
	if (mprotect(map, page, PROT_NONE) != 0) {
		int err = errno;
		munmap(map, usable_size + page);
		return err == EAGAIN ? -EAGAIN : -ENOMEM;
	}
	s->base = map + page;
	s->size = (uint32_t)usable_size; /* at most KERNEL_MAX_STACK_SIZE */
	s->valgrind_id = VALGRIND_STACK_REGISTER(s->base, (char *)s->base + s->size);
	return 0;
}

void stack_free(struct stack *s)
{
	if (!s->base || s->base == shared.base) {
		s->base = NULL;
		return;
	}
	/* A task that faulted or was killed left frames that never returned,
	 * and AddressSanitizer's marks of their redzones with them: the next
	 * task on this memory would trip over them. */
	UNPOISON(s->base, s->size);
	if (s->size == usable_size && pool_count < STACK_POOL_MAX)
		pool[pool_count++] = *s;
	else
		stack_unmap(s);
	s->base = NULL;
}

void stack_scrub(struct stack *s)
{
	/* As stack_free: the next task must not trip over the marks of
	 * frames that never returned. */
	UNPOISON(s->base, s->size);
}

bool stack_guard_hit(const struct stack *s, const void *addr)
{
	uintptr_t a = (uintptr_t)addr, lo = (uintptr_t)s->base;
	/* One guard page, plus a little slack below it for frames that jump
	 * over it: anything within 64 KiB under the stack counts. */
	return s->base && a < lo && a + 64 * 1024 >= lo;
}

int stack_share(bool on)
{
	if (!on) {
		if (shared.base)
			stack_unmap(&shared);
		return 0;
	}
	if (shared.base)
		return 0;
	struct stack s;
	int err = stack_map(&s);
	if (!err)
		shared = s;
	return err;
}

const struct stack *stack_shared(void)
{
	return shared.base ? &shared : NULL;
}
