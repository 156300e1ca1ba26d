/*
 * tasks.c - the live tasks, for ps, wait, exit, completion and top.
 */
#include <minios.h>
#include <stdlib.h>

#include "shell/shell.h"
#include "userland/ulib.h"

struct task_info *shell_task_snapshot(int *count)
{
	int capacity = 16;

	for (;;) {
		struct task_info *tasks = u_malloc(sizeof *tasks * capacity);
		if (!tasks)
			return NULL;
		int alive = sys_tasklist(tasks, capacity);
		if (alive < 0) {
			u_free(tasks);
			return NULL;
		}
		if (alive <= capacity) {
			*count = alive;
			return tasks;
		}
		/* More tasks than room: try again with enough (they may have
		 * grown in between, hence the loop). */
		u_free(tasks);
		capacity = alive + 16;
	}
}

/* Entries asked for at a time: 16 are about 5 KiB of the shell's stack. */
#define TASK_CHUNK 16

int shell_for_each_task(bool (*fn)(const struct task_info *t, void *ctx), void *ctx)
{
	struct task_info chunk[TASK_CHUNK];
	int from = 0;

	for (;;) {
		int n = sys_tasklist_from(from, chunk, TASK_CHUNK);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++)
			if (!fn(&chunk[i], ctx))
				return 0;
		/* A chunk not full was the last: no trap to hear so. */
		if (n < TASK_CHUNK)
			return 0;
		from = chunk[n - 1].tid + 1;
	}
}

bool shell_task_lookup(int tid, struct task_info *out)
{
	/* The first task from tid on is tid itself, if it lives. */
	return tid > 0 && sys_tasklist_from(tid, out, 1) == 1 && out->tid == tid;
}
