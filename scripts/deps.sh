#!/usr/bin/env bash
# deps.sh - install the Debian packages minios needs to build and test,
# if any is missing.  Used by run.sh, test.sh and .ci/run.
set -euo pipefail
packages=(build-essential autoconf automake libtool pkg-config check libreadline-dev
          tmux valgrind python3 netcat-openbsd procps libxml2-utils)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "minios: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
