# tools/: minios-check, the grading harness (installed beside minios).
# It runs NAME.msh scenarios under the virtual clock against NAME.out.
dist_bin_SCRIPTS = tools/minios-check
dist_man_MANS += docs/minios-check.1

# Every scenario of tests/scenarios is its own test of `make check`, run
# through minios-check (so the harness's summary counts each one, and
# they run in parallel with -jN).  Adding a scenario is adding its .msh
# and .out: the list is what the source tree holds.
# (@SCENARIO_TESTS@ is GNU make's wildcard over that folder, substituted
# by configure so that automake leaves it alone.)
TESTS += @SCENARIO_TESTS@
TEST_EXTENSIONS = .msh
MSH_LOG_COMPILER = $(SHELL) $(srcdir)/tools/minios-check
# MINIOS_PATH empty: no installed program changes what `programs` prints.
AM_TESTS_ENVIRONMENT = MINIOS=$(abs_builddir)/minios; export MINIOS; MINIOS_PATH=; export MINIOS_PATH;

# The harness itself: its options, markers, headers and summary.
TESTS += tests/harness.sh
EXTRA_DIST += tests/harness.sh

# make installcheck: a program built against the installed tree with
# pkg-config (its headers, minios.pc, the shared libminios) runs, and the
# installed minios-check grades a scenario with the installed minios.
EXTRA_DIST += tests/install/embed.c
installcheck-local:
	@set -e; tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/minios-inst.XXXXXX"); \
	trap 'rm -rf "$$tmp"' EXIT; \
	pc="$(DESTDIR)$(libdir)/pkgconfig"; \
	flags=$$(PKG_CONFIG_PATH="$$pc" $(PKG_CONFIG) --define-variable=prefix="$(DESTDIR)$(prefix)" \
		--cflags --libs minios); \
	echo "installcheck: cc embed.c $$flags"; \
	$(CC) -o "$$tmp/embed" $(srcdir)/tests/install/embed.c $$flags; \
	LD_LIBRARY_PATH="$(DESTDIR)$(libdir)" "$$tmp/embed" >"$$tmp/out"; \
	cat "$$tmp/out"; \
	grep -q '^spinner: preempted' "$$tmp/out"; \
	ldd "$$tmp/embed" | grep -q 'libminios\.so'; \
	printf 'echo graded\n' >"$$tmp/one.msh"; printf 'graded\nexit=0\n' >"$$tmp/one.out"; \
	MINIOS= PATH="$(DESTDIR)$(bindir):$$PATH" minios-check "$$tmp/one.msh"; \
	echo "installcheck: ok"

# The API's man page: every call of <minios.h> with its errors.
dist_man_MANS += docs/minios.3
TESTS += tests/api_page.sh
EXTRA_DIST += tests/api_page.sh

# Programs from shared objects: the objects the tests load, built the
# way a student builds one (a module of its own, no libminios in it: the
# calls come from minios itself).
check_LTLIBRARIES = tests/progs/hello.la tests/progs/spinner.la tests/progs/crashy.la \
	tests/progs/plain.la tests/progs/undef.la tests/progs/prodcons.la
progs_ldflags = -module -avoid-version -shared -rpath $(abs_builddir)/tests/progs
tests_progs_hello_la_SOURCES = examples/hello/hello.c
tests_progs_hello_la_LDFLAGS = $(progs_ldflags)
tests_progs_prodcons_la_SOURCES = examples/prodcons/prodcons.c
tests_progs_prodcons_la_LDFLAGS = $(progs_ldflags)
tests_progs_prodcons_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userland
tests_progs_spinner_la_LDFLAGS = $(progs_ldflags)
tests_progs_crashy_la_LDFLAGS = $(progs_ldflags)
tests_progs_plain_la_LDFLAGS = $(progs_ldflags)
tests_progs_undef_la_LDFLAGS = $(progs_ldflags)
tests_progs_hello_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userland
tests_progs_spinner_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/userland
tests_progs_crashy_la_CFLAGS = $(WARN_CFLAGS)
TESTS += tests/loadable.sh
EXTRA_DIST += tests/loadable.sh tests/loadable examples/hello/Makefile examples/hello/hello.msh \
	examples/hello/hello.out examples/prodcons/prodcons.c examples/prodcons/Makefile \
	examples/prodcons/prodcons.msh examples/prodcons/prodcons.out

# minios --record=NAME, replayed by minios-check.
TESTS += tests/record.sh tests/record_tty.sh
EXTRA_DIST += tests/record.sh tests/record_tty.sh
