#!/bin/sh
# make_text_input.sh [SIZE_MB] [OUT] - build the text benchmark's inputs:
# the raw text of UD English EWT (train, dev and test "# text" lines; a
# blank line between paragraphs and documents) followed by the founding
# article (examples/000_08cbce3970801ee0.txt), repeated until SIZE_MB
# megabytes (default 1024), written twice:
#   OUT          plain text (default /tmp/parley_text_1g.txt)
#   OUT.jsonl    the same documents as JSON Lines {"id","title","text"}, one
#                EWT document or the article per record (for the readers)
# Run from the repository root.
set -e
size_mb=${1:-1024}
out=${2:-/tmp/parley_text_1g.txt}
unit=$(mktemp)
junit=$(mktemp)
trap 'rm -f "$unit" "$junit"' EXIT
for f in data/ud-en-ewt/en_ewt-ud-train.conllu data/ud-en-ewt/en_ewt-ud-dev.conllu \
         data/ud-en-ewt/en_ewt-ud-test.conllu; do
    awk '/^# newdoc/ || /^# newpar/ { if (n) print "\n"; n = 0; next }
         /^# text = / { sub(/^# text = /, ""); printf "%s%s", (n ? " " : ""), $0; n++ }
         END { if (n) print "\n" }' "$f"
done > "$unit"
printf '\n' >> "$unit"
cat examples/000_08cbce3970801ee0.txt >> "$unit"
printf '\n\n' >> "$unit"
# JSON Lines: one record per EWT document, paragraphs joined by \n\n
for f in data/ud-en-ewt/en_ewt-ud-train.conllu data/ud-en-ewt/en_ewt-ud-dev.conllu \
         data/ud-en-ewt/en_ewt-ud-test.conllu examples/000_08cbce3970801ee0.txt; do
    case "$f" in
    *.conllu)
        awk 'function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s);
                               return s }
             function flush() { if (doc != "") printf "{\"id\":\"%s\",\"text\":\"%s\"}\n", id, doc;
                                doc = "" }
             /^# newdoc id = / { flush(); id = esc(substr($0, 15)); sep = ""; next }
             /^# newpar/ { if (doc != "") sep = "\\n\\n"; next }
             /^# text = / { t = esc(substr($0, 10)); doc = doc (doc == "" ? "" : sep) t; sep = " "; next }
             END { flush() }' "$f" ;;
    *)
        awk 'function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s);
                               return s }
             NR == 1 { title = esc($0); next }
             { body = body (NR > 2 ? "\\n" : "") esc($0) }
             END { printf "{\"id\":\"article\",\"title\":\"%s\",\"text\":\"%s\"}\n", title, body }' "$f" ;;
    esac
done > "$junit"
want=$((size_mb * 1024 * 1024))
for pair in "$unit:$out" "$junit:$out.jsonl"; do
    src=${pair%%:*}; dst=${pair#*:}
    unit_size=$(wc -c < "$src")
    : > "$dst"
    have=0
    while [ "$have" -lt "$want" ]; do
        cat "$src" >> "$dst"
        have=$((have + unit_size))
    done
    echo "$dst: $(wc -c < "$dst") bytes (${unit_size}-byte unit repeated)"
done
truncate -s "$want" "$out"
