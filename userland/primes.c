/*
 * primes.c - `primes [N]`: the concurrent prime sieve of xv6's lab.
 *
 * The first task feeds 2..N into a pipe.  Each filter task reads its
 * standard input: the first number it gets is a prime, which it prints;
 * it then starts the next filter, joined to it by a new pipe, and passes
 * on every number its prime does not divide.  At the end of its input it
 * closes its pipe (the next filter's end of file) and waits for that
 * filter, so the first task returns when the whole chain is done.
 *
 * Numbers travel as ints, a buffer at a time; each filter owns its
 * buffers (sys_alloc) and its fds, so killing any of them frees them and
 * the chain winds down on end of file and broken pipes.
 */
#include <errno.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

#define PRIMES_BATCH 1024 /* ints per read or write */

struct batch {
	int out_fd;
	int used;
	int numbers[PRIMES_BATCH];
};

static int flush(struct batch *b)
{
	ssize_t r = b->used ? u_write_all(b->out_fd, b->numbers, sizeof(int) * (size_t)b->used) : 0;
	b->used = 0;
	if (r == -EPIPE) /* the next filter is gone: end as SIGPIPE would */
		sys_exit(TASK_STATUS_BROKEN_PIPE);
	return r < 0 ? (int)r : 0;
}

static int put(struct batch *b, int n)
{
	b->numbers[b->used++] = n;
	return b->used == PRIMES_BATCH ? flush(b) : 0;
}

static int filter_task(void *arg);

/* Starts a filter whose standard input is a new pipe; returns its tid and
 * the pipe's write end in *out_fd. */
static int start_filter(int *out_fd)
{
	int p[2];
	int r = sys_pipe(p);
	if (r < 0)
		return r;
	struct task_spawn_attr attr = {
		.flags = TASK_SET_STREAMS,
		.streams = {p[0], TASK_STREAM_INHERIT, TASK_STREAM_INHERIT},
	};
	int tid = sys_spawn_attr("primes filter", filter_task, NULL, &attr);
	sys_close(p[0]); /* the filter has its own copy */
	if (tid < 0) {
		sys_close(p[1]);
		return tid;
	}
	*out_fd = p[1];
	return tid;
}

static int filter_task(void *arg)
{
	(void)arg;
	int *in = sys_alloc(sizeof(int) * PRIMES_BATCH);
	struct batch *out = sys_alloc(sizeof *out);
	int prime = 0, next = 0, status = 0;
	size_t have = 0; /* bytes in `in`, whole ints from the start */

	if (!in || !out) {
		ueprintf("primes: out of memory\n");
		return 1;
	}
	out->used = 0;
	out->out_fd = -1;
	for (;;) {
		ssize_t n = u_stream_read((char *)in + have, sizeof(int) * PRIMES_BATCH - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		size_t whole = have / sizeof(int);
		for (size_t i = 0; i < whole && status == 0; i++) {
			int number = in[i];
			if (prime == 0) {
				prime = number;
				uprintf("prime %d\n", prime);
				next = start_filter(&out->out_fd);
				if (next < 0) {
					ueprintf("primes: cannot start a filter: %s\n",
						 strerror(-next));
					status = 1;
				}
			} else if (number % prime != 0) {
				status = put(out, number) < 0;
			}
		}
		if (status)
			break;
		have -= whole * sizeof(int);
		memmove(in, (char *)in + whole * sizeof(int), have);
	}
	if (out->out_fd >= 0) {
		flush(out);
		sys_close(out->out_fd);
	}
	if (next > 0)
		sys_waittask(next, NULL);
	sys_free(out);
	sys_free(in);
	return status;
}

int primes_main(int argc, char **argv)
{
	long limit = 35;

	if (argc > 2)
		return too_many_arguments(argv[0]);
	if (argc == 2 && u_parse_int(argv[1], 2, 1000000, &limit) < 0) {
		ueprintf("%s: bad limit '%s' (2 to 1000000)\n", argv[0], argv[1]);
		return usage_error(argv[0]);
	}
	struct batch *out = sys_alloc(sizeof *out);
	if (!out) {
		ueprintf("%s: out of memory\n", argv[0]);
		return 1;
	}
	out->used = 0;
	int first = start_filter(&out->out_fd);
	if (first < 0) {
		ueprintf("%s: cannot start a filter: %s\n", argv[0], strerror(-first));
		sys_free(out);
		return 1;
	}
	int status = 0;
	for (int n = 2; n <= limit && status == 0; n++)
		status = put(out, n) < 0;
	if (status == 0)
		status = flush(out) < 0;
	sys_close(out->out_fd);
	sys_waittask(first, NULL);
	sys_free(out);
	return status;
}
