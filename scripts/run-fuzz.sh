#!/bin/sh
# run-fuzz.sh SECONDS - run every built libFuzzer harness for SECONDS each,
# starting from its seed corpus in fuzz/corpus/NAME (never written to).
secs=${1:-20}
pass=0; fail=0
for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    name=$(basename "$f")
    work=$(mktemp -d)
    [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null
    if "$f" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 "$work" >"$work.log" 2>&1; then
        pass=$((pass + 1)); echo "ok   fuzz/$name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$work.log" | head -n 1))"
        tail -n 1 "$work.log"
    else
        fail=$((fail + 1)); echo "FAIL fuzz/$name"; tail -n 40 "$work.log"
    fi
    rm -rf "$work" "$work.log"
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
