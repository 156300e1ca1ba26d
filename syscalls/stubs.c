/*
 * stubs.c - the user side of the trap.
 *
 * A stub writes the call number and arguments into the running task's trap
 * frame and switches to the kernel; when the task is resumed, the result is
 * in the frame.  Results that blocking calls report besides the return value
 * (WaitTask's status, WaitChild's tid) wait in the frame too, and are copied
 * to the caller's pointers here, after the task runs again.
 */
#include "config.h"
#include "kernel/kernel.h"
#include "kernel/sched.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* sys_trap, inline in every stub here (the switch too: kernel/sched.h). */
static inline __attribute__((always_inline)) long trap(int nr, long a0, long a1, long a2, long a3)
{
	struct task *t = task_current();
	if (!t)
		return -EPERM; /* not called from a task */
	t->frame.nr = nr == TRAP_PREEMPTED ? INT32_MAX : nr;
	t->frame.arg[0] = a0;
	t->frame.arg[1] = a1;
	t->frame.arg[2] = a2;
	t->frame.arg[3] = a3;
	sched_trap();
	return t->frame.ret;
}

long sys_trap(int nr, long a0, long a1, long a2, long a3)
{
	return trap(nr, a0, a1, a2, a3);
}

#define TRAP0(nr) trap(nr, 0, 0, 0, 0)
#define TRAP1(nr, a) trap(nr, (long)(a), 0, 0, 0)

int sys_gettid(void)
{
	return (int)TRAP0(SYS_GETTID);
}

/* The handlers read and write the caller's memory from the kernel.  A
 * stub touches that memory first, in the task: a bad pointer then faults
 * the task (which is killed, as for any bad pointer), not the kernel. */
static void touch_string(const char *s)
{
	/* volatile: a pure strnlen whose result is unused would be dropped */
	const volatile char *p = s;
	for (size_t i = 0; p && i < MINIOS_NAME_MAX && p[i]; i++)
		;
}

static void touch_buffer(void *p, size_t size)
{
	if (p && size)
		memset(p, 0, size);
}

int sys_spawn_attr(const char *name, task_entry_fn fn, void *arg,
		   const struct task_spawn_attr *attr)
{
	touch_string(name);
	if (attr) { /* read by the handler: a bad pointer faults here */
		const volatile char *p = (const volatile char *)attr;
		(void)p[0];
		(void)p[sizeof *attr - 1];
		/* So are the fds to give (not for a count the kernel refuses
		 * anyway: the array may be shorter). */
		const volatile int *fds = attr->flags & TASK_GIVE_FDS ? attr->fds : NULL;
		for (int i = 0; fds && attr->nfds <= SPAWN_FDS_MAX && i < attr->nfds; i++)
			(void)fds[i];
	}
	return (int)trap(SYS_NEWTASK, (long)name, (long)fn, (long)arg, (long)attr);
}

/* Flags that come with values, which only sys_spawn_attr carries (the
 * kernel refuses any other unknown flag). */
#define VALUE_FLAGS (TASK_SET_STREAMS | TASK_SET_GROUP | TASK_GIVE_FDS)

int sys_spawn(const char *name, task_entry_fn fn, void *arg, unsigned flags)
{
	if (flags & VALUE_FLAGS)
		return -EINVAL;
	if (flags == 0) /* NULL says the same, and there is nothing to copy */
		return sys_spawn_attr(name, fn, arg, NULL);
	struct task_spawn_attr attr = {.flags = flags};
	return sys_spawn_attr(name, fn, arg, &attr);
}

int sys_spawn_fds(const char *name, task_entry_fn fn, void *arg, unsigned flags, const int *fds,
		  int nfds)
{
	if (flags & VALUE_FLAGS)
		return -EINVAL;
	struct task_spawn_attr attr = {.flags = flags | TASK_GIVE_FDS, .fds = fds, .nfds = nfds};
	return sys_spawn_attr(name, fn, arg, &attr);
}

int sys_newtask(const char *name, task_entry_fn fn, void *arg)
{
	return sys_spawn(name, fn, arg, 0);
}

int sys_killtask(int tid)
{
	return (int)TRAP1(SYS_KILLTASK, tid);
}

/* WaitTask is where most idle tasks wait, and compact mode keeps the
 * frames of each (kernel/task.h: the room for them).  Here the caller's
 * status pointer is the one value kept across the switch, and the task is
 * looked up again after it: trap() would keep the task too, and the
 * second value would cost the stub's frame a spill slot - 8 bytes more in
 * every waiting task. */
int sys_waittask(int tid, int *status)
{
	struct task *t = task_current();
	if (!t)
		return -EPERM; /* not called from a task */
	t->frame.nr = SYS_WAITTASK;
	t->frame.arg[0] = tid;
	t->frame.arg[1] = t->frame.arg[2] = t->frame.arg[3] = 0;
	sched_trap();
	t = task_current();
	int r = (int)t->frame.ret;
	if (r == 0 && status)
		*status = (int)t->frame.out[0];
	return r;
}

int sys_readwait(int fd)
{
	return (int)TRAP1(SYS_READWAIT, fd);
}
int sys_writewait(int fd)
{
	return (int)TRAP1(SYS_WRITEWAIT, fd);
}
int sys_readwait_again(int fd)
{
	return (int)trap(SYS_READWAIT, fd, IOWAIT_AFTER_EAGAIN, 0, 0);
}
int sys_writewait_again(int fd)
{
	return (int)trap(SYS_WRITEWAIT, fd, IOWAIT_AFTER_EAGAIN, 0, 0);
}
int sys_sleep(int64_t ns)
{
	return (int)TRAP1(SYS_SLEEP, ns);
}
int sys_yield(void)
{
	return (int)TRAP0(SYS_YIELD);
}

void sys_exit(int status)
{
	TRAP1(SYS_EXIT, status);
	abort(); /* outside a task there is nothing to exit to */
}

int sys_sem_create(const char *name, int count)
{
	touch_string(name);
	return (int)trap(SYS_SEM_CREATE, (long)name, count, 0, 0);
}
int sys_sem_wait(int sem)
{
	return (int)TRAP1(SYS_SEM_WAIT, sem);
}
int sys_sem_post(int sem)
{
	return (int)TRAP1(SYS_SEM_POST, sem);
}
int sys_sem_destroy(int sem)
{
	return (int)TRAP1(SYS_SEM_DESTROY, sem);
}
int sys_fd_own(int fd)
{
	return (int)TRAP1(SYS_FD_OWN, fd);
}
int sys_close(int fd)
{
	return (int)TRAP1(SYS_CLOSE, fd);
}
int sys_fd_give(int fd, int tid)
{
	return (int)trap(SYS_FD_GIVE, fd, tid, 0, 0);
}
int sys_pipe(int fds[2])
{
	if (!fds)
		return -EINVAL;
	touch_buffer(fds, 2 * sizeof *fds);
	int r = (int)TRAP0(SYS_PIPE);
	if (r == 0) {
		struct task *t = task_current();
		fds[0] = (int)t->frame.out[0];
		fds[1] = (int)t->frame.out[1];
	}
	return r;
}
/* PipeRead traps; a reader woken with -EAGAIN (its buffer was where the
 * kernel may not write while it was switched out: compact stacks) takes
 * the bytes itself, with the direct call. */
long sys_pipe_read(int fd, void *buf, size_t len)
{
	long r = trap(SYS_PIPE_READ, fd, (long)buf, (long)len, 0);
	while (r == -EAGAIN) {
		r = sys_pipe_try_read(fd, buf, len);
		if (r == -EAGAIN)
			r = trap(SYS_PIPE_READ, fd, (long)buf, (long)len, 0);
	}
	return r;
}
/* PipeWrite returns the bytes it wrote: all of them, or fewer (even 0)
 * when the kernel may not read the rest from where it is (compact
 * stacks); the stub writes that rest with the direct call, or traps again. */
long sys_pipe_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	long r = trap(SYS_PIPE_WRITE, fd, (long)p, (long)len, 0);
	for (;;) {
		if (r == -EINTR) /* the kernel counts in arg[3] what it moved while we waited */
			done += (size_t)task_current()->frame.arg[3];
		if (r < 0)
			return r == -EINTR && done > 0 ? (long)done : r;
		done += (size_t)r;
		if (done >= len)
			return (long)len;
		r = sys_pipe_try_write(fd, p + done, len - done);
		if (r == -EAGAIN)
			r = trap(SYS_PIPE_WRITE, fd, (long)(p + done), (long)(len - done), 0);
	}
}
int sys_dup2(int fd, int stream)
{
	return (int)trap(SYS_DUP2, fd, stream, 0, 0);
}
int sys_notify(unsigned mask)
{
	return (int)TRAP1(SYS_NOTIFY, mask);
}
int sys_pending(void)
{
	return (int)TRAP0(SYS_PENDING);
}

int sys_waitchild(int *tid, int *status, unsigned flags)
{
	int r = (int)TRAP1(SYS_WAITCHILD, flags);
	if (r == 0) {
		struct task *t = task_current();
		if (tid)
			*tid = (int)t->frame.out[0];
		if (status)
			*status = (int)t->frame.out[1];
	}
	return r;
}

int sys_tasklist(struct task_info *buf, int max)
{
	if (max > 0)
		touch_buffer(buf, (size_t)max * sizeof *buf);
	return (int)trap(SYS_TASKLIST, (long)buf, max, 0, 0);
}

int sys_tasklist_from(int from, struct task_info *buf, int max)
{
	/* Touched here, so a bad pointer faults the caller, not the kernel;
	 * not for arguments the kernel refuses (nothing is written then). */
	if (from >= 0 && max > 0 && max <= TASKLIST_CHUNK_MAX)
		touch_buffer(buf, (size_t)max * sizeof *buf);
	return (int)sys_trap(SYS_TASKLIST_FROM, from, (long)buf, max, 0);
}

int sys_setpriority(int tid, int nice)
{
	return (int)trap(SYS_SET_PRIORITY, tid, nice, 0, 0);
}

int sys_getpriority(int tid, int *nice)
{
	int r = (int)TRAP1(SYS_GET_PRIORITY, tid);
	if (r == 0 && nice)
		*nice = (int)task_current()->frame.out[0];
	return r;
}

int sys_settickets(int tid, int tickets)
{
	return (int)trap(SYS_SET_TICKETS, tid, tickets, 0, 0);
}

int sys_schedinfo(char *buf, int len)
{
	if (len > 0)
		touch_buffer(buf, (size_t)len);
	return (int)trap(SYS_SCHED_INFO, (long)buf, len, 0, 0);
}

int sys_stats(struct kernel_stats *out)
{
	touch_buffer(out, sizeof *out);
	return (int)TRAP1(SYS_STATS, out);
}

int sys_trace(int op, int tid, struct trace_summary_row *rows)
{
	if (op == TRACE_SUMMARY)
		touch_buffer(rows, SYS_NCALLS * sizeof *rows);
	return (int)trap(SYS_TRACE, op, tid, (long)rows, 0);
}

int sys_timeline(const char *file)
{
	touch_string(file);
	return (int)TRAP1(SYS_TIMELINE, file);
}

/* ---- direct calls: no trap ---- */

int64_t sys_clock_now(void)
{
	return clock_now();
}

void sys_preempt_disable(void)
{
	struct task *t = task_current();
	if (t && t->no_preempt < UINT8_MAX)
		t->no_preempt++;
}

void sys_preempt_enable(void)
{
	struct task *t = task_current();
	if (!t || t->no_preempt == 0 || --t->no_preempt > 0)
		return;
	if (t->preempt_held) {
		t->preempt_held = false;
		sys_yield();
	}
}

/* The memory calls change the owner's list of blocks in the task, with
 * the timer held off as for the pipes below: a task preempted there with
 * the list half changed, or with a block taken off it for a realloc, and
 * then killed, would leave the block behind (or another task's free, its
 * neighbour, would leave the list pointing at freed memory). */
static inline bool memory_hold(struct task *t)
{
	bool hold = t && t->no_preempt < UINT8_MAX; /* as sys_preempt_disable */
	if (hold)
		t->no_preempt++;
	return hold;
}
static inline void memory_hold_end(struct task *t, bool hold)
{
	if (hold && --t->no_preempt == 0 && t->preempt_held) {
		t->preempt_held = false;
		sys_yield();
	}
}
void *sys_alloc(size_t size)
{
	struct task *t = task_current();
	bool hold = memory_hold(t);
	void *p = task_alloc(t, size);
	memory_hold_end(t, hold);
	return p;
}
void *sys_realloc(void *p, size_t size)
{
	struct task *t = task_current();
	bool hold = memory_hold(t);
	void *q = task_realloc(t, p, size);
	memory_hold_end(t, hold);
	return q;
}
void sys_free(void *p)
{
	struct task *t = task_current();
	bool hold = memory_hold(t);
	task_free(p);
	memory_hold_end(t, hold);
}
int sys_alloc_share(void *p, int tid)
{
	struct task *t = task_current();
	bool hold = memory_hold(t);
	int r = task_alloc_share(p, tid);
	memory_hold_end(t, hold);
	return r;
}
int sys_stream_fd(int stream)
{
	if (stream < MINIOS_STDIN || stream > MINIOS_STDERR)
		return -EINVAL;
	struct task *t = task_current();
	return t ? task_stream(t, stream) : -1;
}
/* No trap: the bytes move here, in the task, with the timer held off (a
 * preemption in the middle would let other tasks see the pipe half
 * changed); a tick that came meanwhile preempts it afterwards, as
 * sys_preempt_enable does.  A waiting reader or writer it completes is
 * queued, not run.  (The hold is spelled out: this is the hot path.) */
static inline void pipe_hold_end(struct task *t)
{
	if (--t->no_preempt == 0 && t->preempt_held) {
		t->preempt_held = false;
		sys_yield();
	}
}
long sys_pipe_try_read(int fd, void *buf, size_t len)
{
	struct task *t = task_current();
	if (!t)
		return -EPERM;
	bool hold = t->no_preempt < UINT8_MAX; /* as sys_preempt_disable */
	t->no_preempt += hold;
	long r = pipe_read_now(fd, buf, len);
	if (hold)
		pipe_hold_end(t);
	return r;
}
long sys_pipe_try_write(int fd, const void *buf, size_t len)
{
	struct task *t = task_current();
	if (!t)
		return -EPERM;
	bool hold = t->no_preempt < UINT8_MAX; /* as sys_preempt_disable */
	t->no_preempt += hold;
	long r = pipe_write_now(fd, buf, len);
	if (hold)
		pipe_hold_end(t);
	return r;
}
uint32_t sys_random(void)
{
	return kernel_random();
}

int sys_add_text(const void *start, const void *end)
{
	return preempt_add_text((uintptr_t)start, (uintptr_t)end);
}

int console_write(int err, const void *buf, size_t len)
{
	if (!buf && len)
		return -EINVAL;
	struct task *t = task_current();
	if (t) {
		console_task_write(t, err, buf, len);
	} else if (len) {
		/* Outside any task (the boot code): straight to the sink. */
		kernel_console_sink()(err, buf, len);
	}
	return len > INT32_MAX ? INT32_MAX : (int)len;
}
