/*
 * ulib_line.c - reading lines with a bounded buffer.
 *
 * A server must not let one client make it buffer without limit, so a line
 * longer than the caller's limit (or than the reader's buffer) is reported
 * once with -EMSGSIZE and the rest of it is thrown away as it arrives; the
 * next line is read normally.  A rest longer than U_LINE_TAIL_MAX is a peer
 * that sends without end: -E2BIG, for the caller to close.
 */
#include "ulib.h"

#include <errno.h>
#include <string.h>

void u_line_reader_init(struct u_line_reader *r, int fd)
{
	r->fd = fd;
	r->len = 0;
	r->skip = 0;
	r->skipped = 0;
}

static void consume(struct u_line_reader *r, size_t count)
{
	memmove(r->buf, r->buf + count, r->len - count);
	r->len -= count;
}

/* While skipping the tail of an over-long line: drops buffered bytes up to
 * and including the next '\n'.  Returns 1 once the line has ended. */
static int skip_tail(struct u_line_reader *r)
{
	char *newline = memchr(r->buf, '\n', r->len);

	if (!newline) {
		r->skipped += r->len;
		r->len = 0;
		return 0;
	}
	consume(r, (size_t)(newline - r->buf) + 1);
	r->skip = 0;
	r->skipped = 0;
	return 1;
}

/* Copies the first buffered line out (it ends at buf + end). */
static ssize_t take_line(struct u_line_reader *r, size_t end, size_t used, char *line, size_t max)
{
	size_t length = end;

	if (length > 0 && r->buf[length - 1] == '\r')
		length--;
	if (length > max - 1) {
		consume(r, used);
		return -EMSGSIZE;
	}
	memcpy(line, r->buf, length);
	line[length] = '\0';
	consume(r, used);
	return (ssize_t)length;
}

/* The longest raw line (before '\n') that can still be valid: max - 1
 * bytes and a '\r', and never more than the buffer holds. */
static size_t raw_limit(const struct u_line_reader *r, size_t max)
{
	size_t limit = max;

	if (limit > sizeof r->buf - 1)
		limit = sizeof r->buf - 1;
	return limit;
}

ssize_t u_read_line(struct u_line_reader *r, char *line, size_t max)
{
	if (max == 0)
		return -EINVAL;
	for (;;) {
		if (r->skip)
			skip_tail(r);
		if (r->skip && r->skipped > U_LINE_TAIL_MAX)
			return -E2BIG;
		if (!r->skip) {
			char *newline = memchr(r->buf, '\n', r->len);
			if (newline) {
				size_t end = (size_t)(newline - r->buf);
				return take_line(r, end, end + 1, line, max);
			}
			if (r->len > raw_limit(r, max)) {
				/* Too long already: say so now, rather than
				 * after the client has sent all of it. */
				r->skip = 1;
				r->skipped = r->len;
				r->len = 0;
				return -EMSGSIZE;
			}
		}
		ssize_t n = u_read(r->fd, r->buf + r->len, sizeof r->buf - r->len);
		if (n < 0)
			return n;
		if (n == 0) {
			/* End of input: a last line without '\n' still
			 * counts; the tail of an over-long line does not. */
			if (r->skip || r->len == 0) {
				r->len = 0;
				r->skip = 0;
				return -ENODATA;
			}
			return take_line(r, r->len, r->len, line, max);
		}
		r->len += (size_t)n;
	}
}
