/*
 * input.c - plain line input, for scripts, pipes and sourced files.
 *
 * The shell must never block minios while it waits for input, so it asks
 * the kernel (sys_readwait) before each read(2); the fd is also made
 * non-blocking, in case another reader took the bytes in between.  Lines
 * arrive in pieces from a pipe, so bytes are kept until a newline shows
 * up.  A line that would not fit, or that holds a NUL byte, is rejected
 * whole rather than run in part.  Input that is not text at all (/dev/zero)
 * is given up on: no newline in SHELL_NOT_TEXT_BYTES, or too many lines
 * rejected (shell.c), stop the reading.
 */
#include <errno.h>
#include <fcntl.h>
#include <minios.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/shell.h"
#include "userland/ulib.h"

struct shell_input {
	int fd;
	int saved_flags; /* -1: the flags were left alone */
	bool eof;
	bool discarding;  /* skipping the rest of an over-long line */
	size_t discarded; /* bytes of it skipped so far */
	bool drained;     /* the last read said EAGAIN */
	size_t len;
	char buf[SHELL_LINE_MAX + 1]; /* a longest line and its newline */
};

struct shell_input *shell_input_open(int fd)
{
	struct shell_input *in = u_calloc(1, sizeof *in);
	if (!in)
		return NULL;
	in->fd = fd;
	in->saved_flags = -1;
	/* A terminal's flags belong to everyone who shares it (the host
	 * shell too): leave them be.  A terminal reads a whole line once
	 * readable anyway. */
	if (!isatty(fd)) {
		int flags = fcntl(fd, F_GETFL);
		if (flags >= 0 && !(flags & O_NONBLOCK) &&
		    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0)
			in->saved_flags = flags;
	}
	return in;
}

void shell_input_close(struct shell_input *in)
{
	if (!in)
		return;
	if (in->saved_flags >= 0)
		fcntl(in->fd, F_SETFL, in->saved_flags);
	u_free(in);
}

static void consume(struct shell_input *in, size_t n)
{
	memmove(in->buf, in->buf + n, in->len - n);
	in->len -= n;
}

/* Hands out the first n bytes as a line and drops them (and the newline
 * after them, if any). */
static int take_line(struct shell_input *in, size_t n, bool newline, char *line)
{
	bool has_nul = memchr(in->buf, '\0', n) != NULL;

	memcpy(line, in->buf, n);
	line[n] = '\0';
	consume(in, n + newline);
	if (has_nul)
		return -EILSEQ;
	if (n > 0 && line[n - 1] == '\r') /* a file written on Windows */
		line[n - 1] = '\0';
	return 0;
}

/* Waits until fd is readable and reads what is there.  After EAGAIN the
 * kernel need not look whether the fd is ready now: it is not. */
static int fill(struct shell_input *in)
{
	int r = in->drained ? sys_readwait_again(in->fd) : sys_readwait(in->fd);
	if (r < 0)
		return r;
	ssize_t n = read(in->fd, in->buf + in->len, sizeof in->buf - in->len);
	in->drained = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
	if (n > 0)
		in->len += (size_t)n;
	else if (n == 0)
		in->eof = true;
	else if (!in->drained && errno != EINTR)
		return -errno;
	return 0;
}

int shell_input_read_line(struct shell_input *in, char *line)
{
	for (;;) {
		char *newline = memchr(in->buf, '\n', in->len);
		if (in->discarding) {
			if (newline) {
				consume(in, (size_t)(newline - in->buf) + 1);
				in->discarding = false;
				continue;
			}
			in->discarded += in->len;
			in->len = 0;
			if (in->discarded >= SHELL_NOT_TEXT_BYTES) {
				in->eof = true; /* read no more of it */
				return -EBADMSG;
			}
		} else if (newline) {
			return take_line(in, (size_t)(newline - in->buf), true, line);
		} else if (in->len == sizeof in->buf) {
			in->len = 0;
			in->discarding = true;
			in->discarded = sizeof in->buf;
			return -EMSGSIZE;
		} else if (in->eof && in->len > 0) {
			return take_line(in, in->len, false, line);
		}
		if (in->eof)
			return -ENODATA;
		int r = fill(in);
		if (r < 0)
			return r;
	}
}

void shell_input_error(int error)
{
	if (error == -EMSGSIZE)
		shell_error("input", "line longer than %d bytes ignored", SHELL_LINE_MAX);
	else if (error == -EILSEQ)
		shell_error("input", "line with a NUL byte ignored");
	else if (error == -EBADMSG)
		shell_error("input", "no newline in %d bytes: not text, the rest is not read",
			    SHELL_NOT_TEXT_BYTES);
}
