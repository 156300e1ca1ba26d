/*
 * timer.h - sleeping tasks, by deadline (timer.c).
 */
#ifndef MINIOS_TIMER_H
#define MINIOS_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct task;

/* Puts t on the heap until deadline: 0, or -ENOMEM. */
int timer_add(struct task *t, int64_t deadline);
/* t's deadline while it is on the heap (a Sleep), else 0. */
int64_t timer_deadline(const struct task *t);
/* Takes t off the heap (nothing if it is not on it). */
void timer_remove(struct task *t);
/* ns to the next timer deadline from now (>= 0), or -1 if no timer. */
int64_t timer_next_delay(void);
bool timer_pending(void);
/* Wakes every task whose deadline has come. */
void timer_fire_due(void);
void timer_fini(void);

#endif
