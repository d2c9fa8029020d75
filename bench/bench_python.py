#!/usr/bin/python3
"""bench_python.py INPUT.jsonl [--workers=1,2] [--part-size=S] [--repeat=N] - the Python
package and its Dask job against the CLI (issue 13), on news-like JSON Lines
from bench/make_news_input.sh. Run from the repository root after `make`.

Prints:
  - CLI: `parley code --quiet INPUT` wall time, minus its start-up (the same
    command on an empty file: loading the model, dictionaries, gazetteer);
  - Python: the same documents coded in one process, after the same loading,
    (a) with parley.code_files(INPUT) (the library reads the file; events
    come back as dicts) and (b) with parley.code(text) per document (the
    texts read by Python first); the overhead per document is the
    difference from the CLI's coding time divided by the documents;
  - Dask: `python3 -m parley.dask code --scheduler local[N]` for each N in
    --workers, wall time including the cluster's start and each worker's
    loading, and whether its output is byte-identical to the CLI's.
Each figure is the best of --repeat runs (default 1). Figures, not a test:
the machine's load is printed beside them.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))
CLI = os.path.join(ROOT, "build", "parley")


REPEAT = 1  # --repeat=N: the best of N runs of each measurement


def timed(cmd, **kw):
    """The best wall time of REPEAT runs of cmd, and the last run's result."""
    best = None
    for _ in range(REPEAT):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, **kw)
        el = time.perf_counter() - t
        best = el if best is None or el < best else best
    return best, r


def best_of(fn):
    """The best wall time of REPEAT calls of fn, and its last value."""
    best = None
    for _ in range(REPEAT):
        t = time.perf_counter()
        v = fn()
        el = time.perf_counter() - t
        best = el if best is None or el < best else best
    return best, v


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = args[0]
    workers = [int(w) for w in opts.get("workers", "1,2").split(",")]
    part_size = opts.get("part-size", "500K")
    global REPEAT
    REPEAT = int(opts.get("repeat", "1"))
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    size = os.path.getsize(path)
    print("input: %s, %d documents, %.1f MB; load average %s" % (
        path, len(docs), size / 1e6, " ".join(open("/proc/loadavg").read().split()[:3])))

    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "w").close()
        t_start, _ = timed([CLI, "code", "--quiet", empty])
        t_cli, r = timed([CLI, "code", "--quiet", path])
        want = r.stdout
        events = want.count(b"\n")
        coding = t_cli - t_start
        print("CLI:    %.2f s wall, start-up %.2f s, coding %.2f s = %.2f ms/document, %d events"
              % (t_cli, t_start, coding, 1e3 * coding / len(docs), events))

        import parley
        t = time.perf_counter()
        coder = parley.Coder()
        t_load = time.perf_counter() - t
        # the time inside parley_coder_code_doc, to isolate what Python adds
        inside = [0.0]
        code_doc = parley.Coder._code

        def counted(self, doc, date):
            t0 = time.perf_counter()
            code_doc(self, doc, date)
            inside[0] += time.perf_counter() - t0

        parley.Coder._code = counted
        t0 = time.perf_counter()
        sum(1 for _ in parley.code_files(path))
        t_all = time.perf_counter() - t0
        files_outside = t_all - inside[0]
        inside[0] = 0.0
        t0 = time.perf_counter()
        for d in docs:
            parley.code(d.get("text", ""), date=d.get("date"), id=d.get("id"))
        text_outside = time.perf_counter() - t0 - inside[0]
        parley.Coder._code = code_doc
        print("Python: outside parley_coder_code_doc (reading, ctypes, events as dicts): "
              "code_files %.3f ms/document, code(text) %.3f ms/document"
              % (1e3 * files_outside / len(docs), 1e3 * text_outside / len(docs)))
        t_files, n_files = best_of(lambda: sum(1 for _ in parley.code_files(path)))
        t_text, n_text = best_of(lambda: sum(
            len(parley.code(d.get("text", ""), date=d.get("date"), id=d.get("id")))
            for d in docs))
        del coder
        print("Python: loading %.2f s; code_files %.2f s = %.2f ms/document, overhead %+.2f "
              "ms/document against the CLI (%d events)"
              % (t_load, t_files, 1e3 * t_files / len(docs),
                 1e3 * (t_files - coding) / len(docs), n_files))
        print("Python: code(text) per document %.2f s = %.2f ms/document, overhead %+.2f "
              "ms/document (%d events: the text alone, no title or cleaning)"
              % (t_text, 1e3 * t_text / len(docs), 1e3 * (t_text - coding) / len(docs), n_text))

        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
        for n in workers:
            # the fixed cost: a LocalCluster started, a coder loaded on every worker
            t_up, _ = timed([sys.executable, "-c",
                             "import parley.dask as d; c = d.connect('local[%d]'); "
                             "c.run(d.warm); "
                             "k = c.cluster; c.close(); k.close()" % n], env=env)
            out = os.path.join(tmp, "dask%d.jsonl" % n)
            t_dask, r = timed([sys.executable, "-m", "parley.dask", "code", "--scheduler",
                               "local[%d]" % n, "--part-size", part_size, "-o", out, path],
                              env=env)
            same = r.returncode == 0 and open(out, "rb").read() == want
            print("Dask:   local[%d] %.2f s wall (%.2fx the CLI's %.2f s; of it %.2f s to start "
                  "the cluster and load a coder on each worker), output %s"
                  % (n, t_dask, t_cli / t_dask, t_cli, t_up,
                     "identical to the CLI's" if same else "DIFFERENT (exit %d)" % r.returncode))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
