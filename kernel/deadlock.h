/*
 * deadlock.h - finding tasks that wait for each other (deadlock.c).
 */
#ifndef MINIOS_DEADLOCK_H
#define MINIOS_DEADLOCK_H

#include <stdbool.h>
#include <stddef.h>

struct task;

/* Right after t blocked: if its wait closes a cycle of waiting tasks,
 * print who holds and who waits for what and return true (the caller then
 * fails t's call with -EDEADLK). */
bool deadlock_check(struct task *t);
/* The text naming every blocked task and what it waits on (malloc'ed). */
char *deadlock_blocked_report(void);
/* "fork 2" / "task 3" ... what t waits on, for reports and ps. */
void task_describe_wait(const struct task *t, char *buf, size_t size);

#endif
