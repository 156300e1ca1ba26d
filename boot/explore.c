/*
 * explore.c - `minios --explore=N SCRIPT`: run SCRIPT once per seed from 1
 * to N under the random policy and the virtual clock, and group the runs
 * by outcome.
 *
 * Each run is a fresh child process (fork), so that nothing of one run
 * leaks into the next and a run that hangs or crashes costs only itself:
 * it gets a time limit (real time: past it, the parent kills it; the
 * kernel's watchdog has SIGALRM, so no alarm) and its output goes to a file
 * of its own (one for stdout, one for stderr).  An outcome is how the run
 * ended - its exit status, a deadlock the kernel reported, a time-out or
 * a signal - with its last line on stdout (its answer: "All 5
 * philosophers ate 3 meals", "counter 7, expected 10"), or with the hash
 * of its whole output (stdout, then stderr) under --explore-output=all,
 * where every interleaving counts as an outcome.  For each outcome the report
 * gives how many seeds gave it, the smallest of them, and the command that replays that seed
 * exactly.
 *
 * The exit status is 0 when every seed gave the same outcome, 1 when
 * they differ (so a lab can assert "every schedule gives the same
 * answer"), 2 for a usage error.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <minios_boot.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boot/boot.h"

enum ending { ENDED_EXIT, ENDED_DEADLOCK, ENDED_TIMEOUT, ENDED_SIGNAL };

struct outcome {
	uint64_t hash;
	enum ending ending;
	int code; /* exit status or signal */
	long count;
	long first_seed;
	char first_line[256]; /* the last line of the output */
};

struct slot {
	pid_t pid; /* 0: free */
	long seed;
	int64_t deadline;      /* CLOCK_MONOTONIC ns */
	bool timed_out;        /* killed for it */
	char out[64], err[64]; /* its stdout and stderr */
};

static bool whole_output; /* --explore-output=all */
static struct outcome *outcomes;
static size_t n_outcomes, cap_outcomes;

static uint64_t fnv1a(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return h;
}

#define FNV_START 0xcbf29ce484222325ULL

/* FNV-1a over the run's output (a hash, not a checksum against malice),
 * and its last line (cut to last_size - 1 bytes). */
static uint64_t hash_file(int fd, char *last_line, size_t last_size)
{
	uint64_t h = FNV_START;
	char buf[8192];
	char line[sizeof buf];
	size_t line_len = 0;
	ssize_t n;

	last_line[0] = '\0';
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			h = (h ^ (unsigned char)buf[i]) * 0x100000001b3ULL;
			if (buf[i] == '\n') {
				if (line_len > 0) {
					size_t keep =
						line_len < last_size - 1 ? line_len : last_size - 1;
					memcpy(last_line, line, keep);
					last_line[keep] = '\0';
				}
				line_len = 0;
			} else if (line_len < sizeof line) {
				line[line_len++] = buf[i];
			}
		}
	}
	return h;
}

static bool has_deadlock_report(int fd)
{
	char buf[8192];
	ssize_t n;
	const char *needle = "minios: deadlock:";
	size_t nl = strlen(needle), kept = 0;
	char window[8192 + 32];

	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		memcpy(window + kept, buf, (size_t)n);
		size_t len = kept + (size_t)n;
		if (memmem(window, len, needle, nl))
			return true;
		kept = len < nl ? len : nl - 1;
		memmove(window, window + len - kept, kept);
	}
	return false;
}

static int record(long seed, int status, bool timed_out, int out, int err)
{
	struct outcome o = {0};
	char ignored[8];
	o.hash = hash_file(out, o.first_line, sizeof o.first_line);
	if (whole_output)
		o.hash ^= hash_file(err, ignored, sizeof ignored) * 31;
	else
		o.hash = fnv1a(FNV_START, o.first_line, strlen(o.first_line));
	if (timed_out) {
		o.ending = ENDED_TIMEOUT;
		o.hash = 0; /* output cut at a random point: all time-outs are one */
		o.first_line[0] = '\0';
	} else if (WIFSIGNALED(status)) {
		o.ending = ENDED_SIGNAL;
		o.code = WTERMSIG(status);
	} else {
		o.code = WEXITSTATUS(status);
		o.ending = has_deadlock_report(err) ? ENDED_DEADLOCK : ENDED_EXIT;
	}
	for (size_t i = 0; i < n_outcomes; i++) {
		struct outcome *p = &outcomes[i];
		if (p->hash == o.hash && p->ending == o.ending && p->code == o.code) {
			p->count++;
			if (seed < p->first_seed)
				p->first_seed = seed;
			return 0;
		}
	}
	if (n_outcomes == cap_outcomes) {
		size_t cap = cap_outcomes ? cap_outcomes * 2 : 16;
		struct outcome *more = realloc(outcomes, cap * sizeof *more);
		if (!more)
			return -ENOMEM;
		outcomes = more;
		cap_outcomes = cap;
	}
	o.count = 1;
	o.first_seed = seed;
	outcomes[n_outcomes++] = o;
	return 0;
}

/* The child: output to its file, the seed and the policy, a time limit. */
static void run_child(const struct minios_options *opts, struct kernel_config *config,
		      explore_run_fn run, long seed, const struct slot *slot)
{
	int out = open(slot->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int err = open(slot->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int null = open("/dev/null", O_RDONLY);
	if (out < 0 || err < 0 || null < 0)
		_exit(125);
	dup2(null, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	close(out);
	close(err);
	close(null);
	config->seed = (uint64_t)seed;
	config->clock = KERNEL_CLOCK_VIRTUAL;
	config->account_cpu = 0;
	config->sched = opts->sched ? opts->sched : "random";
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_UNBLOCK, &chld, NULL);
	int status = run(opts, config);
	fflush(NULL);
	exit(status);
}

static void print_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

static void print_replay(const struct minios_options *opts, long seed)
{
	printf("  replay: minios --clock=virtual --sched=%s --seed %ld",
	       opts->sched ? opts->sched : "random", seed);
	if (opts->stack_size)
		printf(" --stack-size %zu", opts->stack_size);
	if (opts->script) {
		putchar(' ');
		print_quoted(opts->script);
	} else if (opts->command) {
		fputs(" -c ", stdout);
		print_quoted(opts->command);
	} else {
		for (int i = 0; i < opts->nexecs; i++) {
			fputs(" --exec ", stdout);
			print_quoted(opts->execs[i]);
		}
	}
	putchar('\n');
}

static int by_first_seed(const void *a, const void *b)
{
	const struct outcome *x = a, *y = b;
	return (x->first_seed > y->first_seed) - (x->first_seed < y->first_seed);
}

static void report(const struct minios_options *opts, long runs)
{
	qsort(outcomes, n_outcomes, sizeof *outcomes, by_first_seed);
	for (size_t i = 0; i < n_outcomes; i++) {
		const struct outcome *o = &outcomes[i];
		printf("outcome %zu: %ld of %ld seeds, smallest seed %ld: ", i + 1, o->count, runs,
		       o->first_seed);
		switch (o->ending) {
		case ENDED_EXIT:
			printf("exit %d", o->code);
			break;
		case ENDED_DEADLOCK:
			printf("deadlock (exit %d)", o->code);
			break;
		case ENDED_TIMEOUT:
			printf("time-out after %lds", opts->explore_timeout);
			break;
		case ENDED_SIGNAL:
			printf("killed by signal %d (%s)", o->code, strsignal(o->code));
			break;
		}
		if (o->ending != ENDED_TIMEOUT && whole_output)
			printf(", output %016llx", (unsigned long long)o->hash);
		putchar('\n');
		if (o->first_line[0])
			printf("  last line: %s\n", o->first_line);
		print_replay(opts, o->first_seed);
	}
	if (n_outcomes == 1)
		printf("minios: explore: every one of %ld seeds gave the same outcome\n", runs);
	else
		printf("minios: explore: %zu different outcomes in %ld seeds\n", n_outcomes, runs);
}

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Waits for a child to end, killing those past their deadline: returns
 * its pid (status in *status), or -1 with errno set. */
static pid_t wait_child(struct slot *slots, long jobs, const sigset_t *chld, int *status)
{
	for (;;) {
		pid_t pid = waitpid(-1, status, WNOHANG);
		if (pid != 0)
			return pid;
		int64_t now = monotonic_ns(), wake = INT64_MAX;
		for (long j = 0; j < jobs; j++) {
			if (!slots[j].pid)
				continue;
			if (now >= slots[j].deadline && !slots[j].timed_out) {
				slots[j].timed_out = true;
				kill(slots[j].pid, SIGKILL);
			}
			if (slots[j].deadline < wake)
				wake = slots[j].deadline;
		}
		int64_t left = wake > now ? wake - now : 1000000;
		struct timespec ts = {(time_t)(left / 1000000000), (long)(left % 1000000000)};
		sigtimedwait(chld, NULL, &ts); /* a child ended, or a deadline came */
	}
}

int explore(const struct minios_options *opts, struct kernel_config *config, explore_run_fn run)
{
	long n = opts->explore, jobs = opts->explore_jobs ? opts->explore_jobs : 1;
	long next = 1, done = 0, running = 0;
	bool progress = isatty(STDERR_FILENO);
	struct slot *slots = calloc((size_t)jobs, sizeof *slots);

	whole_output = opts->explore_whole_output;
	sigset_t chld, saved_mask;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &saved_mask); /* taken by sigtimedwait */
	const char *tmp = getenv("TMPDIR");

	if (!slots)
		return 1;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	fflush(NULL);
	while (done < n) {
		/* Start runs while there is a free slot and a seed left. */
		for (long j = 0; j < jobs && next <= n; j++) {
			if (slots[j].pid)
				continue;
			snprintf(slots[j].out, sizeof slots[j].out, "%s/minios-explore-%ld-%ld.out",
				 tmp, (long)getpid(), j);
			snprintf(slots[j].err, sizeof slots[j].err, "%s/minios-explore-%ld-%ld.err",
				 tmp, (long)getpid(), j);
			pid_t pid = fork();
			if (pid < 0) {
				fprintf(stderr, "minios: explore: fork: %s\n", strerror(errno));
				if (running == 0) {
					free(slots);
					return 1;
				}
				break;
			}
			if (pid == 0)
				run_child(opts, config, run, next, &slots[j]);
			slots[j].pid = pid;
			slots[j].seed = next++;
			slots[j].deadline = monotonic_ns() + opts->explore_timeout * 1000000000LL;
			slots[j].timed_out = false;
			running++;
		}
		int status;
		pid_t pid = wait_child(slots, jobs, &chld, &status);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "minios: explore: wait: %s\n", strerror(errno));
			free(slots);
			return 1;
		}
		for (long j = 0; j < jobs; j++) {
			if (slots[j].pid != pid)
				continue;
			int out = open(slots[j].out, O_RDONLY);
			int err = open(slots[j].err, O_RDONLY);
			int r = out < 0 || err < 0 ? -EIO
						   : record(slots[j].seed, status,
							    slots[j].timed_out, out, err);
			if (out >= 0)
				close(out);
			if (err >= 0)
				close(err);
			unlink(slots[j].out);
			unlink(slots[j].err);
			if (r < 0) {
				fprintf(stderr, "minios: explore: seed %ld: its output is lost\n",
					slots[j].seed);
				free(slots);
				return 1;
			}
			slots[j].pid = 0;
			running--;
			done++;
		}
		if (progress)
			fprintf(stderr, "\rminios: explore: %ld of %ld runs, %zu outcome%s so far",
				done, n, n_outcomes, n_outcomes == 1 ? "" : "s");
	}
	if (progress)
		fputs("\r\033[K", stderr);
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
	free(slots);
	report(opts, n);
	free(outcomes);
	return n_outcomes == 1 ? 0 : 1;
}
