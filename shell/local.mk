# shell/: the shell, a userland task (task 1 when boot/ starts it).
#
# The shell is a library of its own: the files that use readline need
# $(READLINE_CFLAGS), and only the shell depends on readline.  It sits on
# top of libminios.a (syscall stubs, ulib, programs), never the reverse.
noinst_LIBRARIES += libshell.a
libshell_a_CFLAGS = $(AM_CFLAGS) $(READLINE_CFLAGS)
libshell_a_SOURCES = \
	shell/shell.h \
	shell/shell.c \
	shell/parse.c \
	shell/input.c \
	shell/jobs.c \
	shell/pipeline.c \
	shell/tasks.c \
	shell/commands.c \
	shell/cmd_help.c \
	shell/cmd_ps.c \
	shell/cmd_spawn.c \
	shell/cmd_run.c \
	shell/cmd_kill.c \
	shell/cmd_wait.c \
	shell/cmd_sleep.c \
	shell/cmd_programs.c \
	shell/cmd_stats.c \
	shell/cmd_trace.c \
	shell/cmd_top.c \
	shell/cmd_timeline.c \
	shell/cmd_echo.c \
	shell/cmd_clear.c \
	shell/cmd_source.c \
	shell/cmd_exit.c \
	shell/cmd_nice.c \
	shell/cmd_sched.c \
	shell/interactive.c \
	shell/console.c \
	shell/complete.c \
	shell/history.c

# Scenario tests: every tests/scenarios/*.msh against its .out (run.sh),
# the command line (cli.sh), the terminal through tmux (interactive.sh).  The
# directory is distributed whole, so adding a scenario is adding two files.
TESTS += tests/scenarios/run.sh tests/scenarios/cli.sh tests/interactive.sh
EXTRA_DIST += tests/scenarios tests/interactive.sh
# The lab guide's grading scenarios (skipped until the exercise is done).
TESTS += tests/lab/run.sh
EXTRA_DIST += tests/lab

# The scenario scripts' logs go to tests/scenarios/ of the build tree,
# which holds no objects, so nothing else makes it in a VPATH build.
check_DATA = tests/scenarios/.dirstamp tests/lab/.dirstamp
tests/scenarios/.dirstamp:
	@$(MKDIR_P) tests/scenarios
	@: > $@
tests/lab/.dirstamp:
	@$(MKDIR_P) tests/lab
	@: > $@
DISTCLEANFILES = tests/scenarios/.dirstamp tests/lab/.dirstamp
# tests/scenarios is distributed whole; not the logs a build tree's test
# runs left beside the scripts.
dist-hook:
	rm -f $(distdir)/tests/scenarios/*.log $(distdir)/tests/scenarios/*.trs \
		$(distdir)/tests/scenarios/.dirstamp \
		$(distdir)/tests/lab/*.log $(distdir)/tests/lab/*.trs $(distdir)/tests/lab/.dirstamp
