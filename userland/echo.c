/*
 * echo.c - `echo [-a ADDR] [PORT]`: the seminar's echo server.
 *
 * Listens on ADDR:PORT (default 127.0.0.1:45000) and sends every byte a
 * client sends straight back, one task per client:
 *
 *	Server starting
 *	Connection from 127.0.0.1:41322
 *	Client closed
 *
 * It echoes bytes, not lines, through a fixed buffer, so a client sending
 * without end costs the server no more memory.  It runs until killed.
 */
#include "ulib.h"
#include "userland.h"

#define ECHO_DEFAULT_PORT 45000
#define ECHO_BUFFER 4096

static int echo_client(void *arg)
{
	const struct server_client *c = arg;
	char buf[ECHO_BUFFER];

	uprintf("Connection from %s\n", c->peer);
	for (;;) {
		ssize_t n = u_read(c->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		if (u_write_all(c->fd, buf, (size_t)n) < 0)
			break;
	}
	u_close(c->fd);
	uprintf("Client closed\n");
	return 0;
}

int echo_main(int argc, char **argv)
{
	struct server s;
	int bad = server_parse(argc, argv, ECHO_DEFAULT_PORT, &s);

	if (bad)
		return bad;
	s.handler = echo_client;
	uprintf("Server starting\n");
	return server_run(&s);
}
