/*
 * check_policy.c - each scheduling policy through its interface alone
 * (kernel/policy.h): no kernel booted, no task running.  The tasks are
 * bare structs that only the policy looks at.
 */
#include "tests/testlib.h"

#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/policy.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N 64

static struct task tasks[N];
static char why[300];

static const struct sched_policy *setup(const char *name, const char *options)
{
	const struct sched_policy *p = sched_policy_find(name, strlen(name));
	ck_assert_ptr_nonnull(p);
	memset(tasks, 0, sizeof tasks);
	for (int i = 0; i < N; i++) {
		tasks[i].magic = TASK_MAGIC;
		tasks[i].tid = i + 1;
		tasks[i].state = TASK_READY;
		list_init(&tasks[i].node);
	}
	clock_init(KERNEL_CLOCK_VIRTUAL);
	ck_assert_int_eq(p->init(options, why, sizeof why), 0);
	return p;
}

static void push(const struct sched_policy *p, int tid, enum sched_reason why_)
{
	p->enqueue(&tasks[tid - 1], why_);
}

static int pick(const struct sched_policy *p)
{
	return p->pick()->tid;
}

START_TEST(test_table_names_every_policy)
{
	const char *names[] = {"fifo", "rr", "prio", "random", "lottery", "mlfq"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct sched_policy *p = sched_policy_find(names[i], strlen(names[i]));
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p->name, names[i]);
		ck_assert_ptr_nonnull(p->enqueue);
		ck_assert_ptr_nonnull(p->pick);
		ck_assert_ptr_nonnull(p->remove);
	}
	ck_assert_ptr_null(sched_policy_find("sjf", 3));
}
END_TEST

START_TEST(test_fifo_and_rr_keep_arrival_order)
{
	const char *names[] = {"fifo", "rr"};
	for (int k = 0; k < 2; k++) {
		const struct sched_policy *p = setup(names[k], "");
		for (int tid = 1; tid <= 5; tid++)
			push(p, tid, SCHED_NEW);
		p->remove(&tasks[2]); /* tid 3 is killed */
		ck_assert_int_eq(pick(p), 1);
		push(p, 1, SCHED_YIELD); /* to the back */
		ck_assert_int_eq(pick(p), 2);
		ck_assert_int_eq(pick(p), 4);
		ck_assert_int_eq(pick(p), 5);
		ck_assert_int_eq(pick(p), 1);
	}
}
END_TEST

START_TEST(test_prio_lowest_nice_first_fifo_within)
{
	const struct sched_policy *p = setup("prio", "");
	int nices[] = {0, 5, -3, 0, -3, 19, -20};
	for (int i = 0; i < 7; i++) {
		tasks[i].nice = (int8_t)nices[i];
		push(p, i + 1, SCHED_NEW);
	}
	int want[] = {7, 3, 5, 1, 4, 2, 6};
	for (int i = 0; i < 7; i++)
		ck_assert_int_eq(pick(p), want[i]);
}
END_TEST

START_TEST(test_prio_renice_moves_a_queued_task)
{
	const struct sched_policy *p = setup("prio", "");
	push(p, 1, SCHED_NEW);
	push(p, 2, SCHED_NEW);
	tasks[1].nice = -5;
	p->priority_changed(&tasks[1]);
	ck_assert_int_eq(pick(p), 2);
	p->remove(&tasks[0]);
	push(p, 3, SCHED_NEW);
	ck_assert_int_eq(pick(p), 3);
}
END_TEST

START_TEST(test_random_is_uniform_and_complete)
{
	const struct sched_policy *p = setup("random", "");
	int counts[4] = {0};
	for (int tid = 1; tid <= 4; tid++)
		push(p, tid, SCHED_NEW);
	for (int round = 0; round < 40000; round++) {
		int tid = pick(p);
		counts[tid - 1]++;
		push(p, tid, SCHED_YIELD);
	}
	for (int i = 0; i < 4; i++)
		ck_assert_msg(counts[i] > 9000 && counts[i] < 11000, "task %d ran %d times", i + 1,
			      counts[i]);
	/* Every queued task comes out once, removed ones never. */
	p->remove(&tasks[1]);
	int seen = 0;
	for (int i = 0; i < 3; i++) {
		int tid = pick(p);
		ck_assert_int_ne(tid, 2);
		seen |= 1 << tid;
	}
	ck_assert_int_eq(seen, (1 << 1) | (1 << 3) | (1 << 4));
}
END_TEST

/* A peek foretells the draws without taking them, and a skip takes
 * them without computing them: random and lottery fetch their next
 * picks with these, and must not change the schedule. */
START_TEST(test_random_peek_foretells_draws)
{
	uint32_t ahead[4];
	for (unsigned i = 0; i < 4; i++)
		ahead[i] = kernel_random_peek(i);
	ck_assert_uint_eq(kernel_random_peek(0), ahead[0]); /* nothing drawn */
	for (unsigned i = 0; i < 2; i++)
		ck_assert_uint_eq(kernel_random(), ahead[i]);
	kernel_random_skip(1);
	ck_assert_uint_eq(kernel_random(), ahead[3]);
}
END_TEST

/* Shares within 3% (absolute) of the tickets' ratio over 100000 draws. */
START_TEST(test_lottery_shares_follow_tickets)
{
	const struct sched_policy *p = setup("lottery", "");
	uint32_t tickets[3] = {100, 300, 600};
	int counts[3] = {0};
	for (int i = 0; i < 3; i++) {
		tasks[i].tickets = tickets[i];
		push(p, i + 1, SCHED_NEW);
	}
	for (int round = 0; round < 100000; round++) {
		int tid = pick(p);
		counts[tid - 1]++;
		push(p, tid, SCHED_YIELD);
	}
	for (int i = 0; i < 3; i++) {
		double share = counts[i] / 100000.0, want = tickets[i] / 1000.0;
		ck_assert_msg(share > want - 0.03 && share < want + 0.03, "task %d: %.3f, not %.3f",
			      i + 1, share, want);
	}
}
END_TEST

/* Many tasks, so that the tree grows; removals keep the sums right. */
START_TEST(test_lottery_tree_survives_growth_and_removal)
{
	const struct sched_policy *p = setup("lottery", "");
	for (int tid = 1; tid <= N; tid++)
		push(p, tid, SCHED_NEW);
	for (int tid = 1; tid <= N; tid += 2)
		p->remove(&tasks[tid - 1]);
	tasks[1].tickets = SCHED_TICKETS_MAX; /* tid 2 now wins nearly always */
	p->priority_changed(&tasks[1]);
	int wins = 0;
	for (int round = 0; round < 1000; round++) {
		int tid = pick(p);
		ck_assert_int_eq(tid % 2, 0);
		wins += tid == 2;
		push(p, tid, SCHED_YIELD);
	}
	ck_assert_int_gt(wins, 900);
	for (int i = 0; i < N / 2; i++)
		ck_assert_int_eq(pick(p) % 2, 0);
}
END_TEST

/* The winner of each draw, worked out the slow way: the queued tasks in
 * slot order, and the first whose tickets reach past the drawn ticket
 * (peeked before the pick takes it). */
static struct task *lottery_expected(struct task *all, const bool *queued, int n)
{
	static struct task *by_slot[1 << 14];
	uint32_t top = 0;
	uint64_t total = 0;
	memset(by_slot, 0, sizeof by_slot);
	for (int i = 0; i < n; i++) {
		if (!queued[i])
			continue;
		if (all[i].sched_slot >= 1 << 14) /* not ck_assert: each one costs a write */
			ck_abort_msg("slot %u", (unsigned)all[i].sched_slot);
		by_slot[all[i].sched_slot] = &all[i];
		top = all[i].sched_slot > top ? all[i].sched_slot : top;
		total += sched_tickets_of(&all[i]);
	}
	uint64_t r = (((uint64_t)kernel_random_peek(0) << 32) | kernel_random_peek(1)) % total;
	uint64_t below = 0;
	for (uint32_t slot = 1; slot <= top; slot++) {
		if (by_slot[slot] && (below += sched_tickets_of(by_slot[slot])) > r)
			return by_slot[slot];
	}
	ck_abort_msg("no winner");
	return NULL;
}

/* With thousands of tasks lottery walks its tree ahead of the picks;
 * whatever happens between picks (a task blocks, wakes, draws a number
 * or gets new tickets), the winner is still the draw's. */
START_TEST(test_lottery_walking_ahead_keeps_the_draws)
{
	enum { MANY = 5000 };
	static struct task many[MANY];
	static bool queued[MANY];
	const struct sched_policy *p = setup("lottery", "");
	memset(many, 0, sizeof many);
	for (int i = 0; i < MANY; i++) {
		many[i].magic = TASK_MAGIC;
		many[i].tid = i + 1;
		many[i].state = TASK_READY;
		many[i].tickets = 1 + i % 300;
		list_init(&many[i].node);
		p->enqueue(&many[i], SCHED_NEW);
		queued[i] = true;
	}
	unsigned x = 1;
	for (int round = 0; round < 3000; round++) {
		x = x * 1103515245 + 12345;
		unsigned what = (x >> 16) % 16, i = (x >> 4) % MANY;
		if (what == 0 && queued[i]) { /* killed */
			p->remove(&many[i]);
			queued[i] = false;
		} else if (what == 1 && !queued[i]) { /* woken */
			p->enqueue(&many[i], SCHED_WOKEN);
			queued[i] = true;
		} else if (what == 2) { /* a task draws a number */
			kernel_random();
		} else if (what == 3) {
			many[i].tickets = 1 + (x >> 8) % 1000;
			p->priority_changed(&many[i]);
		}
		/* The slots are read before the pick: the winner leaves its. */
		struct task *want = lottery_expected(many, queued, MANY);
		struct task *got = p->pick();
		if (got != want)
			ck_abort_msg("round %d: task %d won, not %d", round, got->tid, want->tid);
		queued[got->tid - 1] = false;
		if (what != 4) { /* else it blocks */
			p->enqueue(got, SCHED_YIELD);
			queued[got->tid - 1] = true;
		}
	}
}
END_TEST

/* Equal tickets (the default) need no tree: the draw goes straight to
 * its slot, and the tree is built again when the tickets differ or a
 * slot is empty.  Here the tickets go back and forth between equal and
 * not (one task's, then many), tasks block and wake (holes, then none),
 * and the winner is always the draw's - with few tasks, and with enough
 * for the walks ahead. */
static void lottery_equal_and_not(int many_n, int rounds)
{
	static struct task many[5000];
	static bool queued[5000];
	static int blocked[5000];
	int n_blocked = 0;
	const struct sched_policy *p = setup("lottery", "");
	memset(many, 0, sizeof many);
	for (int i = 0; i < many_n; i++) {
		many[i].magic = TASK_MAGIC;
		many[i].tid = i + 1;
		many[i].state = TASK_READY;
		list_init(&many[i].node);
		p->enqueue(&many[i], SCHED_NEW);
		queued[i] = true;
	}
	unsigned x = 7;
	for (int round = 0; round < rounds; round++) {
		x = x * 1103515245 + 12345;
		unsigned what = (x >> 16) % 64, i = (x >> 4) % (unsigned)many_n;
		int phase = round / 500 % 4;  /* 0, 2: tickets mostly equal */
		if (what < 4 && phase != 2) { /* one task toggles */
			many[0].tickets = many[0].tickets ? 0 : 1 + (x >> 8) % 300;
			p->priority_changed(&many[0]);
		} else if (what < 6 && phase == 1) { /* many differ */
			many[i].tickets = 1 + (x >> 8) % 300;
			p->priority_changed(&many[i]);
		} else if (what == 6 && phase == 3) { /* all equal again */
			for (int k = 0; k < many_n; k++)
				if (many[k].tickets) {
					many[k].tickets = 0;
					p->priority_changed(&many[k]);
				}
		} else if (what == 7 && queued[i] && n_blocked < many_n - 1) {
			p->remove(&many[i]); /* blocks */
			queued[i] = false;
			blocked[n_blocked++] = (int)i;
		} else if (what < 10 && n_blocked > 0) { /* wakes */
			int k = blocked[--n_blocked];
			p->enqueue(&many[k], SCHED_WOKEN);
			queued[k] = true;
		} else if (what == 10) {
			kernel_random();
		}
		struct task *want = lottery_expected(many, queued, many_n);
		struct task *got = p->pick();
		if (got != want)
			ck_abort_msg("%d tasks, round %d: task %d won, not %d", many_n, round,
				     got->tid, want->tid);
		queued[got->tid - 1] = false;
		if (what == 11) { /* new tickets while it runs */
			got->tickets = got->tickets ? 0 : 3;
			p->priority_changed(got);
		}
		if (what == 12 && n_blocked < many_n - 1) {
			blocked[n_blocked++] = got->tid - 1;
		} else {
			p->enqueue(got, SCHED_YIELD);
			queued[got->tid - 1] = true;
		}
	}
}

START_TEST(test_lottery_equal_tickets_keep_the_draws)
{
	lottery_equal_and_not(3, 4000);
	lottery_equal_and_not(N, 4000);
	lottery_equal_and_not(5000, 3000);
}
END_TEST

START_TEST(test_mlfq_demotes_after_allotment_and_boosts)
{
	const struct sched_policy *p = setup("mlfq", "levels=3,allotment=1ms,boost=10ms");
	push(p, 1, SCHED_NEW); /* the hog */
	push(p, 2, SCHED_NEW); /* interactive: uses little CPU */
	ck_assert_int_eq(pick(p), 1);
	tasks[0].cpu_ns += 1000000; /* a whole allotment */
	push(p, 1, SCHED_YIELD);
	ck_assert_int_eq(tasks[0].sched_level, 1);
	ck_assert_int_eq(pick(p), 2);
	tasks[1].cpu_ns += 1000;
	push(p, 2, SCHED_YIELD);
	ck_assert_int_eq(pick(p), 2); /* level 0 before level 1 */
	push(p, 2, SCHED_YIELD);
	/* The allotment counts over many turns, not one. */
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(pick(p), 2);
		tasks[1].cpu_ns += 300000;
		push(p, 2, SCHED_YIELD);
	}
	ck_assert_int_eq(tasks[1].sched_level, 1);
	ck_assert_int_eq(pick(p), 1); /* both at level 1 now: FIFO */
	tasks[0].cpu_ns += 1000000;
	push(p, 1, SCHED_YIELD);
	ck_assert_int_eq(tasks[0].sched_level, 2);
	ck_assert_int_eq(pick(p), 2);
	push(p, 2, SCHED_YIELD);
	/* After the boost period both are back at the top. */
	clock_advance(20000000);
	ck_assert_int_eq(pick(p), 2);
	push(p, 2, SCHED_YIELD);
	ck_assert_int_eq(tasks[1].sched_level, 0);
	ck_assert_int_eq(pick(p), 1);
	push(p, 1, SCHED_YIELD);
	ck_assert_int_eq(tasks[0].sched_level, 0);
}
END_TEST

/* Under the real clock the boost reads the coarse clock (a fraction of
 * the fine one's cost per pick): it must still come, a period late at
 * most by a host tick. */
START_TEST(test_mlfq_boosts_under_the_real_clock)
{
	const struct sched_policy *p = setup("mlfq", "levels=2,allotment=1ms,boost=20ms");
	clock_init(KERNEL_CLOCK_REAL);
	push(p, 1, SCHED_NEW);
	ck_assert_int_eq(pick(p), 1); /* the first pick sets the boost's time */
	tasks[0].cpu_ns += 1000000;
	push(p, 1, SCHED_YIELD);
	ck_assert_int_eq(tasks[0].sched_level, 1);
	push(p, 2, SCHED_NEW);
	ck_assert_int_eq(pick(p), 2);
	push(p, 2, SCHED_YIELD);
	ck_assert_int_eq(pick(p), 2); /* level 0 first, while no boost is due */
	push(p, 2, SCHED_YIELD);
	usleep(60000); /* three periods */
	ck_assert_int_eq(pick(p), 2);
	push(p, 2, SCHED_YIELD);
	ck_assert_int_eq(pick(p), 1); /* boosted: behind 2 on the top level */
	push(p, 1, SCHED_YIELD);
	ck_assert_int_eq(tasks[0].sched_level, 0);
}
END_TEST

/* The coarse clock: within a host tick of the fine one under the real
 * clock (never ahead of it), the same under the virtual one. */
START_TEST(test_the_coarse_clock_keeps_up)
{
	clock_init(KERNEL_CLOCK_REAL);
	int64_t a = clock_now_coarse();
	usleep(30000);
	int64_t b = clock_now_coarse(), now = clock_now();
	ck_assert_int_ge(b - a, 20000000);
	ck_assert_int_le(b, now);
	ck_assert_int_lt(now - b, 20000000);
	clock_init(KERNEL_CLOCK_VIRTUAL);
	clock_advance(12345);
	ck_assert_int_eq(clock_now_coarse(), clock_now());
	ck_assert_int_eq(clock_now_coarse(), 12345);
}
END_TEST

START_TEST(test_select_errors_list_what_is_valid)
{
	ck_assert_int_eq(sched_policy_select("sjf", why, sizeof why), -EINVAL);
	ck_assert_str_eq(why,
			 "unknown policy 'sjf': valid are fifo, rr, prio, random, lottery, mlfq");
	ck_assert_int_eq(sched_policy_select("mlfq:levels=0", why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "levels=1..16"));
	ck_assert_int_eq(sched_policy_select("mlfq:speed=3", why, sizeof why), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "unknown option 'speed'"));
	ck_assert_int_eq(sched_policy_select("prio:x=1", why, sizeof why), -EINVAL);
	ck_assert_str_eq(why, "prio: takes no options (got 'x=1')");
	ck_assert_int_eq(sched_policy_select("rr:quantum=5ms", why, sizeof why), 0);
	ck_assert_int_eq(sched_policy_quantum_ns, 5000000);
	ck_assert_int_eq(
		sched_policy_select("mlfq:levels=4,allotment=2ms,boost=0", why, sizeof why), 0);
	ck_assert_str_eq(sched_policy_current()->name, "mlfq");
	ck_assert_int_eq(sched_policy_select(NULL, why, sizeof why), 0);
	ck_assert_str_eq(sched_policy_current()->name, "fifo");
}
END_TEST

START_TEST(test_tickets_of_nice)
{
	ck_assert_int_eq(sched_tickets_of_nice(0), 100);
	ck_assert_int_gt(sched_tickets_of_nice(-1), 100);
	ck_assert_int_lt(sched_tickets_of_nice(1), 100);
	ck_assert_int_ge(sched_tickets_of_nice(19), 1);
}
END_TEST

/* ---- through the system calls, with tasks ---- */

static int sem_id;

static int sem_waiter(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sem_wait(sem_id), 0);
	tl_log_push(sys_gettid());
	return 0;
}

/* Under prio a semaphore's best waiter (lowest nice) gets it first;
 * under fifo the first to wait does. */
static int sem_by_priority_main(void *arg)
{
	const int *nices = arg;
	int tids[3];
	sem_id = sys_sem_create("gate", 0);
	ck_assert_int_gt(sem_id, 0);
	for (int i = 0; i < 3; i++) {
		tids[i] = sys_spawn("waiter", sem_waiter, NULL, 0);
		ck_assert_int_gt(tids[i], 0);
		ck_assert_int_eq(sys_setpriority(tids[i], nices[i]), 0);
		ck_assert(tl_wait_blocked(tids[i], TASK_WAIT_SEM));
	}
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(sys_sem_post(sem_id), 0);
	for (int i = 0; i < 3; i++)
		tl_join(tids[i]);
	return 0;
}

START_TEST(test_prio_semaphore_waiters_by_priority)
{
	static const int nices[3] = {5, -5, 0};
	struct kernel_config c;
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	c.sched = "prio";
	tl_log_clear();
	tl_run_config(&c, sem_by_priority_main, (void *)nices);
	ck_assert_int_eq(tl_log_len, 3);
	/* Tasks 2, 3, 4 waited in that order, with nice 5, -5, 0. */
	ck_assert_int_eq(tl_log[0], 3);
	ck_assert_int_eq(tl_log[1], 4);
	ck_assert_int_eq(tl_log[2], 2);

	tl_config(&c, KERNEL_CLOCK_VIRTUAL); /* fifo: in order of waiting */
	tl_log_clear();
	tl_run_config(&c, sem_by_priority_main, (void *)nices);
	ck_assert_int_eq(tl_log[0], 2);
	ck_assert_int_eq(tl_log[1], 3);
	ck_assert_int_eq(tl_log[2], 4);
}
END_TEST

static int idle_child(void *arg)
{
	(void)arg;
	sys_sleep(1000000); /* alive while its parent looks at it */
	return 0;
}

static int priority_calls_main(void *arg)
{
	(void)arg;
	int nice = 99;
	ck_assert_int_eq(sys_getpriority(0, &nice), 0);
	ck_assert_int_eq(nice, 0);
	ck_assert_int_eq(sys_setpriority(0, 7), 0);
	ck_assert_int_eq(sys_getpriority(sys_gettid(), &nice), 0);
	ck_assert_int_eq(nice, 7);
	ck_assert_int_eq(sys_setpriority(0, 20), -EINVAL);
	ck_assert_int_eq(sys_setpriority(0, -21), -EINVAL);
	ck_assert_int_eq(sys_setpriority(9999, 0), -ESRCH);
	ck_assert_int_eq(sys_getpriority(9999, &nice), -ESRCH);
	ck_assert_int_eq(sys_settickets(0, -1), -EINVAL);
	ck_assert_int_eq(sys_settickets(0, MINIOS_TICKETS_MAX + 1), -EINVAL);
	ck_assert_int_eq(sys_settickets(9999, 5), -ESRCH);
	ck_assert_int_eq(sys_settickets(0, 500), 0);
	/* A child starts with its parent's nice value. */
	int child = sys_spawn("child", idle_child, NULL, 0);
	ck_assert_int_eq(sys_getpriority(child, &nice), 0);
	ck_assert_int_eq(nice, 7);
	char text[256];
	int len = sys_schedinfo(text, sizeof text);
	ck_assert_int_eq(len, (int)strlen(text));
	/* The caller runs and the child sleeps: nobody is ready. */
	ck_assert_str_eq(text, "policy lottery\ntickets 0:\n");
	ck_assert_int_eq(sys_schedinfo(text, 4), len); /* cut short, terminated */
	ck_assert_str_eq(text, "pol");
	ck_assert_int_eq(sys_schedinfo(NULL, -1), -EINVAL);
	tl_join(child);
	return 0;
}

START_TEST(test_priority_system_calls)
{
	struct kernel_config c;
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	c.sched = "lottery";
	tl_run_config(&c, priority_calls_main, NULL);
}
END_TEST

#define DRAWS 20000
static int turns[2], total_turns;

static int lottery_player(void *arg)
{
	int i = (int)(intptr_t)arg;
	ck_assert_int_eq(sys_settickets(0, i == 0 ? 100 : 300), 0);
	while (total_turns < DRAWS) {
		turns[i]++;
		total_turns++;
		sys_yield();
	}
	return 0;
}

static int lottery_main(void *arg)
{
	(void)arg;
	int a = sys_spawn("small", lottery_player, (void *)0, 0);
	int b = sys_spawn("big", lottery_player, (void *)1, 0);
	tl_join(a);
	tl_join(b);
	return 0;
}

/* With seed 1, 100 and 300 tickets get 25% and 75% of the turns, within
 * 2 points. */
START_TEST(test_lottery_shares_with_tasks)
{
	struct kernel_config c;
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	c.sched = "lottery";
	turns[0] = turns[1] = total_turns = 0;
	tl_run_config(&c, lottery_main, NULL);
	double share = (double)turns[1] / (turns[0] + turns[1]);
	ck_assert_msg(share > 0.73 && share < 0.77, "share %.3f", share);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("interface");
	tcase_add_test(tc, test_table_names_every_policy);
	tcase_add_test(tc, test_fifo_and_rr_keep_arrival_order);
	tcase_add_test(tc, test_prio_lowest_nice_first_fifo_within);
	tcase_add_test(tc, test_prio_renice_moves_a_queued_task);
	tcase_add_test(tc, test_random_is_uniform_and_complete);
	tcase_add_test(tc, test_random_peek_foretells_draws);
	tcase_add_test(tc, test_lottery_shares_follow_tickets);
	tcase_add_test(tc, test_lottery_tree_survives_growth_and_removal);
	tcase_add_test(tc, test_lottery_walking_ahead_keeps_the_draws);
	tcase_add_test(tc, test_lottery_equal_tickets_keep_the_draws);
	tcase_add_test(tc, test_mlfq_demotes_after_allotment_and_boosts);
	tcase_add_test(tc, test_mlfq_boosts_under_the_real_clock);
	tcase_add_test(tc, test_the_coarse_clock_keeps_up);
	tcase_add_test(tc, test_select_errors_list_what_is_valid);
	tcase_add_test(tc, test_tickets_of_nice);
	suite_add_tcase(s, tc);

	tc = tcase_create("tasks");
	tcase_add_test(tc, test_prio_semaphore_waiters_by_priority);
	tcase_add_test(tc, test_priority_system_calls);
	tcase_add_test(tc, test_lottery_shares_with_tasks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(policy_suite());
}
