#!/bin/sh
# make_text_input.sh [SIZE_MB] [OUT] - build the text benchmark's input:
# the raw text of UD English EWT (train, dev and test "# text" lines, a blank
# line between documents and paragraphs) followed by the founding article
# (examples/000_08cbce3970801ee0.txt), repeated until the file reaches
# SIZE_MB megabytes (default 1024) at OUT (default /tmp/parley_text_1g.txt).
# Run from the repository root.
set -e
size_mb=${1:-1024}
out=${2:-/tmp/parley_text_1g.txt}
unit=$(mktemp)
trap 'rm -f "$unit"' EXIT
for f in data/ud-en-ewt/en_ewt-ud-train.conllu data/ud-en-ewt/en_ewt-ud-dev.conllu \
         data/ud-en-ewt/en_ewt-ud-test.conllu; do
    awk '/^# newdoc/ || /^# newpar/ { if (n) print "\n"; n = 0; next }
         /^# text = / { sub(/^# text = /, ""); printf "%s%s", (n ? " " : ""), $0; n++ }
         END { if (n) print "\n" }' "$f"
done > "$unit"
printf '\n' >> "$unit"
cat examples/000_08cbce3970801ee0.txt >> "$unit"
printf '\n\n' >> "$unit"
want=$((size_mb * 1024 * 1024))
unit_size=$(wc -c < "$unit")
: > "$out"
have=0
while [ "$have" -lt "$want" ]; do
    cat "$unit" >> "$out"
    have=$((have + unit_size))
done
truncate -s "$want" "$out"
echo "$out: $(wc -c < "$out") bytes ($unit_size-byte unit: EWT raw text + founding article)"
