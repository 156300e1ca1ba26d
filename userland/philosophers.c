/*
 * philosophers.c - `philosophers [-q] [-n N] [-r ROUNDS]
 *                   [--strategy naive|ordered|waiter]`
 *
 * Defaults: 3 philosophers, 3 meals each, naive; -q prints only the first
 * and last lines.  Exit status 0 when everyone ate every meal, else 1.
 *
 * The dining philosophers, as in the essay on lightweight tasks: Plato,
 * Socrates and Euclid (and, on request, more) sit at a round table with a
 * fork between each two of them, and each needs both neighbouring forks to
 * eat.  Each philosopher is a task; each fork is a kernel semaphore named
 * "fork K" with one unit, so the kernel can see who holds and who waits for
 * which fork, and can report a deadlock.
 *
 * Philosopher i sits between fork i (left) and fork i+1 (right, mod N).
 * Every round: think, take one fork, pause while reaching for the other,
 * take it, eat, put both down.  The strategies differ only in what comes
 * before the forks:
 *   naive    left, then right.  When everyone holds a left fork at once,
 *            nobody can go on: the kernel finds the cycle, wakes each of
 *            them with -EDEADLK and prints who holds what.
 *   ordered  the lower-numbered fork first, so no cycle can form.
 *   waiter   ask a waiter (a semaphore with N-1 units) for a seat first:
 *            with one chair empty, someone can always eat.
 *
 * The think, reach and eat times come from sys_random, seeded by --seed,
 * so a run under the virtual clock is the same every time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

#define MAX_PHILOSOPHERS 10000
#define MAX_ROUNDS 1000000
#define DEFAULT_ROUNDS 3
#define MS 1000000 /* ns */

/* Times in milliseconds: [base, base + spread). */
#define THINK_BASE 0
#define THINK_SPREAD 300
#define REACH_BASE 0
#define REACH_SPREAD 200
#define EAT_BASE 100
#define EAT_SPREAD 200

/* How a philosopher's task ended (its exit status). */
enum philosopher_end {
	ATE_EVERYTHING = 0,
	DEADLOCKED = 1,
	TABLE_GONE = 2, /* the semaphores were destroyed under us */
};

enum strategy { NAIVE, ORDERED, WAITER };

static const char *const strategy_names[] = {
	[NAIVE] = "naive",
	[ORDERED] = "ordered",
	[WAITER] = "waiter",
};

static const char *const famous_names[] = {"Plato", "Socrates", "Euclid"};

/* What one philosopher's task gets, in a block of its own (TASK_OWNS_ARG):
 * it must outlive the main task, which may be killed first. */
struct philosopher {
	char name[32];
	enum strategy strategy;
	long rounds;
	int quiet;
	int first_fork, second_fork; /* fork numbers, in taking order */
	int first_sem, second_sem;   /* their semaphore ids */
	int waiter_sem;              /* WAITER only */
};

struct options {
	long count;
	long rounds;
	enum strategy strategy;
	int quiet;
};

static int64_t random_ms(int base, int spread)
{
	return (int64_t)(base + (int)(sys_random() % (uint32_t)spread)) * MS;
}

static void say(const struct philosopher *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "Plato " and what he does, unless -q. */
static void say(const struct philosopher *p, const char *fmt, ...)
{
	char what[96];
	va_list ap;

	if (p->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	uprintf("%s %s\n", p->name, what);
}

/* Why a semaphore call failed, as one line; returns how the task ends. */
static int leave_on_error(const struct philosopher *p, int error)
{
	if (error == -EDEADLK) {
		uprintf("%s: deadlock detected, leaving the table\n", p->name);
		return DEADLOCKED;
	}
	uprintf("%s: the forks were taken away (%s), leaving the table\n", p->name,
		strerror(-error));
	return TABLE_GONE;
}

static int take_fork(const struct philosopher *p, int fork, int sem)
{
	say(p, "waiting for fork %d", fork);
	int r = sys_sem_wait(sem);
	if (r < 0)
		return r;
	say(p, "acquired fork %d", fork);
	return 0;
}

/* One meal.  Returns 0, or a negative errno with every unit this meal
 * took given back (a post to a destroyed semaphore just fails). */
static int dine(const struct philosopher *p)
{
	int r;

	if (p->strategy == WAITER) {
		if ((r = sys_sem_wait(p->waiter_sem)) < 0)
			return r;
	}
	r = take_fork(p, p->first_fork, p->first_sem);
	if (r == 0) {
		sys_sleep(random_ms(REACH_BASE, REACH_SPREAD));
		r = take_fork(p, p->second_fork, p->second_sem);
		if (r == 0) {
			say(p, "eating spam");
			sys_sleep(random_ms(EAT_BASE, EAT_SPREAD));
			say(p, "releasing forks %d and %d", p->first_fork, p->second_fork);
			sys_sem_post(p->second_sem);
		}
		sys_sem_post(p->first_sem);
	}
	if (p->strategy == WAITER)
		sys_sem_post(p->waiter_sem);
	return r;
}

static int philosopher_task(void *arg)
{
	const struct philosopher *p = arg;

	for (long round = 0; round < p->rounds; round++) {
		say(p, "thinking");
		sys_sleep(random_ms(THINK_BASE, THINK_SPREAD));
		int r = dine(p);
		if (r < 0)
			return leave_on_error(p, r);
	}
	say(p, "leaving the table");
	return ATE_EVERYTHING;
}

static void philosopher_name(long i, char *name, size_t size)
{
	long famous = sizeof famous_names / sizeof famous_names[0];

	if (i < famous)
		snprintf(name, size, "%s", famous_names[i]);
	else
		snprintf(name, size, "philosopher %ld", i + 1);
}

/* Sets the fork order of philosopher i by the strategy. */
static void seat(struct philosopher *p, long i, const struct options *o, const int *forks)
{
	int left = (int)i, right = (int)((i + 1) % o->count);

	if (o->strategy == ORDERED && right < left) {
		int lower = right;
		right = left;
		left = lower;
	}
	p->first_fork = left;
	p->second_fork = right;
	p->first_sem = forks[left];
	p->second_sem = forks[right];
}

static int start_philosopher(long i, const struct options *o, const int *forks, int waiter)
{
	struct philosopher *p = calloc(1, sizeof *p);

	if (!p)
		return -ENOMEM;
	philosopher_name(i, p->name, sizeof p->name);
	p->strategy = o->strategy;
	p->rounds = o->rounds;
	p->quiet = o->quiet;
	p->waiter_sem = waiter;
	seat(p, i, o, forks);
	int tid = sys_spawn(p->name, philosopher_task, p, TASK_OWNS_ARG);
	if (tid < 0)
		free(p);
	return tid;
}

static int parse_strategy(const char *text, enum strategy *out)
{
	for (size_t i = 0; i < sizeof strategy_names / sizeof strategy_names[0]; i++) {
		if (strcmp(text, strategy_names[i]) == 0) {
			*out = (enum strategy)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Parses the value of one option; returns 0 or -1 after saying why. */
static int parse_value(const char *program, const char *option, const char *value,
		       struct options *o)
{
	if (strcmp(option, "-n") == 0) {
		if (u_parse_int(value, 2, MAX_PHILOSOPHERS, &o->count) == 0)
			return 0;
		ueprintf("%s: -n wants 2 to %d philosophers, not '%s'\n", program, MAX_PHILOSOPHERS,
			 value);
	} else if (strcmp(option, "-r") == 0) {
		if (u_parse_int(value, 1, MAX_ROUNDS, &o->rounds) == 0)
			return 0;
		ueprintf("%s: -r wants 1 to %d meals, not '%s'\n", program, MAX_ROUNDS, value);
	} else {
		if (parse_strategy(value, &o->strategy) == 0)
			return 0;
		ueprintf("%s: no strategy '%s' (naive, ordered or waiter)\n", program, value);
	}
	return -1;
}

static int takes_value(const char *option)
{
	return strcmp(option, "-n") == 0 || strcmp(option, "-r") == 0 ||
	       strcmp(option, "--strategy") == 0;
}

/* Returns 0, or an exit status for a bad command line. */
static int parse_options(int argc, char **argv, struct options *o)
{
	o->count = 3;
	o->rounds = DEFAULT_ROUNDS;
	o->strategy = NAIVE;
	o->quiet = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0) {
			o->quiet = 1;
		} else if (!takes_value(argv[i])) {
			ueprintf("%s: no option '%s'\n", argv[0], argv[i]);
			return usage_error(argv[0]);
		} else if (i + 1 == argc) {
			ueprintf("%s: %s needs a value\n", argv[0], argv[i]);
			return usage_error(argv[0]);
		} else if (parse_value(argv[0], argv[i], argv[i + 1], o) < 0) {
			return usage_error(argv[0]);
		} else {
			i++;
		}
	}
	return 0;
}

/* Makes the forks (and the waiter); returns 0 or a negative errno. */
static int lay_table(const struct options *o, int *forks, int *waiter)
{
	char name[32];

	for (long i = 0; i < o->count; i++) {
		snprintf(name, sizeof name, "fork %ld", i);
		forks[i] = sys_sem_create(name, 1);
		if (forks[i] < 0)
			return forks[i];
	}
	*waiter = 0;
	if (o->strategy == WAITER) {
		*waiter = sys_sem_create("waiter", (int)o->count - 1);
		if (*waiter < 0)
			return *waiter;
	}
	return 0;
}

/* How the philosophers' meals went. */
struct outcome {
	long unfinished; /* did not eat all their meals, for any reason */
	long deadlocked; /* of those, left because of a deadlock */
};

/* Reaps the philosophers as they leave.  Children are reaped by
 * notification, not by a list of tids, so that this task holds no memory
 * that a kill would leak. */
static void wait_for_all(long started, struct outcome *out)
{
	int tid, status;

	for (long left = started; left > 0; left--) {
		int r = sys_waitchild(&tid, &status, 0);
		if (r == -EINTR) {
			left++;
			continue;
		}
		if (r < 0) {
			out->unfinished += left;
			return;
		}
		if (!TASK_EXITED(status) || TASK_EXIT_CODE(status) != ATE_EVERYTHING)
			out->unfinished++;
		if (TASK_EXITED(status) && TASK_EXIT_CODE(status) == DEADLOCKED)
			out->deadlocked++;
	}
}

/* Makes the forks and seats everyone; returns how many philosophers were
 * started (all of them unless the host ran out of something). */
static long set_table(const char *program, const struct options *o)
{
	int waiter, *forks = u_calloc((size_t)o->count, sizeof *forks);
	long started = 0;

	if (!forks) {
		ueprintf("%s: out of memory\n", program);
		return 0;
	}
	int r = lay_table(o, forks, &waiter);
	while (r >= 0 && started < o->count) {
		r = start_philosopher(started, o, forks, waiter);
		if (r >= 0)
			started++;
	}
	if (r < 0)
		ueprintf("%s: cannot set the table: %s\n", program, strerror(-r));
	u_free(forks);
	return started;
}

int philosophers_main(int argc, char **argv)
{
	struct options o;
	int bad = parse_options(argc, argv, &o);

	if (bad)
		return bad;
	sys_notify(NOTIFY_CHILD);
	uprintf("%ld philosophers, %ld meal%s each, strategy %s\n", o.count, o.rounds,
		o.rounds == 1 ? "" : "s", strategy_names[o.strategy]);

	long started = set_table(argv[0], &o);
	struct outcome out = {o.count - started, 0};
	wait_for_all(started, &out);
	if (out.unfinished == 0)
		uprintf("All %ld philosophers ate %ld meal%s\n", o.count, o.rounds,
			o.rounds == 1 ? "" : "s");
	else if (out.deadlocked > 0)
		uprintf("%ld of %ld philosophers did not finish (%ld left in a deadlock)\n",
			out.unfinished, o.count, out.deadlocked);
	else
		uprintf("%ld of %ld philosophers did not finish\n", out.unfinished, o.count);
	/* The forks and the waiter go when this task ends. */
	return out.unfinished == 0 ? 0 : 1;
}
