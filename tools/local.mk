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
AM_TESTS_ENVIRONMENT = MINIOS=$(abs_builddir)/minios; export MINIOS;

# The harness itself: its options, markers, headers and summary.
TESTS += tests/harness.sh
EXTRA_DIST += tests/harness.sh
