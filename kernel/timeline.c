/*
 * timeline.c - a picture of the run (see timeline.h).
 *
 * Every task is a track.  A trap ends a stretch on the CPU: under the
 * virtual clock the stretch is the trap's own microsecond (a preemption's
 * quantum); under the real clock it is the CPU time the task used since
 * its last trap, ending now.  No two stretches of different tasks may
 * overlap - there is one CPU - so a stretch never starts before the last
 * one ended.  A call that blocks starts a waiting stretch, labelled with
 * what it waits for, which ends when the task is woken or ends.
 *
 * JSON goes to the file as it happens (memory stays flat, and the file
 * only needs its closing lines at the end).  SVG needs the whole run to
 * scale the picture, so events wait in a buffer of TIMELINE_EVENTS_MAX;
 * what comes after that is counted, and the picture says so.
 */
#include "config.h"
#include "kernel/timeline.h"
#include "kernel/clock.h"
#include "kernel/intmap.h"
#include "kernel/kalloc.h"
#include "kernel/preempt.h"
#include "kernel/sem.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool timeline_on;

#define TIMELINE_EVENTS_MAX (256 * 1024)
#define TIMELINE_TASKS_MAX (256 * 1024)
#define SVG_ROWS_MAX 300
#define LABEL_MAX 28

enum tl_kind { EV_CPU, EV_BLOCKED, EV_SPAWN, EV_EXIT, EV_KILL, EV_FAULT, EV_PREEMPT, EV_DEADLOCK };

struct tl_event {
	int tid;
	uint8_t kind;
	int64_t start, dur;
	char label[LABEL_MAX];
};

/* What the timeline keeps of a task, until the recording stops. */
struct tl_task {
	int tid; /* the key */
	bool blocked;
	int64_t last_cpu_ns; /* its cpu_ns at its last trap */
	int64_t cpu_end;     /* when its last stretch on the CPU ended */
	int64_t blocked_since;
	int64_t busy_ns; /* CPU time recorded: the SVG keeps the busiest */
	char label[LABEL_MAX];
	char name[48];
};

static FILE *out;
static bool svg;
static bool first_event;
static int64_t started_at, last_cpu_end, last_time;
static struct intmap tasks;
static size_t ntasks;
static struct tl_event *events;
static size_t nevents;
static uint64_t dropped;

/* ---- JSON ---- */

static void json_string(const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_time(const char *key, int64_t ns)
{
	fprintf(out, ",\"%s\":%" PRId64 ".%03" PRId64, key, ns / 1000, ns % 1000);
}

static void json_begin(const char *name, const char *cat, const char *ph, int tid)
{
	fputs(first_event ? "\n" : ",\n", out);
	first_event = false;
	fputs("{\"name\":", out);
	json_string(name);
	fprintf(out, ",\"cat\":\"%s\",\"ph\":\"%s\",\"pid\":1,\"tid\":%d", cat, ph, tid);
}

static const char *kind_name(int kind)
{
	static const char *const names[] = {"cpu",  "blocked", "spawn",   "exit",
					    "kill", "fault",   "preempt", "deadlock"};
	return names[kind];
}

/* ---- recording ---- */

static void record(int tid, int kind, int64_t start, int64_t dur, const char *label)
{
	if (start + dur > last_time)
		last_time = start + dur;
	if (!svg) {
		const char *name = label && *label ? label : kind_name(kind);
		bool slice = kind == EV_CPU || kind == EV_BLOCKED;
		json_begin(name, slice ? kind_name(kind) : "event", slice ? "X" : "i", tid);
		json_time("ts", start);
		if (slice)
			json_time("dur", dur);
		else
			fprintf(out, ",\"s\":\"%s\"", kind == EV_DEADLOCK ? "g" : "t");
		fputc('}', out);
		return;
	}
	if (!events && !(events = kcalloc(TIMELINE_EVENTS_MAX, sizeof *events))) {
		dropped++;
		return;
	}
	if (nevents == TIMELINE_EVENTS_MAX) {
		dropped++;
		return;
	}
	struct tl_event *e = &events[nevents++];
	e->tid = tid;
	e->kind = (uint8_t)kind;
	e->start = start;
	e->dur = dur;
	snprintf(e->label, sizeof e->label, "%s", label ? label : "");
}

/* The timeline's record of t, made on first sight (NULL when there are
 * too many tasks, or no memory: t is then left out). */
static struct tl_task *track(const struct task *t)
{
	struct tl_task *r = intmap_get(&tasks, t->tid);
	if (r || ntasks == TIMELINE_TASKS_MAX || !(r = kcalloc(1, sizeof *r)))
		return r;
	r->tid = t->tid;
	r->last_cpu_ns = t->cpu_ns;
	r->cpu_end = clock_now();
	snprintf(r->name, sizeof r->name, "%d %s", t->tid, t->name);
	if (intmap_put(&tasks, r) < 0) {
		free(r);
		return NULL;
	}
	ntasks++;
	if (!svg) {
		json_begin("thread_name", "__metadata", "M", t->tid);
		fputs(",\"args\":{\"name\":", out);
		json_string(r->name);
		fputs("}}", out);
		json_begin("thread_sort_index", "__metadata", "M", t->tid);
		fprintf(out, ",\"args\":{\"sort_index\":%d}}", t->tid);
	}
	return r;
}

/* A stretch on the CPU of dur ns, ending at end (or, under the virtual
 * clock, starting now: the trap's time passes after the handler). */
static void on_cpu(struct task *t, int64_t dur)
{
	struct tl_task *r = track(t);
	if (!r)
		return;
	int64_t now = clock_now(), start, end;
	if (clock_is_virtual()) {
		start = now;
		end = now + dur;
	} else {
		end = now;
		start = now - dur;
	}
	if (start < last_cpu_end)
		start = last_cpu_end;
	if (start < started_at)
		start = started_at;
	r->last_cpu_ns = t->cpu_ns;
	if (end > start) {
		record(t->tid, EV_CPU, start, end - start, NULL);
		r->busy_ns += end - start;
		last_cpu_end = end;
	}
	r->cpu_end = end > start ? end : start;
}

void timeline_trap(struct task *t)
{
	struct tl_task *r = track(t);
	if (!r)
		return;
	on_cpu(t, clock_is_virtual() ? MINIOS_VIRTUAL_TRAP_NS : t->cpu_ns - r->last_cpu_ns);
}

void timeline_preempted(struct task *t)
{
	struct tl_task *r = track(t);
	if (!r)
		return;
	on_cpu(t, clock_is_virtual() ? preempt_quantum() : t->cpu_ns - r->last_cpu_ns);
	record(t->tid, EV_PREEMPT, r->cpu_end, 0, "preempted");
}

/* A wait's length for its label, rounded the way a person says it (the
 * real clock leaves a sleep of 400ms with 399999us to go). */
static void duration_text(int64_t ns, char *buf, size_t size)
{
	if (ns % 1000000000 == 0 && ns > 0)
		snprintf(buf, size, "%" PRId64 "s", ns / 1000000000);
	else if (ns >= 10000000)
		snprintf(buf, size, "%" PRId64 "ms", (ns + 500000) / 1000000);
	else if (ns >= 1000000)
		snprintf(buf, size, "%" PRId64 ".%" PRId64 "ms", (ns + 50000) / 1000000,
			 (ns + 50000) / 100000 % 10);
	else
		snprintf(buf, size, "%" PRId64 "us", (ns + 500) / 1000);
}

void timeline_blocked(struct task *t)
{
	struct tl_task *r = track(t);
	if (!r)
		return;
	char d[LABEL_MAX - 8];
	switch (t->wait) {
	case TASK_WAIT_SLEEP:
		duration_text(timer_deadline(t) - clock_now(), d, sizeof d);
		snprintf(r->label, sizeof r->label, "Sleep %s", d);
		break;
	case TASK_WAIT_TASK:
		snprintf(r->label, sizeof r->label, "WaitTask %d", t->wait_id);
		break;
	case TASK_WAIT_READ:
		snprintf(r->label, sizeof r->label, "ReadWait fd %d", t->wait_id);
		break;
	case TASK_WAIT_WRITE:
		snprintf(r->label, sizeof r->label, "WriteWait fd %d", t->wait_id);
		break;
	case TASK_WAIT_SEM:
		snprintf(r->label, sizeof r->label, "sem %s", sem_name(t->wait_obj));
		break;
	case TASK_WAIT_CHILD:
		snprintf(r->label, sizeof r->label, "WaitChild");
		break;
	case TASK_WAIT_PIPE_READ:
		snprintf(r->label, sizeof r->label, "PipeRead pipe %d", t->wait_id);
		break;
	case TASK_WAIT_PIPE_WRITE:
		snprintf(r->label, sizeof r->label, "PipeWrite pipe %d", t->wait_id);
		break;
	default:
		snprintf(r->label, sizeof r->label, "blocked");
		break;
	}
	r->blocked = true;
	r->blocked_since = r->cpu_end;
}

static void end_wait(struct tl_task *r)
{
	int64_t now = clock_now();
	if (r->blocked && now > r->blocked_since)
		record(r->tid, EV_BLOCKED, r->blocked_since, now - r->blocked_since, r->label);
	r->blocked = false;
}

void timeline_resumed(struct task *t)
{
	struct tl_task *r = intmap_get(&tasks, t->tid);
	if (r)
		end_wait(r);
}

void timeline_spawned(int tid)
{
	struct task *t = task_lookup(tid);
	if (t && track(t))
		record(tid, EV_SPAWN, clock_now(), 0, "spawn");
}

void timeline_ended(struct task *t, int status)
{
	struct tl_task *r = track(t);
	if (!r)
		return;
	end_wait(r);
	char what[LABEL_MAX];
	int kind = TASK_WAS_KILLED(status)    ? EV_KILL
		   : TASK_WAS_FAULTED(status) ? EV_FAULT
					      : EV_EXIT;
	task_status_text(status, what, sizeof what);
	record(t->tid, kind, clock_now(), 0, what);
}

void timeline_deadlock(int tid)
{
	record(tid, EV_DEADLOCK, clock_now(), 0, "deadlock");
}

/* ---- SVG ---- */

static void xml_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			if ((unsigned char)*s >= 0x20)
				fputc(*s, out);
		}
	}
}

static int by_tid_then_time(const void *a, const void *b)
{
	const struct tl_event *x = a, *y = b;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

struct row_list {
	struct tl_task **rows;
	size_t n;
};

static void collect_row(void *value, void *ctx)
{
	struct row_list *l = ctx;
	l->rows[l->n++] = value;
}

static int by_busy(const void *a, const void *b)
{
	const struct tl_task *x = *(struct tl_task *const *)a, *y = *(struct tl_task *const *)b;
	if (x->busy_ns != y->busy_ns)
		return x->busy_ns > y->busy_ns ? -1 : 1;
	return x->tid - y->tid;
}

static int by_row_tid(const void *a, const void *b)
{
	const struct tl_task *x = *(struct tl_task *const *)a, *y = *(struct tl_task *const *)b;
	return x->tid - y->tid;
}

#define SVG_LEFT 190
#define SVG_WIDTH 1000
#define SVG_ROW 18
#define SVG_TOP 48

static double svg_x(int64_t t, int64_t t0, int64_t span)
{
	return SVG_LEFT + (double)(t - t0) * SVG_WIDTH / (double)span;
}

static void svg_legend(int y)
{
	fprintf(out,
		"<g class=\"legend\" transform=\"translate(%d,%d)\">\n"
		"<rect x=\"0\" y=\"0\" width=\"14\" height=\"10\" class=\"cpu\"/>"
		"<text x=\"20\" y=\"9\">on the CPU</text>\n"
		"<rect x=\"110\" y=\"0\" width=\"14\" height=\"10\" class=\"blocked\"/>"
		"<text x=\"130\" y=\"9\">blocked (what it waits for)</text>\n"
		"<path d=\"M300,0 l5,10 l-10,0 z\" class=\"spawn\"/>"
		"<text x=\"312\" y=\"9\">spawn</text>\n"
		"<circle cx=\"370\" cy=\"5\" r=\"4\" class=\"exit\"/>"
		"<text x=\"380\" y=\"9\">exit</text>\n"
		"<path d=\"M420,0 l8,10 M428,0 l-8,10\" class=\"kill\"/>"
		"<text x=\"434\" y=\"9\">killed / fault</text>\n"
		"<path d=\"M525,0 l0,10\" class=\"preempt\"/>"
		"<text x=\"531\" y=\"9\">preempted</text>\n"
		"<path d=\"M610,0 l0,10\" class=\"deadlock\"/>"
		"<text x=\"616\" y=\"9\">deadlock</text>\n"
		"</g>\n",
		SVG_LEFT, y);
}

static void svg_marker(const struct tl_event *e, double x, int y)
{
	int mid = y + SVG_ROW / 2 - 1;
	fputs("<g>", out);
	if (e->kind != EV_PREEMPT && e->label[0]) {
		fputs("<title>", out);
		xml_text(e->label);
		fputs("</title>", out);
	}
	switch (e->kind) {
	case EV_SPAWN:
		fprintf(out, "<path d=\"M%.1f,%d l5,10 l-10,0 z\" class=\"spawn\"/>", x, mid - 5);
		break;
	case EV_EXIT:
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" class=\"exit\"/>", x, mid);
		break;
	case EV_KILL:
	case EV_FAULT:
		fprintf(out, "<path d=\"M%.1f,%d l8,10 M%.1f,%d l-8,10\" class=\"kill\"/>", x - 4,
			mid - 5, x + 4, mid - 5);
		break;
	case EV_PREEMPT:
		fprintf(out, "<path d=\"M%.1f,%d l0,%d\" class=\"preempt\"/>", x, y, SVG_ROW - 2);
		break;
	}
	fputs("</g>\n", out);
}

/* CPU stretches are at least this wide, so that a task that ran for a
 * microsecond still shows where it ran. */
#define SVG_CPU_MIN_WIDTH 1.5

static void svg_cpu(double from, double to, int y)
{
	double w = to - from < SVG_CPU_MIN_WIDTH ? SVG_CPU_MIN_WIDTH : to - from;
	fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"cpu\"/>\n",
		from, y + 1, w, SVG_ROW - 4);
}

static void svg_blocked(const struct tl_event *e, double x, double x2, int y)
{
	double w = x2 - x < 0.5 ? 0.5 : x2 - x;
	fprintf(out,
		"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"blocked\">"
		"<title>",
		x, y + 3, w, SVG_ROW - 8);
	xml_text(e->label);
	fputs("</title></rect>\n", out);
	if (w > 6.0 * (double)strlen(e->label)) {
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"label\">", x + 2, y + 12);
		xml_text(e->label);
		fputs("</text>\n", out);
	}
}

/* One task's row: its name, then in three layers its waits, its
 * stretches on the CPU (over the waits) and its markers (over both). */
static void svg_row(struct tl_task *r, int y, size_t *ev, int64_t t0, int64_t span)
{
	char shown[40];
	snprintf(shown, sizeof shown, "%.30s%s", r->name, strlen(r->name) > 30 ? "..." : "");
	fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"name\"><title>", SVG_LEFT - 6, y + 12);
	xml_text(r->name); /* the whole name in a tooltip */
	fputs("</title>", out);
	xml_text(shown);
	fputs("</text>\n", out);
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"lane\"/>\n",
		SVG_LEFT, y, SVG_WIDTH, SVG_ROW - 2);
	size_t first = *ev, end = first;
	while (end < nevents && events[end].tid == r->tid)
		end++;
	*ev = end;
	for (int layer = 0; layer < 3; layer++) {
		double cpu_from = -1, cpu_to = -1;
		for (size_t i = first; i < end; i++) {
			const struct tl_event *e = &events[i];
			double x = svg_x(e->start, t0, span),
			       x2 = svg_x(e->start + e->dur, t0, span);
			if (layer == 0 && e->kind == EV_BLOCKED) {
				svg_blocked(e, x, x2, y);
			} else if (layer == 1 && e->kind == EV_CPU) {
				/* Stretches closer than a pixel are drawn as one. */
				if (cpu_to >= 0 && x - cpu_to < 1.0) {
					cpu_to = x2;
					continue;
				}
				if (cpu_to >= 0)
					svg_cpu(cpu_from, cpu_to, y);
				cpu_from = x;
				cpu_to = x2;
			} else if (layer == 2 && e->kind != EV_CPU && e->kind != EV_BLOCKED &&
				   e->kind != EV_DEADLOCK) {
				svg_marker(e, x, y);
			}
		}
		if (cpu_to >= 0)
			svg_cpu(cpu_from, cpu_to, y);
	}
}

static void write_svg(void)
{
	struct row_list l = {kcalloc(ntasks ? ntasks : 1, sizeof *l.rows), 0};
	if (!l.rows)
		return;
	intmap_for_each(&tasks, collect_row, &l);
	size_t left_out = 0;
	if (l.n > SVG_ROWS_MAX) {
		qsort(l.rows, l.n, sizeof *l.rows, by_busy);
		left_out = l.n - SVG_ROWS_MAX;
		l.n = SVG_ROWS_MAX;
	}
	qsort(l.rows, l.n, sizeof *l.rows, by_row_tid);
	qsort(events, nevents, sizeof *events, by_tid_then_time);

	int64_t t0 = started_at, span = last_time > t0 ? last_time - t0 : 1;
	int height = SVG_TOP + (int)l.n * SVG_ROW + 70;
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n"
		"<title>minios timeline</title>\n"
		"<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
		"patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
		"<rect width=\"6\" height=\"6\" fill=\"#fbe3c0\"/>"
		"<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d98b2b\" stroke-width=\"2\"/>"
		"</pattern></defs>\n"
		"<style>.cpu{fill:#2f6fd0}.blocked{fill:url(#hatch);stroke:#d98b2b;"
		"stroke-width:0.5}.lane{fill:#f4f4f4}.name{text-anchor:end}"
		".label{font-size:9px;fill:#6b3d00}.spawn{fill:#2a9d3a}"
		".exit{fill:#333}.kill{stroke:#d02020;stroke-width:2;fill:none}"
		".preempt{stroke:#888;stroke-width:1}.deadlock{stroke:#d02020;stroke-width:2}"
		".axis{stroke:#999;stroke-width:0.5}</style>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		SVG_LEFT + SVG_WIDTH + 20, height, SVG_LEFT + SVG_WIDTH + 20, height);
	fprintf(out, "<text x=\"10\" y=\"16\" font-size=\"13\">minios: %zu tasks, ", ntasks);
	fprintf(out, "%" PRId64 ".%03" PRId64 "s (%s clock)</text>\n", span / 1000000000,
		span / 1000000 % 1000, clock_is_virtual() ? "virtual" : "real");
	/* The time axis: ten steps. */
	for (int i = 0; i <= 10; i++) {
		int64_t t = t0 + span * i / 10;
		double x = svg_x(t, t0, span);
		fprintf(out,
			"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"axis\"/>"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%" PRId64 ".%03" PRId64
			"s</text>\n",
			x, SVG_TOP - 4, x, SVG_TOP + (int)l.n * SVG_ROW, x, SVG_TOP - 8,
			t / 1000000000, t / 1000000 % 1000);
	}
	size_t ev = 0;
	for (size_t i = 0; i < l.n; i++) {
		while (ev < nevents && events[ev].tid < l.rows[i]->tid)
			ev++;
		svg_row(l.rows[i], SVG_TOP + (int)i * SVG_ROW, &ev, t0, span);
	}
	for (size_t i = 0; i < nevents; i++) {
		if (events[i].kind != EV_DEADLOCK)
			continue;
		double x = svg_x(events[i].start, t0, span);
		fprintf(out,
			"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"deadlock\">"
			"<title>deadlock</title></line>\n"
			"<text x=\"%.1f\" y=\"%d\" fill=\"#d02020\">deadlock</text>\n",
			x, SVG_TOP - 2, x, SVG_TOP + (int)l.n * SVG_ROW, x + 3,
			SVG_TOP + (int)l.n * SVG_ROW + 12);
	}
	int y = SVG_TOP + (int)l.n * SVG_ROW + 24;
	svg_legend(y);
	if (left_out || dropped) {
		fprintf(out, "<text x=\"%d\" y=\"%d\">", SVG_LEFT, y + 30);
		if (left_out)
			fprintf(out, "%zu less busy tasks left out. ", left_out);
		if (dropped)
			fprintf(out, "%" PRIu64 " events after the first %d not drawn.", dropped,
				TIMELINE_EVENTS_MAX);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
	free(l.rows);
}

/* ---- start and stop ---- */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

int timeline_start(const char *file, char *why, size_t why_size)
{
	bool is_svg = ends_with(file, ".svg");
	if (!is_svg && !ends_with(file, ".json")) {
		snprintf(why, why_size, "%s: name it FILE.json or FILE.svg", file);
		return -EINVAL;
	}
	if (timeline_on) {
		snprintf(why, why_size, "a timeline is being recorded already");
		return -EBUSY;
	}
	FILE *f = fopen(file, "w");
	if (!f) {
		int err = errno;
		snprintf(why, why_size, "%s: %s", file, strerror(err));
		return -err;
	}
	out = f;
	svg = is_svg;
	first_event = true;
	started_at = last_cpu_end = last_time = clock_now();
	intmap_init(&tasks, offsetof(struct tl_task, tid));
	ntasks = nevents = 0;
	dropped = 0;
	if (!svg) {
		fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", out);
		json_begin("process_name", "__metadata", "M", 0);
		fputs(",\"args\":{\"name\":\"minios\"}}", out);
	}
	timeline_on = true;
	return 0;
}

static void free_task(void *value, void *ctx)
{
	(void)ctx;
	free(value);
}

void timeline_stop(void)
{
	if (!timeline_on)
		return;
	timeline_on = false;
	if (svg) {
		write_svg();
	} else {
		fputs("\n],\"otherData\":{\"clock\":", out);
		json_string(clock_is_virtual() ? "virtual" : "real");
		fprintf(out, ",\"dropped\":%" PRIu64 "}}\n", dropped);
	}
	fclose(out);
	out = NULL;
	intmap_for_each(&tasks, free_task, NULL);
	intmap_free(&tasks);
	free(events);
	events = NULL;
	nevents = ntasks = 0;
}
