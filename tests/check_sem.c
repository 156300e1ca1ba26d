/*
 * check_sem.c - counting semaphores: create/wait/post/destroy, FIFO
 * wake-ups, cancellation, ownership, and deadlock cycles.
 */
#include "tests/testlib.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int sem_a, sem_b, sem_c;
/* Tasks that must stay alive (a task that ends gives back the units it
 * holds) wait on this after their work; destroying it lets them end. */
static int end_gate;
static int rcs[8];
static int reached;

/* ---- basics ---- */

static int basics_task(void *arg)
{
	(void)arg;
	int s = sys_sem_create("basic", 2);
	ck_assert_int_ge(s, 1);
	ck_assert_int_eq(sys_sem_wait(s), 0);
	ck_assert_int_eq(sys_sem_wait(s), 0);
	ck_assert_int_eq(sys_sem_post(s), 0);
	ck_assert_int_eq(sys_sem_wait(s), 0);
	ck_assert_int_eq(sys_sem_post(s), 0);
	ck_assert_int_eq(sys_sem_post(s), 0);
	ck_assert_int_eq(sys_sem_post(s), 0); /* counts may rise above the start */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(sys_sem_wait(s), 0);
	int t = sys_sem_create("other", 0);
	ck_assert_int_ge(t, 1);
	ck_assert_int_ne(t, s);
	ck_assert_int_eq(sys_sem_destroy(s), 0);
	ck_assert_int_eq(sys_sem_wait(s), -EINVAL);
	ck_assert_int_eq(sys_sem_post(s), -EINVAL);
	ck_assert_int_eq(sys_sem_destroy(s), -EINVAL);
	ck_assert_int_eq(sys_sem_destroy(t), 0);
	ck_assert_int_eq(sys_sem_create("negative", -1), -EINVAL);
	reached = 1;
	return 0;
}

START_TEST(test_create_wait_post_destroy)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, basics_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int bad_ids_task(void *arg)
{
	(void)arg;
	int ids[] = {0, -1, -100, 9999};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		ck_assert_int_eq(sys_sem_wait(ids[i]), -EINVAL);
		ck_assert_int_eq(sys_sem_post(ids[i]), -EINVAL);
		ck_assert_int_eq(sys_sem_destroy(ids[i]), -EINVAL);
	}
	reached = 1;
	return 0;
}

START_TEST(test_bad_ids)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, bad_ids_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- blocking and FIFO order ---- */

static int take_and_log(void *arg)
{
	int i = (int)(intptr_t)arg;
	rcs[i] = sys_sem_wait(sem_a);
	tl_log_push(i);
	return 0;
}

/* The same, then stays alive (holding the unit) until end_gate goes. */
static int take_log_and_stay(void *arg)
{
	take_and_log(arg);
	sys_sem_wait(end_gate);
	return 0;
}

static int fifo_task(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("fifo", 0);
	int tids[5];
	/* Each waits as soon as it is created: the wait order is 0..4. */
	for (int i = 0; i < 5; i++) {
		rcs[i] = 1;
		tids[i] = sys_newtask("waiter", take_and_log, (void *)(intptr_t)i);
		ck_assert(tl_wait_blocked(tids[i], TASK_WAIT_SEM));
	}
	tl_yield_n(3);
	ck_assert_int_eq(tl_log_len, 0);
	struct task_info info;
	ck_assert(tl_task_info(tids[0], &info));
	ck_assert_int_eq(info.wait_id, sem_a);
	ck_assert_str_eq(info.wait_name, "fifo");
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(sys_sem_post(sem_a), 0);
	for (int i = 0; i < 5; i++)
		sys_waittask(tids[i], NULL);
	ck_assert_int_eq(tl_log_len, 5);
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(tl_log[i], i);
		ck_assert_int_eq(rcs[i], 0);
	}
	return 0;
}

START_TEST(test_fifo_wakeup_order)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, fifo_task, NULL);
}
END_TEST

static int yield_then_take(void *arg)
{
	sys_yield();
	return take_and_log(arg);
}

/* A unit posted to a waiter is the waiter's: a task that runs between the
 * post and the waiter's turn must not take it ("no barging"). */
static int steal_task(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("no barging", 0);
	end_gate = sys_sem_create("end", 0);
	int first = sys_newtask("first", take_log_and_stay, (void *)1);
	ck_assert(tl_wait_blocked(first, TASK_WAIT_SEM));
	/* The thief runs at once and yields: queue [us, thief]. */
	int thief = sys_newtask("thief", yield_then_take, (void *)2);
	/* The post readies first behind the thief: [thief, first, us]. */
	ck_assert_int_eq(sys_sem_post(sem_a), 0);
	tl_wait_blocked(first, TASK_WAIT_SEM); /* on end_gate, after its unit */
	ck_assert_int_ge(tl_log_len, 1);
	ck_assert_msg(tl_log[0] == 1, "the thief took the unit posted to the first waiter");
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_msg(tl_wait_blocked(thief, TASK_WAIT_SEM),
		      "one post let two tasks through (thief: %d)", rcs[2]);
	ck_assert_int_eq(sys_sem_post(sem_a), 0);
	sys_waittask(thief, NULL);
	ck_assert_int_eq(tl_log_len, 2);
	ck_assert_int_eq(tl_log[1], 2);
	ck_assert_int_eq(rcs[2], 0);
	ck_assert_int_eq(sys_sem_destroy(end_gate), 0);
	sys_waittask(first, NULL);
	return 0;
}

START_TEST(test_woken_waiter_keeps_its_unit)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, steal_task, NULL);
}
END_TEST

/* ---- destroy ---- */

static int destroy_waited_task(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("doomed", 0);
	int tids[3];
	for (int i = 0; i < 3; i++) {
		rcs[i] = 1;
		tids[i] = sys_newtask("waiter", take_and_log, (void *)(intptr_t)i);
		ck_assert(tl_wait_blocked(tids[i], TASK_WAIT_SEM));
	}
	ck_assert_int_eq(sys_sem_destroy(sem_a), 0);
	for (int i = 0; i < 3; i++)
		sys_waittask(tids[i], NULL);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(rcs[i], -ECANCELED);
	ck_assert_int_eq(sys_sem_post(sem_a), -EINVAL);
	return 0;
}

START_TEST(test_destroy_while_waited_is_ecanceled)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, destroy_waited_task, NULL);
	ck_assert_int_eq(tl_log_len, 3);
}
END_TEST

static int foreign_destroy(void *arg)
{
	(void)arg;
	rcs[0] = sys_sem_destroy(sem_a);
	/* Others may still use it. */
	rcs[1] = sys_sem_post(sem_a);
	rcs[2] = sys_sem_wait(sem_a);
	return 0;
}

static int non_owner_task(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("mine", 0);
	int tid = sys_newtask("other", foreign_destroy, NULL);
	sys_waittask(tid, NULL);
	tl_yield_n(3);
	ck_assert_int_eq(rcs[0], -EPERM);
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(rcs[2], 0);
	ck_assert_int_eq(sys_sem_destroy(sem_a), 0);
	return 0;
}

START_TEST(test_destroy_by_non_owner_is_eperm)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, non_owner_task, NULL);
}
END_TEST

static int creator_exits(void *arg)
{
	int mode = (int)(intptr_t)arg;
	sem_a = sys_sem_create("short-lived", 0);
	/* Wait until the test has a waiter on it, then end (or be killed). */
	while (!reached)
		sys_yield();
	if (mode == 1)
		sys_exit(0);
	if (mode == 2)
		for (;;)
			sys_yield(); /* killed by the test */
	return 0;
}

static int ends_with_creator(void *arg)
{
	int mode = (int)(intptr_t)arg;
	int creator = sys_newtask("creator", creator_exits, arg);
	sys_yield(); /* the creator's sem_create put it behind us */
	ck_assert_int_gt(sem_a, 0);
	int waiter = sys_newtask("waiter", take_and_log, (void *)0);
	ck_assert(tl_wait_blocked(waiter, TASK_WAIT_SEM));
	rcs[0] = 1;
	reached = 1;
	if (mode == 2)
		ck_assert_int_eq(sys_killtask(creator), 0);
	else
		sys_waittask(creator, NULL);
	sys_waittask(waiter, NULL);
	ck_assert_int_eq(rcs[0], -ECANCELED);
	ck_assert_int_eq(sys_sem_post(sem_a), -EINVAL);
	ck_assert_int_eq(sys_sem_wait(sem_a), -EINVAL);
	return 0;
}

START_TEST(test_semaphore_dies_with_its_creator)
{
	/* _i: 0 return, 1 sys_exit, 2 killed. */
	tl_run(KERNEL_CLOCK_VIRTUAL, ends_with_creator, (void *)(intptr_t)_i);
}
END_TEST

/* ---- deadlock cycles ---- */

struct cycle_member {
	int *hold, *want;
	int index;
};

/* Takes its `hold` unit, lets the others take theirs, then asks for
 * `want`.  Records what sem_wait(want) returned, gives back what it holds,
 * and ends. */
static int cycle_task(void *arg)
{
	const struct cycle_member *m = arg;
	ck_assert_int_eq(sys_sem_wait(*m->hold), 0);
	tl_yield_n(5);
	rcs[m->index] = sys_sem_wait(*m->want);
	tl_log_push(m->index);
	if (rcs[m->index] == 0)
		sys_sem_post(*m->want);
	sys_sem_post(*m->hold);
	return 0;
}

static const char *const cycle_names[] = {"plato", "socrates", "euclid"};
static int cycle_tids[3];

static int cycle_main(void *arg)
{
	int n = (int)(intptr_t)arg;
	static struct cycle_member members[3];
	int *sems[] = {&sem_a, &sem_b, &sem_c};
	sem_a = sys_sem_create("fork A", 1);
	sem_b = sys_sem_create("fork B", 1);
	sem_c = sys_sem_create("fork C", 1);
	for (int i = 0; i < n; i++) {
		members[i].hold = sems[i];
		members[i].want = sems[(i + 1) % n];
		members[i].index = i;
		rcs[i] = 1;
		cycle_tids[i] = sys_newtask(cycle_names[i], cycle_task, &members[i]);
	}
	for (int i = 0; i < n; i++)
		sys_waittask(cycle_tids[i], NULL);
	/* The last to ask closes the cycle: its call fails, which breaks the
	 * cycle; it gives back its unit and everyone else gets theirs. */
	for (int i = 0; i < n; i++) {
		int expect = i == n - 1 ? -EDEADLK : 0;
		ck_assert_msg(rcs[i] == expect, "%s: sem_wait returned %d, expected %d",
			      cycle_names[i], rcs[i], expect);
	}
	ck_assert_int_eq(tl_log_len, n);
	return 0;
}

static void check_cycle_report(int n)
{
	const char *text = tl_console_all();
	for (int i = 0; i < n; i++) {
		char sem_name[16], tid[16];
		snprintf(sem_name, sizeof sem_name, "fork %c", 'A' + i);
		snprintf(tid, sizeof tid, "%d", cycle_tids[i]);
		ck_assert_msg(strstr(text, sem_name), "deadlock report does not name \"%s\": [%s]",
			      sem_name, text);
		ck_assert_msg(strstr(text, cycle_names[i]) || strstr(text, tid),
			      "deadlock report names neither %s nor task %s: [%s]", cycle_names[i],
			      tid, text);
	}
	if (n == 2)
		ck_assert_msg(!strstr(text, "fork C"),
			      "report names a semaphore outside the cycle: [%s]", text);
}

START_TEST(test_two_task_cycle_is_edeadlk)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, cycle_main, (void *)2);
	check_cycle_report(2);
}
END_TEST

START_TEST(test_three_task_cycle_is_edeadlk)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, cycle_main, (void *)3);
	check_cycle_report(3);
}
END_TEST

/* A chain that is not a cycle: plato holds A and waits for B, held by
 * socrates, who is merely slow and then gives B back. */
static int slow_holder(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sem_wait(sem_b), 0);
	tl_yield_n(20);
	ck_assert_int_eq(sys_sem_post(sem_b), 0);
	return 0;
}

static int chain_waiter(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sem_wait(sem_a), 0);
	rcs[0] = sys_sem_wait(sem_b);
	sys_sem_post(sem_b);
	sys_sem_post(sem_a);
	return 0;
}

/* A third task waits for A (held by chain_waiter): no cycle either. */
static int tail_waiter(void *arg)
{
	(void)arg;
	rcs[1] = sys_sem_wait(sem_a);
	sys_sem_post(sem_a);
	return 0;
}

/* Signal semaphores (count 0, nobody holds a unit) are no cycle. */
static int signal_waiter(void *arg)
{
	int *sem = arg;
	rcs[sem == &sem_a ? 2 : 3] = sys_sem_wait(*sem);
	return 0;
}

static int no_cycle_main(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("fork A", 1);
	sem_b = sys_sem_create("fork B", 1);
	rcs[0] = rcs[1] = 1;
	int holder = sys_newtask("socrates", slow_holder, NULL);
	int waiter = sys_newtask("plato", chain_waiter, NULL);
	int tail = sys_newtask("euclid", tail_waiter, NULL);
	sys_waittask(holder, NULL);
	sys_waittask(waiter, NULL);
	sys_waittask(tail, NULL);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rcs[1], 0);

	int s1 = sys_sem_create("ping", 0);
	int s2 = sys_sem_create("pong", 0);
	sem_a = s1;
	sem_b = s2;
	rcs[2] = rcs[3] = 1;
	int w1 = sys_newtask("w1", signal_waiter, &sem_a);
	int w2 = sys_newtask("w2", signal_waiter, &sem_b);
	ck_assert(tl_wait_blocked(w1, TASK_WAIT_SEM));
	ck_assert(tl_wait_blocked(w2, TASK_WAIT_SEM));
	ck_assert_int_eq(sys_sem_post(s2), 0);
	ck_assert_int_eq(sys_sem_post(s1), 0);
	sys_waittask(w1, NULL);
	sys_waittask(w2, NULL);
	ck_assert_int_eq(rcs[2], 0);
	ck_assert_int_eq(rcs[3], 0);
	return 0;
}

START_TEST(test_waiting_chain_is_not_a_deadlock)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, no_cycle_main, NULL);
	ck_assert_int_eq(tl_console_count("EDEADLK"), 0);
	ck_assert_int_eq(tl_console_count("deadlock"), 0);
}
END_TEST

/* A signal's units are items: a consumer that took one and ended must not
 * give it back, or the next consumer would get an item never produced. */
static int consume_one(void *arg)
{
	(void)arg;
	return sys_sem_wait(sem_a) == 0 ? 0 : 1;
}

static int signal_units_task(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("items", 0);
	int first = sys_newtask("consumer", consume_one, NULL);
	ck_assert(tl_wait_blocked(first, TASK_WAIT_SEM));
	ck_assert_int_eq(sys_sem_post(sem_a), 0); /* one item, from a non-holder */
	ck_assert_int_eq(sys_waittask(first, NULL), 0);
	int second = sys_newtask("consumer", consume_one, NULL);
	ck_assert(tl_wait_blocked(second, TASK_WAIT_SEM)); /* nothing for it */
	ck_assert_int_eq(sys_sem_post(sem_a), 0);
	int status = -1;
	ck_assert_int_eq(sys_waittask(second, &status), 0);
	ck_assert_int_eq(status, 0);
	return 0;
}

START_TEST(test_signal_units_are_not_given_back)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, signal_units_task, NULL);
}
END_TEST

/* A counting semaphore with several holders: a cycle through one holder
 * is no deadlock while another holder can still post. */
static int room_a(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sem_wait(sem_a), 0); /* room: 1 of 3 */
	ck_assert_int_eq(sys_sem_wait(sem_b), 0); /* the lock */
	tl_yield_n(2);
	rcs[0] = sys_sem_wait(sem_a); /* room is full; C will post */
	sys_sem_post(sem_b);
	return 0;
}

static int room_b(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sem_wait(sem_a), 0);
	sys_yield();
	rcs[1] = sys_sem_wait(sem_b); /* held by A */
	sys_sem_post(sem_b);
	return 0;
}

static int room_c(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sem_wait(sem_a), 0);
	tl_yield_n(6);
	sys_sem_post(sem_a);
	return 0;
}

static int rooms_task(void *arg)
{
	(void)arg;
	sem_a = sys_sem_create("room", 3);
	sem_b = sys_sem_create("lock", 1);
	rcs[0] = rcs[1] = 1;
	int a = sys_newtask("A", room_a, NULL);
	int b = sys_newtask("B", room_b, NULL);
	int c = sys_newtask("C", room_c, NULL);
	tl_join(a);
	tl_join(b);
	tl_join(c);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(tl_console_count("deadlock"), 0);
	return 0;
}

START_TEST(test_a_holder_that_can_move_is_not_a_deadlock)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, rooms_task, NULL);
}
END_TEST

static Suite *sem_suite(void)
{
	Suite *s = suite_create("sem");
	TCase *tc = tcase_create("basics");
	tcase_add_test(tc, test_create_wait_post_destroy);
	tcase_add_test(tc, test_bad_ids);
	tcase_add_test(tc, test_fifo_wakeup_order);
	tcase_add_test(tc, test_woken_waiter_keeps_its_unit);
	suite_add_tcase(s, tc);

	tc = tcase_create("destroy");
	tcase_add_test(tc, test_destroy_while_waited_is_ecanceled);
	tcase_add_test(tc, test_destroy_by_non_owner_is_eperm);
	tcase_add_loop_test(tc, test_semaphore_dies_with_its_creator, 0, 3);
	suite_add_tcase(s, tc);

	tc = tcase_create("deadlock");
	tcase_add_test(tc, test_two_task_cycle_is_edeadlk);
	tcase_add_test(tc, test_three_task_cycle_is_edeadlk);
	tcase_add_test(tc, test_waiting_chain_is_not_a_deadlock);
	tcase_add_test(tc, test_a_holder_that_can_move_is_not_a_deadlock);
	tcase_add_test(tc, test_signal_units_are_not_given_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(sem_suite());
}
