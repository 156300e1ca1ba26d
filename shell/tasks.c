/*
 * tasks.c - a snapshot of the live tasks, for ps, wait and completion.
 */
#include <minios.h>
#include <stdlib.h>

#include "shell/shell.h"

struct task_info *shell_task_snapshot(int *count)
{
	int capacity = 16;

	for (;;) {
		struct task_info *tasks = malloc(sizeof *tasks * capacity);
		if (!tasks)
			return NULL;
		int alive = sys_tasklist(tasks, capacity);
		if (alive < 0) {
			free(tasks);
			return NULL;
		}
		if (alive <= capacity) {
			*count = alive;
			return tasks;
		}
		/* More tasks than room: try again with enough (they may have
		 * grown in between, hence the loop). */
		free(tasks);
		capacity = alive + 16;
	}
}

bool shell_task_lookup(int tid, struct task_info *out)
{
	int count;
	struct task_info *tasks = shell_task_snapshot(&count);
	bool found = false;

	if (!tasks)
		return false;
	for (int i = 0; i < count && !found; i++) {
		if (tasks[i].tid == tid) {
			*out = tasks[i];
			found = true;
		}
	}
	free(tasks);
	return found;
}
