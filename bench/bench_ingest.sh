#!/bin/sh
# bench_ingest.sh [INPUT] [RUNS] - `parley ingest` against `parley code` alone
# on the same input (issue 12: the store must not be the bottleneck):
# wall time of each (best of RUNS, default 3), their ratio, the store's size
# per event and the peak memory (max RSS) of each. Run from the repository
# root after `make`; INPUT defaults to /tmp/parley-news10.jsonl, made with
#   bench/make_news_input.sh /tmp/parley-news10.jsonl 10
set -e
in=${1:-/tmp/parley-news10.jsonl}
runs=${2:-3}
p=build/parley
[ -x "$p" ] || { echo "bench_ingest.sh: build first (make)" >&2; exit 2; }
[ -f "$in" ] || { echo "bench_ingest.sh: $in is missing (bench/make_news_input.sh $in 10)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
best() { sort -n | head -n 1; }
for r in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/code.$r" $p code --quiet "$in" >/dev/null
    rm -f "$tmp/s.sqlite"*
    /usr/bin/time -f "%e %M" -o "$tmp/ingest.$r" $p ingest --quiet --db "$tmp/s.sqlite" "$in"
done
code_s=$(cat "$tmp"/code.* | cut -d' ' -f1 | best)
ingest_s=$(cat "$tmp"/ingest.* | cut -d' ' -f1 | best)
code_kb=$(cat "$tmp"/code.* | cut -d' ' -f2 | sort -n | tail -n 1)
ingest_kb=$(cat "$tmp"/ingest.* | cut -d' ' -f2 | sort -n | tail -n 1)
again_s=$( { /usr/bin/time -f "%e" $p ingest --quiet --db "$tmp/s.sqlite" "$in"; } 2>&1 | tail -n 1)
summary=$($p ingest --quiet --stats --db "$tmp/s.sqlite" "$in" 2>&1 | sed -n 's/.*"store":\(.*\)}$/\1/p')
bytes=$(stat -c %s "$tmp/s.sqlite")
echo "input: $in ($(stat -c %s "$in") bytes, $(wc -l <"$in") documents)"
echo "code alone:   ${code_s} s (best of $runs), peak RSS ${code_kb} KB"
echo "ingest:       ${ingest_s} s (best of $runs), peak RSS ${ingest_kb} KB"
awk -v c="$code_s" -v i="$ingest_s" 'BEGIN { printf "ingest speed: %.0f%% of code alone\n", 100 * c / i }'
echo "ingest again: ${again_s} s (every document stored already: nothing coded)"
echo "store: $summary"
echo "store file: $bytes bytes"
