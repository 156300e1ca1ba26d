# Check unit tests: one program per kernel/syscall module, each linked
# with the kernel library and the small harness in testlib.c.
check_suites = \
	tests/check_task \
	tests/check_sem \
	tests/check_poll \
	tests/check_timer \
	tests/check_stack \
	tests/check_loop

check_PROGRAMS += $(check_suites)
TESTS += $(check_suites)

tests_check_task_SOURCES = tests/check_task.c tests/testlib.c tests/testlib.h
tests_check_task_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_task_LDADD = libminios.a $(CHECK_LIBS)

tests_check_sem_SOURCES = tests/check_sem.c tests/testlib.c tests/testlib.h
tests_check_sem_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_sem_LDADD = libminios.a $(CHECK_LIBS)

tests_check_poll_SOURCES = tests/check_poll.c tests/testlib.c tests/testlib.h
tests_check_poll_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_poll_LDADD = libminios.a $(CHECK_LIBS)

tests_check_timer_SOURCES = tests/check_timer.c tests/testlib.c tests/testlib.h
tests_check_timer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_timer_LDADD = libminios.a $(CHECK_LIBS)

tests_check_stack_SOURCES = tests/check_stack.c tests/testlib.c tests/testlib.h
tests_check_stack_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_stack_LDADD = libminios.a $(CHECK_LIBS)

tests_check_loop_SOURCES = tests/check_loop.c tests/testlib.c tests/testlib.h
tests_check_loop_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_loop_LDADD = libminios.a $(CHECK_LIBS)

# The timer interrupt: preemption at safe points and the watchdog.
check_PROGRAMS += tests/check_preempt
TESTS += tests/check_preempt
tests_check_preempt_SOURCES = tests/check_preempt.c tests/testlib.c tests/testlib.h
tests_check_preempt_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_preempt_LDADD = libminios.a $(CHECK_LIBS) -lm
