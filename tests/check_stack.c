/*
 * check_stack.c - task stacks: the guard page, faults (stack overflow, bad
 * pointers) that kill one task and spare the rest, the stack pool, the
 * stack_size setting, and running out of address space.
 */
#include "tests/testlib.h"
#include "kernel/stack.h"
#include "kernel/task.h"

#include <alloca.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define KIB 1024u
#define MIB (1024u * 1024u)

static int reached;
static int child_status[16];

/* Bad-pointer tests do not run under ASan/UBSan by default, nor under
 * valgrind: they treat a NULL write or a division by zero as a report, not
 * a fault.
 * MINIOS_TEST_ASAN_FAULTS=1 runs them anyway.  (Stack overflows are run
 * everywhere: the kernel catches them under ASan too.) */
static int skip_faults(void)
{
	if (TL_ASAN && !getenv("MINIOS_TEST_ASAN_FAULTS")) {
		fprintf(stderr, "skipped under the sanitizers\n");
		return 1;
	}
	if (TL_VALGRIND) {
		fprintf(stderr, "skipped under valgrind (it reports the bad pointer itself)\n");
		return 1;
	}
	return 0;
}

/* ---- helpers that use the stack ---- */

static volatile int recursion_limit = 1 << 30;

/* About 1 KiB per frame, each touched, so the guard page cannot be jumped
 * over. */
static int recurse(int depth)
{
	volatile char frame[1000];
	frame[0] = (char)depth;
	frame[sizeof frame - 1] = (char)depth;
	if (depth >= recursion_limit)
		return depth;
	return recurse(depth + 1) + frame[depth % 1000];
}

/* Task entries yield first, so a parent that waits right after creating
 * them (the child runs first) finds them alive. */
static int overflow_task(void *arg)
{
	(void)arg;
	sys_yield();
	recurse(0);
	reached = 1; /* must never get here */
	return 0;
}

/* Touches `bytes` of stack below the caller's frame. */
static __attribute__((noinline)) void use_stack(size_t bytes)
{
	volatile char *block = alloca(bytes);
	for (size_t i = 0; i < bytes; i += 256)
		block[i] = 1;
	block[0] = 1;
	block[bytes - 1] = 1;
}

static int use_stack_task(void *arg)
{
	sys_yield();
	use_stack((size_t)(uintptr_t)arg);
	reached = 1;
	return 0;
}

/* ---- the guard page ---- */

struct mapping {
	uintptr_t start, end;
	char perms[8];
};

/* Finds the mapping that holds addr and the one just below it. */
static int find_mapping(uintptr_t addr, struct mapping *found, struct mapping *below)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	ck_assert_ptr_nonnull(maps);
	char line[512];
	struct mapping previous = {0, 0, ""}, current;
	int ok = 0;
	while (fgets(line, sizeof line, maps)) {
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s", &current.start, &current.end,
			   current.perms) != 3)
			continue;
		if (addr >= current.start && addr < current.end) {
			*found = current;
			*below = previous;
			ok = 1;
			break;
		}
		previous = current;
	}
	fclose(maps);
	return ok;
}

static int guard_page_task(void *arg)
{
	(void)arg;
	volatile char here = 0;
	struct mapping stack, below;
	ck_assert(find_mapping((uintptr_t)&here, &stack, &below));
	ck_assert_msg(stack.perms[0] == 'r' && stack.perms[1] == 'w',
		      "the task's stack is mapped %s", stack.perms);
	ck_assert_msg(below.end == stack.start, "nothing is mapped right below the task's stack");
	ck_assert_msg(strncmp(below.perms, "---", 3) == 0,
		      "the mapping below the stack is %s, not a PROT_NONE guard", below.perms);
	reached = 1;
	return 0;
}

START_TEST(test_guard_page_is_mapped)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, guard_page_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- faults ---- */

static int bystander(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20; i++) {
		tl_log_push(i);
		sys_yield();
	}
	return 0;
}

static int overflow_main(void *arg)
{
	(void)arg;
	int other = sys_newtask("bystander", bystander, NULL);
	for (int round = 0; round < 3; round++) {
		int tid = sys_newtask("deep", overflow_task, NULL);
		ck_assert_int_gt(tid, 0);
		ck_assert_int_eq(sys_waittask(tid, &child_status[round]), 0);
	}
	ck_assert_int_eq(sys_waittask(other, NULL), 0);
	return 0;
}

START_TEST(test_stack_overflow_kills_only_that_task)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, overflow_main, NULL);
	ck_assert_int_eq(reached, 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_msg(child_status[i] == (TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW),
			      "overflow %d: status %#x", i, child_status[i]);
		ck_assert(TASK_WAS_FAULTED(child_status[i]));
		ck_assert_int_eq(TASK_FAULT_CODE(child_status[i]), TASK_FAULT_STACK_OVERFLOW);
	}
	/* The bystander ran all its turns. */
	ck_assert_int_eq(tl_log_len, 20);
}
END_TEST

static int null_write_task(void *arg)
{
	(void)arg;
	sys_yield();
	volatile int *volatile bad = NULL;
	*bad = 1;
	reached = 1;
	return 0;
}

static int wild_write_task(void *arg)
{
	(void)arg;
	sys_yield();
	volatile int *volatile bad = (int *)(uintptr_t)0x3000;
	*bad = 1;
	reached = 1;
	return 0;
}

static int divide_task(void *arg)
{
	(void)arg;
	sys_yield();
	volatile int zero = 0;
	volatile int result = 10 / zero;
	(void)result;
	reached = 1;
	return 0;
}

static int bad_pointer_main(void *arg)
{
	(void)arg;
	int other = sys_newtask("bystander", bystander, NULL);
	int tid = sys_newtask("null", null_write_task, NULL);
	ck_assert_int_eq(sys_waittask(tid, &child_status[0]), 0);
	tid = sys_newtask("wild", wild_write_task, NULL);
	ck_assert_int_eq(sys_waittask(tid, &child_status[1]), 0);
	tid = sys_newtask("divide", divide_task, NULL);
	ck_assert_int_eq(sys_waittask(tid, &child_status[2]), 0);
	/* The kernel still works after faults. */
	tid = sys_newtask("fine", use_stack_task, (void *)(uintptr_t)(4 * KIB));
	ck_assert_int_eq(sys_waittask(tid, &child_status[3]), 0);
	ck_assert_int_eq(sys_waittask(other, NULL), 0);
	return 0;
}

START_TEST(test_bad_pointer_faults)
{
	if (skip_faults())
		return;
	tl_run(KERNEL_CLOCK_VIRTUAL, bad_pointer_main, NULL);
	ck_assert_int_eq(child_status[0], TASK_STATUS_FAULTED | TASK_FAULT_SEGV);
	ck_assert_int_eq(child_status[1], TASK_STATUS_FAULTED | TASK_FAULT_SEGV);
	ck_assert_int_eq(child_status[2], TASK_STATUS_FAULTED | TASK_FAULT_FPE);
	ck_assert_int_eq(child_status[3], 0);
	ck_assert_int_eq(tl_log_len, 20);
}
END_TEST

/* A fault in the first task, with nothing else alive: kernel_run ends. */
/* A bad pointer handed to a system call is the task's fault, not the
 * kernel's: the task is killed, the kernel goes on. */
static int bad_stats(void *arg)
{
	(void)arg;
	sys_yield();
	return sys_stats((void *)8);
}
static int bad_name(void *arg)
{
	(void)arg;
	sys_yield();
	return sys_newtask((const char *)1, bad_stats, NULL);
}
static int bad_list(void *arg)
{
	(void)arg;
	sys_yield();
	return sys_tasklist((void *)16, 5);
}
static int bad_list_chunk(void *arg)
{
	(void)arg;
	sys_yield();
	return sys_tasklist_from(0, (void *)16, 5);
}
static int bad_sem(void *arg)
{
	(void)arg;
	sys_yield();
	return sys_sem_create((const char *)1, 0);
}

static int bad_syscall_pointers(void *arg)
{
	(void)arg;
	task_entry_fn bad[] = {bad_stats, bad_name, bad_list, bad_list_chunk, bad_sem};
	for (int i = 0; i < 5; i++) {
		int tid = sys_newtask("bad", bad[i], NULL);
		ck_assert_int_eq(sys_waittask(tid, &child_status[i]), 0);
		ck_assert_int_eq(child_status[i], TASK_STATUS_FAULTED | TASK_FAULT_SEGV);
	}
	reached = 1;
	return 0;
}

START_TEST(test_bad_pointer_to_a_system_call)
{
	if (skip_faults())
		return;
	reached = 0;
	tl_run(KERNEL_CLOCK_VIRTUAL, bad_syscall_pointers, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

START_TEST(test_fault_of_the_only_task)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, overflow_task, NULL);
	ck_assert_int_eq(reached, 0);
}
END_TEST

/* ---- the stack pool ---- */

static uintptr_t stack_addresses[2];

static int note_address(void *arg)
{
	volatile char here = 0;
	stack_addresses[(intptr_t)arg] = (uintptr_t)&here;
	sys_yield();
	return 0;
}

static int batch_worker(void *arg)
{
	(void)arg;
	use_stack(8 * KIB);
	sys_yield();
	return 0;
}

static int pool_main(void *arg)
{
	(void)arg;
	int a = sys_newtask("a", note_address, (void *)0);
	sys_waittask(a, NULL);
	int b = sys_newtask("b", note_address, (void *)1);
	sys_waittask(b, NULL);
	uintptr_t distance = stack_addresses[0] > stack_addresses[1]
				     ? stack_addresses[0] - stack_addresses[1]
				     : stack_addresses[1] - stack_addresses[0];
	ck_assert_msg(distance < KERNEL_DEFAULT_STACK_SIZE,
		      "the second task got a new stack (%#" PRIxPTR " then %#" PRIxPTR ")",
		      stack_addresses[0], stack_addresses[1]);

	int tids[50];
	int maps = 0;
	for (int round = 0; round < 40; round++) {
		for (int i = 0; i < 50; i++) {
			tids[i] = sys_newtask("worker", batch_worker, NULL);
			ck_assert_int_gt(tids[i], 0);
		}
		for (int i = 0; i < 50; i++)
			sys_waittask(tids[i], NULL);
		if (round == 0)
			maps = tl_count_mappings();
	}
	ck_assert_msg(tl_count_mappings() <= maps + 4,
		      "mappings grew from %d to %d over 2000 tasks", maps, tl_count_mappings());
	return 0;
}

START_TEST(test_stacks_are_pooled)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, pool_main, NULL);
}
END_TEST

/* A pooled task keeps its stack: an ended task's stack does not go back
 * to the stack pool, and the next spawn takes task and stack in one step. */
static void *kept_bases[2];
static size_t pooled_while_running[2];

static int note_stack_base(void *arg)
{
	int i = (int)(intptr_t)arg;
	kept_bases[i] = task_current()->stack.base;
	pooled_while_running[i] = stack_pool_count();
	return 0;
}

static int kept_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		int tid = sys_newtask(i ? "second" : "first", note_stack_base, (void *)(intptr_t)i);
		ck_assert_int_eq(sys_waittask(tid, NULL), 0);
		/* Its end gave the stack pool nothing. */
		ck_assert_uint_eq(stack_pool_count(), pooled_while_running[i]);
	}
	return 0;
}

START_TEST(test_a_pooled_task_keeps_its_stack)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kept_main, NULL);
	ck_assert_ptr_nonnull(kept_bases[0]);
	ck_assert_ptr_eq(kept_bases[0], kept_bases[1]);
}
END_TEST

/* ---- stack_size ---- */

static int stack_size_main(void *arg)
{
	size_t size = (size_t)(uintptr_t)arg;
	struct kernel_stats stats;
	ck_assert_int_eq(sys_stats(&stats), 0);
	ck_assert_uint_eq(stats.stack_size, size);
	/* Nearly all of it is the task's. */
	reached = 0;
	int tid = sys_newtask("big", use_stack_task, (void *)(uintptr_t)(size - 8 * KIB));
	ck_assert_int_eq(sys_waittask(tid, &child_status[0]), 0);
	ck_assert_int_eq(child_status[0], 0);
	ck_assert_int_eq(reached, 1);
	/* More than all of it is an overflow. */
	recursion_limit = (int)(size / 1000) * 2;
	tid = sys_newtask("too-big", overflow_task, NULL);
	ck_assert_int_eq(sys_waittask(tid, &child_status[1]), 0);
	ck_assert_int_eq(child_status[1], TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW);
	return 0;
}

START_TEST(test_stack_size_is_honoured)
{
	size_t sizes[] = {64 * KIB, 4 * MIB, KERNEL_DEFAULT_STACK_SIZE};
	size_t size = sizes[_i];
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	if (_i < 2)
		config.stack_size = size;
	tl_run_config(&config, stack_size_main, (void *)(uintptr_t)size);
}
END_TEST

static int minimal_task(void *arg)
{
	(void)arg;
	use_stack(4 * KIB);
	reached = 1;
	return 0;
}

START_TEST(test_minimum_stack_size_works)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_size = KERNEL_MIN_STACK_SIZE;
	tl_run_config(&config, minimal_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

START_TEST(test_bad_stack_sizes_are_rejected)
{
	size_t bad[] = {1, 4096, KERNEL_MIN_STACK_SIZE - 1, (size_t)KERNEL_MAX_STACK_SIZE + 1,
			SIZE_MAX};
	struct kernel_config config;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tl_config(&config, KERNEL_CLOCK_VIRTUAL);
		config.stack_size = bad[i];
		ck_assert_msg(kernel_init(&config) == -EINVAL,
			      "kernel_init accepted a stack size of %zu", bad[i]);
	}
	/* A failed init leaves nothing behind: a good one works. */
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_run_config(&config, minimal_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- running out of address space ----
 * In a forked child (no Check calls there: exit codes say what happened),
 * RLIMIT_AS is lowered, and one task spawns until sys_newtask fails. */

enum {
	LIMIT_OK = 0,
	LIMIT_INIT_FAILED = 10,
	LIMIT_NEVER_FAILED,
	LIMIT_WRONG_ERROR,
	LIMIT_NONE_MADE,
	LIMIT_NOT_ALL_RAN,
	LIMIT_RUN_FAILED,
	LIMIT_SETRLIMIT_FAILED,
	LIMIT_SEM_FAILED,
};

#define LIMIT_MAX_TASKS 40000
static int limit_tids[LIMIT_MAX_TASKS];
static int limit_max = 20000;
static int limit_made, limit_error, limit_finished, limit_gate, limit_result;

static int limit_child(void *arg)
{
	(void)arg;
	if (sys_sem_wait(limit_gate) == 0)
		limit_finished++;
	return 0;
}

static int limit_main(void *arg)
{
	(void)arg;
	limit_gate = sys_sem_create("gate", 0);
	if (limit_gate < 1) {
		limit_result = LIMIT_SEM_FAILED;
		return 0;
	}
	while (limit_made < limit_max) {
		int tid = sys_newtask("hog", limit_child, NULL);
		if (tid < 0) {
			limit_error = tid;
			break;
		}
		limit_tids[limit_made++] = tid;
	}
	for (int i = 0; i < limit_made; i++)
		sys_sem_post(limit_gate);
	for (int i = 0; i < limit_made; i++)
		sys_waittask(limit_tids[i], NULL);
	if (limit_made == limit_max)
		limit_result = LIMIT_NEVER_FAILED;
	else if (limit_error != -ENOMEM && limit_error != -EAGAIN)
		limit_result = LIMIT_WRONG_ERROR;
	else if (limit_made == 0)
		limit_result = LIMIT_NONE_MADE;
	else if (limit_finished != limit_made)
		limit_result = LIMIT_NOT_ALL_RAN;
	return 0;
}

static void quiet_sink(int err, const char *line, size_t len)
{
	(void)err;
	(void)line;
	(void)len;
}

static int run_out_of_memory(void)
{
	struct kernel_config config;
	kernel_config_defaults(&config);
	config.clock = KERNEL_CLOCK_VIRTUAL;
	config.poller = tl_poller_from_env();
	config.stack_size = 1 * MIB;
	config.console = quiet_sink;
	if (kernel_init(&config) != 0)
		return LIMIT_INIT_FAILED;

	/* Leave room for about 40 more 1 MiB stacks. */
	unsigned long pages = 0;
	FILE *statm = fopen("/proc/self/statm", "r");
	if (!statm || fscanf(statm, "%lu", &pages) != 1)
		return LIMIT_SETRLIMIT_FAILED;
	fclose(statm);
	rlim_t limit = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + 48 * MIB;
	struct rlimit rl = {limit, limit};
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return LIMIT_SETRLIMIT_FAILED;

	if (kernel_spawn("main", limit_main, NULL, 0) < 1)
		return LIMIT_INIT_FAILED;
	char *report = NULL;
	int rc = kernel_run(&report);
	free(report);
	kernel_shutdown();
	if (rc != 0)
		return LIMIT_RUN_FAILED;
	return limit_result;
}

/* The host's limit on mappings (vm.max_map_count, 65530 here): a private
 * stack costs two (the stack and its guard page), so small stacks run out
 * of mappings long before memory. */
static int run_out_of_mappings(void)
{
	struct kernel_config config;
	kernel_config_defaults(&config);
	config.clock = KERNEL_CLOCK_VIRTUAL;
	config.poller = tl_poller_from_env();
	config.stack_size = KERNEL_MIN_STACK_SIZE;
	config.console = quiet_sink;
	limit_max = LIMIT_MAX_TASKS;
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	long max_maps = 0;
	if (!f || fscanf(f, "%ld", &max_maps) != 1 || max_maps / 2 >= LIMIT_MAX_TASKS)
		return LIMIT_SETRLIMIT_FAILED; /* a host whose limit we cannot reach */
	fclose(f);
	if (kernel_init(&config) != 0 || kernel_spawn("main", limit_main, NULL, 0) < 1)
		return LIMIT_INIT_FAILED;
	char *report = NULL;
	int rc = kernel_run(&report);
	free(report);
	/* After all that, the kernel still makes and runs tasks. */
	limit_made = limit_finished = 0;
	limit_max = 10;
	int first = limit_result;
	if (rc == 0 && first == LIMIT_OK && kernel_spawn("again", limit_main, NULL, 0) > 0)
		rc = kernel_run(NULL);
	kernel_shutdown();
	if (rc != 0)
		return LIMIT_RUN_FAILED;
	if (first != LIMIT_OK)
		return first;
	return limit_result == LIMIT_NEVER_FAILED ? LIMIT_OK : LIMIT_NOT_ALL_RAN;
}

START_TEST(test_map_count_limit_is_an_error_not_a_crash)
{
	if (TL_ASAN || TL_VALGRIND) {
		fprintf(stderr, "skipped under ASan/valgrind (they keep mappings of their own)\n");
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(run_out_of_mappings());
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "the child died of signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_msg(WEXITSTATUS(status) == LIMIT_OK, "child exit %d (see the LIMIT_ codes)",
		      WEXITSTATUS(status));
}
END_TEST

START_TEST(test_running_out_of_stacks_is_an_error_not_a_crash)
{
	if (TL_VALGRIND) {
		fprintf(stderr, "skipped under valgrind (it needs address space of its own)\n");
		return;
	}
	if (TL_ASAN) {
		fprintf(stderr, "skipped under ASan (it needs more address space than "
				"RLIMIT_AS leaves)\n");
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(run_out_of_memory());
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "the child died of signal %d",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	const char *what[] = {
		[LIMIT_INIT_FAILED] = "kernel_init or kernel_spawn failed",
		[LIMIT_NEVER_FAILED] = "sys_newtask never failed under RLIMIT_AS",
		[LIMIT_WRONG_ERROR] = "sys_newtask failed with an errno other than ENOMEM/EAGAIN",
		[LIMIT_NONE_MADE] = "no task could be made at all",
		[LIMIT_NOT_ALL_RAN] = "tasks made before the failure did not all run",
		[LIMIT_RUN_FAILED] = "kernel_run did not return 0",
		[LIMIT_SETRLIMIT_FAILED] = "setrlimit failed",
		[LIMIT_SEM_FAILED] = "sys_sem_create failed",
	};
	int code = WEXITSTATUS(status);
	ck_assert_msg(code == LIMIT_OK, "child exit %d: %s", code,
		      code >= LIMIT_INIT_FAILED && code <= LIMIT_SEM_FAILED ? what[code] : "?");
}
END_TEST

/* ---- compact stacks ---- */

static int compact_config(struct kernel_config *config)
{
	tl_config(config, KERNEL_CLOCK_VIRTUAL);
	config->stack_mode = KERNEL_STACK_COMPACT;
#ifndef MINIOS_CONTEXT_ASM
	ck_assert_int_eq(kernel_init(config), -ENOTSUP); /* ucontext: refused */
	return 0;
#else
	return 1;
#endif
}

/* Recurses `depth` KiB deep, yields at the bottom - so the whole deep
 * stack is copied out while the other task runs, and back in - and checks
 * every frame on the way up. */
static int deep_and_back(int depth, int salt)
{
	volatile char frame[1000];
	for (size_t i = 0; i < sizeof frame; i += 100)
		frame[i] = (char)(depth * 7 + salt + (int)i);
	if (depth == 0)
		sys_yield();
	else if (deep_and_back(depth - 1, salt) != 0)
		return 1;
	for (size_t i = 0; i < sizeof frame; i += 100)
		if (frame[i] != (char)(depth * 7 + salt + (int)i))
			return 1;
	return 0;
}

static int deep_task(void *arg)
{
	int salt = (int)(intptr_t)arg;
	sys_yield();
	return deep_and_back(180, salt) == 0 ? salt : 99; /* ~180 KiB of 256 */
}

static int compact_deep_main(void *arg)
{
	(void)arg;
	int a = sys_newtask("deep a", deep_task, (void *)1);
	int b = sys_newtask("deep b", deep_task, (void *)2);
	int over = sys_newtask("overflow", overflow_task, NULL);
	ck_assert_int_eq(sys_waittask(a, &child_status[0]), 0);
	ck_assert_int_eq(sys_waittask(b, &child_status[1]), 0);
	ck_assert_int_eq(sys_waittask(over, &child_status[2]), 0);
	ck_assert_int_eq(child_status[0], 1);
	ck_assert_int_eq(child_status[1], 2);
	ck_assert_int_eq(child_status[2], TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW);
	return 0;
}

START_TEST(test_compact_deep_recursion_and_overflow)
{
	struct kernel_config config;
	if (!compact_config(&config))
		return;
	reached = 0;
	tl_run_config(&config, compact_deep_main, NULL);
	ck_assert_int_eq(reached, 0); /* the overflowing task never got past it */
}
END_TEST

/* More tasks alive at once than private stacks could be (the map count
 * limit stops those near 32k), each switched out while blocked; a third
 * are killed while switched out, the rest released. */
#define COMPACT_TASKS 40000
static int compact_gate, compact_finished;

static int compact_waiter(void *arg)
{
	volatile int mine = (int)(intptr_t)arg; /* on the stack, across the wait */
	if (sys_sem_wait(compact_gate) == 0 && mine == (int)(intptr_t)arg)
		compact_finished++;
	return 0;
}

static int compact_many_main(void *arg)
{
	(void)arg;
	static int tids[COMPACT_TASKS];
	int maps = tl_count_mappings();
	compact_gate = sys_sem_create("gate", 0);
	for (int i = 0; i < COMPACT_TASKS; i++) {
		tids[i] = sys_newtask("waiter", compact_waiter, (void *)(intptr_t)i);
		ck_assert_int_gt(tids[i], 0);
	}
	tl_yield_n(2); /* every waiter has run and blocked */
	struct kernel_stats stats;
	sys_stats(&stats);
	ck_assert_int_eq(stats.tasks_alive, COMPACT_TASKS + 1);
	/* Private stacks would have added two mappings a task; the heap may
	 * add a few (more under ASan, whose allocator maps as it grows). */
	ck_assert_int_le(tl_count_mappings(), maps + 200);
	int killed = 0;
	for (int i = 0; i < COMPACT_TASKS; i += 3, killed++)
		ck_assert_int_eq(sys_killtask(tids[i]), 0);
	for (int i = 0; i < COMPACT_TASKS - killed; i++)
		sys_sem_post(compact_gate);
	for (int i = 0; i < COMPACT_TASKS; i++)
		tl_join(tids[i]);
	ck_assert_int_eq(compact_finished, COMPACT_TASKS - killed);
	return 0;
}

START_TEST(test_compact_many_tasks)
{
	struct kernel_config config;
	if (!compact_config(&config))
		return;
	compact_finished = 0;
	tl_run_config(&config, compact_many_main, NULL);
}
END_TEST

/* A task blocked in WaitTask - W3's million idle tasks - keeps its frames
 * in the room allocated with it, and in the default optimised build on
 * x86-64 they fill it exactly: no byte of it is wasted on each task. */
static int fit_gate_tid;
static volatile bool fit_open;

static int fit_gate(void *arg)
{
	(void)arg;
	while (!fit_open)
		sys_yield();
	return 0;
}

static int fit_idle(void *arg)
{
	(void)arg;
	sys_waittask(fit_gate_tid, NULL);
	return 0;
}

static int compact_fit_main(void *arg)
{
	(void)arg;
	fit_open = false;
	fit_gate_tid = sys_newtask("gate", fit_gate, NULL);
	int idle = sys_newtask("idle", fit_idle, NULL);
	tl_yield_n(2); /* the idle task has blocked, and was switched out */
	struct task *t = task_lookup(idle);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, TASK_BLOCKED);
	/* Wherever the frames are kept, they are all kept. */
	ck_assert_uint_le(t->saved_len, t->saved_cap);
	ck_assert(!t->saved_inline || t->saved_len <= TASK_INLINE_SAVED_STACK);
	/* Other compilers, flags, sanitizers or the ucontext switch make
	 * bigger frames, which go to a buffer of the task's own. */
#if defined(__x86_64__) && defined(__OPTIMIZE__) && defined(__GNUC__) && !defined(__clang__) &&    \
	!defined(MINIOS_SANITIZERS) && defined(MINIOS_CONTEXT_ASM)
	ck_assert(t->saved_inline);
	ck_assert_uint_eq(t->saved_len, TASK_INLINE_SAVED_STACK);
#endif
	fit_open = true;
	ck_assert_int_eq(sys_waittask(idle, NULL), 0);
	return 0;
}

START_TEST(test_compact_waittask_fits_exactly)
{
	struct kernel_config config;
	if (!compact_config(&config))
		return;
	tl_run_config(&config, compact_fit_main, NULL);
}
END_TEST

static Suite *stack_suite(void)
{
	Suite *s = suite_create("stack");
	TCase *tc = tcase_create("guard");
	tcase_add_test(tc, test_guard_page_is_mapped);
	tcase_add_test(tc, test_stack_overflow_kills_only_that_task);
	tcase_add_test(tc, test_bad_pointer_faults);
	tcase_add_test(tc, test_bad_pointer_to_a_system_call);
	tcase_add_test(tc, test_fault_of_the_only_task);
	suite_add_tcase(s, tc);

	tc = tcase_create("size");
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_stacks_are_pooled);
	tcase_add_test(tc, test_a_pooled_task_keeps_its_stack);
	tcase_add_loop_test(tc, test_stack_size_is_honoured, 0, 3);
	tcase_add_test(tc, test_minimum_stack_size_works);
	tcase_add_test(tc, test_bad_stack_sizes_are_rejected);
	tcase_add_test(tc, test_running_out_of_stacks_is_an_error_not_a_crash);
	tcase_add_test(tc, test_map_count_limit_is_an_error_not_a_crash);
	suite_add_tcase(s, tc);

	tc = tcase_create("compact");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_compact_deep_recursion_and_overflow);
	tcase_add_test(tc, test_compact_waittask_fits_exactly);
	tcase_add_test(tc, test_compact_many_tasks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(stack_suite());
}
