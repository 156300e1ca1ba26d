/*
 * context_x86_64.c - building the first frame of a new x86-64 context.
 *
 * context_switch (switch_x86_64.S) resumes a context by popping a control
 * word slot, six registers and a return address.  A new context gets a frame
 * of that shape whose return address is start(), laid out so that start()
 * begins with the stack aligned as after a call (rsp + 8 a multiple of 16).
 *
 *     top (16-aligned)
 *     top-8    0          fake return address of start(); never used
 *     top-16   start      popped by `ret`
 *     top-64   rbp..r15   zero
 *     top-72   MXCSR 0x1f80, x87 CW 0x037f (the ABI's initial values)
 */
#include "config.h"
#include "kernel/context.h"
#include <stdint.h>
#include <string.h>

void context_make(struct context *ctx, void *base, size_t size, void (*start)(void))
{
	uintptr_t top = ((uintptr_t)base + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)top;

	*--sp = 0;
	*--sp = (uint64_t)(uintptr_t)start;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	*--sp = 0x037fULL << 32 | 0x1f80;
	ctx->sp = sp;
}
