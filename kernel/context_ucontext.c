/*
 * context_ucontext.c - the portable context switch (--with-context=ucontext).
 *
 * Correct everywhere glibc runs, and slower: swapcontext saves and restores
 * the signal mask, which is a system call on each switch.
 */
#include "config.h"
#include "kernel/context.h"
#include <stdlib.h>

void context_make(struct context *ctx, void *base, size_t size, void (*start)(void))
{
	if (getcontext(&ctx->uc) != 0)
		abort();
	ctx->uc.uc_stack.ss_sp = base;
	ctx->uc.uc_stack.ss_size = size;
	ctx->uc.uc_link = NULL;
	makecontext(&ctx->uc, start, 0);
}

void context_switch(struct context *from, struct context *to)
{
	if (swapcontext(&from->uc, &to->uc) != 0)
		abort();
}
