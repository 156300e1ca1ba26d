# boot/: `minios`, the program.  It parses the command line, boots the
# kernel (<minios_boot.h>) and starts task 1: the shell, or the --exec
# programs.  It sits on top of the shell and the programs; they never
# include anything of boot/.
bin_PROGRAMS += minios
minios_SOURCES = boot/boot.h boot/main.c boot/options.c boot/exec.c boot/explore.c
minios_CFLAGS = $(AM_CFLAGS) $(READLINE_CFLAGS)
minios_LDADD = libshell.a libminios.a $(READLINE_LIBS)

dist_man_MANS += docs/minios.1

# The layers (boot -> shell -> userland -> system calls -> kernel) stay
# one-way: tests/layers.sh fails on an include or call that points back.
TESTS += tests/layers.sh
EXTRA_DIST += tests/layers.sh

# --explore: schedules searched by seed (bounded: a few seconds).
TESTS += tests/explore.sh
EXTRA_DIST += tests/explore.sh
