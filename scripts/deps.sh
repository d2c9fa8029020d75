#!/bin/sh
# deps.sh - install the Debian packages parley needs to build and test,
# saying what it installs. Packages already present are left alone.
#   scripts/deps.sh          build + test dependencies
set -eu

PKGS="gcc make pkg-config python3 libxml2-dev zlib1g-dev libutf8proc-dev libjansson-dev libcmocka-dev libsqlite3-dev libmicrohttpd-dev clang libclang-rt-dev valgrind curl chromium chromium-driver python3-pytest python3-pandas python3-distributed"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "deps: all build and test packages are installed ($PKGS)"
    exit 0
fi

echo "deps: installing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "deps: not root and no sudo; please install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "deps: done"
