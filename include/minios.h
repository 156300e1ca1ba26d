/*
 * minios.h - the system-call interface of minios.
 *
 * This is the only header a userland program or the shell includes.  A task
 * talks to the kernel through the calls below and nothing else: it never sees
 * a kernel structure, and it names other tasks only by their integer id.
 *
 * Every call returns a non-negative value on success or a negative errno
 * value (-ESRCH, -EINVAL, ...) on failure.  The global errno is not used.
 *
 * Two kinds of call:
 *   - traps (most of them): the task stops, the kernel runs the handler, and
 *     the task goes to the back of the ready queue (every trap is a
 *     scheduling point, as in the seminar);
 *   - direct calls (console_write, sys_clock_now, sys_random,
 *     sys_pipe_try_read, sys_pipe_try_write): like a vDSO, they read or
 *     write shared state without giving up the CPU, so printing, reading
 *     the clock or passing bytes through a pipe that need not wait does
 *     not change how tasks interleave.
 */
#ifndef MINIOS_H
#define MINIOS_H

#include <stddef.h>
#include <stdint.h>

#include "minios_program.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A task's main function.  Returning from it is sys_exit(return value). */
typedef int (*task_entry_fn)(void *arg);

/* ---- exit statuses (what sys_waittask and sys_waitchild report) ----
 * 0..255     the task exited with that status (sys_exit(s) keeps s & 0xff)
 * KILLED     another task (or the kernel) killed it
 * FAULTED|n  it faulted; n is a TASK_FAULT_* code                          */
#define TASK_STATUS_KILLED 0x100
#define TASK_STATUS_FAULTED 0x200
/* BROKEN_PIPE: it wrote to a pipe nobody reads any more, and the user
 * library ended it (as SIGPIPE ends a Unix process).  sys_exit keeps this
 * one status whole. */
#define TASK_STATUS_BROKEN_PIPE 0x400
#define TASK_FAULT_STACK_OVERFLOW 1 /* ran into its stack's guard page */
#define TASK_FAULT_SEGV 2           /* bad pointer */
#define TASK_FAULT_BUS 3
#define TASK_FAULT_FPE 4 /* e.g. integer division by zero */
#define TASK_FAULT_ILL 5
#define TASK_FAULT_ABORT 6 /* it called abort(), or an assert() failed */
#define TASK_EXITED(s) (((s) & ~0xff) == 0)
#define TASK_EXIT_CODE(s) ((s)&0xff)
#define TASK_WAS_KILLED(s) ((s) == TASK_STATUS_KILLED)
#define TASK_WAS_FAULTED(s) (((s)&TASK_STATUS_FAULTED) != 0)
#define TASK_BROKE_PIPE(s) ((s) == TASK_STATUS_BROKEN_PIPE)
#define TASK_FAULT_CODE(s) ((s)&0xff)

/* Writes a short description of a status into buf: "done (status 0)",
 * "killed", "fault: stack overflow", ...  Returns buf. */
const char *task_status_text(int status, char *buf, size_t size);

/* ---- the seminar's calls ---- */

/* The caller's task id.  Ids start at 1, increase, and are never reused
 * within one run. */
int sys_gettid(void);

/* Creates a task running fn(arg) and returns its id.  The child is on the
 * ready queue before the caller resumes.  name (copied, at most
 * MINIOS_NAME_MAX - 1 bytes kept) is what ps shows.  -EINVAL for a NULL fn,
 * -ENOMEM (or -EAGAIN) when the host refuses a stack, -EAGAIN once the run
 * has handed out every id up to INT_MAX - 1. */
int sys_newtask(const char *name, task_entry_fn fn, void *arg);

/* As sys_newtask, with flags:
 * TASK_OWNS_ARG: arg came from malloc and the new task owns it; the kernel
 *   frees it when the task ends, however it ends (exit, kill, fault).
 * TASK_NEW_GROUP: the new task leads a new task group (its pgid is its own
 *   tid), as a shell's job does.  Without it a task joins its creator's
 *   group; a task the kernel starts leads a group of its own.
 * -EINVAL for any other bit (TASK_SET_STREAMS, TASK_SET_GROUP and
 * TASK_GIVE_FDS are for sys_spawn_attr).
 * A new task's standard streams are copies of its parent's (the console
 * stays the console). */
#define TASK_OWNS_ARG 0x1u
#define TASK_NEW_GROUP 0x2u
/* TASK_SHARES_ARG: arg came from sys_alloc and the new task uses it too:
 *   it is shared with the task from its creation (sys_alloc_share), so
 *   the block outlives its owner while the task is alive. */
#define TASK_SHARES_ARG 0x10u
int sys_spawn(const char *name, task_entry_fn fn, void *arg, unsigned flags);

/* What a new task starts with besides fn and arg, for sys_spawn_attr.  A
 * zeroed struct means what sys_newtask does.  (Further attributes go at
 * the end, each behind a flag of its own, so a zeroed struct keeps
 * meaning "as sys_newtask".)
 * TASK_SET_STREAMS: streams[s] says what standard stream s of the child
 *   is: an fd (the child gets its own copy, which it owns, as with
 *   sys_dup2), TASK_STREAM_CONSOLE, or TASK_STREAM_INHERIT (a copy of the
 *   caller's).  Without the flag every stream is inherited.
 * TASK_SET_GROUP: the child joins task group pgid, which a live child of
 *   the caller leads (a shell's pipeline is one group: the first task
 *   leads it, the others join); -ESRCH if no such leader.
 * TASK_GIVE_FDS: the child owns fds[0..nfds-1] from its creation (see
 *   sys_spawn_fds, the usual way to ask for it). */
#define TASK_SET_STREAMS 0x4u
#define TASK_SET_GROUP 0x8u
#define TASK_GIVE_FDS 0x20u
#define TASK_STREAM_CONSOLE (-1)
#define TASK_STREAM_INHERIT (-2)
struct task_spawn_attr {
	unsigned flags; /* TASK_OWNS_ARG, TASK_NEW_GROUP, TASK_SET_... */
	int streams[3]; /* with TASK_SET_STREAMS, indexed by MINIOS_STDIN.. */
	int pgid;       /* with TASK_SET_GROUP */
	const int *fds; /* with TASK_GIVE_FDS: the fds the child is to own */
	int nfds;
};
/* NewTask with attributes (NULL: none).  The trap's fourth argument is
 * attr; sys_spawn passes one holding only its flags (NULL for none).
 * Besides the errors of sys_newtask: -EINVAL for unknown flags or a bad
 * stream value, -EBADF for a stream fd that is not open; then no task is
 * created.  (Should memory run out while the copies are handed over, the
 * child is killed before it runs, and its tid is still returned.) */
int sys_spawn_attr(const char *name, task_entry_fn fn, void *arg,
		   const struct task_spawn_attr *attr);

/* As sys_spawn, and the new task owns fds[0..nfds-1] from its creation,
 * as posix_spawn's file actions act before the new program starts: the
 * fds move with the call, before the child's first instruction, so there
 * is no moment when the child runs and they are still the caller's.  The
 * caller must own each one (sys_fd_own); after a success it must not touch
 * them again: the child may have closed them already, and the numbers may
 * belong to another task by then.  On an error nothing moves and nothing
 * is created: -EBADF if the caller does not own one of them, -EINVAL for
 * nfds < 0 or > SPAWN_FDS_MAX or an fd named twice, and sys_spawn's.
 * It is sys_spawn_attr with TASK_GIVE_FDS, fds and nfds. */
#define SPAWN_FDS_MAX 16
int sys_spawn_fds(const char *name, task_entry_fn fn, void *arg, unsigned flags, const int *fds,
		  int nfds);

/* Ends task tid: it is taken off whatever it waits on, everything it owns is
 * released, and its waiters wake with TASK_STATUS_KILLED.  Killing oneself
 * ends oneself (does not return).  -ESRCH if no such task; -EPERM for task 1
 * (init: the shell, when minios runs one) killed by another task.
 *
 * A negative tid -G ends every task of group G, as kill(2) does, in tid
 * order; the caller, if it is in the group, goes last (and the call does
 * not return).  -ESRCH if no task is in group G.  -1, kill(2)'s "every
 * task" (and init's group), is refused with -EINVAL.
 *
 * When a task ends, however it ends, its live children are re-parented to
 * task 1 (or to the kernel, ppid 0, when there is no task 1): their exits
 * later leave records with task 1, as do the exit records the task had not
 * taken yet (and task 1 is notified, as for its own children).  They stay
 * in their group. */
int sys_killtask(int tid);

/* Blocks until task tid ends; stores its status in *status (if not NULL).
 * Any task may wait for any other.  A child of the caller that has already
 * ended, and that the caller did not wait for, left its status behind: it is
 * returned at once (the kernel keeps the last 1024 such records per task).
 * Returns 0, or at once -ESRCH (no such task) or -EDEADLK (tid is the
 * caller, or waiting would close a cycle of waiting tasks: the kernel
 * prints the cycle, and the others in it go on waiting).  -EINTR when
 * the caller takes notifications (sys_notify) and one arrived. */
int sys_waittask(int tid, int *status);

/* Block until fd is readable / writable.  Any number of tasks may wait on
 * one fd.  A regular file (which epoll refuses) is ready at once.  -EBADF
 * for a bad fd, or when the fd is closed with sys_close while waited on;
 * -EINTR as for sys_waittask. */
int sys_readwait(int fd);
int sys_writewait(int fd);

/* As sys_readwait / sys_writewait, for a caller that has just been told
 * EAGAIN by read, write, accept or connect on fd: the kernel then skips
 * looking whether fd is ready now (a host system call) and waits for the
 * next event.  The user library's socket helpers use these. */
#define IOWAIT_AFTER_EAGAIN 0x1
int sys_readwait_again(int fd);
int sys_writewait_again(int fd);

/* Blocks for ns nanoseconds on the kernel clock (real or virtual): the
 * task wakes at sys_clock_now() + ns as read just before the call.  0 is a
 * yield.  -EINVAL if negative; -EINTR as for sys_waittask.  The clock ends
 * at INT64_MAX ns (292 years): a later deadline is that end, where the
 * virtual clock stops (a sleep then ends at once). */
int sys_sleep(int64_t ns);

/* Goes to the back of the ready queue. Returns 0. */
int sys_yield(void);

/* Ends the caller with status & 0xff (TASK_STATUS_BROKEN_PIPE is kept
 * whole).  Does not return. */
void sys_exit(int status) __attribute__((noreturn));

/* ---- counting semaphores ---- */

/* Creates a semaphore with an initial count (>= 0) and a name (copied; used
 * in ps and in deadlock reports, e.g. "fork 2").  Returns its id (>= 1).  A
 * semaphore belongs to the task that created it and is destroyed when that
 * task ends. */
int sys_sem_create(const char *name, int count);

/* Takes one unit, blocking while the count is 0; waiters are served in FIFO
 * order.  -EINVAL for no such semaphore; -ECANCELED if it is destroyed while
 * waited on; -EDEADLK if the wait would close a cycle of tasks each waiting
 * for a unit another holds: the caller does not block, which breaks the
 * cycle, and the kernel prints who holds and who waits for what.  (A
 * semaphore ever posted by a task holding none of its units is a signal,
 * not a lock, and is left out of this check.)  Units of a lock that a task
 * holds when it ends are given back, as if it had posted them. */
int sys_sem_wait(int sem);

/* Gives back one unit (wakes the first waiter, if any).  -EINVAL for no such
 * semaphore. */
int sys_sem_post(int sem);

/* Destroys a semaphore; its waiters wake with -ECANCELED.  -EINVAL for no
 * such semaphore, -EPERM if the caller did not create it. */
int sys_sem_destroy(int sem);

/* ---- file descriptors ---- */

/* The caller now owns fd: the kernel closes it when the task ends.  -EBADF
 * for an fd that is not open; -EEXIST if some task owns it already. */
int sys_fd_own(int fd);

/* Hands fd, which the caller owns, to task tid: from now on tid owns it
 * (a server accepts a connection and gives it to the task that serves it,
 * so the fd always has an owner to be closed with).  -EBADF if the caller
 * does not own fd, -ESRCH if there is no task tid. */
int sys_fd_give(int fd, int tid);

/* Closes fd, which the caller owns or no task owns: tasks waiting on it
 * wake with -EBADF, the kernel forgets any registration it kept for it,
 * and ownership ends.  Returns 0, -EBADF (not open, one of the kernel's
 * own fds, or owned by another task: a task never closes what is not
 * its own), or the error close(2) gave. */
int sys_close(int fd);

/* ---- pipes and standard streams ----
 * Every task has three standard streams, MINIOS_STDIN, MINIOS_STDOUT and
 * MINIOS_STDERR.  Each is the console (the default) or an fd that the task
 * owns: its own copy, made by sys_dup2, closed when the task ends. */
#define MINIOS_STDIN 0
#define MINIOS_STDOUT 1
#define MINIOS_STDERR 2

/* Makes a pipe: fds[0] is its read end, fds[1] its write end, both owned
 * by the caller (FdGive hands them on, Close or the caller's end closes
 * them).  A pipe lives in the kernel: a ring of MINIOS_PIPE_CAPACITY bytes
 * between tasks, with no host fd and no host system call per message.
 * Its ends are numbers from MINIOS_PIPE_FD_BASE up, above every host fd,
 * and work with Close, FdGive, Dup2, the streams of sys_spawn_attr, and
 * ReadWait / WriteWait (readable: data or end of file; writable: room or
 * no reader left); read(2) and write(2) do not know them - use
 * sys_pipe_read / sys_pipe_write, or u_read / u_write_all.  A full pipe
 * keeps a writer waiting, an empty one a reader.  When every write end is
 * closed a read gives 0 (end of file); when every read end is closed a
 * write gives -EPIPE (no signal).  A write of at most MINIOS_PIPE_ATOMIC
 * bytes is never interleaved with another writer's bytes.
 * Returns 0, -EINVAL for a NULL fds, -ENOMEM. */
#define MINIOS_PIPE_FD_BASE 1000000
#define MINIOS_PIPE_CAPACITY 65536
#define MINIOS_PIPE_ATOMIC 4096
int sys_pipe(int fds[2]);

/* Reads up to len bytes from pipe end fd: blocks while the pipe is empty
 * and a write end is open.  A trap.  Returns the bytes read, 0 at end of
 * file, -EBADF (not a read end, or closed while waited on), -EINTR. */
long sys_pipe_read(int fd, void *buf, size_t len);
/* Writes all len bytes to pipe end fd, blocking while the pipe is full.
 * A trap.  Returns len, -EPIPE when no read end is left, -EBADF, or
 * -EINTR (the bytes written so far, if any). */
long sys_pipe_write(int fd, const void *buf, size_t len);
/* Direct calls (no trap, never block): as sys_pipe_read / sys_pipe_write,
 * but -EAGAIN where they would block; a write may be partial (never one of
 * at most MINIOS_PIPE_ATOMIC bytes) and returns the bytes written. */
long sys_pipe_try_read(int fd, void *buf, size_t len);
long sys_pipe_try_write(int fd, const void *buf, size_t len);

/* Places a copy of fd (any open fd: a pipe's end, a file) on the caller's
 * standard stream `stream`: a new fd (>= 3) that the caller owns, returned.
 * The stream's previous fd, if any, is closed.  fd -1 puts the console
 * back (returns 0).  -EINVAL for a bad stream, -EBADF for a bad fd. */
int sys_dup2(int fd, int stream);

/* Direct call: the fd on the caller's standard stream, or -1 when that
 * stream is the console (also outside a task); -EINVAL for a bad stream. */
int sys_stream_fd(int stream);

/* ---- notifications (a small kind of signal) ----
 * A task that asks for notifications has any blocking wait cut short with
 * -EINTR when one arrives.  NOTIFY_CHILD: a child (a task it created) ended
 * while its parent was not waiting for it; its exit record waits for
 * sys_waitchild or sys_waittask.  NOTIFY_INTERRUPT: the person at the terminal pressed
 * Ctrl-C.  A blocking call made while a notification is pending - an
 * interrupt not yet taken with sys_pending, or (with NOTIFY_CHILD) an exit
 * record not yet reaped - returns -EINTR at once. */
#define NOTIFY_CHILD 0x1u
#define NOTIFY_INTERRUPT 0x2u
int sys_notify(unsigned mask);

/* Takes and clears the caller's pending NOTIFY_INTERRUPT (and any other
 * non-child notification) bits; returns them (0 if none). */
int sys_pending(void);

/* Reaps the oldest exit record of the caller's ended children: stores tid
 * and status, returns 0; blocks while there is none and a child is alive.
 * flags WAIT_NOHANG: -EAGAIN instead of blocking.  -ECHILD if there is no
 * record and no live child. */
#define WAIT_NOHANG 0x1u
int sys_waitchild(int *tid, int *status, unsigned flags);

/* ---- looking at the system ---- */

#define MINIOS_NAME_MAX 128
enum task_wait_kind {
	TASK_WAIT_NONE = 0,   /* ready or running */
	TASK_WAIT_TASK,       /* WaitTask: on task `wait_id` */
	TASK_WAIT_READ,       /* ReadWait on fd `wait_id` */
	TASK_WAIT_WRITE,      /* WriteWait on fd `wait_id` */
	TASK_WAIT_SLEEP,      /* Sleep until `wake_at` ns */
	TASK_WAIT_SEM,        /* a semaphore `wait_id` */
	TASK_WAIT_CHILD,      /* WaitChild */
	TASK_WAIT_PIPE_READ,  /* PipeRead or ReadWait on pipe `wait_id` */
	TASK_WAIT_PIPE_WRITE, /* PipeWrite or WriteWait on pipe `wait_id` */
};
enum task_run_state { TASK_READY = 0, TASK_RUNNING, TASK_BLOCKED };

struct task_info {
	int tid;
	int ppid; /* 0 when the parent is the kernel */
	int pgid; /* its task group: the tid of the task that leads (or led) it */
	enum task_run_state state;
	enum task_wait_kind wait;        /* what a blocked task waits on */
	int wait_id;                     /* task id, fd or semaphore id */
	int64_t wake_at;                 /* TASK_WAIT_SLEEP: kernel clock ns */
	char wait_name[MINIOS_NAME_MAX]; /* semaphore name, if any */
	uint64_t traps;                  /* system calls made */
	uint64_t involuntary;            /* times preempted: a quantum used up */
	int64_t cpu_ns;                  /* time on the CPU (real clock only) */
	char name[MINIOS_NAME_MAX];
	int nice;       /* -20..19 (sys_setpriority) */
	char sched[12]; /* the policy's word on it: "L1" (mlfq level), "T100" (tickets), "-" */
};

/* Writes what a blocked task waits on, in a few words, into buf: "task 3",
 * "fd 0 read", "fd 4 write", "sleeping until 1.500s", "sem 2 (fork 1)",
 * "child".  id is the task, fd or semaphore of the wait; name is the
 * semaphore's name (NULL or "" for none); wake_at is when a sleeper wakes
 * (kernel clock ns).  ps shows it, and the kernel's report of blocked
 * tasks.  Returns buf. */
const char *task_wait_text(enum task_wait_kind kind, int id, const char *name, int64_t wake_at,
			   char *buf, size_t size);

/* Fills up to max entries of buf, in tid order; returns how many tasks are
 * alive (which may be more than max). */
int sys_tasklist(struct task_info *buf, int max);

/* The live tasks with a tid >= from, a chunk at a time: fills up to max
 * entries of buf in tid order and returns how many it filled, 0 when there
 * are no more.  To see every task, start at 0 and go on from the last tid
 * given + 1: each task that lives throughout appears once, in order, and
 * none twice, though tasks end and start between the calls.  The kernel
 * needs no memory for it, so with a buffer of the caller's own (on the
 * stack) it works when memory has run out: ps and the shell's exit use it.
 * -EFAULT for a NULL buf; -EINVAL for max outside 1..TASKLIST_CHUNK_MAX or
 * a negative from. */
#define TASKLIST_CHUNK_MAX 1024
int sys_tasklist_from(int from, struct task_info *buf, int max);

/* ---- scheduling ---- */

/* Nice values: -20 is the most favoured, 19 the least (0 by default; a
 * new task starts with its parent's).  The policy (minios --sched) says
 * what they mean: prio runs the lowest nice first, lottery gives lower
 * nice more tickets, the others keep them for later. */
#define MINIOS_NICE_MIN (-20)
#define MINIOS_NICE_MAX 19
#define MINIOS_TICKETS_MAX 1000000

/* Sets the nice value of task tid (0: the caller).  Takes effect at once:
 * under prio a ready task moves to its new level.  0, -EINVAL for a value
 * outside -20..19, -ESRCH for no such task. */
int sys_setpriority(int tid, int nice);

/* Stores the nice value of task tid (0: the caller) in *nice.  0 or
 * -ESRCH. */
int sys_getpriority(int tid, int *nice);

/* Gives task tid (0: the caller) tickets for the lottery policy, 1 to
 * MINIOS_TICKETS_MAX; 0 goes back to what its nice value gives (100 at
 * nice 0).  Children inherit them.  0, -EINVAL or -ESRCH. */
int sys_settickets(int tid, int tickets);

/* Writes the policy and its ready queues as text lines into buf (len
 * bytes, always terminated when len > 0): "policy NAME[:OPTIONS]", then
 * the policy's queues, e.g. "nice -5: 3 4" or "level 0: 2".  Returns the
 * length of the whole text (more than len - 1 if it was cut short). */
int sys_schedinfo(char *buf, int len);

/* Call numbers, also the index of each call's row in stats.traps_by_call. */
enum syscall_nr {
	SYS_GETTID = 0,
	SYS_NEWTASK,
	SYS_KILLTASK,
	SYS_WAITTASK,
	SYS_READWAIT,
	SYS_WRITEWAIT,
	SYS_SLEEP,
	SYS_YIELD,
	SYS_EXIT,
	SYS_SEM_CREATE,
	SYS_SEM_WAIT,
	SYS_SEM_POST,
	SYS_SEM_DESTROY,
	SYS_FD_OWN,
	SYS_CLOSE,
	SYS_NOTIFY,
	SYS_PENDING,
	SYS_WAITCHILD,
	SYS_TASKLIST,
	SYS_STATS,
	SYS_FD_GIVE,
	SYS_TRACE,
	SYS_TIMELINE,
	SYS_PIPE,
	SYS_DUP2,
	SYS_SET_PRIORITY,
	SYS_GET_PRIORITY,
	SYS_SET_TICKETS,
	SYS_SCHED_INFO,
	SYS_PIPE_READ,
	SYS_PIPE_WRITE,
	SYS_TASKLIST_FROM,
	SYS_NCALLS /* keep last */
};

/* The name of a call ("GetTid"), or NULL for a number out of range. */
const char *syscall_name(int nr);

struct kernel_stats {
	int64_t uptime_ns; /* on the kernel clock */
	int clock_virtual; /* 1 under the virtual clock */
	int tasks_alive;
	uint64_t tasks_created;
	uint64_t traps; /* all calls */
	uint64_t traps_by_call[SYS_NCALLS];
	uint64_t bad_traps;      /* unknown call numbers */
	uint64_t switches;       /* context switches into tasks */
	uint64_t involuntary;    /* of them, after a preemption */
	uint64_t preempt_missed; /* quantum ticks that found no safe point */
	uint64_t watchdog_lines; /* lines the watchdog printed */
	int64_t quantum_ns;      /* the timer interrupt's quantum; 0: off */
	uint64_t polls;          /* poller passes */
	size_t stack_size; /* bytes per task stack; a stack of its own leaves its top 128 unused */
};
int sys_stats(struct kernel_stats *out);

/* The system-call trace (strace for tasks): each trap of a traced task
 * prints one line - time, task, call with its arguments decoded, result,
 * and for a blocking call the time it blocked.  TRACE_OFF stops it,
 * TRACE_ALL traces every task, TRACE_TID adds task tid to the traced
 * ones; TRACE_SUMMARY fills rows[SYS_NCALLS] with what was traced so far,
 * per call.  -EINVAL for a bad op or a NULL rows, -ESRCH for no such
 * task, -ENOSPC when too many tasks are traced one by one. */
enum trace_op { TRACE_OFF = 0, TRACE_ALL, TRACE_TID, TRACE_SUMMARY };
struct trace_summary_row {
	uint64_t calls;
	uint64_t errors;    /* results < 0 */
	int64_t blocked_ns; /* time blocked in the call, all calls summed */
};
int sys_trace(int op, int tid, struct trace_summary_row *rows);

/* Starts recording a timeline of the run into file: FILE.json (the
 * Chrome trace-event format, which Perfetto opens) or FILE.svg (a Gantt
 * chart); NULL stops the recording and completes the file.  -EINVAL for
 * another kind of name, -EBUSY if one is being recorded already,
 * -ENOENT to stop when none is, or the error of opening the file. */
int sys_timeline(const char *file);

/* ---- direct calls (no trap, no scheduling point) ---- */

/* A region of the caller's own code that the timer interrupt must not
 * preempt: code that holds a lock of a library minios cannot see (one
 * linked into the program, whose code the timer would take for the
 * task's own).  Regions nest, up to 255 deep.  A quantum that ends
 * inside one is taken when the outermost region ends (a Yield).  A
 * blocking call inside a region still blocks: the region only keeps the
 * timer out.  Outside a task these do nothing. */
void sys_preempt_disable(void);
void sys_preempt_enable(void);

/* Kernel clock, ns since the kernel started.  Real: monotonic time.
 * Virtual: every trap moves it on by MINIOS_VIRTUAL_TRAP_NS (after the
 * call is handled), and when no task is ready it jumps to the next timer
 * deadline; so busy tasks cannot starve sleepers, and every run of the same
 * program sees the same times. */
#define MINIOS_VIRTUAL_TRAP_NS 1000
int64_t sys_clock_now(void);

/* Memory the caller owns: like malloc and free, but what a task still
 * holds when it ends (exit, kill or fault) is freed by the kernel.  A block
 * may be freed by any task.  Called outside a task, the block has no
 * owner.  NULL when out of memory. */
void *sys_alloc(size_t size);
void sys_free(void *p);
/* Resizes p (from sys_alloc) as realloc does: the block keeps its owner,
 * and a NULL p is a new block of the caller's; a size of 0 leaves a block
 * of no bytes (p is not freed).  NULL when out of memory, with p left as
 * it was. */
void *sys_realloc(void *p, size_t size);

/* Shares p (from sys_alloc) with task tid, which uses it too: when p's
 * owner ends, p is not freed but passes to a task it is shared with that
 * is still alive, so it belongs to whichever of its users outlives the
 * others and is freed with the last of them (or by sys_free).  0, -EINVAL
 * for NULL, -ESRCH for no such task, -ENOMEM. */
int sys_alloc_share(void *p, int tid);

/* The next number from the kernel's generator, seeded by --seed. */
uint32_t sys_random(void);

/* Writes to the console.  Output is kept per task and emitted in whole lines
 * (a partial line waits for its newline, or for the task's end), so lines of
 * different tasks never mix and the shell's prompt can be redrawn around
 * them.  Returns len, or -EINVAL.  err=1 writes to the error stream. */
int console_write(int err, const void *buf, size_t len);

/* Writes buf to the host's standard output (err=0) or error (err=1) at
 * once and whole, past the line buffers: what the console does with a
 * finished line when no sink is installed.  For a console sink (which must
 * not call console_write: that would come back to it), and for bytes that
 * must not wait for a newline, such as a terminal's control sequences. */
void console_write_raw(int err, const void *buf, size_t len);

/* For a program loader: code in start..end (a loaded object's text) is
 * the tasks' own, where the timer interrupt may preempt them, as it is in
 * minios's own text.  A direct call.  Returns 0, -EINVAL (end <= start)
 * or -ENOSPC (64 ranges at most). */
int sys_add_text(const void *start, const void *end);

/* Raw trap: call number nr with up to four arguments (for tests and for
 * lab exercises that add a call before writing its stub). */
long sys_trap(int nr, long a0, long a1, long a2, long a3);

#ifdef __cplusplus
}
#endif
#endif
