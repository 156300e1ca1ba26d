/*
 * options.c - the command line of `minios`.
 *
 * This runs before the kernel exists, on the host, so it may use stdio
 * freely.  Mistakes end in a message, a usage line and exit status 2.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <minios_boot.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/boot.h"
#include <minios_boot.h>
#include "userland/ulib.h"

enum {
	OPT_CLOCK = 256,
	OPT_SEED,
	OPT_STACK_SIZE,
	OPT_POLLER,
	OPT_QUANTUM,
	OPT_WATCHDOG,
	OPT_EXEC,
	OPT_TRACE,
	OPT_TRACE_FILE,
	OPT_TIMELINE,
	OPT_SCHED,
	OPT_EXPLORE,
	OPT_EXPLORE_JOBS,
	OPT_EXPLORE_TIMEOUT,
	OPT_EXPLORE_OUTPUT,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option long_options[] = {
	{"clock", required_argument, NULL, OPT_CLOCK},
	{"seed", required_argument, NULL, OPT_SEED},
	{"stack-size", required_argument, NULL, OPT_STACK_SIZE},
	{"poller", required_argument, NULL, OPT_POLLER},
	{"quantum", required_argument, NULL, OPT_QUANTUM},
	{"watchdog", required_argument, NULL, OPT_WATCHDOG},
	{"exec", required_argument, NULL, OPT_EXEC},
	{"trace", optional_argument, NULL, OPT_TRACE},
	{"trace-file", required_argument, NULL, OPT_TRACE_FILE},
	{"timeline", required_argument, NULL, OPT_TIMELINE},
	{"sched", required_argument, NULL, OPT_SCHED},
	{"explore", required_argument, NULL, OPT_EXPLORE},
	{"explore-jobs", required_argument, NULL, OPT_EXPLORE_JOBS},
	{"explore-timeout", required_argument, NULL, OPT_EXPLORE_TIMEOUT},
	{"explore-output", required_argument, NULL, OPT_EXPLORE_OUTPUT},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

void minios_usage_line(FILE *out)
{
	fputs("usage: minios [OPTION...] [SCRIPT | -f SCRIPT | -c COMMANDS"
	      " | --exec 'PROGRAM ARGS...'...]\n",
	      out);
}

void minios_usage(FILE *out)
{
	minios_usage_line(out);
	fputs("\n"
	      "A mini operating system in one process: a trap-loop kernel,\n"
	      "coroutine tasks, and a shell to start, watch and kill them.\n"
	      "\n"
	      "  (no argument)        an interactive shell on a terminal,\n"
	      "                       or commands read from stdin\n"
	      "  SCRIPT, -f SCRIPT    run the commands in SCRIPT\n"
	      "  -c COMMANDS          run COMMANDS ('cmd; cmd')\n"
	      "  --exec 'PROG ARGS'   no shell: start PROG as a task (repeat\n"
	      "                       for more), run until all have ended\n"
	      "  --clock=real|virtual the kernel clock (default real)\n"
	      "  --seed N             seed of the programs' random numbers\n"
	      "  --stack-size SIZE    bytes per task stack (64k, 1M, ...)\n"
	      "  --poller=epoll|poll  how the kernel waits for I/O\n"
	      "  --sched=NAME[:OPTS]  the scheduling policy (default fifo; also\n"
	      "                       MINIOS_SCHED): fifo, rr, prio, random,\n"
	      "                       lottery, mlfq (see minios(1))\n"
	      "  --explore=N SCRIPT   run SCRIPT under seeds 1..N (random policy,\n"
	      "                       virtual clock) and group the outcomes\n"
	      "  --explore-jobs=J     J runs at a time (default 1)\n"
	      "  --explore-timeout=S  seconds a run may take (default 10)\n"
	      "  --explore-output=last|all  what an outcome compares besides how\n"
	      "                       the run ended: its last line (default) or\n"
	      "                       its whole output\n"
	      "  --quantum=DURATION   CPU time a task may run without a trap\n"
	      "                       before the timer preempts it (10ms;\n"
	      "                       0 turns preemption off)\n"
	      "  --watchdog=DURATION  name a task that has not trapped for\n"
	      "                       this long (2s; 0 turns it off)\n"
	      "  --trace[=FILTER]     print each system call: all, or\n"
	      "                       CALL,..., tid:N, errors\n"
	      "  --trace-file=FILE    the trace goes to FILE, not stderr\n"
	      "  --timeline=FILE      record who ran when: FILE.json (for\n"
	      "                       Perfetto) or FILE.svg (a chart)\n"
	      "  --help, --version    this text, the version\n"
	      "\n"
	      "Type 'help' in the shell for its commands.  See minios(1).\n",
	      out);
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("minios: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	minios_usage_line(stderr);
	return 2;
}

int minios_parse_size(const char *text, size_t *out)
{
	char *end;
	uint64_t unit = 1;

	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long value = strtoull(text, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	switch (*end) {
	case 'k':
	case 'K':
		unit = 1024;
		end++;
		break;
	case 'm':
	case 'M':
		unit = 1024 * 1024;
		end++;
		break;
	case 'g':
	case 'G':
		unit = 1024 * 1024 * 1024;
		end++;
		break;
	}
	if (*end != '\0')
		return -EINVAL;
	if (value > SIZE_MAX / unit)
		return -ERANGE;
	*out = (size_t)(value * unit);
	return 0;
}

static int parse_seed(const char *text, uint64_t *out)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long value = strtoull(text, &end, 0);
	if (errno == ERANGE || *end != '\0')
		return -EINVAL;
	*out = value;
	return 0;
}

/* The policy: one clear line naming the valid ones when it is wrong. */
static int take_sched(struct minios_options *opts, const char *from, const char *spec)
{
	char why[400];

	if (kernel_sched_check(spec, why, sizeof why) != 0)
		return bad("%s: %s", from, why);
	opts->sched = spec;
	return 0;
}

static int parse_count(const char *text, long min, long max, long *out)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (errno || *end || value < min || value > max)
		return -EINVAL;
	*out = value;
	return 0;
}

/* A duration option (--quantum, --watchdog): 0 (off), or from min to an
 * hour. */
static int parse_setting(const char *what, const char *text, int64_t min, int64_t *out)
{
	int64_t ns;

	if (u_parse_duration(text, &ns) < 0)
		return bad("%s: '%s': not a duration (like 10ms or 2s)", what, text);
	if (ns > 3600 * (int64_t)1000000000)
		return bad("%s: '%s': longer than an hour", what, text);
	if (ns > 0 && ns < min)
		return bad("%s: '%s': shorter than %" PRId64 "%s (0 turns it off)", what, text,
			   min % 1000000 == 0 ? min / 1000000 : min / 1000,
			   min % 1000000 == 0 ? "ms" : "us");
	*out = ns;
	return 0;
}

static int add_exec(struct minios_options *opts, const char *text)
{
	const char **execs = realloc(opts->execs, sizeof *execs * (opts->nexecs + 1));
	if (!execs)
		return bad("%s", "out of memory");
	execs[opts->nexecs++] = text;
	opts->execs = execs;
	return 0;
}

/* One option; returns 0 or 2. */
static int take_option(struct minios_options *opts, int c, const char *arg)
{
	switch (c) {
	case OPT_CLOCK:
		if (strcmp(arg, "real") != 0 && strcmp(arg, "virtual") != 0)
			return bad("--clock: '%s': must be real or virtual", arg);
		opts->clock_virtual = strcmp(arg, "virtual") == 0;
		return 0;
	case OPT_POLLER:
		if (strcmp(arg, "epoll") != 0 && strcmp(arg, "poll") != 0)
			return bad("--poller: '%s': must be epoll or poll", arg);
		opts->poller_poll = strcmp(arg, "poll") == 0;
		return 0;
	case OPT_SEED:
		if (parse_seed(arg, &opts->seed) < 0)
			return bad("--seed: '%s': not a number", arg);
		opts->seed_set = true;
		return 0;
	case OPT_QUANTUM:
		return parse_setting("--quantum", arg, KERNEL_MIN_QUANTUM_NS, &opts->quantum_ns);
	case OPT_WATCHDOG:
		return parse_setting("--watchdog", arg, KERNEL_MIN_WATCHDOG_NS, &opts->watchdog_ns);
	case OPT_STACK_SIZE:
		if (minios_parse_size(arg, &opts->stack_size) < 0)
			return bad("--stack-size: '%s': not a size (like 64k or 1M)", arg);
		opts->stack_size_set = true;
		return 0;
	case OPT_EXEC:
		return add_exec(opts, arg);
	case OPT_TRACE:
		opts->trace = arg ? arg : "";
		return 0;
	case OPT_TRACE_FILE:
		if (*arg == '\0')
			return bad("%s", "--trace-file: needs a file name");
		opts->trace_file = arg;
		return 0;
	case OPT_TIMELINE: {
		size_t n = strlen(arg);
		if ((n < 5 || strcmp(arg + n - 5, ".json") != 0) &&
		    (n < 4 || strcmp(arg + n - 4, ".svg") != 0))
			return bad("--timeline: '%s': name it FILE.json or FILE.svg", arg);
		opts->timeline = arg;
		return 0;
	}
	case OPT_SCHED:
		return take_sched(opts, "--sched", arg);
	case OPT_EXPLORE:
		if (parse_count(arg, 1, 1000000, &opts->explore) < 0)
			return bad("--explore: '%s': a number of seeds from 1 to 1000000", arg);
		return 0;
	case OPT_EXPLORE_JOBS:
		if (parse_count(arg, 1, 256, &opts->explore_jobs) < 0)
			return bad("--explore-jobs: '%s': a number from 1 to 256", arg);
		return 0;
	case OPT_EXPLORE_TIMEOUT:
		if (parse_count(arg, 1, 86400, &opts->explore_timeout) < 0)
			return bad("--explore-timeout: '%s': seconds, from 1 to 86400", arg);
		return 0;
	case OPT_EXPLORE_OUTPUT:
		if (strcmp(arg, "last") != 0 && strcmp(arg, "all") != 0)
			return bad("--explore-output: '%s': must be last or all", arg);
		opts->explore_whole_output = strcmp(arg, "all") == 0;
		opts->explore_output_set = true;
		return 0;
	case 'c':
		opts->command = arg;
		return 0;
	case 'f':
		opts->script = arg;
		return 0;
	case OPT_HELP:
		opts->help = true;
		return 0;
	case OPT_VERSION:
		opts->version = true;
		return 0;
	}
	return 2;
}

/* What getopt could not take: name the option the way the user wrote it. */
static int unknown_option(char **argv, int c)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return bad("%s: needs an argument", arg);
	if (optopt != 0 && optopt < 256) {
		char text[3] = {'-', (char)optopt, '\0'};
		return bad("unknown option '%s'", text);
	}
	return bad("unknown option '%s'", arg);
}

static int check_modes(struct minios_options *opts, int argc, char **argv)
{
	int positional = argc - optind;

	if (positional > 1)
		return bad("'%s': only one script at a time", argv[optind + 1]);
	if (positional == 1) {
		if (opts->script)
			return bad("'%s': a script was given with -f already", argv[optind]);
		opts->script = argv[optind];
	}
	int modes = (opts->script != NULL) + (opts->command != NULL) + (opts->nexecs > 0);
	if (modes > 1)
		return bad("%s", "choose one of SCRIPT, -c and --exec");
	if (opts->explore) {
		if (modes == 0)
			return bad("%s", "--explore: needs a SCRIPT, -c COMMANDS or --exec");
		if (opts->sched && strncmp(opts->sched, "random", 6) != 0)
			return bad("--explore: '%s': exploring needs --sched=random", opts->sched);
		if (opts->seed_set)
			return bad("%s", "--explore: runs seeds 1..N itself; drop --seed");
		if (!opts->explore_timeout)
			opts->explore_timeout = 10;
	} else if (opts->explore_jobs || opts->explore_timeout || opts->explore_output_set) {
		return bad("%s", "--explore-jobs, --explore-timeout and --explore-output need"
				 " --explore=N");
	}
	return 0;
}

int minios_parse_options(int argc, char **argv, struct minios_options *opts)
{
	int c;

	*opts = (struct minios_options){0};
	/* The default poller may come from the environment, so that a whole
	 * test suite can run under poll(2); --poller overrides it. */
	const char *poller = getenv("MINIOS_POLLER");
	if (poller && *poller) {
		if (strcmp(poller, "epoll") != 0 && strcmp(poller, "poll") != 0)
			return bad("MINIOS_POLLER: '%s': must be epoll or poll", poller);
		opts->poller_poll = strcmp(poller, "poll") == 0;
	}
	/* So can the policy; --sched overrides it. */
	const char *sched = getenv("MINIOS_SCHED");
	if (sched && *sched) {
		int r = take_sched(opts, "MINIOS_SCHED", sched);
		if (r != 0)
			return r;
	}
	/* So may the quantum (MINIOS_QUANTUM=0 runs every suite without
	 * preemption); --quantum overrides it. */
	opts->quantum_ns = -1;
	opts->watchdog_ns = -1;
	const char *quantum = getenv("MINIOS_QUANTUM");
	if (quantum && *quantum &&
	    parse_setting("MINIOS_QUANTUM", quantum, KERNEL_MIN_QUANTUM_NS, &opts->quantum_ns))
		return 2;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:f:", long_options, NULL)) != -1) {
		int r = (c == '?' || c == ':') ? unknown_option(argv, c)
					       : take_option(opts, c, optarg);
		if (r != 0) {
			minios_options_free(opts);
			return r;
		}
	}
	if (opts->help || opts->version)
		return 0;
	int r = check_modes(opts, argc, argv);
	if (r != 0)
		minios_options_free(opts);
	return r;
}

void minios_options_free(struct minios_options *opts)
{
	free(opts->execs);
	opts->execs = NULL;
	opts->nexecs = 0;
}
