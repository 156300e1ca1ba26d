/*
 * shell.h - the minios shell, as seen by its own files and by boot/.
 *
 * The shell is an ordinary userland task: it talks to the kernel only
 * through <minios.h>, starts programs through programs.h and prints through
 * ulib.h.  This header ties its pieces together:
 *
 *   parse.c      a line into commands and words (quotes, ';', '#')
 *   input.c      plain line input from a pipe or a file (no terminal)
 *   interactive.c, complete.c, history.c, console.c
 *                the readline front end, used on a terminal
 *   jobs.c       the tasks the shell started, their ends and reports
 *   commands.c   the table of commands; cmd_*.c one command each
 *   tasks.c      snapshots of the live tasks (sys_tasklist)
 *   shell.c      the shell task itself: read, run, report, clean up
 *
 * The `minios` program that boots the kernel and starts this task as
 * task 1 lives in boot/; nothing here includes a kernel header.
 */
#ifndef MINIOS_SHELL_H
#define MINIOS_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The longest input line, not counting its newline. */
#define SHELL_LINE_MAX 4096
/* Input that is not text is given up on: a line that goes on this long
 * without a newline, or this many rejected lines. */
#define SHELL_NOT_TEXT_BYTES (64 * 1024)
#define SHELL_REJECTED_LINES_MAX 100
/* How deeply `source` may nest before we assume a loop. */
#define SHELL_SOURCE_DEPTH_MAX 16

/* ---- starting the shell task (boot/main.c) ---- */

enum shell_mode {
	SHELL_INTERACTIVE, /* readline on a terminal */
	SHELL_STDIN,       /* plain lines from fd 0 (a pipe or a file) */
	SHELL_SCRIPT,      /* plain lines from a file */
	SHELL_COMMAND,     /* the text of -c */
};

/* What the front end hands to shell_task_main, as argv is handed to a
 * program: read, never written.  The shell's exit status is its task's
 * (the front end asks the kernel how task 1 ended). */
struct shell_start {
	enum shell_mode mode;
	const char *script;  /* SHELL_SCRIPT */
	const char *command; /* SHELL_COMMAND */
	/* minios --record: called with each line typed (interactive) or read
	 * from stdin, before it runs, and with NULL when it has run; at the
	 * terminal's Ctrl-D, with SHELL_RECORD_EOF before the newline that
	 * only moves the cursor off the prompt (a replay prints none). */
	void (*record)(const char *line);
};

extern const char SHELL_RECORD_EOF[];

/* The shell task's entry point; arg is a struct shell_start.  Returns
 * the shell's exit status. */
int shell_task_main(void *arg);

/* The name the shell task runs under (what ps shows). */
#define SHELL_TASK_NAME "shell"

/* ---- the shell's state ---- */

/* A task the shell started with spawn or run. */
struct shell_job {
	int tid;
	bool foreground; /* started by run: never reported as a job */
	bool ended;
	bool reported; /* its end was told; kept so `wait TID` still works */
	int status;    /* when ended */
	char *name;    /* its command line */
	/* A pipeline is one job: its last stage's entry, which has the
	 * whole command line and gives the status, and one entry per other
	 * stage (member), never reported on its own.  pipeline is the last
	 * stage's tid in all of them; 0 for a job of one task. */
	int pipeline;
	bool member;
};

#define SHELL_JOBS_FORGOTTEN 1024
struct shell {
	enum shell_mode mode;
	int self;            /* the shell's own task id */
	int source_depth;    /* nesting of `source` */
	bool failed;         /* some command failed (the script's status) */
	bool interrupted;    /* Ctrl-C: abandon the rest of the input line */
	bool exit_requested; /* `exit` ran */
	int exit_status;     /* with exit_requested */
	/* The command being run, with its pipeline and redirections. */
	const struct shell_words *command;
	void (*record)(const char *line); /* shell_start's */
	struct shell_job *jobs;
	size_t njobs;
	size_t jobs_capacity;
	/* The background jobs that ended and are not yet reported, by tid:
	 * a report looks at these, not at the whole table. */
	int *ended;
	size_t nended;
	size_t ended_capacity;
	/* Reported jobs still in the table: when they are half of it, they
	 * leave it together (jobs_report), so that it does not grow with
	 * every task ever started, at a cost per job that stays constant. */
	size_t nreported;
	/* The last jobs reported and forgotten (a ring): `wait` on one of
	 * them is no mistake. */
	int forgotten[SHELL_JOBS_FORGOTTEN];
	unsigned forgotten_next;
};

/* Runs one input line (several commands separated by ';').  Returns 0 if
 * every command on it succeeded, 1 otherwise; records a failure in
 * sh->failed. */
int shell_run_line(struct shell *sh, const char *line);

/* Runs every line read from fd (a script or a sourced file) until EOF,
 * `exit` or an interrupt.  Returns 0 if every line succeeded, 1 if one
 * failed, or a negative errno if fd could not be read. */
int shell_run_fd(struct shell *sh, int fd);

/* After a blocking call returned -EINTR: takes the child exits and the
 * Ctrl-C that caused it.  Returns true (and sets sh->interrupted) if
 * Ctrl-C was pressed. */
bool shell_take_notifications(struct shell *sh);

/* Prints "minios: WHAT: MESSAGE" as one line on the error stream. */
void shell_error(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats ns of kernel time as "12.345s" into buf.  Returns buf. */
const char *shell_format_seconds(int64_t ns, char *buf, size_t size);

/* The task id in text: a decimal from 1 to INT32_MAX.  Returns it, or
 * -EINVAL.  Dispatch has checked every ARG_TID argument (with its error
 * line) before a command runs, so a command takes its ids with this. */
int shell_tid(const char *text);

/* ---- the live tasks (tasks.c) ---- */

struct task_info;

/* Every live task, in tid order, at one instant (u_malloc'ed; NULL if
 * out of memory).  For top, which sorts them, and ps, whose table is then
 * all of a piece; what must work with no memory left walks them with
 * shell_for_each_task instead (ps too, then). */
struct task_info *shell_task_snapshot(int *count);

/* Calls fn on every live task in tid order until it returns false, a
 * chunk at a time in a buffer on the stack (TaskListFrom): it allocates
 * nothing, so ps and exit work however many tasks there are and whatever
 * memory is left.  Tasks ending or starting meanwhile are seen or not,
 * but none twice.  0, or the call's negative errno. */
int shell_for_each_task(bool (*fn)(const struct task_info *t, void *ctx), void *ctx);

/* The live task tid, if there is one. */
bool shell_task_lookup(int tid, struct task_info *out);

/* ---- parsing (parse.c) ---- */

/* A command, or one stage of a pipeline. */
struct shell_words {
	int argc;
	char **argv; /* argc words, then NULL */
	/* Its redirections: file names, or NULL.  append: '>>' for out. */
	char *in, *out, *err;
	bool append;
	/* The next stage ('|'), or NULL. */
	struct shell_words *next;
};

struct shell_parsed {
	int count;
	struct shell_words *commands;
};

/* Splits line into commands (';'), each a pipeline of stages ('|') of
 * words with their redirections ('<', '>', '>>', '2>' FILE; "2>" only as
 * a word of its own; the last one of a kind wins).  Quoting: '...' keeps
 * everything; "..." keeps everything but \" and \\; outside quotes a
 * backslash takes the next character as it is.  A '#' that starts a word
 * starts a comment.  Empty commands are dropped.  Returns 0, -ENOMEM, or
 * -EINVAL with *error set to a description of the mistake. */
int shell_parse(const char *line, struct shell_parsed *out, const char **error);
void shell_parsed_free(struct shell_parsed *parsed);

/* Joins words with single spaces into a new string (NULL if out of
 * memory), the calling task's: free it with u_free. */
char *shell_join_words(int argc, char *const *argv);

/* ---- plain input (input.c) ---- */

struct shell_input;

/* A line reader on fd, which it makes non-blocking unless it is a
 * terminal (readwait says when a read will not block; the old flags are
 * restored by shell_input_close). */
struct shell_input *shell_input_open(int fd);
void shell_input_close(struct shell_input *in);

/* Reads the next line into line (SHELL_LINE_MAX + 1 bytes, NUL-ended,
 * without its newline).  Returns 0; -ENODATA at the end; -EMSGSIZE for a
 * line over SHELL_LINE_MAX bytes (skipped); -EILSEQ for a line that holds
 * a NUL byte (skipped); -EBADMSG when a line goes on for
 * SHELL_NOT_TEXT_BYTES (the end: nothing more is read); -EINTR when a
 * notification cut the wait short (call again); another negative errno
 * if the fd failed. */
int shell_input_read_line(struct shell_input *in, char *line);

/* Reports a rejected input line (-EMSGSIZE, -EILSEQ) or input that is
 * not text (-EBADMSG) in one line. */
void shell_input_error(int error);

/* ---- the terminal (interactive.c, console.c, complete.c, history.c) ---- */

/* Sets readline up; boot/main.c calls it before the kernel runs. */
void shell_interactive_prepare(void);

/* Reads and runs lines with readline until Ctrl-D or `exit`. */
void shell_interactive_loop(struct shell *sh);

/* Puts the terminal back as it was; safe to call more than once and after
 * the shell task is gone (boot/main.c calls it on every way out). */
void shell_terminal_restore(void);

/* After the shell task faulted (maybe inside readline): drops readline's
 * half-done state, so that a new shell task can start afresh. */
void shell_terminal_reset(void);

/* Async-signal-safe: the terminal changed size (boot/main.c's SIGWINCH). */
void shell_terminal_resized(void);

/* The console sink for interactive mode: prints task output above the
 * prompt, keeping a half-typed line intact. */
void shell_console_sink(int err, const char *line, size_t len);

/* The sink's view of readline: whether a prompt is on the screen, and
 * whether readline is busy (output is then held and printed after). */
void shell_console_set_prompt(bool shown);
void shell_console_hold(bool hold);

/* Tab completion: commands, program names, live task ids. */
char **shell_complete(const char *text, int start, int end);

/* History in a file: ~/.minios_history, or $MINIOS_HISTFILE; none when
 * $MINIOS_HISTORY is 0. */
void shell_history_start(void);
void shell_history_add(const char *line);
void shell_history_end(void);

/* ---- jobs (jobs.c) ---- */

struct shell_job *jobs_add(struct shell *sh, int tid, int argc, char *const *argv, bool foreground);
/* Starts program argv[0] with argv as a job and returns it, or prints
 * why not (as command what) and returns NULL.  streams: its standard
 * streams (fds, TASK_STREAM_CONSOLE or _INHERIT), or NULL for the
 * shell's own.  The task leads a new task group, or joins group (> 0:
 * the group of an earlier task of the same pipeline). */
struct shell_job *jobs_start(struct shell *sh, const char *what, int argc, char **argv,
			     bool foreground, const int streams[3], int group);
struct shell_job *jobs_find(struct shell *sh, int tid);
/* Whether job and, for a pipeline, every stage of it has ended. */
bool jobs_all_ended(struct shell *sh, const struct shell_job *job);
/* Kills job's task and, for a pipeline, every stage of it. */
void jobs_kill(struct shell *sh, const struct shell_job *job);
/* While the gate is closed, background jobs started hold still until
 * it opens: a pipeline's tasks start after the shell printed its line.
 * jobs_close_gate returns 0 or a negative errno (then there is none). */
int jobs_close_gate(void);
void jobs_open_gate(void);
/* Removes job and the other stages of its pipeline. */
void jobs_remove_all(struct shell *sh, struct shell_job *job);

/* ---- pipelines (pipeline.c) ---- */

/* Starts command (a pipeline of one or more stages, with redirections;
 * its first word is the command `what`, skipped) as one job, and returns
 * its (last stage's) entry; or prints one line saying why not and
 * returns NULL, having started nothing.  input: the first stage's
 * standard input when no '<' says otherwise (an fd, or
 * TASK_STREAM_INHERIT). */
struct shell_job *pipeline_start(struct shell *sh, const char *what,
				 const struct shell_words *command, bool foreground, int input);
void jobs_remove(struct shell *sh, struct shell_job *job);
/* Whether tid is one of the last SHELL_JOBS_FORGOTTEN jobs whose end was
 * reported: those leave the table, so that it does not grow with every
 * task the shell ever started. */
bool jobs_was_reported(const struct shell *sh, int tid);

/* Takes every queued child exit without blocking. */
void jobs_collect(struct shell *sh);

/* Prints, in tid order, each background job that ended since the last
 * report ("[3] done (status 0)  countdown 3"). */
void jobs_report(struct shell *sh);

/* Prints the report line of one job now, once. */
void jobs_report_one(struct shell *sh, struct shell_job *job);

/* Blocks until job ended.  Returns 0, or -EINTR if Ctrl-C was pressed
 * first (the job still runs). */
int jobs_wait(struct shell *sh, struct shell_job *job);

/* Blocks until every job has ended; -EINTR as for jobs_wait. */
int jobs_wait_all(struct shell *sh);

/* Kills every task but the shell (what a script leaves running), then
 * reports the shell's jobs among them. */
void jobs_kill_leftovers(struct shell *sh);

void jobs_free(struct shell *sh);

/* ---- commands (commands.c, cmd_*.c) ---- */

enum { CMD_OK = 0, CMD_FAILED = 1 };

/* What an argument of a command is.  Completion offers the words of its
 * kind; dispatch checks task ids before the command sees them. */
enum shell_arg {
	ARG_NONE = 0, /* ends a row's list */
	ARG_WORD,     /* any text: nothing to complete */
	ARG_TOPIC,    /* a command or a program (help) */
	ARG_PROGRAM,  /* a program's name */
	ARG_TID,      /* a task id */
	ARG_JOB,      /* a task id, or -G for task group G */
	ARG_FILE,     /* a file name */
	ARG_DURATION, /* 250ms, 2s, 1m, ... */
	ARG_STATUS,   /* an exit status, 0 to 255 */
};
#define SHELL_ARGS_MAX 3

struct shell_command {
	const char *name;
	const char *usage; /* "kill TID..." */
	const char *help;  /* one line */
	int min_args;      /* not counting the name */
	int max_args;      /* -1: no limit */
	/* The kind of each argument in turn; the last one listed holds for
	 * every argument after it ({ ARG_PROGRAM, ARG_WORD }: a program,
	 * then its own arguments). */
	enum shell_arg args[SHELL_ARGS_MAX];
	/* A command has one of these two.  exec gets the words; every task
	 * id among them has been checked first, so a typo fails the command
	 * before it does anything.  exec_tid is for a command that acts on
	 * each of its task ids in turn: dispatch checks each id as it comes
	 * to it, so one bad id does not spare the others (an ARG_JOB "-G"
	 * comes as -G). */
	int (*exec)(struct shell *sh, int argc, char **argv);
	int (*exec_tid)(struct shell *sh, int tid);
	/* It starts tasks, and takes '|' and redirections (sh->command). */
	bool pipelines;
};

/* The table, in the order help lists it, ended by NULL. */
extern const struct shell_command *const shell_commands[];

const struct shell_command *shell_command_find(const char *name);

/* The kind of argument i of cmd (1: the first after the name), or
 * ARG_NONE past the last one it takes. */
enum shell_arg shell_command_arg(const struct shell_command *cmd, int i);

/* Checks the argument count and the task ids, and runs the command.
 * Returns CMD_OK or CMD_FAILED (after one line on the error stream). */
int shell_dispatch(struct shell *sh, int argc, char **argv);

extern const struct shell_command cmd_help_entry;
extern const struct shell_command cmd_ps_entry;
extern const struct shell_command cmd_spawn_entry;
extern const struct shell_command cmd_run_entry;
extern const struct shell_command cmd_kill_entry;
extern const struct shell_command cmd_wait_entry;
extern const struct shell_command cmd_sleep_entry;
extern const struct shell_command cmd_programs_entry;
extern const struct shell_command cmd_stats_entry;
extern const struct shell_command cmd_trace_entry;
extern const struct shell_command cmd_top_entry;
extern const struct shell_command cmd_timeline_entry;
extern const struct shell_command cmd_echo_entry;
extern const struct shell_command cmd_clear_entry;
extern const struct shell_command cmd_source_entry;
extern const struct shell_command cmd_exit_entry;
extern const struct shell_command cmd_nice_entry;
extern const struct shell_command cmd_renice_entry;
extern const struct shell_command cmd_sched_entry;

#endif
