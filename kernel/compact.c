/*
 * compact.c - compact stacks: many tasks, one stack.
 *
 * In compact mode every task runs on the same shared stack (with a guard
 * page below it, as a private stack has).  A task that is switched out
 * keeps only the used part of it - from its saved stack pointer to the top,
 * usually a few hundred bytes - in a buffer of its own:
 *
 *     shared stack                      task A's buffer (switched out)
 *     +-----------+  top                +-----------+
 *     | B's frames|  (B is running)     | A's frames|  copied out when B
 *     |    ...    |                     +-----------+  was switched in
 *     | B's sp -> |
 *     |   free    |
 *     +-----------+  base (guard page below)
 *
 * The copy is lazy: the frames on the shared stack belong to the last task
 * that ran there (its owner), and are copied out only when a different task
 * is switched in.  So the kernel's trap handlers, which run on the kernel's
 * own stack, can still read and write a trapping task's stack data - and a
 * task that traps and is resumed with nobody else in between costs no copy.
 *
 * The price: a pointer into a task's stack is valid only for that task (the
 * same addresses hold another task's frames while it runs).  Tasks share
 * data through the heap, or through the kernel.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/compact.h"
#include "kernel/console.h"
#include "kernel/task.h"
#include <stdlib.h>
#include <string.h>
#if defined(MINIOS_SANITIZERS) && defined(HAVE_SANITIZER_COMMON_INTERFACE_DEFS_H)
#include <sanitizer/asan_interface.h>
#define UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#define NO_ASAN __attribute__((no_sanitize_address))
#else
#define UNPOISON(p, n) ((void)(p), (void)(n))
#define NO_ASAN
#endif

#ifdef MINIOS_CONTEXT_ASM
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#endif

static struct task *owner; /* whose frames are on the shared stack */

/* Stack bytes are copied as they are, redzones and all, so under
 * AddressSanitizer the copy must not be checked (and memcpy would be).
 * Saved stacks start at a saved stack pointer and end at the 16-aligned
 * top, so they are whole 8-byte words. */
#ifdef MINIOS_SANITIZERS
NO_ASAN static void copy_bytes(char *to, const char *from, size_t n)
{
	uint64_t *t = (uint64_t *)(void *)to;
	const uint64_t *f = (const uint64_t *)(const void *)from;
	for (size_t i = 0; i < n / 8; i++)
		t[i] = f[i];
}
#else
static void copy_bytes(char *to, const char *from, size_t n)
{
	memcpy(to, from, n);
}
#endif

/* Every task's frames end at the shared stack's top (t is for the reader). */
static char *stack_top(const struct task *t)
{
	(void)t;
	return (char *)stack_shared_one.base + stack_shared_one.size;
}

/* Copies the used part of the shared stack into o's buffer; false when no
 * memory could be had for it. */
static bool save(struct task *o)
{
	char *sp = o->ctx.sp;
	size_t used = (size_t)(stack_top(o) - sp);
	if (used > o->saved_cap) {
		void *buf = kmalloc(used);
		if (!buf)
			return false;
		if (!o->saved_inline)
			free(o->saved_stack);
		o->saved_stack = buf;
		o->saved_cap = (uint32_t)used;
		o->saved_inline = false;
	}
	copy_bytes(o->saved_stack, sp, used);
	o->saved_len = (uint32_t)used;
	return true;
}

void compact_switch_in(struct task *t, void (*start)(void))
{
	if (owner == t)
		return;
	if (owner && !save(owner)) {
		struct task *lost = owner;
		owner = NULL;
		kernel_printf(1, "minios: no memory to keep task %d's stack; killing it\n",
			      lost->tid);
		task_end(lost, TASK_STATUS_KILLED);
	}
	UNPOISON(stack_shared_one.base, stack_shared_one.size);
	if (t->fresh) {
		context_make(&t->ctx, stack_shared_one.base, stack_shared_one.size, start);
		t->fresh = false;
	} else {
		/* Memcheck holds the shared stack below the last stack pointer
		 * it saw there to be dead; these frames are alive again (the
		 * copy brings their definedness with it). */
		VALGRIND_MAKE_MEM_UNDEFINED(stack_top(t) - t->saved_len, t->saved_len);
		copy_bytes(stack_top(t) - t->saved_len, t->saved_stack, t->saved_len);
	}
	owner = t;
}

void compact_task_ended(struct task *t)
{
	if (owner == t)
		owner = NULL;
	if (!t->saved_inline)
		free(t->saved_stack);
	t->saved_stack = NULL;
}

void compact_reset(void)
{
	owner = NULL;
}

#else /* ucontext: kernel_init refuses compact mode, nothing here runs */
void compact_switch_in(struct task *t, void (*start)(void))
{
	(void)t;
	(void)start;
}
void compact_task_ended(struct task *t)
{
	(void)t;
}
void compact_reset(void)
{
}
#endif
