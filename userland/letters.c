/*
 * letters.c - `letters FILE`: how many vowels, consonants and other bytes
 * FILE holds, counted by cooperating tasks:
 *
 *	vowels=1439242 consonants=2365799 others=1785152
 *
 * A vowel is one of aeiouAEIOU, a consonant any other ASCII letter, and
 * everything else (digits, blanks, newlines, bytes of non-ASCII text) is
 * "other", so the three add up to the size of the file.
 *
 * The work is split as in the talk on lightweight concurrency: a reader
 * task reads the file a chunk at a time (waiting with sys_readwait, so a
 * pipe or a slow device would not hold up minios), and three counting
 * tasks, one per kind of letter, each count their kind in that chunk.
 * Semaphores pass the chunk along: the reader posts "ready" to each
 * counter, then waits for three "done" posts before it reuses the buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"
#include "userland.h"

#define CHUNK 4096

enum letter_kind { VOWEL, CONSONANT, OTHER, KINDS };

static const char *const kind_names[KINDS] = {"vowels", "consonants", "others"};

struct letters;

struct counter {
	enum letter_kind kind;
	int ready; /* semaphore: a chunk is there for this counter */
	uint64_t count;
};

/* Shared by the tasks of one run: the main task allocates it (u_calloc)
 * and every worker shares it from its creation (TASK_SHARES_ARG), so it
 * belongs to whichever of them outlives the others.  The main task frees
 * it once all of them have ended; if it is killed, the block passes to a
 * worker still alive (which may touch it on its way out) and goes with
 * the last one. */
struct letters {
	int fd;
	int next_kind; /* the kind the next counter to start counts */
	int done;      /* semaphore: one post per counter per chunk */
	struct counter counters[KINDS];
	size_t len;
	int end;   /* no more chunks: counters should finish */
	int error; /* a negative errno from reading, or 0 */
	unsigned char chunk[CHUNK];
};

static enum letter_kind kind_of(unsigned char c)
{
	if (c != '\0' && strchr("aeiouAEIOU", c))
		return VOWEL;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return CONSONANT;
	return OTHER;
}

static int counter_task(void *arg)
{
	struct letters *l = arg;
	/* Counters start in the order they were made; each takes the next
	 * kind (with the timer kept out: no other counter between the two
	 * halves of the ++). */
	sys_preempt_disable();
	struct counter *me = &l->counters[l->next_kind++];
	sys_preempt_enable();

	for (;;) {
		if (sys_sem_wait(me->ready) < 0)
			return 1; /* the main task is gone */
		if (l->end)
			return 0;
		for (size_t i = 0; i < l->len; i++)
			if (kind_of(l->chunk[i]) == me->kind)
				me->count++;
		if (sys_sem_post(l->done) < 0)
			return 1;
	}
}

/* Hands the current chunk (or the end) to every counter. */
static int hand_out(struct letters *l)
{
	for (int k = 0; k < KINDS; k++) {
		int r = sys_sem_post(l->counters[k].ready);
		if (r < 0)
			return r;
	}
	return 0;
}

static int reader_task(void *arg)
{
	struct letters *l = arg;

	for (;;) {
		ssize_t n = u_read(l->fd, l->chunk, sizeof l->chunk);
		if (n <= 0) {
			l->error = n < 0 ? (int)n : 0;
			l->end = 1;
			hand_out(l);
			return n < 0;
		}
		l->len = (size_t)n;
		if (hand_out(l) < 0)
			return 1;
		for (int k = 0; k < KINDS; k++)
			if (sys_sem_wait(l->done) < 0)
				return 1;
	}
}

/* Creates the semaphores and starts the four tasks, storing their tids
 * and how many started (even when a later one failed).  Returns 0 or a
 * negative errno. */
static int start_tasks(struct letters *l, int *tids, int *started)
{
	char name[48];

	*started = 0;
	l->done = sys_sem_create("letters done", 0);
	if (l->done < 0)
		return l->done;
	for (int k = 0; k < KINDS; k++) {
		struct counter *c = &l->counters[k];
		c->kind = (enum letter_kind)k;
		snprintf(name, sizeof name, "letters %s ready", kind_names[k]);
		if ((c->ready = sys_sem_create(name, 0)) < 0)
			return c->ready;
	}
	for (int k = 0; k < KINDS; k++) {
		snprintf(name, sizeof name, "letters %s", kind_names[k]);
		int tid = sys_spawn(name, counter_task, l, TASK_SHARES_ARG);
		if (tid < 0)
			return tid;
		tids[(*started)++] = tid;
	}
	int tid = sys_spawn("letters reader", reader_task, l, TASK_SHARES_ARG);
	if (tid < 0)
		return tid;
	tids[(*started)++] = tid;
	return 0;
}

static int open_input(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	int r = sys_fd_own(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* Lets the started tasks finish: on a failed start, the end of input
 * tells the counters that are already waiting to stop. */
static void wait_tasks(struct letters *l, const int *tids, int started, int failed)
{
	if (failed) {
		l->end = 1;
		for (int k = 0; k < KINDS; k++)
			if (l->counters[k].ready > 0)
				sys_sem_post(l->counters[k].ready);
	}
	for (int i = 0; i < started; i++)
		sys_waittask(tids[i], NULL);
}

int letters_main(int argc, char **argv)
{
	int tids[KINDS + 1];

	if (argc > 2)
		return too_many_arguments(argv[0]);
	/* No FILE: the standard input (the console's is at its end). */
	const char *name = argc == 2 ? argv[1] : "standard input";
	int fd = argc == 2 ? open_input(argv[1]) : sys_stream_fd(MINIOS_STDIN);
	if (argc < 2 && fd < 0) {
		uprintf("vowels=0 consonants=0 others=0\n");
		return 0;
	}
	if (fd < 0) {
		ueprintf("%s: cannot open '%s': %s\n", argv[0], argv[1], strerror(-fd));
		return 1;
	}
	struct letters *l = u_calloc(1, sizeof *l);
	if (!l) {
		ueprintf("%s: out of memory\n", argv[0]);
		if (argc == 2)
			u_close(fd);
		return 1;
	}
	l->fd = fd;

	int started;
	int r = start_tasks(l, tids, &started);
	int failed = r < 0;
	if (failed)
		ueprintf("%s: cannot start the counting tasks: %s\n", argv[0], strerror(-r));
	wait_tasks(l, tids, started, failed);
	int status = failed;
	if (!failed && l->error < 0) {
		ueprintf("%s: cannot read '%s': %s\n", argv[0], name, strerror(-l->error));
		status = 1;
	} else if (!failed) {
		uprintf("vowels=%llu consonants=%llu others=%llu\n",
			(unsigned long long)l->counters[VOWEL].count,
			(unsigned long long)l->counters[CONSONANT].count,
			(unsigned long long)l->counters[OTHER].count);
	}
	if (argc == 2)
		u_close(fd);
	u_free(l);
	return status;
}
