/*
 * calibrate.c - what this host charges for the three things a minios
 * switch and trap are made of, printed above every minios-bench result:
 *
 *   ldmxcsr_ns  one `ldmxcsr` (restoring MXCSR): ~1 ns on most hosts, but
 *               a hundred under some hypervisors - the reason the kernel's
 *               switch restores it only when it differs
 *   switch_ns   one bare stack-switch round trip: push the resume address
 *               and rbp, swap rsp, pop, jmp - there and back (the least a
 *               switch can cost: what W1's trap is measured against)
 *   syscall_ns  one trivial host system call, syscall(SYS_getppid), as the
 *               peers' calib program measures it
 *
 * Each figure is the fastest of a few short batches (a few ms in all), so
 * a neighbour's burst on the shared machine does not show.  The line does
 * not start with RESULT: run-peers.sh and run.sh read only RESULT lines.
 */
#include "config.h"
#include "bench/calibrate.h"
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#define BATCHES 5

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double syscall_batch(long n)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return (now_ns() - t0) / (double)n;
}

#if defined(__x86_64__)
static double ldmxcsr_batch(long n)
{
	uint32_t mxcsr;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	return (now_ns() - t0) / (double)n;
}

/* The bare switch: the kernel's (kernel/context.h) without MXCSR and the
 * x87 control word.  Every other register is declared clobbered (the
 * other side may change any), so the compiler saves the callee-saved ones
 * once, around the timing loop, not on each switch. */
static void *main_sp, *helper_sp;

static inline __attribute__((always_inline)) void bare_switch(void **from, void *to)
{
	__asm__ volatile("pushq %%rbp\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "movq %%rsp, (%0)\n\t"
			 "movq %1, %%rsp\n\t"
			 "popq %%rax\n\t"
			 "popq %%rbp\n\t"
			 "jmpq *%%rax\n"
			 "1:\n\t"
			 : "+D"(from), "+S"(to)
			 :
			 : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13",
			   "r14", "r15", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
			   "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
			   "xmm15", "memory", "cc");
}

/* The other side: switches straight back, for ever.  Entered by a jmp
 * with the stack as a call would leave it (rsp = 8 mod 16). */
static __attribute__((noreturn, used)) void helper(void)
{
	for (;;)
		bare_switch(&helper_sp, main_sp);
}

static double switch_batch(long n)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		bare_switch(&main_sp, helper_sp);
	return (now_ns() - t0) / (double)n;
}

/* A stack for helper, with its first frame: resume address, then rbp. */
#define HELPER_STACK (64 * 1024)
static char *helper_stack;

static int switch_setup(void)
{
	size_t size = HELPER_STACK;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stack == MAP_FAILED)
		return -1;
	void **top = (void **)(void *)(stack + size);
	top -= 3; /* after the two pops rsp is top - 8: 8 mod 16, as on entry */
	top[0] = (void *)helper;
	top[1] = NULL;
	top[2] = NULL;
	helper_sp = top;
	helper_stack = stack;
	return 0;
}
#endif

/* The fastest of BATCHES batches of n. */
static double best(double (*batch)(long), long n)
{
	double b = batch(n);
	for (int i = 1; i < BATCHES; i++) {
		double v = batch(n);
		if (v < b)
			b = v;
	}
	return b;
}

void calibrate_print(FILE *out)
{
	if (RUNNING_ON_VALGRIND) {
		fprintf(out,
			"CALIBRATION ldmxcsr_ns=na switch_ns=na syscall_ns=na (under valgrind)\n");
		fflush(out);
		return;
	}
	char ld[32] = "na", sw[32] = "na";
#if defined(__x86_64__)
	snprintf(ld, sizeof ld, "%.1f", best(ldmxcsr_batch, 20000));
	if (switch_setup() == 0) {
		snprintf(sw, sizeof sw, "%.1f", best(switch_batch, 20000));
		munmap(helper_stack, HELPER_STACK); /* helper is parked: never resumed */
	}
#endif
	fprintf(out, "CALIBRATION ldmxcsr_ns=%s switch_ns=%s syscall_ns=%.1f\n", ld, sw,
		best(syscall_batch, 2000));
	fflush(out);
}
