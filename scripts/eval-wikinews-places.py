#!/usr/bin/env python3
"""eval-wikinews-places.py PARLEY DEV.jsonl DEV-GOLD.jsonl

How often parley's event place matches the gold place of the real-news dev
set (the gold is annotated by reading, see the set's GUIDE.md). For each gold
event with a place, the events parley codes from the same sentence are
looked at: "right" when one of them has a place of the same name (case
folded) or, for a gold place with a country, of the same country and a name
that contains or is contained in the gold name; "any_place" when parley gave
one of them a place at all. Gold events in sentences where parley coded no
event are counted apart ("no_event"). Prints one JSON object.
"""
import json
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    parley, dev, gold_path = sys.argv[1:]
    out = subprocess.run([parley, "code", "--input-format", "jsonl", dev],
                         capture_output=True, text=True, check=False).stdout
    ours = {}
    for line in out.splitlines():
        e = json.loads(line)
        ours.setdefault((e["doc_id"], e["sentence_index"]), []).append(e.get("place"))
    n = right = any_place = no_event = country = 0
    for line in open(gold_path, encoding="utf-8"):
        g = json.loads(line)
        p = g.get("place") or {}
        if not p.get("name"):
            continue
        n += 1
        got = ours.get((g["doc_id"], g["sentence_index"]))
        if got is None:
            no_event += 1
            continue
        places = [q for q in got if q]
        if places:
            any_place += 1
        gname = p["name"].lower()
        ok = False
        for q in places:
            qn = q["name"].lower()
            qt = q["text"].lower()
            if qn == gname or qt == gname:
                ok = True
            elif p.get("country") and q["country"] == p["country"] and (
                    qt in gname or gname in qt):
                ok = True
        right += ok
        country += any(q["country"] == p.get("country", "") for q in places)
    print(json.dumps({"gold_with_place": n, "sentence_coded": n - no_event,
                      "no_event": no_event, "any_place": any_place, "right": right,
                      "right_of_coded": round(right / max(1, n - no_event), 4),
                      "right_of_all": round(right / max(1, n), 4),
                      "country_right_of_coded": round(country / max(1, n - no_event), 4)}))


main()
