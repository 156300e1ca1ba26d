# bench/: minios-bench, the workloads of issue 4 (W1-W5) on minios, run
# side by side with the peer runtimes by ../shared/peers/run-peers.sh
# (MINIOS_BENCH=bench/minios-bench).  See bench/README.md.
#
#   make bench     builds it and prints a short table of minios-only figures
#   make check     runs bench/smoke.sh: every workload at a tiny size, checking
#                  only that a RESULT line of the right shape comes out
noinst_PROGRAMS += bench/minios-bench
bench_minios_bench_SOURCES = bench/minios-bench.c bench/calibrate.c bench/calibrate.h
bench_minios_bench_LDADD = libminios.la

TESTS += bench/smoke.sh
EXTRA_DIST += bench/smoke.sh bench/run.sh bench/compare.sh bench/steady.sh bench/README.md

.PHONY: bench
bench: bench/minios-bench
	$(SHELL) $(srcdir)/bench/run.sh ./bench/minios-bench
