/*
 * prodcons.c - producer/consumer with kernel semaphores, as a program
 * outside the tree (the lab guide's "Lab: producer/consumer").
 *
 *	prodcons [ITEMS]
 *
 * One producer puts ITEMS numbers into a ring of SLOTS places; one
 * consumer takes them out and adds them up.  Two counting semaphores
 * keep them in step: `empty` counts the free places, `full` the filled
 * ones.  (With one producer and one consumer no lock is needed around the
 * ring: each index has one writer.)
 */
#include <minios.h>
#include <ulib.h>

#define SLOTS 4

static int ring[SLOTS];
static int empty, full, items;
static long total;

static int producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= items; i++) {
		sys_sem_wait(empty);
		ring[i % SLOTS] = i;
		uprintf("produce %d\n", i);
		sys_sem_post(full);
	}
	return 0;
}

static int consumer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= items; i++) {
		sys_sem_wait(full);
		int v = ring[i % SLOTS];
		total += v;
		uprintf("consume %d\n", v);
		sys_sem_post(empty);
	}
	return 0;
}

static int prodcons_main(int argc, char **argv)
{
	long n = 8;

	if (argc > 2 || (argc == 2 && u_parse_int(argv[1], 1, 1000000, &n) < 0)) {
		ueprintf("usage: prodcons [ITEMS]\n");
		return 2;
	}
	items = (int)n;
	total = 0;
	empty = sys_sem_create("empty", SLOTS);
	full = sys_sem_create("full", 0);
	int p = sys_newtask("producer", producer, NULL);
	int c = sys_newtask("consumer", consumer, NULL);
	if (empty < 0 || full < 0 || p < 0 || c < 0) {
		ueprintf("prodcons: cannot start\n");
		return 1;
	}
	sys_waittask(p, NULL);
	sys_waittask(c, NULL);
	uprintf("total %ld (expected %ld)\n", total, n * (n + 1) / 2);
	return total == n * (n + 1) / 2 ? 0 : 1;
}

MINIOS_PROGRAM("prodcons", "prodcons [ITEMS]", "producer/consumer over a ring of 4 places",
	       prodcons_main);
