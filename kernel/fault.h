/*
 * fault.h - a task that faults is killed; the kernel goes on (fault.c).
 */
#ifndef MINIOS_FAULT_H
#define MINIOS_FAULT_H

/* Catches the fault signals: 0, or a negative errno. */
int fault_init(void);
void fault_fini(void);

#endif
