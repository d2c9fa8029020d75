#!/usr/bin/env python3
"""make-country-shapes.py - the map's country outlines for `parley serve`.

Reads the Natural Earth 1:110m countries as TopoJSON (world-atlas 2.0.2,
data/geo/world-atlas/countries-110m.json) and the ISO codes of
data/geo/world-countries.json, and writes data/serve/countries.json:
{"ISO3": {"name": ..., "d": SVG path}} in an equirectangular projection
(x = longitude + 180, y = 90 - latitude: a 360 x 180 view box), one decimal.
Run it again only when the source changes; the output is checked in.
"""
import json
import sys


def main(src, codes, out):
    topo = json.load(open(src, encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    # decode the quantized, delta-encoded arcs into degrees
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        pts = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])  # arcs share their end points
        return pts

    by_num, by_name = {}, {}
    for c in json.load(open(codes, encoding="utf-8")):
        if c.get("ccn3"):
            by_num[c["ccn3"]] = c["cca3"]
        by_name[c["name"]["common"]] = c["cca3"]
    # the three Natural Earth units without an ISO number
    by_name.update({"Kosovo": "UNK", "N. Cyprus": "CYP", "Somaliland": "SOM"})

    shapes = {}
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        iso = by_num.get(g.get("id", "")) or by_name.get(name)
        if not iso:
            print(f"{src}: no ISO code for {name}", file=sys.stderr)
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        d = []
        for poly in polys:
            for r in poly:
                pts = ring(r)
                # drop points closer than 0.1 degree to the last one kept
                kept = []
                for lon, lat in pts:
                    p = (round(lon + 180, 1), round(90 - lat, 1))
                    if not kept or p != kept[-1]:
                        kept.append(p)
                if len(kept) < 3:
                    continue
                d.append("M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z")
        entry = shapes.setdefault(iso, {"name": name, "d": ""})
        entry["d"] += "".join(d)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(shapes, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    print(f"{out}: {len(shapes)} countries")


if __name__ == "__main__":
    main(*(sys.argv[1:4] if len(sys.argv) == 4 else (
        "data/geo/world-atlas/countries-110m.json", "data/geo/world-countries.json",
        "data/serve/countries.json")))
