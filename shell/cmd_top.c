/*
 * cmd_top.c - `top`: a live view of the tasks.
 *
 *   top - up 2.000s; 4 tasks: 1 running, 1 ready, 2 blocked; ready queue 1
 *   traps 812 (406.0/s), switches 830 (415.0/s)
 *     TID  PPID STATE                      CPU%  TRAPS/S    TRAPS COMMAND
 *       3     1 ready                      49.9    200.0      400 foo
 *
 * At a terminal it redraws about once a second until q or Ctrl-C; c and
 * t sort by CPU or by traps.  Off a terminal, or with -n COUNT, it prints
 * COUNT snapshots a second apart and ends.  Rates are over the time since
 * the last snapshot (since the start, for the first), so under the
 * virtual clock `top -n 1` prints the same on every run.  Like ps, it
 * uses TaskList and Stats only: the shell is a task like any other.
 */
#include <errno.h>
#include <inttypes.h>
#include <minios.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "shell/shell.h"
#include "userland/ulib.h"

#define TOP_INTERVAL_NS 1000000000LL
#define CLEAR_SCREEN "\033[H\033[2J"

enum sort_key { SORT_CPU, SORT_TRAPS };

/* One row: a task now, and its rates since the last snapshot. */
struct top_row {
	struct task_info info;
	int64_t cpu_permille; /* of the interval */
	uint64_t traps_per_10s;
};

struct top_state {
	enum sort_key sort;
	struct kernel_stats last_stats;
	struct task_info *last;
	int nlast;
};

static int by_key(const void *a, const void *b, enum sort_key key)
{
	const struct top_row *x = a, *y = b;
	int64_t dx = key == SORT_CPU ? x->cpu_permille : (int64_t)x->traps_per_10s;
	int64_t dy = key == SORT_CPU ? y->cpu_permille : (int64_t)y->traps_per_10s;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	if (x->info.traps != y->info.traps)
		return x->info.traps > y->info.traps ? -1 : 1;
	return x->info.tid - y->info.tid;
}
static int by_cpu(const void *a, const void *b)
{
	return by_key(a, b, SORT_CPU);
}
static int by_traps(const void *a, const void *b)
{
	return by_key(a, b, SORT_TRAPS);
}

static const struct task_info *previous(const struct top_state *s, int tid)
{
	for (int i = 0; i < s->nlast; i++)
		if (s->last[i].tid == tid)
			return &s->last[i];
	return NULL;
}

static const char *state_text(const struct task_info *t, char *buf, size_t size)
{
	if (t->state == TASK_READY)
		return "ready";
	if (t->state == TASK_RUNNING)
		return "running";
	return task_wait_text(t->wait, t->wait_id, t->wait_name, t->wake_at, buf, size);
}

/* count over ns, in tenths per second (exact: the virtual clock's
 * figures must not depend on floating-point rounding). */
static uint64_t tenths_per_second(uint64_t count, int64_t ns)
{
	return ns > 0 ? (uint64_t)((unsigned __int128)count * 10000000000u / (uint64_t)ns) : 0;
}

/* A rate per second, with one decimal, from a count over ns. */
static void put_rate(char *buf, size_t size, uint64_t count, int64_t ns)
{
	uint64_t tenths = tenths_per_second(count, ns);
	snprintf(buf, size, "%" PRIu64 ".%" PRIu64, tenths / 10, tenths % 10);
}

/* Prints one snapshot of at most max_rows tasks; returns false if the
 * kernel could not be asked. */
static bool snapshot(struct top_state *s, int max_rows)
{
	struct kernel_stats st;
	int count;
	if (sys_stats(&st) < 0)
		return false;
	struct task_info *tasks = shell_task_snapshot(&count);
	if (!tasks)
		return false;
	struct top_row *rows = u_calloc(count > 0 ? count : 1, sizeof *rows);
	if (!rows) {
		u_free(tasks);
		return false;
	}
	int64_t interval = st.uptime_ns - s->last_stats.uptime_ns;
	int by_state[3] = {0, 0, 0};
	for (int i = 0; i < count; i++) {
		const struct task_info *was = previous(s, tasks[i].tid);
		int64_t cpu = tasks[i].cpu_ns - (was ? was->cpu_ns : 0);
		uint64_t traps = tasks[i].traps - (was ? was->traps : 0);
		rows[i].info = tasks[i];
		rows[i].cpu_permille = interval > 0 ? cpu * 1000 / interval : 0;
		rows[i].traps_per_10s =
			interval > 0 ? (uint64_t)((double)traps * 1e10 / interval) : 0;
		if (tasks[i].state <= TASK_BLOCKED)
			by_state[tasks[i].state]++;
	}
	qsort(rows, count, sizeof *rows, s->sort == SORT_CPU ? by_cpu : by_traps);

	char up[32], traps_rate[32], switches_rate[32];
	put_rate(traps_rate, sizeof traps_rate, st.traps - s->last_stats.traps, interval);
	put_rate(switches_rate, sizeof switches_rate, st.switches - s->last_stats.switches,
		 interval);
	uprintf("top - up %s; %d tasks: %d running, %d ready, %d blocked; ready queue %d\n",
		shell_format_seconds(st.uptime_ns, up, sizeof up), count, by_state[TASK_RUNNING],
		by_state[TASK_READY], by_state[TASK_BLOCKED], by_state[TASK_READY]);
	uprintf("traps %" PRIu64 " (%s/s), switches %" PRIu64 " (%s/s); sorted by %s\n", st.traps,
		traps_rate, st.switches, switches_rate, s->sort == SORT_CPU ? "CPU" : "traps");
	uprintf("%5s %5s %-24s %6s %8s %8s %s\n", "TID", "PPID", "STATE", "CPU%", "TRAPS/S",
		"TRAPS", "COMMAND");
	for (int i = 0; i < count && i < max_rows; i++) {
		const struct top_row *r = &rows[i];
		char state[MINIOS_NAME_MAX + 32], rate[32];
		snprintf(rate, sizeof rate, "%" PRIu64 ".%" PRIu64, r->traps_per_10s / 10,
			 r->traps_per_10s % 10);
		uprintf("%5d %5d %-24s %4" PRId64 ".%" PRId64 " %8s %8" PRIu64 " %s\n", r->info.tid,
			r->info.ppid, state_text(&r->info, state, sizeof state),
			r->cpu_permille / 10, r->cpu_permille % 10, rate, r->info.traps,
			r->info.name);
	}
	if (count > max_rows)
		uprintf("(%d more)\n", count - max_rows);
	u_free(rows);
	u_free(s->last);
	s->last = tasks;
	s->nlast = count;
	s->last_stats = st;
	return true;
}

/* Waits up to the interval for a key; returns it, 0 for none, or -1 for
 * Ctrl-C.  Sleeps in short steps, looking at the terminal in between:
 * the shell must not block the others in a host read. */
static int wait_key(struct shell *sh)
{
	int64_t deadline = sys_clock_now() + TOP_INTERVAL_NS;
	while (sys_clock_now() < deadline) {
		struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
		if (poll(&p, 1, 0) == 1) {
			char c;
			if (read(STDIN_FILENO, &c, 1) == 1)
				return (unsigned char)c;
			return 'q'; /* the terminal is gone */
		}
		int r = sys_sleep(50000000);
		if (r == -EINTR && shell_take_notifications(sh))
			return -1;
	}
	return 0;
}

static int rows_that_fit(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 5)
		return ws.ws_row - 4;
	return 20;
}

static int live(struct shell *sh, struct top_state *s)
{
	struct termios saved, raw;
	bool have_terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
	if (have_terminal) {
		raw = saved;
		raw.c_lflag &= ~(ICANON | ECHO); /* keys one at a time; ISIG stays */
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	int status = CMD_OK;
	for (;;) {
		console_write_raw(0, CLEAR_SCREEN, sizeof CLEAR_SCREEN - 1);
		if (!snapshot(s, rows_that_fit())) {
			status = CMD_FAILED;
			break;
		}
		int key = wait_key(sh);
		if (key == 'q' || key == 'Q' || key == -1)
			break;
		if (key == 'c')
			s->sort = SORT_CPU;
		else if (key == 't')
			s->sort = SORT_TRAPS;
	}
	if (have_terminal)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	sh->interrupted = false; /* Ctrl-C ended top, not the session */
	return status;
}

static int cmd_top(struct shell *sh, int argc, char **argv)
{
	struct top_state s = {.sort = SORT_CPU};
	long count = -1;

	for (int i = 1; i < argc; i++) {
		char *end;
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			count = strtol(argv[++i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || count < 1 || count > 1000000) {
				shell_error("top", "-n: '%s': not a count from 1", argv[i]);
				return CMD_FAILED;
			}
		} else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "cpu") == 0) {
				s.sort = SORT_CPU;
			} else if (strcmp(argv[i], "traps") == 0) {
				s.sort = SORT_TRAPS;
			} else {
				shell_error("top", "-s: '%s': sort by cpu or traps", argv[i]);
				return CMD_FAILED;
			}
		} else {
			shell_error("top", "'%s': usage: top [-n N] [-s cpu|traps]", argv[i]);
			return CMD_FAILED;
		}
	}
	int status = CMD_OK;
	if (count < 0 && sh->mode == SHELL_INTERACTIVE && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO)) {
		status = live(sh, &s);
	} else {
		if (count < 0)
			count = 1;
		for (long n = 0; n < count && status == CMD_OK; n++) {
			if (n > 0) {
				int64_t deadline = sys_clock_now() + TOP_INTERVAL_NS;
				while (sys_clock_now() < deadline) {
					int r = sys_sleep(deadline - sys_clock_now());
					if (r == -EINTR && shell_take_notifications(sh))
						n = count;
				}
				if (n == count)
					break;
				uprintf("\n");
			}
			if (!snapshot(&s, 1 << 30))
				status = CMD_FAILED;
		}
	}
	u_free(s.last);
	if (status != CMD_OK)
		shell_error("top", "cannot read the tasks");
	return status;
}

const struct shell_command cmd_top_entry = {
	.name = "top",
	.usage = "top [-n N] [-s SORT]",
	.help = "a live view of the tasks (q quits); -n: N snapshots; SORT: cpu|traps",
	.min_args = 0,
	.max_args = 4,
	.args = {ARG_WORD},
	.exec = cmd_top,
};
