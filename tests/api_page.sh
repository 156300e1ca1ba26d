#!/bin/sh
# api_page.sh - docs/minios.3 lists every call that include/minios.h
# declares (sys_*, console_write*), each with its errors: a call added to
# the header without its entry in the page fails here.
top=${srcdir:-$(dirname "$0")/..}
calls=$(sed -n 's/^[a-z_0-9 ]*[ *]\(sys_[a-z_0-9]*\|console_write[a-z_]*\)(.*/\1/p' "$top/include/minios.h" | sort -u)
[ -n "$calls" ] || { echo "FAIL: no calls found in minios.h"; exit 1; }
failed=0
n=0
for c in $calls; do
	n=$((n + 1))
	# The entry: ".B <prototype>" naming the call, then "Errors:" in its
	# paragraph.
	entry=$(sed -n "/^\\.B .*[ *]$c(/,/^\\.TP/p" "$top/docs/minios.3")
	if [ -z "$entry" ]; then
		echo "FAIL: minios.3 does not list $c"
		failed=$((failed + 1))
	elif ! printf '%s\n' "$entry" | grep -q '^Errors: '; then
		echo "FAIL: minios.3 gives no errors for $c"
		failed=$((failed + 1))
	fi
done
echo "$((n - failed)) of $n calls listed"
[ $failed -eq 0 ]
