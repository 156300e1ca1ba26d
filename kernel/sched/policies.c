/*
 * policies.c - the table of scheduling policies, and what they share:
 * option parsing and the text of `sched`.
 *
 * Adding a policy is one file in kernel/sched/ and one line here.
 */
#include "config.h"
#include "kernel/list.h"
#include "kernel/policy.h"
#include "kernel/task.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct sched_policy *const sched_policies[] = {
	&sched_fifo, &sched_rr, &sched_prio, &sched_random, &sched_lottery, &sched_mlfq, NULL,
};

int64_t sched_policy_quantum_ns;

const struct sched_policy *sched_policy_find(const char *name, size_t len)
{
	for (int i = 0; sched_policies[i]; i++)
		if (strlen(sched_policies[i]->name) == len &&
		    memcmp(sched_policies[i]->name, name, len) == 0)
			return sched_policies[i];
	return NULL;
}

int sched_parse_options(const char *options, const char *policy, const char *valid,
			int (*fn)(const char *name, size_t name_len, const char *value, char *why,
				  size_t why_len),
			char *why, size_t why_len)
{
	const char *p = options;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t item_len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', item_len);
		size_t name_len = eq ? (size_t)(eq - p) : item_len;
		char value[64];
		size_t value_len = eq ? item_len - name_len - 1 : 0;
		if (!fn || !eq || value_len == 0 || value_len >= sizeof value) {
			if (!*valid)
				snprintf(why, why_len, "%s: takes no options (got '%.*s')", policy,
					 (int)item_len, p);
			else
				snprintf(why, why_len, "%s: bad option '%.*s': valid are %s",
					 policy, (int)item_len, p, valid);
			return -EINVAL;
		}
		memcpy(value, eq + 1, value_len);
		value[value_len] = '\0';
		int err = fn(p, name_len, value, why, why_len);
		if (err == -ENOENT) {
			snprintf(why, why_len, "%s: unknown option '%.*s': valid are %s", policy,
				 (int)name_len, p, valid);
			return -EINVAL;
		}
		if (err) {
			snprintf(why, why_len, "%s: bad value '%s' for %.*s: valid are %s", policy,
				 value, (int)name_len, p, valid);
			return -EINVAL;
		}
		p += item_len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int sched_parse_count(const char *text, int64_t *out)
{
	char *end;
	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || *end || v < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int sched_parse_duration(const char *text, int64_t *out_ns)
{
	char *end;
	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || v < 0)
		return -EINVAL;
	int64_t unit;
	if (strcmp(end, "ms") == 0)
		unit = 1000000;
	else if (strcmp(end, "") == 0 || strcmp(end, "s") == 0)
		unit = 1000000000; /* a bare number is seconds, as for --quantum */
	else if (strcmp(end, "us") == 0)
		unit = 1000;
	else if (strcmp(end, "ns") == 0)
		unit = 1;
	else
		return -EINVAL;
	if (v > INT64_MAX / unit)
		return -EINVAL;
	*out_ns = v * unit;
	return 0;
}

void sched_append(char *out, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(*used < len ? out + *used : NULL, *used < len ? len - *used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

size_t sched_describe_list(struct list_node *head, const char *label, char *out, size_t len)
{
	size_t used = 0;
	sched_append(out, len, &used, "%s:", label);
	for (struct list_node *n = head->next; n != head; n = n->next)
		sched_append(out, len, &used, " %d", list_entry(n, struct task, node)->tid);
	sched_append(out, len, &used, "\n");
	return used;
}
