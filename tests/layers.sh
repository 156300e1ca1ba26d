#!/bin/sh
# layers.sh - the dependency arrows of minios point one way, and this
# test fails the day one points back:
#   boot/ -> shell/ -> userland/ -> <minios.h> (the system calls)
#   syscalls/ -> kernel/
# userland/ and shell/ include no kernel or syscalls header and never call
# the boot API (<minios_boot.h>); kernel/ includes nothing of syscalls/,
# userland/, shell/ or boot/; nothing but boot/ includes boot/.
top=${srcdir:-$(dirname "$0")/..}
status=0

# forbid DIR PATTERN WHY: no file under DIR may match PATTERN.
forbid()
{
	# (comment lines may name anything)
	hits=$(grep -n -E "$2" "$top/$1"/*.c "$top/$1"/*.h 2>/dev/null |
		grep -v -E ':[0-9]+:[[:space:]]*(\*|/\*|//)')
	if [ -n "$hits" ]; then
		echo "layers: $1/ $3:"
		echo "$hits" | sed "s|^$top/||"
		status=1
	fi
}

inc='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]'
boot_api='kernel_(init|run|spawn|shutdown|raise_interrupt|console_sink|init_status|config_defaults|map_host_calls)[[:space:]]*\('
for dir in shell userland; do
	forbid $dir "$inc(kernel|syscalls|boot)/" "includes a header below the system-call line"
	forbid $dir "${inc}(include/)?minios_boot\.h" "includes the boot API"
	forbid $dir "$boot_api" "calls the boot API"
done
forbid userland "${inc}shell/" "includes the shell"
forbid kernel "$inc(syscalls|userland|shell|boot)/" "includes a layer above the kernel"
forbid syscalls "$inc(userland|shell|boot)/" "includes a layer above the system calls"

[ $status -eq 0 ] && echo "layers: every arrow points one way"
exit $status
