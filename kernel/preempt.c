/*
 * preempt.c - the timer interrupt: preemption at safe points, and the
 * watchdog.
 *
 * Preemption.  A host timer on the process's CPU time ticks once a quantum
 * (SIGPROF).  A task that was already running at the previous tick, and
 * has not trapped since, has had a whole quantum: the tick preempts it -
 * but only at a safe point, when the interrupted instruction is in
 * minios's own code: the executable's text, libminios's when it is a
 * shared library, and the text of loaded programs (preempt_add_text).  Inside libc (malloc and
 * stdio hold locks and half-updated state), the loader, or the kernel
 * (which never runs with in_task set), the tick does nothing, and the next
 * tick that lands in the task's own code preempts it.  A task that traps
 * within its quantum is never preempted, so cooperative runs interleave
 * exactly as they would without the timer.
 *
 * How a tick preempts (the idea of Go's asynchronous preemption): the
 * handler does not switch stacks itself.  It edits the interrupted context
 * so that, when the handler returns, the task "calls" preempt_entry from
 * the instruction it was at.  preempt_entry (assembly below) saves every
 * register, the flags and the whole vector state (XSAVE), calls
 * preempt_trap() - an ordinary trap that the kernel treats as a Yield -
 * and when the task is resumed restores everything and returns to the
 * interrupted instruction.  The x86-64 ABI lets a leaf function use the 128
 * bytes below its stack pointer (the red zone), so the entry's frame
 * starts below them.  Elsewhere than x86-64 there is no entry: ticks only
 * count, and a task is preempted at its next trap.
 *
 * The watchdog.  What preemption cannot reach - a task blocked in a host
 * call (a read on a pipe), or computing inside libc for ages - a second
 * timer, on the monotonic clock, notices: a run of one task that has lasted
 * the watchdog's interval gets one line on stderr, and one more per
 * further interval.
 *
 * Both handlers only read kernel state and write one context; they take no
 * lock and call nothing that is not async-signal-safe.
 */
#include "config.h"
#include "kernel/preempt.h"
#include "kernel/counters.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#ifdef __x86_64__
#include <cpuid.h>
#endif
#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>
#else
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)0)
#endif

#define PREEMPT_SIGNAL SIGPROF
#define WATCHDOG_SIGNAL SIGALRM

static struct {
	bool on;
	int64_t quantum_ns;
	int64_t watchdog_ns;
	timer_t quantum_timer, watchdog_timer, retry_timer;
	bool have_quantum_timer, have_watchdog_timer, have_retry_timer;
	struct sigaction saved_quantum, saved_watchdog;
} preempt;

/* The run the last quantum tick saw (kernel_counters.switches counts
 * every switch into a task, so it names a run). */
static volatile uint64_t tick_run;
/* A tick that found no safe point tries again soon, on the monotonic
 * clock, sooner than the next CPU-time tick (whose granularity is the
 * host's scheduler tick): first after RETRY_FIRST_NS, then twice as long
 * each time, up to RETRY_MAX_NS or a quantum.  A task that spends most of
 * its time in libc is then still preempted soon after its quantum, and
 * one blocked in a host call costs a signal a millisecond. */
#define RETRY_FIRST_NS 50000
#define RETRY_MAX_NS 1000000
static volatile int64_t retry_ns;
/* The watchdog: the run it watches, since when, and how many lines it
 * has printed about it. */
static volatile uint64_t watch_run;
static volatile int64_t watch_since;
static volatile int watch_lines;

/* ---- own code: the text ranges a tick may preempt in ----
 * A fixed table the handler reads without a lock.  A slot is filled start
 * first and emptied end first, so that a tick between the two stores sees
 * an empty range, never a wrong one. */
#define PREEMPT_MAX_TEXT 64
static struct {
	volatile uintptr_t start, end;
} text_ranges[PREEMPT_MAX_TEXT];
static volatile int text_used; /* slots 0..text_used-1 may be in use */
static bool own_text_known;

int preempt_add_text(uintptr_t start, uintptr_t end)
{
	if (end <= start)
		return -EINVAL;
	for (int i = 0; i < PREEMPT_MAX_TEXT; i++) {
		if (text_ranges[i].end != 0)
			continue;
		text_ranges[i].start = start;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		text_ranges[i].end = end;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (i >= text_used)
			text_used = i + 1;
		return 0;
	}
	return -ENOSPC;
}

void preempt_remove_text(uintptr_t start)
{
	for (int i = 0; i < text_used; i++) {
		if (text_ranges[i].start == start && text_ranges[i].end != 0) {
			text_ranges[i].end = 0;
			__atomic_signal_fence(__ATOMIC_SEQ_CST);
			text_ranges[i].start = 0;
		}
	}
}

bool preempt_is_own_text(uintptr_t pc)
{
	int n = text_used;
	for (int i = 0; i < n; i++)
		if (pc >= text_ranges[i].start && pc < text_ranges[i].end)
			return true;
	return false;
}

/* dl_iterate_phdr: the executable segments of the program (the first
 * object) and of the object holding this file (libminios, when shared). */
static int add_own_object(struct dl_phdr_info *info, size_t size, void *data)
{
	int *index = data;
	bool first = (*index)++ == 0;
	uintptr_t here = (uintptr_t)preempt_add_text;
	bool mine = false;

	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < info->dlpi_phnum; i++) {
			const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
			if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
				continue;
			uintptr_t start = info->dlpi_addr + ph->p_vaddr;
			uintptr_t end = start + ph->p_memsz;
			if (pass == 0 && here >= start && here < end)
				mine = true;
			if (pass == 1 && (first || mine))
				preempt_add_text(start, end);
		}
	}
	return 0;
}

static void find_own_text(void)
{
	int index = 0;

	if (own_text_known)
		return;
	own_text_known = true;
	dl_iterate_phdr(add_own_object, &index);
}

/* ---- the x86-64 entry ---- */

#ifdef __x86_64__
/* Bytes XSAVE needs for every state component the OS enabled (0: use
 * FXSAVE's 512), rounded up to 64. */
/* Hidden: the entry reaches them rip-relative, which a shared libminios
 * allows only for symbols of its own. */
#define PREEMPT_HIDDEN __attribute__((visibility("hidden")))
PREEMPT_HIDDEN unsigned long preempt_xsave_size;
PREEMPT_HIDDEN void preempt_entry(void);
PREEMPT_HIDDEN void preempt_entry_end(void);
PREEMPT_HIDDEN void preempt_trap(void);

/*
 * On entry: rsp points at the interrupted rip, 128 bytes of red zone
 * above it, then the interrupted stack.  `ret $128` returns to the rip and
 * steps back over the red zone in one instruction.
 *
 * Frame, from the top:
 *     rflags, rax, rbx, rcx, rdx, rsi, rdi, rbp, r8-r15
 *     padding to 64 bytes
 *     the XSAVE (or FXSAVE) area
 * rbp keeps the address just below the pushed registers.
 */
__asm__(".text\n"
	".globl preempt_entry\n"
	".hidden preempt_entry\n"
	".type preempt_entry, @function\n"
	"preempt_entry:\n\t"
	"pushfq\n\t"
	"pushq %rax\n\t"
	"pushq %rbx\n\t"
	"pushq %rcx\n\t"
	"pushq %rdx\n\t"
	"pushq %rsi\n\t"
	"pushq %rdi\n\t"
	"pushq %rbp\n\t"
	"pushq %r8\n\t"
	"pushq %r9\n\t"
	"pushq %r10\n\t"
	"pushq %r11\n\t"
	"pushq %r12\n\t"
	"pushq %r13\n\t"
	"pushq %r14\n\t"
	"pushq %r15\n\t"
	"cld\n\t"
	"movq %rsp, %rbp\n\t"
	"movq preempt_xsave_size(%rip), %rbx\n\t"
	"testq %rbx, %rbx\n\t"
	"jz 1f\n\t"
	/* XSAVE: the area 64-aligned, its header zeroed (XRSTOR checks it) */
	"subq %rbx, %rsp\n\t"
	"andq $-64, %rsp\n\t"
	"xorl %eax, %eax\n\t"
	"movq %rax, 512(%rsp)\n\t"
	"movq %rax, 520(%rsp)\n\t"
	"movq %rax, 528(%rsp)\n\t"
	"movq %rax, 536(%rsp)\n\t"
	"movq %rax, 544(%rsp)\n\t"
	"movq %rax, 552(%rsp)\n\t"
	"movq %rax, 560(%rsp)\n\t"
	"movq %rax, 568(%rsp)\n\t"
	"movl $-1, %eax\n\t"
	"movl $-1, %edx\n\t"
	"xsave64 (%rsp)\n\t"
	"call preempt_trap\n\t"
	"movl $-1, %eax\n\t"
	"movl $-1, %edx\n\t"
	"xrstor64 (%rsp)\n\t"
	"jmp 2f\n"
	"1:\n\t"
	"subq $512, %rsp\n\t"
	"andq $-64, %rsp\n\t"
	"fxsave64 (%rsp)\n\t"
	"call preempt_trap\n\t"
	"fxrstor64 (%rsp)\n"
	"2:\n\t"
	"movq %rbp, %rsp\n\t"
	"popq %r15\n\t"
	"popq %r14\n\t"
	"popq %r13\n\t"
	"popq %r12\n\t"
	"popq %r11\n\t"
	"popq %r10\n\t"
	"popq %r9\n\t"
	"popq %r8\n\t"
	"popq %rbp\n\t"
	"popq %rdi\n\t"
	"popq %rsi\n\t"
	"popq %rdx\n\t"
	"popq %rcx\n\t"
	"popq %rbx\n\t"
	"popq %rax\n\t"
	"popfq\n\t"
	"ret $128\n"
	".globl preempt_entry_end\n"
	".hidden preempt_entry_end\n"
	"preempt_entry_end:\n\t"
	".size preempt_entry, preempt_entry_end - preempt_entry\n");

static void choose_vector_save(void)
{
	unsigned a, b, c, d;

	preempt_xsave_size = 0;
#ifdef HAVE_VALGRIND_VALGRIND_H
	if (RUNNING_ON_VALGRIND)
		return; /* valgrind's CPU has no XSAVE; FXSAVE covers its SSE */
#endif
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
		return;
	if (__get_cpuid_max(0, NULL) < 0xd)
		return;
	__cpuid_count(0xd, 0, a, b, c, d);
	if (b >= 576)
		preempt_xsave_size = (b + 63) & ~63ul;
}

/* Called by preempt_entry, on the task's stack, as if the task had called
 * it: trap with the "preempted" number.  The trap frame may hold a call
 * the task was just setting up, so it is kept aside and put back. */
void preempt_trap(void)
{
	struct task *t = task_current();
	struct trap_frame saved = t->frame;

	t->frame.nr = TRAP_PREEMPTED;
	task_trap();
	t->frame = saved;
}

/* A safe point: minios's own code, but not the entry itself. */
static bool safe_point(uintptr_t pc)
{
	if (pc >= (uintptr_t)preempt_entry && pc < (uintptr_t)preempt_entry_end)
		return false;
	return preempt_is_own_text(pc);
}

/* Makes the interrupted task call preempt_entry when the handler returns.
 * Not instrumented: the word below the red zone is the task's stack, which
 * the sanitizer may still have marked from frames long returned. */
__attribute__((no_sanitize_address)) static void redirect(ucontext_t *uc)
{
	greg_t *r = uc->uc_mcontext.gregs;
	uint64_t *sp = (uint64_t *)(r[REG_RSP] - 128 - 8);

	/* valgrind does not see a stack pointer that a handler moves: tell
	 * it that the entry's frame (registers and FXSAVE area, under it)
	 * is the task's stack now. */
	VALGRIND_MAKE_MEM_UNDEFINED((char *)sp - 1024, 1024 + 8);
	*sp = (uint64_t)r[REG_RIP];
	r[REG_RSP] = (greg_t)sp;
	r[REG_RIP] = (greg_t)preempt_entry;
}

static bool try_redirect(void *uctx)
{
	ucontext_t *uc = uctx;

	if (!safe_point((uintptr_t)uc->uc_mcontext.gregs[REG_RIP]))
		return false;
	redirect(uc);
	return true;
}
#else
static void choose_vector_save(void)
{
}
static bool try_redirect(void *uctx)
{
	(void)uctx;
	return false; /* no entry here: the task yields at its next trap */
}
#endif

/* ---- the quantum tick ---- */

static void retry_soon(void)
{
	int64_t ns = retry_ns ? retry_ns * 2 : RETRY_FIRST_NS;
	if (ns > RETRY_MAX_NS)
		ns = RETRY_MAX_NS;
	if (ns > preempt.quantum_ns)
		ns = preempt.quantum_ns;
	retry_ns = ns;
	struct itimerspec its = {.it_value = {ns / 1000000000, ns % 1000000000}};
	timer_settime(preempt.retry_timer, 0, &its, NULL);
}

/* SIGPROF, from the CPU-time timer (si_value 0) or a retry (1). */
static void on_quantum(int sig, siginfo_t *info, void *uctx)
{
	(void)sig;
	int saved_errno = errno;
	bool retry = info->si_code == SI_TIMER && info->si_value.sival_int == 1;
	uint64_t run = kernel_counters.switches;
	struct task *t = task_current();

	if (!sched_in_task() || !t) {
		tick_run = 0; /* the kernel was running: nobody's quantum */
		retry_ns = 0;
	} else if (run != tick_run) {
		/* This run began within the last quantum (or, for a retry,
		 * the run it was for is over). */
		if (!retry)
			tick_run = run;
		retry_ns = 0;
	} else if (t->no_preempt) {
		t->preempt_held = true; /* sys_preempt_enable yields */
	} else if (try_redirect(uctx)) {
		tick_run = 0;
		retry_ns = 0;
	} else {
		kernel_counters.preempt_missed++; /* not a safe point */
		if (preempt.have_retry_timer)
			retry_soon();
	}
	errno = saved_errno;
}

/* ---- the watchdog ---- */

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Appends the decimal digits of v to p; returns the new end. */
static char *put_uint(char *p, uint64_t v)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = digits[--n];
	return p;
}

static char *put_str(char *p, const char *s, size_t max)
{
	for (size_t i = 0; i < max && s[i]; i++)
		*p++ = s[i];
	return p;
}

/* "minios: watchdog: task 7 (bad) has not trapped for 2.0s", built by
 * hand: snprintf is not async-signal-safe. */
static void watchdog_say(const struct task *t, int64_t for_ns)
{
	char line[64 + MINIOS_NAME_MAX];
	char *p = line;
	int64_t tenths = for_ns / 100000000;

	p = put_str(p, "minios: watchdog: task ", 32);
	p = put_uint(p, (uint64_t)t->tid);
	p = put_str(p, " (", 2);
	p = put_str(p, t->name, MINIOS_NAME_MAX - 1);
	p = put_str(p, ") has not trapped for ", 32);
	p = put_uint(p, (uint64_t)(tenths / 10));
	*p++ = '.';
	p = put_uint(p, (uint64_t)(tenths % 10));
	p = put_str(p, "s\n", 2);
	ssize_t n = write(STDERR_FILENO, line, (size_t)(p - line));
	(void)n;
}

static void on_watchdog(int sig, siginfo_t *info, void *uctx)
{
	(void)sig;
	(void)info;
	(void)uctx;
	int saved_errno = errno;
	struct task *t = task_current();
	uint64_t run = kernel_counters.switches;
	int64_t now = monotonic_ns();

	if (!sched_in_task() || !t) {
		watch_run = 0;
	} else if (run != watch_run) {
		watch_run = run;
		watch_since = now;
		watch_lines = 0;
	} else if (now - watch_since >= (int64_t)(watch_lines + 1) * preempt.watchdog_ns) {
		/* Once per interval: the line says whole intervals, so that it
		 * reads the same on every run. */
		watch_lines++;
		kernel_counters.watchdog_lines++;
		watchdog_say(t, (int64_t)watch_lines * preempt.watchdog_ns);
	}
	errno = saved_errno;
}

/* ---- setting it up ---- */

/* Creates a timer that sends sig with value; arms it to tick every
 * period_ns (0: leaves it disarmed). */
static int arm(timer_t *timer, clockid_t clock, int sig, int value, int64_t period_ns)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = sig;
	ev.sigev_value.sival_int = value;
	if (timer_create(clock, &ev, timer) < 0)
		return -errno;
	if (period_ns == 0)
		return 0;
	struct itimerspec its = {
		.it_interval = {period_ns / 1000000000, period_ns % 1000000000},
		.it_value = {period_ns / 1000000000, period_ns % 1000000000},
	};
	if (timer_settime(*timer, 0, &its, NULL) < 0) {
		int err = -errno;
		timer_delete(*timer);
		return err;
	}
	return 0;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), struct sigaction *saved)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	/* The alternate stack: the handler's frame (with the whole vector
	 * state) must not land on a task's small stack.  SA_RESTART: a host
	 * read the tick interrupts goes on. */
	sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, PREEMPT_SIGNAL);
	sigaddset(&sa.sa_mask, WATCHDOG_SIGNAL);
	sigaction(sig, &sa, saved);
}

/* The watchdog looks this many times per interval. */
#define WATCHDOG_LOOKS 4

int preempt_init(int64_t quantum_ns, int64_t watchdog_ns)
{
	int err;

	memset(&preempt, 0, sizeof preempt);
	tick_run = watch_run = 0;
	retry_ns = 0;
	preempt.quantum_ns = quantum_ns;
	preempt.watchdog_ns = watchdog_ns;
	choose_vector_save();
	find_own_text();
	if (quantum_ns > 0) {
		install(PREEMPT_SIGNAL, on_quantum, &preempt.saved_quantum);
		err = arm(&preempt.quantum_timer, CLOCK_PROCESS_CPUTIME_ID, PREEMPT_SIGNAL, 0,
			  quantum_ns);
		if (err) {
			sigaction(PREEMPT_SIGNAL, &preempt.saved_quantum, NULL);
			return err;
		}
		preempt.have_quantum_timer = true;
		/* Without retries, ticks still work; they just miss more. */
		if (arm(&preempt.retry_timer, CLOCK_MONOTONIC, PREEMPT_SIGNAL, 1, 0) == 0)
			preempt.have_retry_timer = true;
	}
	if (watchdog_ns > 0) {
		install(WATCHDOG_SIGNAL, on_watchdog, &preempt.saved_watchdog);
		err = arm(&preempt.watchdog_timer, CLOCK_MONOTONIC, WATCHDOG_SIGNAL, 0,
			  watchdog_ns / WATCHDOG_LOOKS);
		if (err) {
			sigaction(WATCHDOG_SIGNAL, &preempt.saved_watchdog, NULL);
			preempt_fini();
			return err;
		}
		preempt.have_watchdog_timer = true;
	}
	preempt.on = true;
	return 0;
}

/* Stops a timer and gives its signal back.  A tick may already be
 * pending, and the old action of SIGPROF is to end the process: take it
 * first, with the signal blocked. */
static void disarm(timer_t timer, int sig, const struct sigaction *saved)
{
	sigset_t set, old;
	const struct timespec now = {0, 0};

	timer_delete(timer);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, &old);
	while (sigtimedwait(&set, NULL, &now) == sig)
		;
	sigaction(sig, saved, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void preempt_fini(void)
{
	if (preempt.have_retry_timer)
		timer_delete(preempt.retry_timer); /* its signal: disarm below */
	if (preempt.have_quantum_timer)
		disarm(preempt.quantum_timer, PREEMPT_SIGNAL, &preempt.saved_quantum);
	if (preempt.have_watchdog_timer)
		disarm(preempt.watchdog_timer, WATCHDOG_SIGNAL, &preempt.saved_watchdog);
	memset(&preempt, 0, sizeof preempt);
}

int64_t preempt_quantum(void)
{
	return preempt.quantum_ns;
}
