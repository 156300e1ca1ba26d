/*
 * console.c - task output, in whole lines.
 *
 * Each task has a line buffer per stream.  Bytes wait there until a newline
 * completes a line (or the task ends), and then the line goes to the sink in
 * one piece.  So the lines of different tasks never mix, and a shell that
 * redraws its prompt around task output always has whole lines to put above
 * it.  The default sink writes with write(2), unbuffered, so out and err
 * keep their order when they go to the same file.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/console.h"
#include "kernel/task.h"
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A line longer than this is cut and sent in pieces. */
#define CONSOLE_LINE_MAX (64 * 1024)

/* A task's partial lines, one per stream, allocated on its first write. */
struct console_line {
	char *buf;
	size_t len, cap;
};
struct console_lines {
	struct console_line out, err;
};

static console_sink_fn sink;

/* Nobody reads minios's output any more (minios ... | head -1).  A command
 * in a pipeline then dies of SIGPIPE, and so does minios: its tasks would
 * otherwise go on writing to nobody, for ever.  The host's SIGPIPE stays
 * ignored for everything else (a task's own pipe or socket gets EPIPE).
 * Only stdout: with a terminal on stdout, readline owns it, and dying of
 * a closed stderr would leave it in raw mode. */
static void stdout_reader_gone(void)
{
	signal(SIGPIPE, SIG_DFL);
	raise(SIGPIPE);
}

/* The one loop that puts console bytes on the host's fds: the default sink
 * uses it, and so does a sink of the shell's (through <minios.h>). */
void console_write_raw(int err, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(err ? 2 : 1, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE && !err)
			stdout_reader_gone();
		if (n <= 0)
			return; /* the terminal is gone; nothing to tell */
		p += n;
		len -= (size_t)n;
	}
}

static void default_sink(int err, const char *line, size_t len)
{
	console_write_raw(err, line, len);
}

void console_init(console_sink_fn fn)
{
	sink = fn ? fn : default_sink;
}

console_sink_fn kernel_console_sink(void)
{
	return sink ? sink : default_sink;
}

static void emit(int err, const char *line, size_t len)
{
	kernel_console_sink()(err, line, len);
}

static void flush_line(struct console_line *l, int err)
{
	if (l->len == 0)
		return;
	if (l->buf[l->len - 1] != '\n') {
		if (l->len == l->cap) {
			char *b = krealloc(l->buf, l->cap + 1);
			if (!b) {
				emit(err, l->buf, l->len);
				l->len = 0;
				return;
			}
			l->buf = b;
			l->cap++;
		}
		l->buf[l->len++] = '\n';
	}
	emit(err, l->buf, l->len);
	l->len = 0;
}

void console_task_write(struct task *t, int err, const void *buf, size_t len)
{
	/* The line buffers live in the task's extra parts, made on the
	 * first partial line: whole lines with nothing pending need none. */
	struct console_lines *c = t->extra ? t->extra->console : NULL;
	if (!c && len > 0 && ((const char *)buf)[len - 1] == '\n') {
		for (const char *p = buf, *stop = p + len; p < stop;) {
			const char *nl = memchr(p, '\n', (size_t)(stop - p));
			emit(err, p, (size_t)(nl - p) + 1);
			p = nl + 1;
		}
		return;
	}
	struct task_extra *x = c ? t->extra : task_extra(t);
	if (!c && (!x || !(c = x->console = kcalloc(1, sizeof *c)))) {
		emit(err, buf, len); /* no memory for a line buffer: as it comes */
		return;
	}
	struct console_line *l = err ? &c->err : &c->out;
	const char *p = buf;
	while (len > 0) {
		const char *nl = memchr(p, '\n', len);
		size_t take = nl ? (size_t)(nl - p) + 1 : len;
		if (l->len == 0 && nl) {
			/* A whole line with nothing pending: no copy. */
			emit(err, p, take);
		} else {
			if (l->len + take > l->cap) {
				size_t cap = l->len + take;
				cap = cap < 128 ? 128 : cap * 2;
				char *b = krealloc(l->buf, cap);
				if (!b) {
					flush_line(l, err);
					emit(err, p, take);
					p += take;
					len -= take;
					continue;
				}
				l->buf = b;
				l->cap = cap;
			}
			memcpy(l->buf + l->len, p, take);
			l->len += take;
			if (nl || l->len >= CONSOLE_LINE_MAX)
				flush_line(l, err);
		}
		p += take;
		len -= take;
	}
}

void console_task_flush(struct task *t)
{
	struct console_lines *c = t->extra ? t->extra->console : NULL;
	if (!c)
		return;
	flush_line(&c->out, 0);
	flush_line(&c->err, 1);
}

void console_task_free(struct task *t)
{
	struct console_lines *c = t->extra ? t->extra->console : NULL;
	if (!c)
		return;
	free(c->out.buf);
	free(c->err.buf);
	free(c);
	t->extra->console = NULL;
}

void kernel_printf(int err, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
	emit(err, buf, len);
}
