/*
 * spinner.c - a loaded program that never traps while another task must
 * run: only the timer interrupt, preempting it in its own (loaded) text,
 * lets the other task set the flag it waits for.
 */
#include <minios.h>
#include <ulib.h>

static volatile int other_ran;

static int other(void *arg)
{
	/* The new task may run first (a trap is a scheduling point): one
	 * yield lets the spinner reach its loop before the flag is set. */
	sys_yield();
	sys_yield();
	other_ran = 1;
	return 0;
}

static int spinner_main(int argc, char **argv)
{
	if (sys_newtask("spinner-other", other, NULL) < 0)
		return 1;
	while (!other_ran)
		; /* no trap */
	uprintf("spinner: preempted in loaded code; the other task ran\n");
	return 0;
}

MINIOS_PROGRAM("spinner", "spinner", "spin without trapping until another task has run",
	       spinner_main);
