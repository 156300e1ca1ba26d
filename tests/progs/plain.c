/* plain.c - a shared object without MINIOS_PROGRAM: not a minios program. */
int plain_function(int x);

int plain_function(int x)
{
	return x + 1;
}
