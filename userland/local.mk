# userland/: the user library and the programs (one file per program).
libminios_la_SOURCES += \
	userland/ulib.h \
	userland/ulib.c \
	userland/ulib_net.c \
	userland/ulib_line.c \
	userland/ulib_stream.c \
	userland/programs.h \
	userland/programs.c \
	userland/loader.c \
	userland/userland.h \
	userland/server.c \
	userland/demo.c \
	userland/foo.c \
	userland/bar.c \
	userland/newtask_demo.c \
	userland/waittask_demo.c \
	userland/alive.c \
	userland/countdown.c \
	userland/philosophers.c \
	userland/echo.c \
	userland/spam.c \
	userland/letters.c \
	userland/spin.c \
	userland/crash.c \
	userland/filter.h \
	userland/filter.c \
	userland/cat.c \
	userland/wc.c \
	userland/head.c \
	userland/yes.c \
	userland/grep.c \
	userland/tee.c \
	userland/primes.c \
	userland/race.c

# Tests of the programs: the seminar's outputs line for line, the servers
# with real TCP clients on 127.0.0.1, letters against a plain count.  The
# scenario files (tests/scenarios/{philosophers,letters,demo}_*) are
# distributed with their whole directory by shell/local.mk.
TESTS += \
	tests/seminar.sh \
	tests/e2e_echo.sh \
	tests/e2e_spam.sh \
	tests/e2e_letters.sh \
	tests/e2e_storm.sh \
	tests/e2e_rss.sh \
	tests/e2e_abuse.sh
EXTRA_DIST += \
	tests/e2e_abuse.sh tests/e2e/abuse.py tests/e2e/fd_limit.py \
	tests/e2e_storm.sh tests/e2e/storm.py \
	tests/e2e_rss.sh tests/e2e/spawn_kill_rss.py \
	tests/seminar.sh \
	tests/e2e_echo.sh \
	tests/e2e_spam.sh \
	tests/e2e_letters.sh \
	tests/e2e/echo_clients.py tests/e2e/echo_flood.py \
	tests/e2e/spam_checks.py \
	tests/e2e/wait_port.py \
	tests/e2e/lib.sh \
	tests/data/tasks.txt \
	tests/data/empty.txt

# The user library and the registry, unit by unit (Check).
check_suites += tests/check_ulib
# Which host calls u_read makes (the suite stands in for recv and read).
check_suites += tests/check_ulib_calls
