#!/bin/sh
# eval-extract.sh PARLEY DATASET [OUT] - score `parley extract` on the
# article-extraction benchmark (DATASET holds html/*.html.gz,
# ground-truth.json and the benchmark's own evaluate.py). The pages are
# unzipped into a temporary folder, extracted as JSON Lines, turned into
# output/parley.json ({id: {"articleBody": text}}) and scored by
# evaluate.py. With OUT, the per-page JSON Lines are kept there.
# Research data: passed by path, never read by the build or the tests.
set -e
PARLEY=$1; DATA=$2; OUT=$3
[ -x "$PARLEY" ] && [ -f "$DATA/evaluate.py" ] || {
    echo "usage: $0 PARLEY DATASET [OUT.jsonl]" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pages" "$tmp/output"
for f in "$DATA"/html/*.html.gz; do
    gunzip -c "$f" >"$tmp/pages/$(basename "$f" .gz)"
done
"$PARLEY" extract --format jsonl "$tmp"/pages/*.html >"$tmp/extract.jsonl" 2>"$tmp/stderr" || true
grep -c . "$tmp/stderr" | sed 's/^/pages with warnings or errors on stderr: /' || true
[ -n "$OUT" ] && cp "$tmp/extract.jsonl" "$OUT"
cp "$DATA/ground-truth.json" "$DATA/evaluate.py" "$tmp/"
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
gt = json.load(open(d + '/ground-truth.json', encoding='utf-8'))
got = {}
for line in open(d + '/extract.jsonl', encoding='utf-8'):
    o = json.loads(line)
    got[o['id']] = o['text']
out = {k: {'articleBody': got.get(k, '')} for k in gt}
empty = [k for k in gt if gt[k].get('articleBody', '').strip() and not out[k]['articleBody'].strip()]
print('pages: %d, extracted: %d, empty where the truth has a body: %d' % (len(gt), len(got), len(empty)))
for k in empty:
    print('  empty:', k)
json.dump(out, open(d + '/output/parley.json', 'w', encoding='utf-8'))
PY
cd "$tmp" && python3 evaluate.py --n-bootstrap 100
