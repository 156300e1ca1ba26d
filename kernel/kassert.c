/*
 * kassert.c - what a false KASSERT does (always built; called only from
 * builds that check).
 */
#include "config.h"
#include "kernel/kassert.h"
#include <stdio.h>
#include <stdlib.h>

void kassert_failed(const char *file, int line, const char *expr)
{
	fprintf(stderr, "%s:%d: kernel assertion failed: %s\n", file, line, expr);
	abort();
}
