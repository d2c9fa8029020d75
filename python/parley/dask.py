"""python3 -m parley.dask code|ingest: parley over a Dask cluster.

    python3 -m parley.dask code   --scheduler ADDR|local[N] [options] INPUT...
    python3 -m parley.dask ingest --scheduler ADDR|local[N] --db F [options] INPUT...

The inputs are cut into parts (a file; a JSON Lines file into parts of about
--part-size bytes, at line ends), the parts are coded on the workers
through the parley package, and the results come back to this process,
which writes them in input order: the events of `code` to stdout (or -o),
the coded documents of `ingest` into one store.  Because the store groups
the mentions of every document into events here, in input order, across
all parts, the result is the one `parley code` or `parley ingest` gives on
one machine for the same inputs, byte for byte (docs/internals/python.md).

Workers need the parley package and libparley (with its model, event model,
dictionaries and gazetteer) and must read the inputs at the same paths.
"""

import argparse
import collections
import json
import math
import os
import sys
import time

import parley
from parley import _lib

USAGE = """usage: python3 -m parley.dask code|ingest --scheduler ADDR|local[N] [options] INPUT...

  --scheduler ADDR    a running Dask scheduler (tcp://host:8786), or local[N]
                      for a LocalCluster of N one-thread worker processes
  code:   [--format jsonl|csv|gdelt] [-o FILE | --output-dir DIR]  (default: stdout)
          --output-dir: each worker writes its parts there, DIR/part-NNNNN.FMT;
          `cat DIR/part-*` is the output (the CSV header in part 00000)
  ingest: --db FILE.sqlite [--level country|role|code] [--window DAYS]
          [--dedup parley|one-a-day] [--batch N]
  both:   [--date YYYY-MM-DD] [--dict DIR] [--model PATH] [--input-format F]
          [--modes all] [--event-model PATH|none] [--gazetteer PATH | --no-places]
          [--part-size BYTES] (of a JSON Lines file's parts: 2M by default; K, M, G)
          [--stats] [--quiet]
Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.
"""


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise _Usage(message)


def _parse(argv):
    p = _Parser(add_help=False)
    p.add_argument("command", choices=("code", "ingest"))
    p.add_argument("--scheduler", required=True)
    p.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "gdelt"))
    p.add_argument("-o", dest="output")
    p.add_argument("--output-dir")
    p.add_argument("--db")
    p.add_argument("--level")
    p.add_argument("--window")
    p.add_argument("--dedup")
    p.add_argument("--batch")
    p.add_argument("--date")
    p.add_argument("--dict")
    p.add_argument("--model")
    p.add_argument("--input-format", default="auto")
    p.add_argument("--modes", choices=("all", "asserted"), default="asserted")
    p.add_argument("--event-model")
    p.add_argument("--gazetteer")
    p.add_argument("--no-places", action="store_true")
    p.add_argument("--part-size", default="2M")
    p.add_argument("--stats", action="store_true")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("inputs", nargs="+")
    a = p.parse_args(argv)
    if a.command == "ingest" and not a.db:
        raise _Usage("ingest needs --db")
    if a.command == "code" and a.db:
        raise _Usage("--db is for ingest")
    if a.output_dir and (a.command != "code" or a.output):
        raise _Usage("--output-dir is for code, without -o")
    a.part_size = _size(a.part_size)
    if a.date is not None and not _lib.lib.parley_date_valid(_lib.enc(a.date)):
        raise _Usage("--date %s: want a calendar date YYYY-MM-DD" % a.date)
    return a


def _size(text):
    """ "2M" -> 2000000 (K, M, G are powers of 1000, as bench/ counts)."""
    mult = {"K": 10**3, "M": 10**6, "G": 10**9}.get(text[-1:].upper(), 1)
    try:
        n = int(float(text[:-1] if mult > 1 else text) * mult)
    except ValueError:
        n = 0
    if n < 1:
        raise _Usage("--part-size %s: a size in bytes such as 500K or 2M" % text)
    return n


def _options(a):
    """The coder options of the command line, as parley.Coder takes them."""
    o = {"model": a.model, "dict": a.dict, "gazetteer": a.gazetteer,
         "places": not a.no_places, "all_modes": a.modes == "all"}
    if a.event_model is not None:
        o["event_model"] = a.event_model
    return o


# ---------------------------------------------------------------------------
# Parts

def _is_jsonl(path, input_format):
    if input_format not in (None, "auto"):
        return input_format in ("jsonl", "ndjson")
    return path.endswith((".jsonl", ".ndjson"))


def _wide(path):
    """Does the file start with a UTF-16 or UTF-32 byte order mark (so that
    it cannot be cut at byte offsets)?"""
    with open(path, "rb") as f:
        head = f.read(4)
    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or head == b"\x00\x00\xfe\xff"


def parts(inputs, input_format="auto", part_size=2 * 10**6):
    """(path, start, end) for every part, in input order. A JSON Lines file
    this process can read is cut every part_size bytes: a part is the
    records whose lines start in [start, end) (end 0: to the end), read by
    parley_reader_open_part with the whole file's ids, line numbers and
    counts. Any other input is one part, (path, None, None): a text or HTML
    file is one document, a WARC file a shard already."""
    out = []
    for path in inputs:
        if _is_jsonl(path, input_format) and os.path.isfile(path) and not _wide(path):
            size = os.path.getsize(path)
            n = max(1, math.ceil(size / part_size))
            out += [(path, k * part_size, (k + 1) * part_size if k < n - 1 else 0)
                    for k in range(n)]
        else:
            out.append((path, None, None))
    return out


def code_part(path, start, end, fmt, date, input_format, options, out_file=None):
    """On a worker: code the part (start, end) of path (None, None: all of
    it). Returns {"out": [text per document], "docs", "events",
    "long_sentences", "stats": the reader's counters, "bad": bad records}.
    With out_file the worker writes the text there instead (the first part
    of a CSV output with the header) and "out" is empty."""
    stats = parley.Stats()
    coder = parley._coder(options)
    long0 = coder.long_sentences
    t0 = time.time()
    out = list(coder.code_file(path, date=date, input_format=input_format, format=fmt,
                               stats=stats, part=None if start is None else (start, end)))
    docs, events = len(out), 0
    if out_file is not None:
        events = sum(t.count("\n") for t in out)
        tmp = out_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            if fmt == "csv" and out_file.endswith("part-00000.csv"):
                f.write(parley.events_header(fmt))
            f.writelines(out)
        os.replace(tmp, out_file)  # a part file is whole or absent
        out = []
    return {"out": out, "docs": docs, "seconds": time.time() - t0, "events": events,
            "long_sentences": coder.long_sentences - long0,
            "stats": stats.json(), "bad": stats.bad_input()}


def _error(part, e):
    return "parley %s: %s" % (part[0], e)


# ---------------------------------------------------------------------------
# The cluster

def connect(scheduler):
    """A distributed.Client for ADDR, or for a new LocalCluster when
    scheduler is local[N] (N one-thread worker processes, no dashboard)."""
    import distributed
    if scheduler.startswith("local"):
        inner = scheduler[len("local"):]
        n = int(inner[1:-1]) if inner.startswith("[") and inner.endswith("]") else os.cpu_count()
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None,
                                           silence_logs=40)  # logging.ERROR
        return distributed.Client(cluster)
    return distributed.Client(scheduler)


def warm(options=None):
    """On a worker (client.run(warm)): load the model, dictionaries and
    gazetteer and make this thread's coder now rather than in the first part."""
    parley._coder(options or {})


def _threads(client):
    return max(1, sum(client.nthreads().values()))


def run_parts(client, part_list, fmt, date, input_format, options, out_dir=None):
    """Yield (part, result) in input order, keeping at most twice as many
    parts in flight as the cluster has threads (memory stays bounded by
    what those parts hold, whatever the input's size). With out_dir, part
    i is written by its worker to out_dir/part-NNNNN.<fmt> (i from 0)."""
    window = 2 * _threads(client)
    pending = collections.deque()
    todo = iter(part_list)

    index = iter(range(len(part_list)))

    def submit():
        for part in todo:
            i = next(index)
            out_file = None if out_dir is None else os.path.join(
                out_dir, "part-%05d.%s" % (i, fmt))
            pending.append((part, client.submit(code_part, *part, fmt, date, input_format,
                                                options, out_file, pure=False)))
            if len(pending) >= window:
                return

    submit()
    while pending:
        part, fut = pending.popleft()
        try:
            result = fut.result()
        except parley.Error as e:
            result = {"error": str(e)}
        except (OSError, ValueError) as e:
            result = {"error": str(e)}
        submit()
        yield part, result


# ---------------------------------------------------------------------------
# The commands

def _merge_stats(total, s):
    if not s:
        return total
    if total is None:
        return json.loads(json.dumps(s))
    for k, v in s.items():
        if isinstance(v, dict):
            d = total.setdefault(k, {})
            for kk, vv in v.items():
                d[kk] = d.get(kk, 0) + vv
        elif isinstance(v, (int, float)):
            total[k] = total.get(k, 0) + v
    return total


def _run(a, client):
    options = _options(a)
    plist = parts(a.inputs, a.input_format, a.part_size)
    fmt = "coded" if a.command == "ingest" else a.format
    rc = 0
    stats = None
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    events = long_sentences = 0
    store = out = None
    try:
        if a.command == "ingest":
            settings = {"level": a.level, "window": a.window, "mode": a.dedup,
                        "batch": a.batch}
            store = parley.Store(a.db, writable=True, **settings)
        elif a.output_dir:
            os.makedirs(a.output_dir, exist_ok=True)
        else:
            out = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout
            out.write(parley.events_header(a.format))
        for part, r in run_parts(client, plist, fmt, a.date, a.input_format, options,
                                 a.output_dir):
            if "error" in r:
                print(_error(part, r["error"]), file=sys.stderr)
                rc = 1
                continue
            stats = _merge_stats(stats, r["stats"])
            long_sentences += r["long_sentences"]
            if r["bad"]:
                rc = 1
            for k, text in enumerate(r["out"]):
                if store is not None:
                    outcome = store.add_coded(text, "%s (part from byte %s)" % (part[0], part[1]))
                    counts[("unchanged", "added", "replaced")[outcome]] += 1
                else:
                    out.write(text)
                    events += text.count("\n")
            events += r["events"]
        if store is not None:
            store.commit()
    except parley.Error as e:
        print("parley %s: %s" % (a.command, e), file=sys.stderr)
        rc = 2 if e.status == _lib.ERR_ARG and store is None else 1  # a bad setting: usage
    except OSError as e:
        print("parley %s: %s" % (a.command, e), file=sys.stderr)
        rc = 1
    finally:
        if out is not None and out is not sys.stdout:
            out.close()
        elif out is not None:
            out.flush()
    if a.stats:
        if store is not None:
            print(json.dumps({"input": stats or {}, **counts, "store": store.summary()},
                             separators=(",", ":")), file=sys.stderr)
        else:
            print(json.dumps({**(stats or {}), "events": events,
                              "long_sentences": long_sentences}, separators=(",", ":")),
                  file=sys.stderr)
    if store is not None:
        store.close()
    return rc


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        a = _parse(argv)
    except _Usage as e:
        print("parley.dask: %s\n%s" % (e, USAGE), file=sys.stderr, end="")
        return 2
    try:
        client = connect(a.scheduler)
    except (OSError, ValueError, TimeoutError) as e:
        print("parley.dask: scheduler %s: %s" % (a.scheduler, e), file=sys.stderr)
        return 1
    try:
        return _run(a, client)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and a.scheduler.startswith("local"):
            cluster.close()


if __name__ == "__main__":
    # run the imported module's main: the workers unpickle parley.dask.code_part,
    # which does not exist under the name __main__
    from parley.dask import main as _main
    sys.exit(_main())
