/*
 * ulib.c - printing and argument parsing for userland programs.
 *
 * Everything here is a plain function of its arguments or goes through the
 * console (a direct call), so none of it is a scheduling point: printing a
 * line never changes how tasks interleave.  The exception is printing to a
 * standard stream that a pipe or a file was put on: that is a real write
 * (ulib_stream.c), which may wait for room.
 */
#include "ulib.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most lines fit here; a longer one is formatted into the heap. */
#define UPRINTF_STACK_BUFFER 512
/* The console takes any length, but handing it bounded pieces keeps a huge
 * line from needing one huge kernel-side copy at once. */
#define UPRINTF_CHUNK 4096

static int console_write_chunked(int err, const char *text, size_t len)
{
	size_t done = 0;

	/* A stream on an fd (a pipe, a file) takes it whole, and may wait. */
	if (sys_stream_fd(err ? MINIOS_STDERR : MINIOS_STDOUT) >= 0) {
		ssize_t r = u_stream_write(err ? MINIOS_STDERR : MINIOS_STDOUT, text, len);
		return r < 0 ? (int)r : len > INT_MAX ? INT_MAX : (int)len;
	}

	while (done < len) {
		size_t piece = len - done;
		if (piece > UPRINTF_CHUNK)
			piece = UPRINTF_CHUNK;
		int r = console_write(err, text + done, piece);
		if (r < 0)
			return r;
		done += piece;
	}
	return len > INT_MAX ? INT_MAX : (int)len;
}

int uvprintf(int err, const char *fmt, va_list ap)
{
	char small[UPRINTF_STACK_BUFFER];
	va_list again;

	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(again);
		return -EINVAL;
	}
	if ((size_t)n < sizeof small) {
		va_end(again);
		return console_write_chunked(err, small, (size_t)n);
	}

	char *big = sys_alloc((size_t)n + 1);
	if (!big) {
		va_end(again);
		return -ENOMEM;
	}
	vsnprintf(big, (size_t)n + 1, fmt, again);
	va_end(again);
	int r = console_write_chunked(err, big, (size_t)n);
	sys_free(big);
	return r;
}

int uprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = uvprintf(0, fmt, ap);
	va_end(ap);
	return r;
}

int ueprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = uvprintf(1, fmt, ap);
	va_end(ap);
	return r;
}

int u_parse_int(const char *text, long min, long max, long *out)
{
	char *end;

	/* strtol would skip leading blanks; a command argument has none. */
	if (!text || *text == '\0' || *text == ' ' || *text == '\t')
		return -EINVAL;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (*end != '\0' || end == text)
		return -EINVAL;
	if (errno == ERANGE || value < min || value > max)
		return -ERANGE;
	*out = value;
	return 0;
}

struct duration_unit {
	const char *suffix;
	int64_t ns;
};

/* Longer suffixes before their prefixes ("ms" before "m"). */
static const struct duration_unit duration_units[] = {
	{"ns", 1},
	{"us", 1000},
	{"ms", 1000000},
	{"s", 1000000000},
	{"m", INT64_C(60) * 1000000000},
	{"h", INT64_C(3600) * 1000000000},
	{"", 1000000000}, /* a bare number is seconds */
};

static const struct duration_unit *duration_unit_find(const char *suffix)
{
	for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++)
		if (strcmp(suffix, duration_units[i].suffix) == 0)
			return &duration_units[i];
	return NULL;
}

/* Reads the digits at *p into *value (with overflow check); returns how
 * many digits there were, or -ERANGE. */
static int read_digits(const char **p, int64_t *value)
{
	int count = 0;

	*value = 0;
	while (**p >= '0' && **p <= '9') {
		int digit = **p - '0';
		if (*value > (INT64_MAX - digit) / 10)
			return -ERANGE;
		*value = *value * 10 + digit;
		(*p)++;
		count++;
	}
	return count;
}

/* Integer arithmetic throughout, so "0.1s" is exactly 100000000 ns. */
int u_parse_duration(const char *text, int64_t *ns)
{
	const char *p = text;
	int64_t whole, fraction = 0, scale = 1;

	if (!text)
		return -EINVAL;
	int whole_digits = read_digits(&p, &whole);
	if (whole_digits < 0)
		return -ERANGE;
	int fraction_digits = 0;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			/* Digits past nanosecond precision of a second
			 * change nothing, and nine keep the sums below in
			 * 64 bits. */
			if (fraction_digits < 9) {
				fraction = fraction * 10 + (*p - '0');
				scale *= 10;
			}
			fraction_digits++;
			p++;
		}
	}
	if (whole_digits == 0 && fraction_digits == 0)
		return -EINVAL; /* also catches "-1s" and "" */

	const struct duration_unit *unit = duration_unit_find(p);
	if (!unit)
		return -EINVAL;
	if (whole > INT64_MAX / unit->ns)
		return -ERANGE;
	/* fraction / scale < 1, so this stays below one unit; split the
	 * product to keep it inside 64 bits. */
	int64_t part = (fraction * (unit->ns / scale)) + (fraction * (unit->ns % scale)) / scale;
	if (whole * unit->ns > INT64_MAX - part)
		return -ERANGE;
	*ns = whole * unit->ns + part;
	return 0;
}

void *u_malloc(size_t size)
{
	return sys_alloc(size ? size : 1);
}

void *u_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = u_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *u_realloc(void *p, size_t size)
{
	return sys_realloc(p, size ? size : 1);
}

/* A copy of the len bytes at s, terminated. */
static char *copy_bytes(const char *s, size_t len)
{
	char *copy = u_malloc(len + 1);
	if (copy) {
		memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

char *u_strndup(const char *s, size_t max)
{
	return copy_bytes(s, strnlen(s, max));
}

char *u_strdup(const char *s)
{
	return copy_bytes(s, strlen(s));
}

void u_free(void *p)
{
	sys_free(p);
}
