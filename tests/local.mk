# Check unit tests: one program per kernel/syscall module, each one entry
# of TESTS.  The harness (testlib.c) is built once, as a library the
# suites share.
#
# Adding a suite is one line in check_suites: its source is
# tests/check_<name>.c (automake's default when a program names none) and
# its flags and libraries are the defaults below.  A suite made of several
# files, or needing another library, says so in its own lines.
check_suites += \
	tests/check_task \
	tests/check_sem \
	tests/check_poll \
	tests/check_timer \
	tests/check_stack \
	tests/check_loop \
	tests/check_policy

check_PROGRAMS += $(check_suites)
TESTS += $(check_suites)

# The task suite is one program, one file per topic (tests/task/).
tests_check_task_SOURCES = tests/check_task.c \
	tests/task/task_tests.h \
	tests/task/life.c \
	tests/task/kill.c \
	tests/task/wait.c \
	tests/task/notify.c \
	tests/task/introspection.c \
	tests/task/compact.c \
	tests/task/resources.c

# The shell's parser, on its own: only parse.o comes from libshell.a.
check_suites += tests/check_parse
tests_check_parse_LDADD = libshell.a $(LDADD)
# The shell task in a kernel: stopped mid-command, it leaves nothing.
check_suites += tests/check_shell
tests_check_shell_CFLAGS = $(AM_CFLAGS) $(READLINE_CFLAGS)
tests_check_shell_LDADD = libshell.a $(LDADD) $(READLINE_LIBS)

check_LIBRARIES += tests/libtestlib.a
tests_libtestlib_a_SOURCES = tests/testlib.c tests/testlib.h

# The defaults for every program without its own: only the suites rely on
# them (minios and minios-bench name their libraries).  Check's compile
# flags (-pthread on Linux) change nothing in the kernel's code.
AM_CFLAGS += $(CHECK_CFLAGS)
LDADD = tests/libtestlib.a libminios.la $(CHECK_LIBS)

# The quick start: scripts/build.sh is quiet, and on a built tree remakes
# nothing.
TESTS += tests/quiet_build.sh
EXTRA_DIST += tests/quiet_build.sh
# scripts/build.sh leaves its log in the build tree.
DISTCLEANFILES += build.log

# The kernel's error paths, with allocations refused on purpose
# (kernel/kalloc.c), and its assertions (KASSERT).
check_suites += tests/check_failalloc tests/check_kassert
# Compact mode's task memory (kernel/slab.c).
check_suites += tests/check_slab
# The task table (kernel/tidmap.c).
check_suites += tests/check_tidmap

# The timer interrupt: preemption at safe points, and the watchdog; and
# what a switch keeps for each task (its rounding modes).
check_suites += tests/check_preempt tests/check_context

# The host's process-wide calls in a task (syscalls/hostcalls.c), and big
# frames against the guard page.
check_suites += tests/check_hostcalls tests/check_trace

# Task groups (TASK_NEW_GROUP, KillTask -G) and orphans re-parented to
# task 1.
check_suites += tests/check_groups

# Pipe and Dup2: blocking, end of file, broken pipes, pipelines; and the
# shell's redirections, in a temporary folder.
check_suites += tests/check_pipe
TESTS += tests/redirect.sh
EXTRA_DIST += tests/redirect.sh

# Every minios command the docs tell a user to type (README, lab guide,
# the man page's examples) runs, and nothing complains.
TESTS += tests/docs.sh
EXTRA_DIST += tests/docs.sh
TESTS += tests/trace.sh
EXTRA_DIST += tests/trace.sh
TESTS += tests/timeline.sh
EXTRA_DIST += tests/timeline.sh tests/timeline_check.py

# Seeded random programs against the system calls (1000 here; `make
# soak` runs 10^5).
check_suites += tests/check_random

# `make fuzz`: the libFuzzer target for the shell's parser and command
# dispatcher (tests/fuzz/, built with clang by scripts/fuzz.sh) for
# FUZZ_SECONDS (60).  `make soak`: the abuse tests at length (not part of
# check): SOAK_RANDOM_RUNS (10^5) random programs, then SOAK_FUZZ_RUNS (10^6)
# fuzzer executions (0: none).  tests/soak.sh runs it scaled down.
SOAK_RANDOM_RUNS = 100000
SOAK_FUZZ_RUNS = 1000000
fuzz:
	$(top_srcdir)/scripts/fuzz.sh $(abs_top_builddir)
soak: tests/check_random
	MINIOS_RANDOM_PROGRAMS=$(SOAK_RANDOM_RUNS) tests/check_random
	if [ "$(SOAK_FUZZ_RUNS)" -gt 0 ]; then \
		FUZZ_RUNS=$(SOAK_FUZZ_RUNS) $(top_srcdir)/scripts/fuzz.sh $(abs_top_builddir); \
	fi
.PHONY: fuzz soak
EXTRA_DIST += scripts/fuzz.sh tests/fuzz/fuzz_shell.c tests/fuzz/corpus
TESTS += tests/soak.sh
EXTRA_DIST += tests/soak.sh

# Abuse, bounded in time: FIFOs and /dev/zero as input, durations at the
# clock's end, thousands of jobs, a reader that goes away, no fds left.
TESTS += tests/abuse.sh
EXTRA_DIST += tests/abuse.sh

# Init's successor (kernel_on_init_ended): a new shell for a faulted one.
check_suites += tests/check_init

# Random keys at the interactive shell on a pty, four seeds, about 25 s
# (PTY_FUZZ_SEEDS and PTY_FUZZ_SECONDS run it longer by hand).
TESTS += tests/pty_fuzz.sh
EXTRA_DIST += tests/pty_fuzz.sh tests/pty_fuzz.py
