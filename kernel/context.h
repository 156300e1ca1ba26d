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
#include <stdint.h>

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

#if defined(MINIOS_CONTEXT_ASM) && defined(__x86_64__)
/*
 * Saves the current context in from, resumes to: the x86-64 switch, inline.
 *
 * No call and no ret: a `ret` into another stack never matches the CPU's
 * return-address predictor, and that misprediction cost two thirds of a
 * switch.  Instead the resume address is pushed and reached with an
 * indirect jmp, which the branch predictor learns.  The compiler is told
 * that every register the ABI lets a call clobber - and the callee-saved
 * ones too - is clobbered, so it keeps live values safe around the switch
 * itself, and only those.  rbp is pushed by hand (it may be the frame
 * pointer).  The control bits of MXCSR and the x87 control word are
 * callee-saved by the ABI: a task that changes its rounding mode must not
 * change the kernel's.  But loading them (ldmxcsr, fldcw) is slow on some
 * hosts - a hundred ns under some hypervisors - and almost always a no-op:
 * the side that resumes is given its own values only when they differ from
 * the ones in force, a compare that the branch predictor learns.  Only the
 * control bits are compared and kept: MXCSR's low six bits are sticky
 * exception flags, which the ABI leaves to the caller (a trap is a call),
 * and which soon differ between any two sides that do arithmetic - compared
 * too, they made every switch load.  Each side's word is read with loads of
 * the sizes stmxcsr and fnstcw stored (one 8-byte load of the two stores
 * stalls store forwarding) and saved as one 8-byte word, the form the
 * other side compares with.  context_mode_loads counts the loads, for the
 * tests.
 * The 128 bytes below rsp are the red zone a leaf function may be using:
 * the kernel is built with -mno-red-zone (configure defines
 * MINIOS_NO_RED_ZONE then), otherwise the switch steps over them - which
 * costs a compact-mode task 128 more bytes of saved stack.
 *
 * Frame on a stopped context's stack, from its saved sp up:
 *     sp+0   MXCSR's control bits (4 bytes), x87 control word (2 bytes),
 *            2 zero bytes
 *     sp+8   resume address
 *     sp+16  rbp
 */
/* Built for AVX-512, the compiler may keep values in xmm16-31 and k1-7
 * too, and the other side of a switch may change them. */
#ifdef __AVX512F__
#define AVX512_CLOBBERS                                                                            \
	"xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", "xmm25",  \
		"xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31", "k1", "k2", "k3", "k4",      \
		"k5", "k6", "k7",
#else
#define AVX512_CLOBBERS
#endif
#ifdef MINIOS_NO_RED_ZONE
#define RED_ZONE_SKIP ""
#define RED_ZONE_BACK ""
#else
#define RED_ZONE_SKIP "leaq -128(%%rsp), %%rsp\n\t"
#define RED_ZONE_BACK "leaq 128(%%rsp), %%rsp\n\t"
#endif
/* Switches that had to load the other side's MXCSR and x87 control word
 * (context_x86_64.c). */
extern unsigned long context_mode_loads;
/* Counts a load, on the slow path only.  Through the GOT: it needs no
 * register but rdi (free once the old stack pointer is stored), where a
 * memory operand may want one of its own for the address (PIC, sanitizer
 * builds) and every other is taken. */
#define CONTEXT_COUNT_LOAD                                                                         \
	"movq context_mode_loads@GOTPCREL(%%rip), %%rdi\n\t"                                       \
	"incq (%%rdi)\n"
/* The half both switches share: with this side's mode in rcx and its
 * resume address and rbp pushed above it, store the stack pointer, take
 * the other side's, load its mode only if it differs, and jump to where
 * it stopped. */
#define CONTEXT_SWAP_AND_RESUME                                                                    \
	"movq %%rsp, (%0)\n\t"                                                                     \
	"movq (%1), %%rsp\n\t"                                                                     \
	"cmpq (%%rsp), %%rcx\n\t"                                                                  \
	"je 2f\n\t"                                                                                \
	"ldmxcsr (%%rsp)\n\t"                                                                      \
	"fldcw 4(%%rsp)\n\t" CONTEXT_COUNT_LOAD "2:\n\t"                                           \
	"addq $8, %%rsp\n\t"                                                                       \
	"popq %%rax\n\t"                                                                           \
	"popq %%rbp\n\t"                                                                           \
	"jmpq *%%rax\n"                                                                            \
	"1:\n\t" RED_ZONE_BACK
static inline __attribute__((always_inline)) void context_switch(struct context *from,
								 struct context *to)
{
	__asm__ volatile(RED_ZONE_SKIP "pushq %%rbp\n\t"
				       "leaq 1f(%%rip), %%rax\n\t"
				       "pushq %%rax\n\t"
				       "subq $8, %%rsp\n\t"
				       "stmxcsr (%%rsp)\n\t"
				       "fnstcw 4(%%rsp)\n\t"
				       "movl (%%rsp), %%ecx\n\t"
				       "movzwl 4(%%rsp), %%eax\n\t"
				       "andl $0xffc0, %%ecx\n\t" /* not the flags */
				       "shlq $32, %%rax\n\t"
				       "orq %%rax, %%rcx\n\t"
				       "movq %%rcx, (%%rsp)\n\t" CONTEXT_SWAP_AND_RESUME
			 : "+D"(from), "+S"(to)
			 :
			 : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13",
			   "r14", "r15", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
			   "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
			   "xmm15", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)",
			   "st(7)", AVX512_CLOBBERS "memory", "cc");
}

/* The MXCSR control bits and x87 control word in force, as the switch
 * keeps them in a frame. */
static inline uint64_t context_mode_now(void)
{
	uint32_t mxcsr;
	uint16_t cw;
	__asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(mxcsr), "=m"(cw));
	return (uint64_t)cw << 32 | (mxcsr & 0xffc0);
}

/*
 * context_switch, for a side whose mode is known: `mode` is what
 * context_mode_now would read (the trap loop's own, which never changes
 * while it runs).  It is saved without reading the FPU, and compared
 * with the other side's.  The kernel's switch into a task: a trap reads
 * the mode once, on the task's side, not twice.
 */
static inline __attribute__((always_inline)) void
context_switch_known_mode(struct context *from, struct context *to, uint64_t mode)
{
	__asm__ volatile(RED_ZONE_SKIP "pushq %%rbp\n\t"
				       "leaq 1f(%%rip), %%rax\n\t"
				       "pushq %%rax\n\t"
				       "pushq %%rcx\n\t" CONTEXT_SWAP_AND_RESUME
			 : "+D"(from), "+S"(to), "+c"(mode)
			 :
			 : "rax", "rbx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
			   "r15", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
			   "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",
			   AVX512_CLOBBERS "memory", "cc");
}
#else
/* Saves the current context in from, resumes to. */
void context_switch(struct context *from, struct context *to);
static inline uint64_t context_mode_now(void)
{
	return 0;
}
/* The other implementations keep the whole context anyway. */
static inline void context_switch_known_mode(struct context *from, struct context *to,
					     uint64_t mode)
{
	(void)mode;
	context_switch(from, to);
}
#endif

#endif
