/*
 * switch_x86_64.S - the task switch for x86-64 (System V ABI).
 *
 * void context_switch(struct context *from, struct context *to)
 *                     %rdi                  %rsi
 *
 * The callee-saved registers (rbx, rbp, r12-r15) are pushed on the current
 * stack, together with the control words of the SSE unit (MXCSR) and of the
 * x87 FPU, which the ABI also counts as callee-saved: a task that changes
 * its rounding mode must not change the kernel's.  Then the stack pointer
 * is stored in from->sp and the other side's is loaded and unwound the same
 * way.  No system call, no signal mask.
 *
 * Frame on a stopped task's stack (from its saved sp upwards):
 *     sp+0   MXCSR (4 bytes), x87 control word (2 bytes), padding
 *     sp+8   r15, r14, r13, r12, rbx, rbp
 *     sp+56  return address
 */
	.text
	.globl	context_switch
	.type	context_switch, @function
	.p2align 4
context_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)

	movq	(%rsi), %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	context_switch, .-context_switch

	.section .note.GNU-stack,"",@progbits
