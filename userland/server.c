/*
 * server.c - what the echo and spam servers share: the command line, the
 * listening socket, and the accept loop that starts one task per client,
 * as the seminar's server does with NewTask(handle_client(client, addr)).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

#define LISTEN_BACKLOG 128
/* How long to wait when the host is out of fds before accepting again. */
#define ACCEPT_RETRY_NS (100 * 1000000)

int server_parse(int argc, char **argv, int default_port, struct server *s)
{
	long port = default_port;
	int i = 1;

	s->program = argv[0];
	s->address = "127.0.0.1";
	s->port = default_port;
	if (i < argc && strcmp(argv[i], "-a") == 0) {
		struct in_addr check;
		if (i + 1 == argc) {
			ueprintf("%s: -a needs an address\n", argv[0]);
			return usage_error(argv[0]);
		}
		s->address = argv[i + 1];
		if (inet_pton(AF_INET, s->address, &check) != 1) {
			ueprintf("%s: bad address '%s' (an IPv4 address such"
				 " as 127.0.0.1)\n",
				 argv[0], s->address);
			return usage_error(argv[0]);
		}
		i += 2;
	}
	if (i < argc) {
		if (u_parse_int(argv[i], 1, 65535, &port) < 0) {
			ueprintf("%s: bad port '%s' (1 to 65535)\n", argv[0], argv[i]);
			return usage_error(argv[0]);
		}
		i++;
	}
	if (i < argc)
		return too_many_arguments(argv[0]);
	s->port = (int)port;
	return 0;
}

static void start_client(const struct server *s, int fd, const char *peer)
{
	char name[MINIOS_NAME_MAX];
	struct server_client *c = malloc(sizeof *c);

	if (!c) {
		ueprintf("%s: out of memory, dropping %s\n", s->program, peer);
		sys_close(fd);
		return;
	}
	c->fd = fd;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	snprintf(name, sizeof name, "%s client %s", s->program, peer);
	/* The fd moves to the new task as it is made: it is never the task's
	 * and ours at once, so whatever the task does with it (a client gone
	 * at once: close it and end), we have nothing left to hand or close. */
	int tid = sys_spawn_fds(name, s->handler, c, TASK_OWNS_ARG, &fd, 1);
	if (tid < 0) {
		ueprintf("%s: cannot start a task for %s: %s\n", s->program, peer, strerror(-tid));
		sys_close(fd); /* still ours: nothing moved */
		free(c);
	}
}

/* Out of fds or memory is a passing state for a server: wait, go on. */
static int accept_error_is_passing(int error)
{
	return error == -EMFILE || error == -ENFILE || error == -ENOBUFS || error == -ENOMEM;
}

int server_run(const struct server *s)
{
	int listen_fd = u_listen_tcp(s->address, s->port, LISTEN_BACKLOG);

	if (listen_fd < 0) {
		ueprintf("%s: cannot listen on %s:%d: %s\n", s->program, s->address, s->port,
			 strerror(-listen_fd));
		return 1;
	}
	/* Out of fds (or another passing error), the server says so once,
	 * retries every ACCEPT_RETRY_NS (sleeping: no spin), and says when it
	 * accepts again: one pair of lines per episode, not one per retry (a
	 * server out of fds for a minute would otherwise fill the log). */
	bool retrying = false;
	for (;;) {
		char peer[64];
		int fd = u_accept(listen_fd, peer, sizeof peer);
		if (fd >= 0) {
			if (retrying)
				ueprintf("%s: accepting again\n", s->program);
			retrying = false;
			start_client(s, fd, peer);
			continue;
		}
		if (!accept_error_is_passing(fd)) {
			ueprintf("%s: accept: %s\n", s->program, strerror(-fd));
			u_close(listen_fd);
			return 1;
		}
		if (!retrying)
			ueprintf("%s: accept: %s; retrying\n", s->program, strerror(-fd));
		retrying = true;
		sys_sleep(ACCEPT_RETRY_NS);
	}
}
