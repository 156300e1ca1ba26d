#!/usr/bin/env bash
# outside.sh [DIR] - the course's path, as on a fresh machine: from the
# dist tarball, `./configure --prefix=DIR/prefix && make install`; then
# examples/hello built with pkg-config against that install, spawned from
# the installed minios, and graded with the installed minios-check.
# (DIR defaults to build-outside/; .ci/run runs this.)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build-outside}
"$top/scripts/build.sh" "$top/build" >/dev/null
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
make -C "$top/build" dist >/dev/null
tar -xzf "$top/build"/minios-*.tar.gz -C "$dir"
cd "$dir"/minios-*/
echo "== ./configure --prefix=$dir/prefix && make install"
./configure --prefix="$dir/prefix" >"$dir/configure.log" 2>&1
make -j"$(nproc)" install >"$dir/install.log" 2>&1
export PATH="$dir/prefix/bin:$PATH"
export PKG_CONFIG_PATH="$dir/prefix/lib/pkgconfig"
echo "== examples/hello, built with pkg-config"
cp -r examples/hello "$dir/hello"
cd "$dir/hello"
make
echo "== spawned from the installed minios"
minios --clock=virtual -c 'spawn ./hello.so outside; wait'
echo "== graded with the installed minios-check"
make check
echo "outside: ok"
