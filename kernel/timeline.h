/*
 * timeline.h - a picture of the run: who was on the CPU when, who waited
 * for what, and the events between (timeline.c).
 *
 * Two formats, chosen by the file's name: FILE.json, the Chrome
 * trace-event format (Perfetto and chrome://tracing open it), streamed
 * to the file as the run goes; FILE.svg, a Gantt chart drawn when the
 * recording stops, from a bounded buffer of events (what did not fit is
 * counted and said).  trace.c calls the hooks below, under trace_on, so
 * the trap loop pays nothing more for a timeline than for a trace.
 */
#ifndef MINIOS_TIMELINE_H
#define MINIOS_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

struct task;

/* True while a timeline is being recorded. */
extern bool timeline_on;

/* Starts recording into file (.json or .svg).  Returns 0, or a negative
 * errno with the reason in why. */
int timeline_start(const char *file, char *why, size_t why_size);
/* Stops recording and completes the file (a deadlock report, Ctrl-C
 * and exit all come here through kernel_shutdown). */
void timeline_stop(void);

/* t trapped: its stretch on the CPU ends now. */
void timeline_trap(struct task *t);
/* t used up its quantum (before the loop charges it). */
void timeline_preempted(struct task *t);
/* t's call blocked it (its wait fields say on what). */
void timeline_blocked(struct task *t);
/* t, blocked, is woken. */
void timeline_resumed(struct task *t);
/* Events at an instant: a task created, a task ended (exit, kill,
 * fault), a deadlock found (tid 0: the whole system). */
void timeline_spawned(int tid);
void timeline_ended(struct task *t, int status);
void timeline_deadlock(int tid);

#endif
