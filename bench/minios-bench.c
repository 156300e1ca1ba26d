/*
 * minios-bench.c - the workloads of issue 4 (W1-W5) on minios, for the
 * side-by-side table of ../shared/peers/run-peers.sh (shared/ sits beside
 * the tree).
 *
 *   minios-bench [OPTIONS] W1 N [TASKS]      N GetTid traps by one task, or
 *                                            (TASKS=2) two tasks ping-ponging
 *                                            with sys_yield, N yields each
 *   minios-bench [OPTIONS] W2 N [BATCH]      N tasks made with sys_newtask in
 *                                            batches, each yields once and
 *                                            ends; the parent WaitTasks each
 *   minios-bench [OPTIONS] W3 N              N tasks alive at once, each blocked
 *                                            in WaitTask on a gate task
 *   minios-bench [OPTIONS] W3huge            W3 with 10,000,000 tasks
 *   minios-bench [OPTIONS] W4 THREADS SWITCHES   Mertz's weightless threads
 *   minios-bench [OPTIONS] W5 PORT LIFE_SECS     the userland echo server on
 *                                            127.0.0.1:PORT for LIFE_SECS s
 *   minios-bench [OPTIONS] W6 pp N           N one-byte round trips between
 *                                            two tasks over two pipes
 *   minios-bench [OPTIONS] W6 tp MIB         MIB MiB through source, two
 *                                            relays and a sink, 64 KiB blocks
 *
 * Options: --stack-mode=private|compact, --stack-size=BYTES, --quantum,
 * --sched=POLICY (a scheduling policy as for minios --sched; default fifo),
 * --trace-file=FILE and --timeline=FILE (what tracing costs).  Without
 * --stack-mode a workload asks for the mode that can hold its task count:
 * private up to AUTO_COMPACT_ABOVE tasks, compact above.  If the kernel
 * refuses compact (-ENOTSUP: not implemented yet), it falls back to private
 * stacks of FALLBACK_STACK bytes and says so on stderr.
 *
 * Each run prints two lines on stdout: the host's calibration (calibrate.c)
 *   CALIBRATION ldmxcsr_ns=... switch_ns=... syscall_ns=...
 * and then one line in the peers' format:
 *   RESULT peer=minios w=W1 tasks=1 n=... secs=... ns_per_op=...
 * followed by a few minios-only keys (stack mode and size, and failed=1 with
 * a reason when the run could not be done).  Task console output goes to
 * stderr so that stdout holds these two lines alone.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <minios.h>
#include <minios_boot.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench/calibrate.h"
#include "userland/programs.h"
#include "userland/ulib.h"

#define AUTO_COMPACT_ABOVE 20000L
#define FALLBACK_STACK (16u * 1024u)
#define W3_HUGE 10000000L /* W3huge, or W3 huge: issue 13's 10 million */

/* ---- options and the common frame of a run ---- */

static enum kernel_stack_mode opt_mode;
static int opt_mode_given;
static size_t opt_stack_size;       /* 0: the kernel's default */
static int64_t opt_quantum_ns = -1; /* -1: the kernel's default */

/* What the kernel was really started with, for the RESULT line. */
static const char *mode_used = "private";
static size_t stack_used;
static int64_t quantum_used;
static const char *opt_trace_file; /* --trace-file: trace every call */
static const char *opt_timeline;   /* --timeline: record one */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU time this thread - the kernel and every task - has used: on
 * a loaded machine, what a run costs, where the wall clock also counts
 * other programs' turns. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: minios-bench [--stack-mode=private|compact] [--stack-size=BYTES]\n"
		"                    [--quantum=DURATION] [--sched=POLICY] [--trace-file=FILE]\n"
		"                    [--timeline=FILE.json|FILE.svg] WORKLOAD ARGS\n"
		"  --quantum=DURATION        the timer interrupt's quantum (10ms; 0: off)\n"
		"  --sched=POLICY            the scheduling policy, as minios --sched (fifo)\n"
		"  --trace-file, --timeline  run with the trace / a timeline on (their cost)\n"
		"  W1 N [TASKS=1|2]          GetTid round trips (1 task) / yield ping-pong (2)\n"
		"  W2 N [BATCH=1000]         spawn+exit, reaped with WaitTask per batch\n"
		"  W3 N                      N idle tasks blocked in WaitTask on a gate\n"
		"  W3huge                    W3 with 10,000,000 tasks (about 3 GB)\n"
		"  W4 THREADS SWITCHES [equal|mixed]  Mertz's weightless threads; mixed:\n"
		"                            thread i holds 50 + i %% 101 lottery tickets\n"
		"  W5 PORT LIFE_SECS         userland echo server on 127.0.0.1:PORT\n"
		"  W6 pp N | W6 tp MIB       pipes: round trips, 4-stage pipeline throughput\n");
	exit(2);
}

static long parse_long(const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "minios-bench: bad number '%s' (%ld to %ld)\n", s, lo, hi);
		exit(2);
	}
	return v;
}

/* Console lines of the tasks (the echo server's "Connection from ...") go
 * to stderr: stdout is for the RESULT line. */
static void sink_stderr(int err, const char *line, size_t len)
{
	(void)err;
	while (len > 0) {
		ssize_t n = write(2, line, len);
		if (n <= 0)
			return;
		line += n;
		len -= (size_t)n;
	}
}

/* Boots the kernel for a run of `tasks` tasks at once.  Returns 0 or a
 * negative errno (after saying why on stderr). */
static const char *opt_sched; /* --sched=NAME[:OPTIONS]; NULL: fifo */

static int boot(long tasks)
{
	/* First, before the kernel arms its timer: the host's costs, as the
	 * first line of the output (calibrate.c). */
	calibrate_print(stdout);
	struct kernel_config c;
	kernel_config_defaults(&c);
	/* A timeline's stretches on the CPU are the tasks' CPU time. */
	c.account_cpu = opt_timeline != NULL;
	c.announce_exits = 0;
	c.console = sink_stderr;
	c.stack_mode = opt_mode_given ? opt_mode
				      : (tasks > AUTO_COMPACT_ABOVE ? KERNEL_STACK_COMPACT
								    : KERNEL_STACK_PRIVATE);
	c.stack_size = opt_stack_size;
	c.sched = opt_sched;
	if (opt_quantum_ns >= 0)
		c.quantum_ns = opt_quantum_ns;
	quantum_used = c.quantum_ns;
	int r = kernel_init(&c);
	if (r == -ENOTSUP && c.stack_mode == KERNEL_STACK_COMPACT) {
		c.stack_mode = KERNEL_STACK_PRIVATE;
		if (!opt_stack_size)
			c.stack_size = FALLBACK_STACK;
		fprintf(stderr,
			"minios-bench: note: compact stacks are not implemented (kernel_init: %s); "
			"using private stacks of %zu bytes\n",
			strerror(-r), c.stack_size);
		r = kernel_init(&c);
	}
	if (r < 0) {
		fprintf(stderr, "minios-bench: kernel_init: %s\n", strerror(-r));
		return r;
	}
	char why[512];
	if (opt_trace_file && (r = kernel_trace_start("", opt_trace_file, why, sizeof why)) < 0) {
		fprintf(stderr, "minios-bench: --trace-file: %s\n", why);
		kernel_shutdown();
		return r;
	}
	if (opt_timeline && (r = kernel_timeline_start(opt_timeline, why, sizeof why)) < 0) {
		fprintf(stderr, "minios-bench: --timeline: %s\n", why);
		kernel_shutdown();
		return r;
	}
	mode_used = c.stack_mode == KERNEL_STACK_COMPACT ? "compact" : "private";
	stack_used = c.stack_size ? c.stack_size : KERNEL_DEFAULT_STACK_SIZE;
	return 0;
}

/* The minios-only tail of every RESULT line. */
static void result_tail(void)
{
	printf(" stack_mode=%s stack_bytes=%zu quantum_ns=%" PRId64 "\n", mode_used, stack_used,
	       quantum_used);
	fflush(stdout);
}

/* Runs the kernel to the end; 0, or a negative errno (and the report). */
static int run_kernel(void)
{
	char *report = NULL;
	int r = kernel_run(&report);
	if (r < 0) {
		fprintf(stderr, "minios-bench: kernel_run: %s\n%s", strerror(-r),
			report ? report : "");
		free(report);
	}
	return r;
}

/* ---- W1: trap / yield round trips ---- */

static long w1_n;

static int w1_gettid(void *arg)
{
	(void)arg;
	for (long i = 0; i < w1_n; i++)
		sys_gettid();
	return 0;
}

static int w1_yield(void *arg)
{
	(void)arg;
	for (long i = 0; i < w1_n; i++)
		sys_yield();
	return 0;
}

static int bench_w1(int argc, char **argv)
{
	if (argc < 1 || argc > 2)
		usage();
	w1_n = parse_long(argv[0], 1, 1L << 40);
	long tasks = argc > 1 ? parse_long(argv[1], 1, 2) : 1;
	if (boot(tasks) < 0)
		return 1;
	for (long i = 0; i < tasks; i++) {
		int tid = kernel_spawn("w1", tasks == 1 ? w1_gettid : w1_yield, NULL, 0);
		if (tid < 0) {
			fprintf(stderr, "minios-bench: kernel_spawn: %s\n", strerror(-tid));
			return 1;
		}
	}
	double t0 = now_s();
	int r = run_kernel();
	double el = now_s() - t0;
	kernel_shutdown();
	if (r < 0)
		return 1;
	printf("RESULT peer=minios w=W1 tasks=%ld n=%ld secs=%.6f ns_per_op=%.2f", tasks, w1_n, el,
	       el * 1e9 / ((double)w1_n * (double)tasks));
	result_tail();
	return 0;
}

/* ---- W2: spawn + exit ---- */

static long w2_n, w2_batch, w2_finished, w2_failed;
static double w2_secs;

static int w2_child(void *arg)
{
	(void)arg;
	sys_yield();
	w2_finished++;
	return 0;
}

static int w2_parent(void *arg)
{
	(void)arg;
	int *tids = malloc((size_t)w2_batch * sizeof *tids);
	if (!tids) {
		w2_failed = -ENOMEM;
		return 1;
	}
	double t0 = now_s();
	for (long done = 0; done < w2_n;) {
		long m = w2_n - done < w2_batch ? w2_n - done : w2_batch;
		for (long i = 0; i < m; i++) {
			tids[i] = sys_newtask("c", w2_child, NULL);
			if (tids[i] < 0) {
				w2_failed = tids[i];
				m = i;
				break;
			}
		}
		for (long i = 0; i < m; i++)
			sys_waittask(tids[i], NULL);
		done += m;
		if (w2_failed)
			break;
	}
	w2_secs = now_s() - t0;
	free(tids);
	return 0;
}

static int bench_w2(int argc, char **argv)
{
	if (argc < 1 || argc > 2)
		usage();
	w2_n = parse_long(argv[0], 1, 1L << 40);
	w2_batch = argc > 1 ? parse_long(argv[1], 1, 10000000) : 1000;
	if (boot(w2_batch + 1) < 0)
		return 1;
	if (kernel_spawn("w2 parent", w2_parent, NULL, 0) < 0)
		return 1;
	int r = run_kernel();
	kernel_shutdown();
	if (r < 0)
		return 1;
	printf("RESULT peer=minios w=W2 n=%ld secs=%.6f ns_per_op=%.2f", w2_n, w2_secs,
	       w2_secs * 1e9 / (double)w2_n);
	if (w2_failed || w2_finished != w2_n)
		printf(" failed=1 finished=%ld error=%s", w2_finished,
		       w2_failed ? strerror((int)-w2_failed) : "count");
	result_tail();
	return w2_failed || w2_finished != w2_n;
}

/* ---- W3: many idle tasks ---- */

static long w3_n, w3_started, w3_finished;
static double w3_t0, w3_secs;

static int w3_gate(void *arg)
{
	(void)arg;
	while (w3_started < w3_n)
		sys_yield();
	w3_secs = now_s() - w3_t0;
	return 0; /* ending wakes every waiter */
}

static int w3_idle(void *arg)
{
	int gate = (int)(intptr_t)arg;
	w3_started++;
	sys_waittask(gate, NULL); /* blocked until the gate ends */
	w3_finished++;
	return 0;
}

/* The resident memory of the process now, in KiB (0 if unknown). */
static long rss_now_kb(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

static int bench_w3(int argc, char **argv)
{
	if (argc != 1)
		usage();
	/* W3huge: the 10,000,000-task case of issue 13, by name. */
	w3_n = strcmp(argv[0], "huge") == 0 ? W3_HUGE : parse_long(argv[0], 1, 100000000);
	if (boot(w3_n + 1) < 0)
		return 1;
	long rss0 = rss_now_kb();
	w3_t0 = now_s();
	int gate = kernel_spawn("gate", w3_gate, NULL, 0);
	int err = gate < 0 ? gate : 0;
	long made = 0;
	for (; !err && made < w3_n; made++) {
		int tid = kernel_spawn("idle", w3_idle, (void *)(intptr_t)gate, 0);
		if (tid < 0)
			err = tid;
	}
	if (err) {
		/* Let the ones we have run to the end, then say how far we got. */
		w3_n = made;
		fprintf(stderr, "minios-bench: W3: kernel_spawn failed after %ld tasks: %s\n", made,
			strerror(-err));
	}
	int r = run_kernel();
	kernel_shutdown();
	if (r < 0 && !err)
		err = r;
	if (err) {
		printf("RESULT peer=minios w=W3 n=%s failed=1 created=%ld error=%s", argv[0], made,
		       strerror(-err));
		result_tail();
		return 1;
	}
	/* Bytes per task from inside: the peak, less what the process held
	 * before the first task (the peers' table takes RSS(N) - RSS(1) from
	 * /usr/bin/time instead; the two agree within a few bytes). */
	long peak = peak_rss_kb();
	printf("RESULT peer=minios w=W3 n=%ld create_secs=%.6f peak_rss_kb=%ld bytes_per_task=%.0f",
	       w3_n, w3_secs, peak, (double)(peak - rss0) * 1024.0 / (double)w3_n);
	if (w3_started != w3_n || w3_finished != w3_n)
		printf(" failed=1 started=%ld finished=%ld", w3_started, w3_finished);
	result_tail();
	return w3_started != w3_n || w3_finished != w3_n;
}

/* ---- W4: Mertz's weightless threads ---- */

static long w4_threads, w4_turns, w4_switches;
static int w4_mixed; /* the threads hold different lottery tickets */
static volatile int w4_quit;
static double w4_end, w4_cpu_end;

static int w4_null_thread(void *arg)
{
	if (arg) /* its tickets, on its first turn */
		sys_settickets(0, (int)(intptr_t)arg);
	while (!w4_quit) {
		w4_switches++;
		sys_yield();
	}
	return 0;
}

static int w4_quitter(void *arg)
{
	(void)arg;
	for (long i = 0; i < w4_turns; i++) {
		w4_switches++;
		sys_yield();
	}
	w4_end = now_s();
	w4_cpu_end = cpu_s();
	w4_quit = 1; /* every thread sees it on its next turn and ends */
	return 0;
}

static int bench_w4(int argc, char **argv)
{
	if (argc != 2 && argc != 3)
		usage();
	if (argc == 3 && strcmp(argv[2], "mixed") != 0 && strcmp(argv[2], "equal") != 0) {
		fprintf(stderr, "minios-bench: W4: tickets '%s': valid are equal, mixed\n",
			argv[2]);
		exit(2);
	}
	w4_mixed = argc == 3 && strcmp(argv[2], "mixed") == 0;
	w4_threads = parse_long(argv[0], 1, 100000000);
	long total = parse_long(argv[1], 1, 1L << 40);
	w4_turns = total / w4_threads;
	if (boot(w4_threads + 1) < 0)
		return 1;
	double c0 = now_s();
	int err = 0;
	long made = 0;
	for (; !err && made < w4_threads; made++) {
		void *tickets = w4_mixed ? (void *)(intptr_t)(50 + made % 101) : NULL;
		int tid = kernel_spawn("null", w4_null_thread, tickets, 0);
		if (tid < 0)
			err = tid;
	}
	if (!err) {
		int tid = kernel_spawn("quitter", w4_quitter, NULL, 0);
		if (tid < 0)
			err = tid;
	}
	if (err) {
		fprintf(stderr, "minios-bench: W4: kernel_spawn failed after %ld tasks: %s\n", made,
			strerror(-err));
		w4_quit = 1;
	}
	double t0 = now_s(), cpu0 = cpu_s();
	int r = run_kernel();
	kernel_shutdown();
	if (r < 0 && !err)
		err = r;
	if (err) {
		printf("RESULT peer=minios w=W4 threads=%ld failed=1 created=%ld error=%s",
		       w4_threads, made, strerror(-err));
		result_tail();
		return 1;
	}
	printf("RESULT peer=minios w=W4 threads=%ld switches=%ld secs=%.6f create_secs=%.6f "
	       "cpu_secs=%.6f",
	       w4_threads, w4_switches, w4_end - t0, t0 - c0, w4_cpu_end - cpu0);
	if (w4_mixed)
		printf(" tickets=mixed");
	result_tail();
	return 0;
}

/* ---- W5: the userland echo server ---- */

static long w5_port, w5_life;
static int w5_echo_tid, w5_echo_status = -1;
static volatile int w5_stopping;

/* Closes (through the kernel, so that their owners let go of them) every
 * socket of this process bound to the server's port: the listening socket
 * first, then the connections.  The fds are all collected before the first
 * close (a trap), so no other task runs while the directory is open. */
static void w5_close_port_sockets(void)
{
	int fds[8192], n = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de = NULL;
	for (int fd = 0; n < 8192 && (d ? (de = readdir(d)) != NULL : fd < 8192); fd++) {
		int f = d ? atoi(de->d_name) : fd;
		if (d && (de->d_name[0] < '0' || de->d_name[0] > '9' || f == dirfd(d)))
			continue;
		struct sockaddr_in sa;
		socklen_t len = sizeof sa;
		if (getsockname(f, (struct sockaddr *)&sa, &len) != 0 || sa.sin_family != AF_INET ||
		    ntohs(sa.sin_port) != w5_port)
			continue;
		int listening = 0;
		socklen_t ilen = sizeof listening;
		getsockopt(f, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ilen);
		if (listening && n > 0) { /* the listening socket goes first */
			fds[n++] = fds[0];
			fds[0] = f;
		} else {
			fds[n++] = f;
		}
	}
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++)
		sys_close(fds[i]);
}

/* Task 2: sleeps for the server's life, then stops the server and its
 * client tasks and ends, so that the process exits by itself.
 *
 * It does not simply kill them: task_end() loops forever on a task that
 * still owns an fd (io_close() looks the owner up by tid, but task_end()
 * has already taken the task out of the table, so the fd is never
 * disowned).  So it first closes the server's sockets through sys_close
 * (their owners are alive then, and let go of them): the server's accept
 * fails and it ends, each client's read fails and it ends.  Whatever is
 * left after a second (owning no socket now) is killed. */
static int w5_reaper(void *arg)
{
	(void)arg;
	sys_sleep((int64_t)w5_life * 1000000000);
	w5_stopping = 1;
	int me = sys_gettid();
	w5_close_port_sockets();
	int64_t give_up = sys_clock_now() + 1000000000;
	struct task_info *all = malloc(1024 * sizeof *all);
	if (!all)
		return 1;
	for (;;) {
		int n = sys_tasklist(all, 1024);
		int others = 0, killed = 0;
		for (int i = 0; i < n && i < 1024; i++) {
			if (all[i].tid == me || all[i].tid == 1)
				continue;
			others++;
			if (sys_clock_now() >= give_up && sys_killtask(all[i].tid) == 0)
				killed++;
		}
		if (others == 0 || (sys_clock_now() >= give_up && killed == 0))
			break;
		sys_sleep(1000000); /* let them run to their ends */
	}
	free(all);
	return 0;
}

/* Task 1: starts the echo program and the reaper, and waits for the
 * server (killed by the reaper, or ended early on an error). */
static int w5_init(void *arg)
{
	(void)arg;
	const struct program *echo = program_find("echo");
	if (!echo) {
		fprintf(stderr, "minios-bench: no echo program\n");
		return 1;
	}
	char port[32];
	snprintf(port, sizeof port, "%ld", w5_port);
	char *argv[] = {(char *)"echo", port, NULL};
	int reaper = sys_newtask("w5 reaper", w5_reaper, NULL);
	if (reaper < 0)
		return 1;
	w5_echo_tid = program_spawn(echo, 2, argv);
	if (w5_echo_tid < 0) {
		sys_killtask(reaper);
		return 1;
	}
	int status = 0;
	sys_waittask(w5_echo_tid, &status);
	w5_echo_status = status;
	if (!w5_stopping)
		sys_killtask(reaper); /* it failed early: no point in waiting */
	return 0;
}

static int bench_w5(int argc, char **argv)
{
	if (argc != 2)
		usage();
	w5_port = parse_long(argv[0], 1, 65535);
	w5_life = parse_long(argv[1], 0, 1000000);
	if (boot(1000) < 0)
		return 1;
	if (kernel_spawn("w5 init", w5_init, NULL, 0) != 1) {
		fprintf(stderr, "minios-bench: W5: init is not task 1\n");
		return 1;
	}
	double t0 = now_s();
	int r = run_kernel();
	double el = now_s() - t0;
	kernel_shutdown();
	int ok = r == 0 && w5_stopping && w5_echo_status >= 0;
	char st[64];
	printf("RESULT peer=minios w=W5 port=%ld life_secs=%ld secs=%.3f", w5_port, w5_life, el);
	if (!ok)
		printf(" failed=1 server=%s",
		       w5_echo_status < 0 ? "not-started"
					  : task_status_text(w5_echo_status, st, sizeof st));
	result_tail();
	return !ok;
}

/* ---- W6: pipes ---- */

#define W6_BLOCK (64 * 1024)

static long w6_n;
static int w6_a[2], w6_b[2]; /* pp: ping -> pong, pong -> ping */
static int w6_pipe[3][2];    /* tp: source -> relay -> relay -> sink */
static long w6_total, w6_got;
static int w6_failed;
static const char *w6_error = "";

static void w6_fail(const char *why)
{
	w6_failed = 1;
	w6_error = why;
}

static int w6_ping(void *arg)
{
	(void)arg;
	char c = 'x';
	for (long i = 0; i < w6_n; i++)
		if (u_write_all(w6_a[1], &c, 1) != 1 || u_read(w6_b[0], &c, 1) != 1) {
			w6_fail("ping");
			break;
		}
	sys_close(w6_a[1]);
	return 0;
}

static int w6_pong(void *arg)
{
	(void)arg;
	char c;
	while (u_read(w6_a[0], &c, 1) == 1)
		if (u_write_all(w6_b[1], &c, 1) != 1) {
			w6_fail("pong");
			break;
		}
	return 0;
}

/* The bytes are a 64 KiB pattern over and over: the sink compares what
 * it gets with the pattern at the same offset. */
static unsigned char w6_pattern[W6_BLOCK];

static int w6_source(void *arg)
{
	(void)arg;
	for (long sent = 0; sent < w6_total; sent += W6_BLOCK)
		if (u_write_all(w6_pipe[0][1], w6_pattern, W6_BLOCK) != W6_BLOCK) {
			w6_fail("source");
			break;
		}
	sys_close(w6_pipe[0][1]);
	return 0;
}

static int w6_relay(void *arg)
{
	int stage = (int)(intptr_t)arg;
	char *buf = malloc(W6_BLOCK);
	ssize_t n;
	while (buf && (n = u_read(w6_pipe[stage - 1][0], buf, W6_BLOCK)) > 0)
		if (u_write_all(w6_pipe[stage][1], buf, (size_t)n) != n) {
			w6_fail("relay");
			break;
		}
	free(buf);
	sys_close(w6_pipe[stage][1]);
	return 0;
}

static int w6_sink(void *arg)
{
	(void)arg;
	unsigned char *buf = malloc(W6_BLOCK);
	ssize_t n;
	while (buf && (n = u_read(w6_pipe[2][0], buf, W6_BLOCK)) > 0) {
		size_t done = 0;
		while (done < (size_t)n) {
			size_t at = (size_t)(w6_got % W6_BLOCK), len = (size_t)n - done;
			if (len > W6_BLOCK - at)
				len = W6_BLOCK - at;
			if (memcmp(buf + done, w6_pattern + at, len) != 0)
				w6_fail("corrupt");
			done += len;
			w6_got += (long)len;
		}
	}
	free(buf);
	return 0;
}

/* The first task makes the pipes (Pipe: minios's own, in the kernel),
 * starts the others, each owning the write end it closes when done, and
 * waits for them; the other ends go with it. */
static int w6_make_pipe(int p[2])
{
	int r = sys_pipe(p);
	if (r < 0) {
		fprintf(stderr, "minios-bench: Pipe: %s\n", strerror(-r));
		w6_fail("pipe");
	}
	return r;
}

static int w6_main(void *arg)
{
	int pp = arg != NULL, tids[4], n = 0;
	if (pp) {
		if (w6_make_pipe(w6_a) < 0 || w6_make_pipe(w6_b) < 0)
			return 1;
		tids[n++] = sys_spawn_fds("w6 ping", w6_ping, NULL, 0, &w6_a[1], 1);
		tids[n++] = sys_newtask("w6 pong", w6_pong, NULL);
	} else {
		for (int i = 0; i < 3; i++)
			if (w6_make_pipe(w6_pipe[i]) < 0)
				return 1;
		tids[n++] = sys_spawn_fds("w6 source", w6_source, NULL, 0, &w6_pipe[0][1], 1);
		for (intptr_t stage = 1; stage <= 2; stage++)
			tids[n++] = sys_spawn_fds("w6 relay", w6_relay, (void *)stage, 0,
						  &w6_pipe[stage][1], 1);
		tids[n++] = sys_newtask("w6 sink", w6_sink, NULL);
	}
	for (int i = 0; i < n; i++)
		if (tids[i] < 0 || sys_waittask(tids[i], NULL) < 0)
			w6_fail("spawn");
	return 0;
}

static int bench_w6(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[0], "pp") != 0 && strcmp(argv[0], "tp") != 0))
		usage();
	int pp = strcmp(argv[0], "pp") == 0;
	long n = parse_long(argv[1], 1, pp ? 1L << 40 : 1L << 20);
	signal(SIGPIPE, SIG_IGN);
	if (boot(4) < 0)
		return 1;
	if (pp) {
		w6_n = n;
		kernel_spawn("w6 main", w6_main, (void *)1, 0);
	} else {
		w6_total = n * 1024 * 1024;
		for (int i = 0; i < W6_BLOCK; i++)
			w6_pattern[i] = (unsigned char)(i * 7 + i / 256);
		kernel_spawn("w6 main", w6_main, NULL, 0);
	}
	double t0 = now_s();
	int r = run_kernel();
	double el = now_s() - t0;
	kernel_shutdown();
	if (pp) {
		printf("RESULT peer=minios w=W6pp n=%ld secs=%.6f ns_per_op=%.2f", n, el,
		       el * 1e9 / (double)n);
	} else {
		if (!w6_failed && w6_got != w6_total)
			w6_fail("short");
		printf("RESULT peer=minios w=W6tp bytes=%ld secs=%.6f mib_per_s=%.1f", w6_got, el,
		       (double)w6_got / 1048576.0 / el);
	}
	if (r < 0 || w6_failed)
		printf(" failed=1 error=%s", r < 0 ? "kernel" : w6_error);
	result_tail();
	return r < 0 || w6_failed;
}

/* ---- main ---- */

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (strcmp(a, "--stack-mode=private") == 0) {
			opt_mode = KERNEL_STACK_PRIVATE;
			opt_mode_given = 1;
		} else if (strcmp(a, "--stack-mode=compact") == 0) {
			opt_mode = KERNEL_STACK_COMPACT;
			opt_mode_given = 1;
		} else if (strncmp(a, "--stack-size=", 13) == 0) {
			opt_stack_size = (size_t)parse_long(a + 13, KERNEL_MIN_STACK_SIZE,
							    KERNEL_MAX_STACK_SIZE);
		} else if (strncmp(a, "--sched=", 8) == 0) {
			char why[300];
			opt_sched = a + 8;
			if (kernel_sched_check(opt_sched, why, sizeof why) != 0) {
				fprintf(stderr, "minios-bench: --sched: %s\n", why);
				return 2;
			}
		} else if (strncmp(a, "--quantum=", 10) == 0) {
			if (u_parse_duration(a + 10, &opt_quantum_ns) < 0 ||
			    (opt_quantum_ns > 0 && opt_quantum_ns < KERNEL_MIN_QUANTUM_NS)) {
				fprintf(stderr, "minios-bench: bad quantum '%s' (0, or 100us up)\n",
					a + 10);
				exit(2);
			}
		} else if (strncmp(a, "--trace-file=", 13) == 0) {
			opt_trace_file = a + 13;
		} else if (strncmp(a, "--timeline=", 11) == 0) {
			opt_timeline = a + 11;
		} else if (strcmp(a, "--help") == 0) {
			usage();
		} else {
			fprintf(stderr, "minios-bench: unknown option %s\n", a);
			usage();
		}
	}
	if (i >= argc)
		usage();
	const char *w = argv[i++];
	int rest = argc - i;
	char **args = argv + i;
	if (strcmp(w, "W1") == 0)
		return bench_w1(rest, args);
	if (strcmp(w, "W2") == 0)
		return bench_w2(rest, args);
	if (strcmp(w, "W3") == 0)
		return bench_w3(rest, args);
	if (strcmp(w, "W3huge") == 0 && rest == 0) {
		char *huge[] = {(char *)"huge", NULL};
		return bench_w3(1, huge);
	}
	if (strcmp(w, "W4") == 0)
		return bench_w4(rest, args);
	if (strcmp(w, "W5") == 0)
		return bench_w5(rest, args);
	if (strcmp(w, "W6") == 0)
		return bench_w6(rest, args);
	usage();
	return 2;
}
