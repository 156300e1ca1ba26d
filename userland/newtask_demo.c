/*
 * newtask_demo.c - the seminar's NewTask/KillTask example:
 *
 *	def main():
 *	    child = yield NewTask(foo())    # foo prints "I'm foo", tid
 *	    for i in xrange(5):
 *	        yield
 *	    yield KillTask(child)
 *	    print "main done"
 *
 * The child prints once per yield of ours, so it prints five times.
 */
#include "programs.h"
#include "ulib.h"
#include "userland.h"

int newtask_demo_main(int argc, char **argv)
{
	char name[] = "foo", with_tid[] = "-t";
	char *child_argv[] = {name, with_tid, NULL};

	if (argc > 1)
		return too_many_arguments(argv[0]);
	int child = program_spawn(program_find("foo"), 2, child_argv);
	if (child < 0) {
		ueprintf("%s: cannot start foo: error %d\n", argv[0], -child);
		return 1;
	}
	for (int i = 0; i < 5; i++)
		sys_yield();
	int r = sys_killtask(child);
	if (r < 0)
		ueprintf("%s: cannot kill task %d: error %d\n", argv[0], child, -r);
	uprintf("main done\n");
	return 0;
}
