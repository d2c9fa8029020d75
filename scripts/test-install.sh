#!/bin/sh
# test-install.sh - installs parley into a temporary prefix (PREFIX=/opt/parley
# staged with DESTDIR, then the tree moved elsewhere) and codes the founding
# article with the installed CLI and with a small C program built with
# `pkg-config --cflags --libs parley` and with the Python package: all must give the build tree's events,
# found through the library's own location, not the build-time PREFIX.
# Ends with "install: N passed, N failed".
MAKE=${MAKE:-make}
E=examples/000_08cbce3970801ee0.txt
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   install/$1"; }
bad() { fail=$((fail + 1)); echo "FAIL install/$1"; }
build/parley code --date 2023-06-14 "$E" >"$tmp/want" 2>/dev/null
[ -s "$tmp/want" ] || bad "build tree codes the article"
if $MAKE --no-print-directory install PREFIX=/opt/parley DESTDIR="$tmp/stage" >"$tmp/log" 2>&1; then
    ok "make install"
else
    bad "make install"; tail -n 20 "$tmp/log"
fi
mv "$tmp/stage/opt/parley" "$tmp/moved"
# run from elsewhere, without the build tree's environment
here=$(pwd)
cd "$tmp" || exit 1
env -u PARLEY_MODEL -u PARLEY_DATA "$tmp/moved/bin/parley" code --date 2023-06-14 "$here/$E" \
    >"$tmp/cli" 2>"$tmp/cli.err"
if cmp -s "$tmp/cli" "$tmp/want"; then ok "installed CLI codes the article"; else
    bad "installed CLI codes the article"; head -n 5 "$tmp/cli.err"; fi
PKG_CONFIG_PATH="$tmp/moved/lib/pkgconfig" pkg-config --cflags --libs parley >"$tmp/pc" 2>&1
libdir=$(PKG_CONFIG_PATH="$tmp/moved/lib/pkgconfig" pkg-config --variable=libdir parley)
# shellcheck disable=SC2046
if ${CC:-cc} -o "$tmp/code_file" "$here/tests/install/code_file.c" $(cat "$tmp/pc") \
    -Wl,-rpath,"$libdir" 2>"$tmp/cc.err"; then ok "pkg-config build"; else
    bad "pkg-config build"; cat "$tmp/pc" "$tmp/cc.err" | head -n 10; fi
env -u PARLEY_MODEL -u PARLEY_DATA "$tmp/code_file" "$here/$E" 2023-06-14 >"$tmp/lib" \
    2>"$tmp/lib.err"
if cmp -s "$tmp/lib" "$tmp/want"; then ok "installed library codes the article"; else
    bad "installed library codes the article"; head -n 5 "$tmp/lib.err"; fi
# the Python package, installed beside the library (PREFIX/lib/python3/dist-packages)
env -u PARLEY_MODEL -u PARLEY_DATA -u PARLEY_LIBRARY PYTHONPATH="$tmp/moved/lib/python3/dist-packages" \
    PYTHONDONTWRITEBYTECODE=1 ${PYTHON:-/usr/bin/python3} -c '
import json, sys, parley
assert parley.__file__.startswith(sys.argv[2]), parley.__file__
for e in parley.code_files(sys.argv[1], date="2023-06-14"):
    print(json.dumps(e, ensure_ascii=False, separators=(",", ":")))
' "$here/$E" "$tmp/moved" >"$tmp/py" 2>"$tmp/py.err"
"$here/build/parley" code --date 2023-06-14 "$here/$E" 2>/dev/null | ${PYTHON:-/usr/bin/python3} -c '
import json, sys
for line in sys.stdin:
    print(json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")))
' >"$tmp/py.want"
if [ -s "$tmp/py" ] && cmp -s "$tmp/py" "$tmp/py.want"; then ok "installed Python package codes the article"; else
    bad "installed Python package codes the article"; head -n 5 "$tmp/py.err"; fi
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
