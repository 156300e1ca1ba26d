/*
 * kassert.h - the kernel's invariants, said and (in a debug build) checked.
 *
 * KASSERT(expr) states something the kernel relies on: a task struct still
 * has its magic, only a blocked task is woken, the ready queue holds no
 * blocked task.  In a build configured with --enable-debug, and in the
 * sanitizer build, a false one prints file:line and the expression and
 * aborts, close to the bug rather than three switches later.  In a release
 * build it compiles to nothing (the expression is not evaluated), so it may
 * sit on the hot path.
 */
#ifndef MINIOS_KASSERT_H
#define MINIOS_KASSERT_H

#ifdef MINIOS_KASSERT
#define KASSERT(expr) ((expr) ? (void)0 : kassert_failed(__FILE__, __LINE__, #expr))
#else
/* Not evaluated, but still compiled: it cannot rot. */
#define KASSERT(expr) ((void)sizeof(!(expr)))
#endif

/* Prints "file:line: kernel assertion failed: expr" on stderr and aborts. */
void kassert_failed(const char *file, int line, const char *expr) __attribute__((noreturn));

#endif
