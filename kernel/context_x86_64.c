/*
 * context_x86_64.c - building the first frame of a new x86-64 context.
 *
 * context_switch (context.h) resumes a context by popping a control-word
 * slot, a resume address and rbp, then jumping to the address.  A new
 * context gets a frame of that shape whose resume address is start(), laid
 * out so that start() begins with the stack aligned as after a call
 * (rsp + 8 a multiple of 16).
 *
 *     top (16-aligned)
 *     top-8    0          where start()'s return address would be (x86-64's
 *                         sched_task_start puts its entry's there)
 *     top-16   0          rbp
 *     top-24   start      the resume address
 *     top-32   MXCSR 0x1f80, x87 CW 0x037f (the ABI's initial values)
 */
#include "config.h"
#include "kernel/context.h"
#include <stdint.h>

unsigned long context_mode_loads;

void context_make(struct context *ctx, void *base, size_t size, void (*start)(void))
{
	uintptr_t top = ((uintptr_t)base + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)top;

	*--sp = 0;
	*--sp = 0;
	*--sp = (uint64_t)(uintptr_t)start;
	*--sp = 0x037fULL << 32 | 0x1f80;
	ctx->sp = sp;
}
