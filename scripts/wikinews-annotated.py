#!/usr/bin/env python3
"""Assemble data/wikinews/annotated.jsonl and annotated-gold.jsonl from the
annotators' outputs (one docs-K.jsonl / gold-K.jsonl pair per annotator, K =
1, 2, ...), as parley's annotators wrote them for issue 9 (see
data/wikinews/README.md).

- Each article keeps its unlabeled.jsonl line; where that line has no date,
  the date is the one its gold records take for the article's own news
  (the most common full event_date with date_basis "article"), marked
  date_inferred, as the dev split's dates were.
- An article is taken once (the first annotator's), and only with its gold.
- Records an annotator withdrew in their report are left out (DROP below).

Usage: scripts/wikinews-annotated.py ANNOT_DIR OUT_DOCS OUT_GOLD
"""
import collections
import glob
import json
import os
import sys

# (doc_id, event_id prefix, cameo): records the annotator withdrew (party
# nominations coded 051, which the train gold does not code)
DROP = [("wn-url-ab04392948", ("e1", "e2", "e3", "e4", "e5", "e6"), "051")]


def dropped(g):
    for doc, prefixes, cameo in DROP:
        if g.get("doc_id") == doc and g.get("cameo") == cameo and \
                str(g.get("event_id", "")).split("-")[0] in prefixes:
            return True
    return False


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    annot, out_docs, out_gold = sys.argv[1:]
    seen, docs, gold = set(), [], []
    pairs = sorted(glob.glob(os.path.join(annot, "gold-*.jsonl")))
    for gpath in pairs:
        dpath = gpath.replace("gold-", "docs-")
        by_doc = collections.defaultdict(list)
        for n, line in enumerate(open(gpath, encoding="utf-8"), 1):
            try:
                g = json.loads(line)
            except ValueError as e:
                sys.exit("%s:%d: %s" % (gpath, n, e))
            if not dropped(g):
                by_doc[g["doc_id"]].append(g)
        for n, line in enumerate(open(dpath, encoding="utf-8"), 1):
            try:
                d = json.loads(line)
            except ValueError as e:
                sys.exit("%s:%d: %s" % (dpath, n, e))
            if d["id"] in seen or d["id"] not in by_doc:
                continue
            seen.add(d["id"])
            if not d.get("date"):
                c = collections.Counter(
                    g.get("event_date") for g in by_doc[d["id"]]
                    if g.get("date_basis") == "article" and len(g.get("event_date") or "") == 10)
                if c:
                    d["date"] = c.most_common(1)[0][0]
                    d["date_inferred"] = True
            docs.append(d)
            gold.extend(by_doc[d["id"]])
    with open(out_docs, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(out_gold, "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    events = sum(1 for g in gold if not g.get("no_events"))
    print("%d articles (%d dated), %d gold events, from %d annotators" %
          (len(docs), sum(1 for d in docs if d.get("date")), events, len(pairs)))


if __name__ == "__main__":
    main()
