/*
 * testlib.c - the harness of the Check suites (see testlib.h).
 *
 * All state here is per test: Check forks a fresh process for each test, so
 * the globals start empty every time.
 */
#include "tests/testlib.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the console capture ----
 * Three growing texts (all, out, err) and the start offset of every sink
 * call inside `all`, so a test can look at single lines. */

struct text {
	char *data;
	size_t len, cap;
};

static struct text all_text, out_text, err_text;
static size_t *line_starts;
static int line_count, line_cap, bad_line_count;

static void text_append(struct text *t, const char *s, size_t len)
{
	if (t->len + len + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		while (cap < t->len + len + 1)
			cap *= 2;
		char *data = realloc(t->data, cap);
		if (!data)
			abort();
		t->data = data;
		t->cap = cap;
	}
	memcpy(t->data + t->len, s, len);
	t->len += len;
	t->data[t->len] = '\0';
}

static void capture_sink(int err, const char *line, size_t len)
{
	if (line_count == line_cap) {
		int cap = line_cap ? line_cap * 2 : 256;
		size_t *starts = realloc(line_starts, (size_t)cap * sizeof *starts);
		if (!starts)
			abort();
		line_starts = starts;
		line_cap = cap;
	}
	line_starts[line_count++] = all_text.len;
	/* Each call must be exactly one whole line. */
	if (len == 0 || line[len - 1] != '\n' || memchr(line, '\n', len - 1))
		bad_line_count++;
	text_append(&all_text, line, len);
	text_append(err ? &err_text : &out_text, line, len);
	/* Keep the lines apart in `all` even if a bad call had no newline;
	 * the offsets say where each call began. */
	if (getenv("MINIOS_TEST_ECHO")) {
		fprintf(stderr, "%s", err ? "[err] " : "[out] ");
		fwrite(line, 1, len, stderr);
	}
}

void tl_console_clear(void)
{
	all_text.len = out_text.len = err_text.len = 0;
	text_append(&all_text, "", 0);
	text_append(&out_text, "", 0);
	text_append(&err_text, "", 0);
	line_count = 0;
	bad_line_count = 0;
}

const char *tl_console_all(void)
{
	return all_text.data ? all_text.data : "";
}

const char *tl_console_out(void)
{
	return out_text.data ? out_text.data : "";
}

const char *tl_console_err(void)
{
	return err_text.data ? err_text.data : "";
}

int tl_console_lines(void)
{
	return line_count;
}

int tl_console_bad_lines(void)
{
	return bad_line_count;
}

/* Returned lines live in a static buffer until the next call. */
const char *tl_console_line(int n)
{
	static char *copy;
	if (n < 0 || n >= line_count)
		return NULL;
	size_t start = line_starts[n];
	size_t end = n + 1 < line_count ? line_starts[n + 1] : all_text.len;
	free(copy);
	copy = strndup(all_text.data + start, end - start);
	return copy;
}

int tl_console_has_line(const char *line)
{
	size_t want = strlen(line);
	for (int i = 0; i < line_count; i++) {
		size_t start = line_starts[i];
		size_t end = i + 1 < line_count ? line_starts[i + 1] : all_text.len;
		size_t len = end - start;
		if (len > 0 && all_text.data[end - 1] == '\n')
			len--;
		if (len == want && memcmp(all_text.data + start, line, want) == 0)
			return 1;
	}
	return 0;
}

int tl_console_count(const char *needle)
{
	int n = 0;
	size_t step = strlen(needle);
	const char *p = tl_console_all();
	if (step == 0)
		return 0;
	while ((p = strstr(p, needle))) {
		n++;
		p += step;
	}
	return n;
}

void tl_print(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf - 1)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	ck_assert_int_eq(console_write(0, buf, (size_t)n), n);
}

/* ---- booting ---- */

enum kernel_poller_kind tl_poller_from_env(void)
{
	const char *name = getenv("MINIOS_POLLER");
	if (name && strcmp(name, "poll") == 0)
		return KERNEL_POLLER_POLL;
	return KERNEL_POLLER_EPOLL;
}

void tl_config(struct kernel_config *config, enum kernel_clock_kind clock)
{
	kernel_config_defaults(config);
	config->clock = clock;
	config->poller = tl_poller_from_env();
	config->seed = 1;
	config->console = capture_sink;
}

void tl_boot(const struct kernel_config *config)
{
	tl_console_clear();
	int rc = kernel_init(config);
	ck_assert_msg(rc == 0, "kernel_init returned %d", rc);
}

int tl_spawn(const char *name, task_entry_fn fn, void *arg)
{
	int tid = kernel_spawn(name, fn, arg, 0);
	ck_assert_msg(tid >= 1, "kernel_spawn(%s) returned %d", name, tid);
	return tid;
}

int tl_run_and_shutdown(char **report)
{
	char *text = NULL;
	int rc = kernel_run(&text);
	kernel_shutdown();
	if (report)
		*report = text;
	else
		free(text);
	return rc;
}

void tl_run_config(const struct kernel_config *config, task_entry_fn fn, void *arg)
{
	char *report = NULL;
	tl_boot(config);
	tl_spawn("test", fn, arg);
	int rc = tl_run_and_shutdown(&report);
	ck_assert_msg(rc == 0, "kernel_run returned %d; report: %s", rc,
		      report ? report : "(none)");
	free(report);
}

void tl_run(enum kernel_clock_kind clock, task_entry_fn fn, void *arg)
{
	struct kernel_config config;
	tl_config(&config, clock);
	tl_run_config(&config, fn, arg);
}

/* ---- the event log ---- */

int tl_log[TL_LOG_MAX];
int tl_log_len;

void tl_log_clear(void)
{
	tl_log_len = 0;
}

void tl_log_push(int value)
{
	ck_assert_int_lt(tl_log_len, TL_LOG_MAX);
	tl_log[tl_log_len++] = value;
}

/* ---- tasks ---- */

int tl_task_info(int tid, struct task_info *info)
{
	static struct task_info list[256];
	int n = sys_tasklist(list, 256);
	ck_assert_int_ge(n, 0);
	if (n > 256)
		n = 256;
	for (int i = 0; i < n; i++) {
		if (list[i].tid == tid) {
			*info = list[i];
			return 1;
		}
	}
	return 0;
}

int tl_wait_blocked(int tid, enum task_wait_kind kind)
{
	struct task_info info;
	for (int i = 0; i < 1000; i++) {
		if (tl_task_info(tid, &info) && info.state == TASK_BLOCKED && info.wait == kind)
			return 1;
		sys_yield();
	}
	return 0;
}

void tl_join(int tid)
{
	int rc = sys_waittask(tid, NULL);
	ck_assert_msg(rc == 0 || rc == -ESRCH, "waittask(%d) returned %d", tid, rc);
}

void tl_yield_n(int n)
{
	for (int i = 0; i < n; i++)
		sys_yield();
}

/* ---- the host process ---- */

int tl_count_open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	ck_assert_ptr_nonnull(dir);
	int n = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)))
		if (entry->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - 1; /* the directory's own fd */
}

int tl_count_mappings(void)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	ck_assert_ptr_nonnull(maps);
	int n = 0, c;
	while ((c = getc(maps)) != EOF)
		if (c == '\n')
			n++;
	fclose(maps);
	return n;
}

size_t tl_heap_in_use(void)
{
	struct mallinfo2 info = mallinfo2();
	return info.uordblks + info.hblkhd;
}

int64_t tl_monotonic_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

int tl_fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

int tl_main(Suite *suite)
{
	/* A failed ck_assert in a task ends the test with _exit(1): that must
	 * end the test's process, not be mapped to the task's Exit. */
	kernel_map_host_calls(0);
	SRunner *runner = srunner_create(suite);
	srunner_set_fork_status(runner, CK_FORK);
	srunner_run_all(runner, CK_ENV);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* ---- Check's own lock, out of the timer's way ----
 *
 * Check is linked into the test programs statically, so the timer
 * interrupt takes its code for the tasks' own.  Every passing ck_assert
 * takes a mutex of Check's (_mark_point): a task preempted while holding
 * it would leave the next task that asserts blocked forever in the host.
 * The test programs are linked with --wrap for these two entries, and the
 * wrappers make them regions the timer leaves alone. */
void __real__mark_point(const char *file, int line);
void __wrap__mark_point(const char *file, int line);
void __real__ck_assert_failed(const char *file, int line, const char *expr, const char *msg, ...);
void __wrap__ck_assert_failed(const char *file, int line, const char *expr, const char *msg, ...);

void __wrap__mark_point(const char *file, int line)
{
	sys_preempt_disable();
	__real__mark_point(file, line);
	sys_preempt_enable();
}

void __wrap__ck_assert_failed(const char *file, int line, const char *expr, const char *msg, ...)
{
	char text[1024];
	va_list ap;

	/* It ends the test process: the timer must not stop it half-way. */
	sys_preempt_disable();
	va_start(ap, msg);
	if (msg)
		vsnprintf(text, sizeof text, msg, ap);
	va_end(ap);
	__real__ck_assert_failed(file, line, expr, msg ? "%s" : NULL, text);
	abort(); /* not reached: the real one does not return */
}
