/*
 * policy.h - which ready task runs next: the scheduling policy interface,
 * in the spirit of Linux's sched_class.
 *
 * The ready queue of sched.c is whatever the chosen policy keeps.  sched.c
 * calls the policy through this interface only, and the trap loop and
 * task.c call sched.c (ready_push, ready_pop, ready_remove), so a policy
 * is one file under kernel/sched/ plus one line in the table of
 * kernel/sched/policies.c.  Every hook runs in the kernel, never in a
 * task, and none may make a host system call; enqueue and pick are the
 * hot path.
 *
 * Contracts:
 *  - enqueue(t, why): t is READY and on no queue; take it.
 *  - pick(): take the next task off the queue and return it; it is only
 *    called when the queue holds at least one task.
 *  - remove(t): t is on the queue (killed, or blocked by a wake-up race);
 *    take it off.
 *  - tick(t), optional: t ran a whole quantum without trapping (it is
 *    then enqueued with SCHED_PREEMPTED).
 *  - priority_changed(t), optional: t's nice or tickets changed; t may be
 *    on the queue, running or blocked (see sched_task_queued).
 *  - describe(out, len), optional: the queues as text for `sched`.
 */
#ifndef MINIOS_POLICY_H
#define MINIOS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct task;

/* Why a task joins the ready queue. */
enum sched_reason {
	SCHED_NEW,       /* just created */
	SCHED_YIELD,     /* its trap was handled: every trap is a scheduling point */
	SCHED_WOKEN,     /* it was blocked and is woken */
	SCHED_PREEMPTED, /* it used up a quantum without trapping */
};

/* Nice values, as Unix's: -20 is the most favoured, 19 the least. */
#define SCHED_NICE_MIN (-20)
#define SCHED_NICE_MAX 19
#define SCHED_LEVELS (SCHED_NICE_MAX - SCHED_NICE_MIN + 1)
/* Lottery tickets: a task has 1..SCHED_TICKETS_MAX; by default they come
 * from its nice value (sched_tickets_of_nice). */
#define SCHED_TICKETS_MAX 1000000

struct sched_policy {
	const char *name;
	const char *summary; /* one line for --help and errors */
	const char *options; /* "NAME=VALUE,..." it takes, or "" */
	/* Empties the queue and reads options ("" for none).  Returns 0, or
	 * -EINVAL with one line in why. */
	int (*init)(const char *options, char *why, size_t why_len);
	void (*enqueue)(struct task *t, enum sched_reason why);
	struct task *(*pick)(void);
	void (*remove)(struct task *t);
	void (*tick)(struct task *t);
	void (*priority_changed)(struct task *t);
	/* Appends the queues as text lines (out may be NULL when len is 0);
	 * returns the length it wanted. */
	size_t (*describe)(char *out, size_t len);
	/* Optional: what ps shows of t in its policy column ("L1", "T100");
	 * none: "-". */
	void (*task_text)(const struct task *t, char *out, size_t len);
	/* A semaphore's waiters get units by priority, not in order. */
	bool waiters_by_priority;
	/* describe shows the settings in effect (defaults too), so `sched`'s
	 * policy line leaves out the options as given. */
	bool describes_settings;
	/* Its picks visit the ready tasks in no order of memory (random,
	 * lottery): with many tasks nearly every switch would miss the TLB,
	 * so compact mode's tasks go in huge pages (sched_init). */
	bool visits_in_no_order;
};

/* The policies, one file each under kernel/sched/. */
extern const struct sched_policy sched_fifo, sched_rr, sched_prio, sched_random, sched_lottery,
	sched_mlfq;

/* A quantum a policy asks for (rr's quantum=), or 0: kernel_init uses it
 * in place of the configured one. */
extern int64_t sched_policy_quantum_ns;

/* The table (kernel/sched/policies.c), ended by NULL. */
extern const struct sched_policy *const sched_policies[];
/* The policy called name (a prefix of len bytes), or NULL. */
const struct sched_policy *sched_policy_find(const char *name, size_t len);

/* Parses "NAME[:OPTIONS]" and makes it the policy sched_init will use.
 * Returns 0, or -EINVAL with one line in why that lists what is valid. */
int sched_policy_select(const char *spec, char *why, size_t why_len);
/* The policy in use. */
const struct sched_policy *sched_policy_current(void);

/* Whether t is on the ready queue (as opposed to running or blocked). */
bool sched_task_queued(const struct task *t);
/* The tickets nice gives a task: 100 at 0, more for lower nice. */
uint32_t sched_tickets_of_nice(int nice);

/* Option parsing for policies: walks "a=1,b=2".  Calls fn for each
 * name=value; fn returns 0 or -EINVAL (having written why). */
int sched_parse_options(const char *options, const char *policy, const char *valid,
			int (*fn)(const char *name, size_t name_len, const char *value, char *why,
				  size_t why_len),
			char *why, size_t why_len);
/* Parses a count (digits) or a duration ("10ms", "1s", "500us", "2"
 * meaning seconds, as --quantum); returns 0 or -EINVAL. */
/* Appends "LABEL: tid tid ...\n" for the tasks of a list (in order). */
struct list_node;
size_t sched_describe_list(struct list_node *head, const char *label, char *out, size_t len);
/* Appends printf-style text at out+*used, keeping count of what it wanted. */
void sched_append(char *out, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int sched_parse_count(const char *text, int64_t *out);
int sched_parse_duration(const char *text, int64_t *out_ns);

#endif
