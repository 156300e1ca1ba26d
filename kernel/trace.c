/*
 * trace.c - the system-call trace (strace for tasks).
 *
 * A traced trap gives one line:
 *
 *   0.012000 [3 philosophers] SemWait(2<fork 1>) = 0 <0.250s>
 *
 * the kernel clock when the call was made, the task, the call with its
 * arguments decoded (syscall_describe, beside the table), `=` and the
 * result (a negative errno by name), and for a call that blocked, the
 * time it blocked.  A call that does not return (Exit, a task killed
 * while it waits) ends in `= ?` and what became of the task.
 *
 * The line of a call that blocks is written when the task is completed
 * (by whoever woke it), so each line is whole; until then its beginning
 * waits in a record of the task's, keyed by tid.  Lines go to the
 * console's error stream (so the shell redraws its prompt around them) or
 * to the --trace-file.  Under the virtual clock the times, and so the
 * whole trace, are the same on every run.
 */
#include "config.h"
#include "kernel/trace.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/intmap.h"
#include "kernel/kalloc.h"
#include "kernel/task.h"
#include "kernel/timeline.h"
#include "kernel/trap.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool trace_on;
static bool tracing; /* the lines; trace_on is this or a timeline */
const struct syscall_entry *trap_table = syscall_table;
static struct syscall_entry traced_table[SYS_NCALLS];

#define TRACE_LINE_MAX 512
#define TRACE_TIDS_MAX 64

/* A call on its way: the beginning of its line, and when it was made. */
struct trace_record {
	int tid; /* the key of the pending map */
	int nr;
	int64_t start_ns;
	bool printed;
	char head[TRACE_LINE_MAX];
};

static struct {
	uint64_t calls_mask; /* calls traced; all when calls_set is false */
	bool calls_set;
	bool errors_only;
	bool all_tasks;
	int ntids;
	int tids[TRACE_TIDS_MAX];
} filter;

_Static_assert(SYS_NCALLS <= 64, "the call filter is a 64-bit mask");

static struct trace_summary_row summary[SYS_NCALLS];
static FILE *trace_file;
static struct trace_record inflight; /* the call whose handler runs */
static struct intmap pending;        /* tid -> record of a blocked call */
static bool pending_ready;

static bool task_traced(int tid)
{
	if (filter.all_tasks)
		return true;
	for (int i = 0; i < filter.ntids; i++)
		if (filter.tids[i] == tid)
			return true;
	return false;
}

static bool call_traced(int nr)
{
	return !filter.calls_set || (filter.calls_mask & (UINT64_C(1) << nr));
}

static long trace_call(struct task *t, const long *arg);

/* on: lines wanted (or not); the timeline says for itself. */
static void set_on(bool lines)
{
	tracing = lines;
	bool on = tracing || timeline_on;
	trace_on = on;
	if (on && traced_table[0].handler == NULL)
		for (int nr = 0; nr < SYS_NCALLS; nr++)
			traced_table[nr] =
				(struct syscall_entry){trace_call, syscall_table[nr].name};
	trap_table = on ? traced_table : syscall_table;
}

static void emit(const char *line)
{
	if (trace_file)
		fputs(line, trace_file);
	else
		kernel_printf(1, "%s", line);
}

static void format_seconds(int64_t ns, int decimals, char *buf, size_t size)
{
	if (ns < 0)
		ns = 0;
	if (decimals == 3)
		snprintf(buf, size, "%" PRId64 ".%03" PRId64, ns / 1000000000, ns / 1000000 % 1000);
	else
		snprintf(buf, size, "%" PRId64 ".%06" PRId64, ns / 1000000000, ns / 1000 % 1000000);
}

static void format_result(long ret, char *buf, size_t size)
{
	const char *name = ret < 0 ? syscall_errno_name(ret) : NULL;
	if (name)
		snprintf(buf, size, "-%s", name);
	else
		snprintf(buf, size, "%ld", ret);
}

/* Writes the record's line with its result; blocked: how long it was
 * blocked (-1: it did not block). */
static void finish(struct trace_record *r, long ret, int64_t blocked_ns)
{
	struct trace_summary_row *row = &summary[r->nr];
	if (ret < 0)
		row->errors++;
	if (blocked_ns > 0)
		row->blocked_ns += blocked_ns;
	r->printed = true;
	if (filter.errors_only && ret >= 0)
		return;
	char result[48], took[32] = "", line[TRACE_LINE_MAX + 96];
	format_result(ret, result, sizeof result);
	if (blocked_ns >= 0) {
		char s[24];
		format_seconds(blocked_ns, 3, s, sizeof s);
		snprintf(took, sizeof took, " <%ss>", s);
	}
	snprintf(line, sizeof line, "%s = %s%s\n", r->head, result, took);
	emit(line);
}

/* What a call did, for the timeline: t blocked (if it still exists:
 * the call may have ended it), a task made or killed, a deadlock found. */
static void timeline_after(struct task *t, int nr, long ret)
{
	int tid = t->tid; /* t may be gone: then tid is stale but unused */
	struct task *still = task_current();
	if (ret == TRAP_HANDLED && still == t && t->state == TASK_BLOCKED)
		timeline_blocked(t);
	/* A call that found a deadlock may have completed its task itself
	 * (SemWait wakes it with -EDEADLK). */
	long result =
		ret == TRAP_HANDLED && still == t && t->state == TASK_READY ? t->frame.ret : ret;
	if (result == -EDEADLK && still == t)
		timeline_deadlock(tid);
	if (nr == SYS_NEWTASK && ret > 0)
		timeline_spawned((int)ret);
}

/* Every row of traced_table: call t->frame.nr (which the loop checked),
 * traced. */
static long trace_call(struct task *t, const long *arg)
{
	(void)arg;
	int nr = t->frame.nr;
	if (timeline_on)
		timeline_trap(t);
	if (!tracing || !task_traced(t->tid) || !call_traced(nr)) {
		long ret = syscall_table[nr].handler(t, t->frame.arg);
		if (timeline_on)
			timeline_after(t, nr, ret);
		return ret;
	}
	struct trace_record *r = &inflight;
	char time[32], call[TRACE_LINE_MAX / 2];
	r->tid = t->tid;
	r->nr = nr;
	r->start_ns = clock_now();
	r->printed = false;
	format_seconds(r->start_ns, 6, time, sizeof time);
	/* Decoded before the handler runs: it may free what the arguments
	 * name (a semaphore destroyed, a task ended). */
	syscall_describe(nr, t->frame.arg, call, sizeof call);
	snprintf(r->head, sizeof r->head, "%s [%d %s] %s", time, t->tid, t->name, call);
	summary[nr].calls++;

	long ret = syscall_table[nr].handler(t, t->frame.arg);
	if (timeline_on)
		timeline_after(t, nr, ret);

	if (ret != TRAP_HANDLED) {
		finish(r, ret, -1);
	} else if (!r->printed && task_lookup(r->tid) == t && t->state == TASK_BLOCKED) {
		/* It waits: keep the line's beginning until it is woken. */
		struct trace_record *keep = kmalloc(sizeof *keep);
		if (keep) {
			*keep = *r;
			if (!pending_ready) {
				intmap_init(&pending, offsetof(struct trace_record, tid));
				pending_ready = true;
			}
			if (intmap_put(&pending, keep) < 0)
				free(keep);
		}
	}
	r->tid = 0;
	return ret;
}

/* The record of t's call in progress, if it is traced. */
static struct trace_record *record_of(const struct task *t, bool *kept)
{
	*kept = false;
	if (inflight.tid == t->tid && !inflight.printed)
		return &inflight;
	if (!pending_ready)
		return NULL;
	struct trace_record *r = intmap_remove(&pending, t->tid);
	*kept = r != NULL;
	return r;
}

void trace_task_resumed(struct task *t, long ret)
{
	if (timeline_on)
		timeline_resumed(t);
	if (!tracing)
		return;
	bool kept;
	struct trace_record *r = record_of(t, &kept);
	if (!r)
		return;
	/* Only a task that was blocked reaches here with a record. */
	finish(r, ret, clock_now() - r->start_ns);
	if (kept)
		free(r);
}

void trace_task_ended(struct task *t, int status)
{
	if (timeline_on)
		timeline_ended(t, status);
	if (!tracing)
		return;
	bool kept;
	struct trace_record *r = record_of(t, &kept);
	if (!r) {
		/* It returned from its entry function, or faulted, or was
		 * killed while ready: its end is a line of its own. */
		if (task_traced(t->tid) && !filter.errors_only && !filter.calls_set) {
			char time[32], what[64], line[TRACE_LINE_MAX];
			format_seconds(clock_now(), 6, time, sizeof time);
			snprintf(line, sizeof line, "%s [%d %s] +++ %s +++\n", time, t->tid,
				 t->name, task_status_text(status, what, sizeof what));
			emit(line);
		}
		return;
	}
	r->printed = true;
	if (!filter.errors_only) {
		char what[64], line[TRACE_LINE_MAX + 96];
		snprintf(line, sizeof line, "%s = ? +++ %s +++\n", r->head,
			 task_status_text(status, what, sizeof what));
		emit(line);
	}
	if (kept)
		free(r);
}

static int call_number(const char *name, size_t len)
{
	for (int nr = 0; nr < syscall_table_size; nr++) {
		const char *n = syscall_table[nr].name;
		if (n && strlen(n) == len && strncasecmp(n, name, len) == 0)
			return nr;
	}
	return -1;
}

/* Parses one word of a filter into filter; false if it means nothing. */
static bool take_word(const char *w, size_t len)
{
	if (len == 6 && strncmp(w, "errors", 6) == 0) {
		filter.errors_only = true;
		return true;
	}
	if (len > 4 && strncmp(w, "tid:", 4) == 0) {
		long tid = 0;
		for (size_t i = 4; i < len; i++) {
			if (w[i] < '0' || w[i] > '9' || tid > INT32_MAX / 10)
				return false;
			tid = tid * 10 + (w[i] - '0');
		}
		if (tid < 1 || filter.ntids == TRACE_TIDS_MAX)
			return false;
		filter.all_tasks = false;
		filter.tids[filter.ntids++] = (int)tid;
		return true;
	}
	int nr = call_number(w, len);
	if (nr < 0)
		return false;
	filter.calls_set = true;
	filter.calls_mask |= UINT64_C(1) << nr;
	return true;
}

int trace_start(const char *text, const char *file, char *why, size_t why_size)
{
	memset(&filter, 0, sizeof filter);
	filter.all_tasks = true;
	for (const char *w = text ? text : ""; *w;) {
		size_t len = strcspn(w, ",");
		if (len > 0 && !take_word(w, len)) {
			snprintf(why, why_size, "'%.*s': not a call name, tid:N or errors",
				 (int)len, w);
			memset(&filter, 0, sizeof filter);
			return -EINVAL;
		}
		w += len + (w[len] == ',');
	}
	if (file) {
		FILE *f = fopen(file, "w");
		if (!f) {
			int err = errno;
			snprintf(why, why_size, "%s: %s", file, strerror(err));
			return -err;
		}
		if (trace_file)
			fclose(trace_file);
		trace_file = f;
	}
	set_on(true);
	return 0;
}

int trace_control(int op, int tid, struct trace_summary_row *rows)
{
	switch (op) {
	case TRACE_OFF:
		set_on(false);
		if (trace_file)
			fflush(trace_file);
		return 0;
	case TRACE_ALL:
		filter.all_tasks = true;
		filter.ntids = 0;
		set_on(true);
		return 0;
	case TRACE_TID:
		if (tid < 1 || !task_lookup(tid))
			return -ESRCH;
		if (!trace_on) {
			filter.all_tasks = false;
			filter.ntids = 0;
		}
		set_on(true);
		if (filter.all_tasks || task_traced(tid))
			return 0;
		if (filter.ntids == TRACE_TIDS_MAX)
			return -ENOSPC;
		filter.tids[filter.ntids++] = tid;
		return 0;
	case TRACE_SUMMARY:
		if (!rows)
			return -EINVAL;
		memcpy(rows, summary, sizeof summary);
		return 0;
	}
	return -EINVAL;
}

static void free_record(void *value, void *ctx)
{
	(void)ctx;
	free(value);
}

void trace_preempted(struct task *t)
{
	if (timeline_on)
		timeline_preempted(t);
}

void trace_deadlock(void)
{
	if (timeline_on)
		timeline_deadlock(0);
}

int trace_timeline(const char *file, char *why, size_t why_size)
{
	int r = 0;
	if (file)
		r = timeline_start(file, why, why_size);
	else if (timeline_on)
		timeline_stop();
	else
		r = -ENOENT;
	set_on(tracing);
	return r;
}

void trace_fini(void)
{
	timeline_stop();
	set_on(false);
	if (trace_file) {
		fclose(trace_file);
		trace_file = NULL;
	}
	if (pending_ready) {
		intmap_for_each(&pending, free_record, NULL);
		intmap_free(&pending);
		pending_ready = false;
	}
	memset(&filter, 0, sizeof filter);
	memset(summary, 0, sizeof summary);
	inflight.tid = 0;
}
