/*
 * fault.c - a task that faults is killed; the kernel goes on.
 *
 * SIGSEGV, SIGBUS, SIGFPE and SIGILL are caught on an alternate signal stack
 * (the faulting task's own stack may be the problem: it overflowed into its
 * guard page).  If a task was running, the handler records what happened
 * and switches straight to the kernel, which ends the task with
 * TASK_STATUS_FAULTED | code.  The handler never returns into the task, so
 * SA_NODEFER keeps the signal unblocked for the next fault.  A fault in the
 * kernel itself is a bug in minios: the default action (a core dump) stays.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/fault.h"
#include "kernel/sched.h"
#include "kernel/stack.h"
#include "kernel/task.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#define ALT_STACK_SIZE (64 * 1024)

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
#define NSIGNALS (sizeof fault_signals / sizeof fault_signals[0])
static struct sigaction saved[NSIGNALS];
static stack_t saved_stack;
static void *alt_stack;
static bool installed;

/* A frame larger than the guard page (a big local array, in code built
 * without stack-clash probes) moves the stack pointer past the guard
 * before its first access, which can land anywhere in the frame.  So a
 * fault is the task's stack overflow when its address is below the stack
 * by at most OVERFLOW_REACH (or the stack's size, if larger), or when the
 * stack pointer itself is below the stack by at most FRAME_REACH.
 * Further away, it is a wild pointer. */
#define OVERFLOW_REACH (1024 * 1024)
#define FRAME_REACH (64 * 1024 * 1024)

static uintptr_t interrupted_sp(const void *uctx)
{
	const ucontext_t *uc = uctx;
#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.sp;
#else
	(void)uc;
	return UINTPTR_MAX; /* unknown: the fault address alone decides */
#endif
}

static bool stack_overflowed(const struct stack *s, const void *addr, const void *uctx)
{
	uintptr_t a = (uintptr_t)addr, base = (uintptr_t)s->base;
	size_t reach = s->size > OVERFLOW_REACH ? s->size : OVERFLOW_REACH;
	if (!s->base)
		return false;
	if (stack_guard_hit(s, addr) || (a < base && base - a <= reach))
		return true;
	uintptr_t sp = interrupted_sp(uctx);
	return sp < base && base - sp <= FRAME_REACH;
}

static int fault_code(int sig, const siginfo_t *info, const void *uctx, const struct task *t)
{
	switch (sig) {
	case SIGSEGV:
		return stack_overflowed(task_stack(t), info->si_addr, uctx)
			       ? TASK_FAULT_STACK_OVERFLOW
			       : TASK_FAULT_SEGV;
	case SIGBUS:
		return TASK_FAULT_BUS;
	case SIGFPE:
		return TASK_FAULT_FPE;
	default:
		return TASK_FAULT_ILL;
	}
}

static void on_fault(int sig, siginfo_t *info, void *uctx)
{
	struct task *t = task_current();
	/* Only a fault in a task's own code is the task's.  One in the
	 * kernel - a handler included - is a bug in minios. */
	if (!t || !sched_in_task()) {
		for (size_t i = 0; i < NSIGNALS; i++)
			if (fault_signals[i] == sig)
				sigaction(sig, &saved[i], NULL);
		return; /* the instruction faults again, now with the old action */
	}
	sched_fault_current(fault_code(sig, info, uctx, t));
}

int fault_init(void)
{
	if (installed)
		return 0;
	alt_stack = kmalloc(ALT_STACK_SIZE);
	if (!alt_stack)
		return -ENOMEM;
	stack_t ss = {.ss_sp = alt_stack, .ss_size = ALT_STACK_SIZE, .ss_flags = 0};
	sigaltstack(&ss, &saved_stack);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSIGNALS; i++)
		sigaction(fault_signals[i], &sa, &saved[i]);
	installed = true;
	return 0;
}

void fault_fini(void)
{
	if (!installed)
		return;
	for (size_t i = 0; i < NSIGNALS; i++)
		sigaction(fault_signals[i], &saved[i], NULL);
	if (saved_stack.ss_sp || saved_stack.ss_flags & SS_DISABLE)
		sigaltstack(&saved_stack, NULL);
	else {
		stack_t off = {.ss_flags = SS_DISABLE};
		sigaltstack(&off, NULL);
	}
	free(alt_stack);
	alt_stack = NULL;
	installed = false;
}
