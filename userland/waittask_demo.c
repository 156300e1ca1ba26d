/*
 * waittask_demo.c - the seminar's WaitTask example:
 *
 *	def main():
 *	    child = yield NewTask(foo())    # foo prints 5 times, then ends
 *	    print "Waiting for child"
 *	    yield WaitTask(child)
 *	    print "Child done"
 */
#include "programs.h"
#include "ulib.h"
#include "userland.h"

int waittask_demo_main(int argc, char **argv)
{
	char name[] = "foo", with_tid[] = "-t", count[] = "5";
	char *child_argv[] = {name, with_tid, count, NULL};
	int status;

	if (argc > 1)
		return too_many_arguments(argv[0]);
	int child = program_spawn(program_find("foo"), 3, child_argv);
	if (child < 0) {
		ueprintf("%s: cannot start foo: error %d\n", argv[0], -child);
		return 1;
	}
	uprintf("Waiting for child\n");
	int r = sys_waittask(child, &status);
	if (r < 0) {
		ueprintf("%s: cannot wait for task %d: error %d\n", argv[0], child, -r);
		return 1;
	}
	uprintf("Child done\n");
	return 0;
}
