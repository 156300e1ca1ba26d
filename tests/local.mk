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

# The host's process-wide calls in a task (syscalls/hostcalls.c), and big
# frames against the guard page.  A block of its own: one suite, one test.
check_PROGRAMS += tests/check_hostcalls
TESTS += tests/check_hostcalls
tests_check_hostcalls_SOURCES = tests/check_hostcalls.c tests/testlib.c tests/testlib.h
tests_check_hostcalls_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_hostcalls_LDADD = libminios.a $(CHECK_LIBS)
