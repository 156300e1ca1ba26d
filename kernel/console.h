/*
 * console.h - task output in whole lines, and the kernel's own (console.c).
 */
#ifndef MINIOS_CONSOLE_H
#define MINIOS_CONSOLE_H

#include "include/minios_boot.h"
#include <stddef.h>

struct task;

void console_init(console_sink_fn sink);
void console_task_write(struct task *t, int err, const void *buf, size_t len);
void console_task_flush(struct task *t);
void console_task_free(struct task *t);
void kernel_printf(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
