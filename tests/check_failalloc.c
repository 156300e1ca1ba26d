/*
 * check_failalloc.c - the kernel out of memory, and other errors it used to
 * ignore: each path out must return an error, leak nothing and abort
 * nothing.
 *
 * The kernel allocates through kernel/kalloc.h; kernel_alloc_fail_after(n)
 * lets n more allocations succeed and refuses the rest, so a test can make
 * exactly the allocation it is after fail.  (A kernel-internal hook: this
 * suite is the one place outside kernel/ that includes it.)
 */
#include "tests/testlib.h"
#include "kernel/kalloc.h"

#include <errno.h>
#include <stdlib.h>

/* ---- kernel_init fails cleanly at every allocation ---- */

/* Boot with the n-th allocation of kernel_init refused, for every n until
 * one boot needs no more: each boot either fails with -ENOMEM, leaving no
 * fd behind and the kernel down (a second kernel_init can succeed), or
 * succeeds without having been refused anything - an allocation whose
 * failure was ignored (fault_init's, say) shows up as a success that was
 * refused one. */
START_TEST(test_kernel_init_fails_cleanly_at_every_allocation)
{
	struct kernel_config c;
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	int fds = tl_count_open_fds();
	for (long n = 0;; n++) {
		ck_assert_msg(n < 100, "kernel_init never succeeded");
		kernel_alloc_fail_after(n);
		int r = kernel_init(&c);
		unsigned long refused = kernel_alloc_refused();
		kernel_alloc_fail_after(-1);
		if (r == 0) {
			ck_assert_msg(refused == 0,
				      "kernel_init succeeded although allocation %ld was refused",
				      n);
			kernel_shutdown();
			break;
		}
		ck_assert_int_eq(r, -ENOMEM);
		ck_assert_int_eq(tl_count_open_fds(), fds);
	}
	ck_assert_int_eq(tl_count_open_fds(), fds);
}
END_TEST

/* ---- Sleep returns -ENOMEM when no timer can be had ---- */

static int sleep_without_memory(void *arg)
{
	(void)arg;
	/* The first sleeper of a kernel makes the timer heap. */
	kernel_alloc_fail_after(0);
	int r = sys_sleep(1000000);
	kernel_alloc_fail_after(-1);
	ck_assert_int_eq(r, -ENOMEM);
	/* And with memory again, sleeping works. */
	ck_assert_int_eq(sys_sleep(1000000), 0);
	return 0;
}

START_TEST(test_sleep_without_memory_is_enomem)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, sleep_without_memory, NULL);
}
END_TEST

/* ---- shutdown ends every task, even with no memory ---- */

static int sem_id;

static int block_forever(void *arg)
{
	(void)arg;
	sys_sem_wait(sem_id); /* nobody posts: only shutdown ends this */
	return 0;
}

static int first(void *arg)
{
	(void)arg;
	sem_id = sys_sem_create("never", 0);
	ck_assert_int_gt(sem_id, 0);
	ck_assert_int_gt(sys_newtask("blocked", block_forever, NULL), 0);
	ck_assert_int_gt(sys_newtask("blocked", block_forever, NULL), 0);
	return block_forever(NULL);
}

START_TEST(test_shutdown_without_memory_ends_every_task)
{
	struct kernel_config c;
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&c);
	tl_spawn("first", first, NULL);
	char *report = NULL;
	ck_assert_int_eq(kernel_run(&report), -EDEADLK);
	free(report);
	ck_assert_int_eq(kernel_init_status(), -1); /* task 1 is alive */
	kernel_alloc_fail_after(0);
	kernel_shutdown();
	kernel_alloc_fail_after(-1);
	/* Task 1 was ended (killed), not left behind. */
	ck_assert_int_eq(kernel_init_status(), TASK_STATUS_KILLED);
	/* And the kernel is down: it boots again. */
	tl_boot(&c);
	kernel_shutdown();
}
END_TEST

static Suite *failalloc_suite(void)
{
	Suite *s = suite_create("failalloc");
	TCase *tc = tcase_create("errors");
	tcase_add_test(tc, test_kernel_init_fails_cleanly_at_every_allocation);
	tcase_add_test(tc, test_sleep_without_memory_is_enomem);
	tcase_add_test(tc, test_shutdown_without_memory_ends_every_task);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(failalloc_suite());
}
