/*
 * check_tidmap.c - the task table (kernel/tidmap.c): a task is found by
 * its tid across pages, removed ones are gone, every task is visited in tid
 * order, the next task from a tid is found across empty pages, a page is freed once all its tasks
 * have ended and new tids have moved past it (but not the page new tids go into), and a refused
 * page leaves the table as it was.
 */
#include "tests/testlib.h"
#include "kernel/kalloc.h"
#include "kernel/task.h"
#include "kernel/tidmap.h"

#include <errno.h>
#include <stdlib.h>

#define N (3 * TIDMAP_PAGE + 7)
static struct task tasks[N + 1]; /* tasks[i].tid == i */

static void setup(void)
{
	for (int i = 0; i <= N; i++)
		tasks[i].tid = i;
}

static void check_order(void *task, void *ctx)
{
	int *last = ctx;
	struct task *t = task;
	ck_assert_int_gt(t->tid, *last);
	*last = t->tid;
}

START_TEST(test_put_get_remove_in_order)
{
	struct tidmap m;
	tidmap_init(&m);
	setup();
	for (int i = 1; i <= N; i++)
		ck_assert_int_eq(tidmap_put(&m, &tasks[i]), 0);
	ck_assert_uint_eq(m.count, N);
	for (int i = 1; i <= N; i++)
		ck_assert_ptr_eq(tidmap_get(&m, i), &tasks[i]);
	ck_assert_ptr_null(tidmap_get(&m, 0));
	ck_assert_ptr_null(tidmap_get(&m, -5));
	ck_assert_ptr_null(tidmap_get(&m, N + 1));
	ck_assert_ptr_null(tidmap_get(&m, 1 << 30));
	for (int i = 1; i <= N; i += 2)
		tidmap_remove(&m, i);
	tidmap_remove(&m, 1); /* again: nothing */
	ck_assert_uint_eq(m.count, N / 2);
	for (int i = 1; i <= N; i++)
		ck_assert_ptr_eq(tidmap_get(&m, i), i % 2 ? NULL : &tasks[i]);
	int last = 0;
	tidmap_for_each(&m, check_order, &last);
	ck_assert_int_eq(last, N - 1);
	ck_assert_ptr_eq(tidmap_next(&m, 1), &tasks[2]);
	ck_assert_ptr_eq(tidmap_next(&m, 2), &tasks[2]);
	ck_assert_ptr_eq(tidmap_next(&m, TIDMAP_PAGE + 1), &tasks[TIDMAP_PAGE + 2]);
	ck_assert_ptr_null(tidmap_next(&m, N));
	for (int i = 2; i <= 2 * TIDMAP_PAGE; i += 2) /* two pages empty */
		tidmap_remove(&m, i);
	ck_assert_ptr_eq(tidmap_next(&m, 1), &tasks[2 * TIDMAP_PAGE + 2]);
	tidmap_free(&m);
	ck_assert_uint_eq(m.count, 0);
	ck_assert_ptr_null(tidmap_get(&m, 2));
}
END_TEST

START_TEST(test_a_page_is_freed_when_done_and_passed)
{
	struct tidmap m;
	tidmap_init(&m);
	setup();
	for (int i = 1; i < TIDMAP_PAGE; i++) /* page 0: tids 1..511 */
		ck_assert_int_eq(tidmap_put(&m, &tasks[i]), 0);
	for (int i = 1; i < TIDMAP_PAGE; i++)
		tidmap_remove(&m, i);
	ck_assert_ptr_nonnull(m.pages[0]);                        /* new tids still go there */
	ck_assert_int_eq(tidmap_put(&m, &tasks[TIDMAP_PAGE]), 0); /* page 1 */
	ck_assert_ptr_null(m.pages[0]);
	ck_assert_ptr_nonnull(m.pages[1]);
	tidmap_remove(&m, TIDMAP_PAGE);
	ck_assert_ptr_nonnull(m.pages[1]); /* the newest page stays */
	tidmap_free(&m);
}
END_TEST

START_TEST(test_a_refused_page_changes_nothing)
{
	struct tidmap m;
	tidmap_init(&m);
	setup();
	ck_assert_int_eq(tidmap_put(&m, &tasks[1]), 0);
	kernel_alloc_fail_after(0);
	int r = tidmap_put(&m, &tasks[TIDMAP_PAGE + 1]);
	kernel_alloc_fail_after(-1);
	ck_assert_int_eq(r, -ENOMEM);
	ck_assert_uint_eq(m.count, 1);
	ck_assert_ptr_null(tidmap_get(&m, TIDMAP_PAGE + 1));
	ck_assert_int_eq(tidmap_put(&m, &tasks[TIDMAP_PAGE + 1]), 0);
	ck_assert_ptr_eq(tidmap_get(&m, TIDMAP_PAGE + 1), &tasks[TIDMAP_PAGE + 1]);
	tidmap_free(&m);
}
END_TEST

static Suite *tidmap_suite(void)
{
	Suite *s = suite_create("tidmap");
	TCase *tc = tcase_create("tidmap");
	tcase_add_test(tc, test_put_get_remove_in_order);
	tcase_add_test(tc, test_a_page_is_freed_when_done_and_passed);
	tcase_add_test(tc, test_a_refused_page_changes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(tidmap_suite());
}
