/*
 * stack.h - task stacks: mmap'ed, guarded, pooled.
 *
 *     high  +----------------------+  base + size
 *           |  usable stack        |  grows down; pages become resident
 *           |  (size bytes)        |  only when touched
 *     low   +----------------------+  base
 *           |  guard page          |  PROT_NONE: an overflow faults here
 *           +----------------------+  base - page
 *
 * Stacks of ended tasks go back to a pool and are handed out again, so a
 * spawn usually costs no system call.  The pool is bounded; beyond it,
 * stacks are unmapped.
 */
#ifndef MINIOS_STACK_H
#define MINIOS_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stack {
	void *base; /* lowest usable byte */
	uint32_t size;
	unsigned valgrind_id;
};

/* Sets the usable size (rounded up to whole pages) for stacks made from now
 * on, and empties the pool. */
void stack_set_size(size_t size);
size_t stack_size(void);

/* Gets a stack from the pool or maps a new one: 0, or -ENOMEM/-EAGAIN when
 * the host refuses the mapping (memory, or the map count limit). */
int stack_alloc(struct stack *s);

/* Maps a fresh stack of the current size, outside the pool. */
int stack_map(struct stack *s);

/* Compact mode: on, every stack_alloc hands out the one shared stack
 * (mapped here, with its guard page); off, it is unmapped. */
int stack_share(bool on);
const struct stack *stack_shared(void); /* NULL when not in compact mode */

/* Returns a stack to the pool (or unmaps it). */
void stack_free(struct stack *s);
/* s stays with its task for another one (the task pool): made ready for
 * reuse without going back to the stack pool. */
void stack_scrub(struct stack *s);

/* Unmaps every pooled stack. */
void stack_pool_drain(void);

/* True if addr lies in the guard page below s, or just beyond it (a frame
 * larger than a page can skip the guard). */
bool stack_guard_hit(const struct stack *s, const void *addr);

/* Number of stacks waiting in the pool (for tests and stats). */
size_t stack_pool_count(void);

#endif
