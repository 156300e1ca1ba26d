/*
 * check_random.c - seeded random programs against the system calls.
 *
 * A program is a few task scripts, each a short list of operations: spawn
 * a task running another script, kill, wait for a task, sleep, yield,
 * wait on and post a semaphore, wait until a pipe is readable, write to
 * it, exit.  Task 1 (the root) makes two semaphores and a pipe, starts
 * script 0, sleeps, closes the pipe (so that no fd wait lasts), and then
 * either ends or waits forever.  Each program runs in a process of its
 * own (a crash is then a finding, not the end of the test), and after it:
 *
 *   - the process did not crash;
 *   - the kernel ended the run either with no task left or with the
 *     no-one-can-wake report, and every task still there is named in it
 *     (and none that ended);
 *   - no task id was given twice;
 *   - the fd count and the heap in use are back at their baseline after
 *     the kernel's shutdown.
 *
 * MINIOS_RANDOM_PROGRAMS programs (default 1000; `make soak` runs 10^5)
 * with seeds from MINIOS_RANDOM_SEED (default 1) on.  A failing program is
 * shrunk - operations taken out one at a time while it still fails - and
 * printed with its seed.
 */
#include "tests/testlib.h"

#include "kernel/task.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SCRIPTS 4
#define MAX_OPS 10
#define NSEMS 2
#define MAX_SPAWNS 12 /* per program: scripts may start themselves */
#define MAX_TIDS 64

enum op_kind {
	OP_SPAWN,
	OP_KILL,
	OP_WAIT,
	OP_SLEEP,
	OP_YIELD,
	OP_SEM_WAIT,
	OP_SEM_POST,
	OP_READWAIT,
	OP_WRITE,
	OP_EXIT,
	OP_KINDS
};

static const char *const op_names[OP_KINDS] = {
	"spawn",    "kill",     "wait",     "sleep", "yield",
	"sem_wait", "sem_post", "readwait", "write", "exit",
};

struct op {
	unsigned char kind, arg;
};

struct program {
	int nscripts;
	int nops[MAX_SCRIPTS];
	struct op ops[MAX_SCRIPTS][MAX_OPS];
	bool root_waits_forever; /* else the root ends after closing the pipe */
	bool sem_initial[NSEMS];
};

/* ---- making a program ---- */

static uint64_t rng_state;

static unsigned rng(unsigned n)
{
	/* splitmix64: small, and the same on every machine */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return (unsigned)((z ^ (z >> 31)) % n);
}

static void make_program(uint64_t seed, struct program *p)
{
	memset(p, 0, sizeof *p);
	rng_state = seed;
	p->nscripts = 1 + (int)rng(MAX_SCRIPTS);
	p->root_waits_forever = rng(2);
	for (int s = 0; s < NSEMS; s++)
		p->sem_initial[s] = rng(2);
	for (int i = 0; i < p->nscripts; i++) {
		p->nops[i] = 1 + (int)rng(MAX_OPS);
		for (int j = 0; j < p->nops[i]; j++) {
			p->ops[i][j].kind = (unsigned char)rng(OP_KINDS);
			p->ops[i][j].arg = (unsigned char)rng(256);
		}
	}
}

static void print_program(FILE *out, const struct program *p)
{
	fprintf(out, "  root: semaphores %d %d, then %s\n", p->sem_initial[0], p->sem_initial[1],
		p->root_waits_forever ? "waits forever" : "ends");
	for (int i = 0; i < p->nscripts; i++) {
		fprintf(out, "  script %d:", i);
		for (int j = 0; j < p->nops[i]; j++)
			fprintf(out, "%s %s %d", j ? ";" : "", op_names[p->ops[i][j].kind],
				p->ops[i][j].arg);
		fprintf(out, "\n");
	}
}

/* ---- running one (in a child process) ---- */

static const struct program *prog;
static int sems[NSEMS], pipe_fds[2];
static int tids[MAX_TIDS], ntids, spawns;
static bool ended[MAX_TIDS]; /* returned or exited (not killed) */
static bool tid_reused;

static int tid_index(int tid)
{
	for (int i = 0; i < ntids; i++)
		if (tids[i] == tid)
			return i;
	return -1;
}

static void remember(int tid)
{
	if (tid <= 0)
		return;
	if (tid_index(tid) >= 0)
		tid_reused = true;
	else if (ntids < MAX_TIDS)
		tids[ntids++] = tid;
}

static void mark_ended(void)
{
	int i = tid_index(sys_gettid());
	if (i >= 0)
		ended[i] = true;
}

static int pick_tid(unsigned arg)
{
	return ntids ? tids[arg % (unsigned)ntids] : 1;
}

static int script_task(void *arg)
{
	int script = (int)(intptr_t)arg;
	char byte = 'x';
	for (int j = 0; j < prog->nops[script]; j++) {
		unsigned a = prog->ops[script][j].arg;
		switch (prog->ops[script][j].kind) {
		case OP_SPAWN:
			if (spawns < MAX_SPAWNS) {
				spawns++;
				int s = (int)(a % (unsigned)prog->nscripts);
				remember(sys_newtask("script", script_task, (void *)(intptr_t)s));
			}
			break;
		case OP_KILL:
			sys_killtask(pick_tid(a));
			break;
		case OP_WAIT:
			sys_waittask(pick_tid(a), NULL);
			break;
		case OP_SLEEP:
			sys_sleep((int64_t)a * 1000);
			break;
		case OP_YIELD:
			sys_yield();
			break;
		case OP_SEM_WAIT:
			sys_sem_wait(sems[a % NSEMS]);
			break;
		case OP_SEM_POST:
			sys_sem_post(sems[a % NSEMS]);
			break;
		case OP_READWAIT:
			if (sys_readwait(pipe_fds[0]) == 0)
				(void)!read(pipe_fds[0], &byte, 1);
			break;
		case OP_WRITE:
			(void)!write(pipe_fds[1], &byte, 1);
			break;
		case OP_EXIT:
			mark_ended();
			sys_exit(a);
		}
	}
	mark_ended();
	return 0;
}

static int root_task(void *arg)
{
	(void)arg;
	remember(sys_gettid());
	for (int s = 0; s < NSEMS; s++)
		sems[s] = sys_sem_create("random", prog->sem_initial[s]);
	if (pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) != 0)
		abort();
	sys_fd_own(pipe_fds[0]);
	sys_fd_own(pipe_fds[1]);
	remember(sys_newtask("script", script_task, (void *)0));
	/* Every script is 10 operations at most, each sleep 255 us at most:
	 * by now, whoever waits on the pipe waits for nothing. */
	sys_sleep(100 * 1000000);
	sys_close(pipe_fds[0]);
	sys_close(pipe_fds[1]);
	if (prog->root_waits_forever) {
		int never = sys_sem_create("never", 0);
		sys_sem_wait(never);
	}
	mark_ended();
	return 0;
}

static int heap_in_use(void)
{
	return (int)mallinfo2().uordblks;
}

static const char *failure;
static bool deadlocked; /* the run ended in the no-one-can-wake report */

static void check_left(struct task *t, void *ctx)
{
	const char *report = ctx;
	char name[32];
	snprintf(name, sizeof name, "  task %d (", t->tid);
	if (!report || !strstr(report, name))
		failure = "a task is left that the no-one-can-wake report does not name";
	int i = tid_index(t->tid);
	if (i >= 0 && ended[i])
		failure = "a task that ended is still there";
}

static void boot_and_run(const struct program *p, char **report, int *rc)
{
	struct kernel_config config;
	prog = p;
	ntids = spawns = 0;
	tid_reused = false;
	memset(ended, 0, sizeof ended);
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.announce_exits = 0;
	tl_boot(&config);
	tl_spawn("root", root_task, NULL);
	*report = NULL;
	*rc = kernel_run(report);
}

/* Runs p; returns NULL or what went wrong. */
static const char *run_program(const struct program *p)
{
	char *report;
	int rc;
	/* A first run warms up what the host's libraries keep. */
	boot_and_run(p, &report, &rc);
	kernel_shutdown();
	free(report);

	int fds = tl_count_open_fds(), heap = heap_in_use();
	failure = NULL;
	boot_and_run(p, &report, &rc);
	if (rc == 0 && task_count() != 0)
		failure = "the kernel stopped with tasks left";
	else if (rc == -EDEADLK)
		task_for_each(check_left, report);
	else if (rc != 0)
		failure = "the kernel stopped with an error";
	deadlocked = rc == -EDEADLK;
	if (tid_reused)
		failure = "a task id was given twice";
	kernel_shutdown();
	free(report);
	tl_console_clear();
	if (!failure && tl_count_open_fds() != fds)
		failure = "the fd count is not back at its baseline";
	if (!failure && heap_in_use() != heap)
		failure = "the heap is not back at its baseline";
	return failure;
}

/* In a child process: 0 when p passes (*deadlock: in the no-one-can-wake
 * report); else the reason is printed (when loud) and the status is not
 * 0. */
#define PASSED_IN_DEADLOCK 3
static int run_isolated(const struct program *p, bool loud, bool *deadlock)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		alarm(20);                /* a hang is a finding too */
		signal(SIGPIPE, SIG_IGN); /* as minios runs: a write gets EPIPE */
		const char *why = run_program(p);
		if (why && loud)
			fprintf(stderr, "  (%s)\n", why);
		_exit(why ? 1 : deadlocked ? PASSED_IN_DEADLOCK : 0);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status)) {
		if (loud)
			fprintf(stderr, "  (killed by signal %d)\n", WTERMSIG(status));
		return -1;
	}
	if (deadlock)
		*deadlock = WEXITSTATUS(status) == PASSED_IN_DEADLOCK;
	return WEXITSTATUS(status) == PASSED_IN_DEADLOCK ? 0 : WEXITSTATUS(status);
}

/* Takes operations (and scripts) out while the program still fails. */
static void shrink(struct program *p)
{
	bool smaller = true;
	while (smaller) {
		smaller = false;
		for (int i = p->nscripts - 1; i >= 1 && !smaller; i--) {
			struct program q = *p;
			q.nscripts = i;
			if (run_isolated(&q, false, NULL) != 0) {
				*p = q;
				smaller = true;
			}
		}
		for (int i = 0; i < p->nscripts && !smaller; i++)
			for (int j = 0; j < p->nops[i] && !smaller; j++) {
				struct program q = *p;
				memmove(&q.ops[i][j], &q.ops[i][j + 1],
					sizeof q.ops[i][0] * (size_t)(q.nops[i] - j - 1));
				q.nops[i]--;
				if (run_isolated(&q, false, NULL) != 0) {
					*p = q;
					smaller = true;
				}
			}
	}
}

static long env_long(const char *name, long fallback)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : fallback;
}

START_TEST(test_random_programs)
{
	/* Under valgrind each run is some fifty times slower. */
	long count = env_long("MINIOS_RANDOM_PROGRAMS", TL_VALGRIND ? 20 : 1000);
	long first = env_long("MINIOS_RANDOM_SEED", 1);
	long failed = 0, deadlocks = 0, run = 0;
	for (long seed = first; seed < first + count && failed == 0; seed++, run++) {
		struct program p;
		make_program((uint64_t)seed, &p);
		bool deadlock = false;
		if (run_isolated(&p, false, &deadlock) == 0) {
			deadlocks += deadlock;
			continue;
		}
		failed++;
		fprintf(stderr, "random program with seed %ld failed:\n", seed);
		print_program(stderr, &p);
		shrink(&p);
		fprintf(stderr, "shortest program that still fails:\n");
		print_program(stderr, &p);
		run_isolated(&p, true, NULL);
	}
	fprintf(stderr,
		"random programs: %ld run (seeds %ld to %ld), %ld failed; %ld ended with every"
		" task done, %ld in the no-one-can-wake report\n",
		run, first, first + run - 1, failed, run - failed - deadlocks, deadlocks);
	ck_assert_int_eq(failed, 0);
}
END_TEST

static Suite *random_suite(void)
{
	Suite *s = suite_create("random");
	TCase *tc = tcase_create("programs");
	tcase_set_timeout(tc, 0); /* bounded by the count; soak runs 10^5 */
	tcase_add_test(tc, test_random_programs);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	/* mallinfo2 counts the blocks in malloc's per-thread cache as in
	 * use: run without it (a tunable read at start, hence the exec). */
	if (!getenv("GLIBC_TUNABLES") && argc > 0 && !TL_VALGRIND) {
		setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
		execv("/proc/self/exe", argv);
	}
	return tl_main(random_suite());
}
