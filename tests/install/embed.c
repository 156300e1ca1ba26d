/*
 * embed.c - `make installcheck`: a program outside the tree, built with
 * pkg-config against the installed headers and libminios, boots a kernel
 * and runs two tasks.  One never traps: with the shared libminios it
 * is still preempted (its code is the executable's, libminios's text is
 * the kernel's own), so the other one finishes while it spins.
 */
#include <minios_boot.h>
#include <ulib.h>

static volatile int other_done;

static int spinner(void *arg)
{
	while (!other_done)
		; /* no trap: only the timer interrupt lets the other run */
	uprintf("spinner: preempted, and saw the other finish\n");
	return 0;
}

static int other(void *arg)
{
	uprintf("hello from task %d of an installed minios\n", sys_gettid());
	other_done = 1;
	return 0;
}

int main(void)
{
	struct kernel_config config;

	kernel_config_defaults(&config);
	if (kernel_init(&config) < 0)
		return 1;
	if (kernel_spawn("spinner", spinner, NULL, 0) < 0 ||
	    kernel_spawn("other", other, NULL, 0) < 0)
		return 1;
	int r = kernel_run(NULL);
	kernel_shutdown();
	return r == 0 && other_done ? 0 : 1;
}
