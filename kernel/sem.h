/*
 * sem.h - counting semaphores that know who holds them (sem.c).
 */
#ifndef MINIOS_SEM_H
#define MINIOS_SEM_H

#include <stdbool.h>
#include <stddef.h>

struct sem;
struct task;

struct sem *sem_lookup(int id);
int sem_create(struct task *owner, const char *name, int count);
/* 1: took a unit; 0: t is blocked on s (the caller checks for a
 * deadlock, as for any wait on a task). */
int sem_wait(struct task *t, struct sem *s);
void sem_post(struct task *t, struct sem *s);
void sem_destroy(struct sem *s);
int sem_owner(const struct sem *s);
const char *sem_name(const struct sem *s);
int sem_id(const struct sem *s);
/* False for a semaphore used as a signal (posted by a non-holder). */
bool sem_is_lock(const struct sem *s);
/* Stores up to max holders in out; returns how many there are. */
size_t sem_holders(const struct sem *s, struct task **out, size_t max);
/* Gives back what t holds and destroys what t created. */
void sem_release_task(struct task *t);
void sem_fini(void);

#endif
