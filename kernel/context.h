/*
 * context.h - switching the CPU between stacks.
 *
 * A context is what a stopped task needs to resume: its stack pointer (the
 * registers the ABI asks a callee to keep live are pushed on that stack).
 * context_switch saves the running context into *from and resumes *to; it
 * returns in `from` when someone later switches back to it.
 *
 * Two implementations, chosen by ./configure --with-context: hand-written
 * assembly per architecture (the default: a handful of instructions, no
 * system call), and ucontext (portable, but swapcontext makes an
 * rt_sigprocmask system call on every switch).
 */
#ifndef MINIOS_CONTEXT_H
#define MINIOS_CONTEXT_H

#include <stddef.h>

#ifdef MINIOS_CONTEXT_ASM
struct context {
	void *sp;
};
#else
#include <ucontext.h>
struct context {
	ucontext_t uc;
};
#endif

/* Prepares ctx so that switching to it runs start() on the stack
 * [base, base + size).  start must never return. */
void context_make(struct context *ctx, void *base, size_t size, void (*start)(void));

/* Saves the current context in from, resumes to. */
void context_switch(struct context *from, struct context *to);

#endif
