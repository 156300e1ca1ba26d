/*
 * spam.c - `spam [-a ADDR] [PORT]`: the spam server of the essay on
 * lightweight tasks.  Listens on ADDR:PORT (default 127.0.0.1:4200), one
 * task per client.
 *
 * The protocol, one request per line ("\n" or "\r\n"), as many requests as
 * the client likes on one connection:
 *
 *	SPAM n          n a decimal number, 1 <= n <= 1000000000
 *	-> 100 SPAM FOLLOWS\n
 *	   spam glorious spam\n         (n times)
 *
 * Anything else (another word, lower case, a missing or extra token, a
 * number that is not one or is below 1, a line over 4095 bytes) gets
 *
 *	-> 400 WE ONLY SERVE SPAM\n
 *
 * and the connection stays open.  The server closes it when the client
 * does, or after a line that goes on for over a megabyte (a client that
 * sends without end), with
 *
 *	-> 400 LINE TOO LONG\n  A client that goes away in the middle of its spam costs only its
 * own task.
 */
#include <errno.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

#define SPAM_DEFAULT_PORT 4200
#define SPAM_MAX 1000000000L
#define SPAM_LINE_MAX 4096

static const char spam_line[] = "spam glorious spam\n";
#define SPAM_LINE_LEN (sizeof spam_line - 1)
#define SPAM_BATCH_LINES 1024

/* Many lines per write.  Filled on first use and only read after that;
 * tasks never run at the same time, so sharing it is safe. */
static char spam_batch[SPAM_LINE_LEN * SPAM_BATCH_LINES];
static int spam_batch_ready;

static const char *batch_of_spam(void)
{
	if (!spam_batch_ready) {
		for (int i = 0; i < SPAM_BATCH_LINES; i++)
			memcpy(spam_batch + i * SPAM_LINE_LEN, spam_line, SPAM_LINE_LEN);
		spam_batch_ready = 1;
	}
	return spam_batch;
}

/* "SPAM n", split on blanks as the essay's line.split() does.  Returns n,
 * or 0 for a bad request. */
static long parse_request(char *line)
{
	const char *blanks = " \t\r\v\f";
	char *save = NULL;
	char *word = strtok_r(line, blanks, &save);
	char *number = strtok_r(NULL, blanks, &save);
	long n;

	if (!word || !number || strtok_r(NULL, blanks, &save))
		return 0;
	if (strcmp(word, "SPAM") != 0)
		return 0;
	if (u_parse_int(number, 1, SPAM_MAX, &n) < 0)
		return 0;
	return n;
}

static ssize_t serve_spam(int fd, long n)
{
	static const char header[] = "100 SPAM FOLLOWS\n";
	const char *batch = batch_of_spam();
	ssize_t r = u_write_all(fd, header, sizeof header - 1);

	while (r >= 0 && n > 0) {
		long lines = n < SPAM_BATCH_LINES ? n : SPAM_BATCH_LINES;
		r = u_write_all(fd, batch, (size_t)lines * SPAM_LINE_LEN);
		n -= lines;
	}
	return r;
}

static int spam_client(void *arg)
{
	static const char refusal[] = "400 WE ONLY SERVE SPAM\n";
	static const char too_long[] = "400 LINE TOO LONG\n";
	const struct server_client *c = arg;
	struct u_line_reader reader;
	char line[SPAM_LINE_MAX];

	uprintf("Listener: Accepted connection from %s\n", c->peer);
	u_line_reader_init(&reader, c->fd);
	for (;;) {
		ssize_t r = u_read_line(&reader, line, sizeof line);
		long n = 0;
		if (r == -E2BIG) {
			/* A megabyte and no end of line: not a client. */
			ueprintf("spam: %s: line too long, closing\n", c->peer);
			u_write_all(c->fd, too_long, sizeof too_long - 1);
			break;
		}
		if (r < 0 && r != -EMSGSIZE)
			break; /* end of input, or the connection failed */
		if (r >= 0)
			n = parse_request(line);
		if (n > 0)
			r = serve_spam(c->fd, n);
		else
			r = u_write_all(c->fd, refusal, sizeof refusal - 1);
		if (r < 0)
			break;
	}
	u_close(c->fd);
	uprintf("Connection from %s closed\n", c->peer);
	return 0;
}

int spam_main(int argc, char **argv)
{
	struct server s;
	int bad = server_parse(argc, argv, SPAM_DEFAULT_PORT, &s);

	if (bad)
		return bad;
	s.handler = spam_client;
	uprintf("Spam server on %s:%d\n", s.address, s.port);
	return server_run(&s);
}
