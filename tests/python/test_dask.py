"""python3 -m parley.dask on a LocalCluster of 2 workers against the CLI on
one machine: the same events byte for byte and the same store row for row,
with documents repeated and changed across parts and files (the store's
de-duplication across shards). Small: about 90 documents."""

import json
import os
import sqlite3

import pytest

import parley.dask
from conftest import CLI, FOUNDING, ROOT, cli

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 dashboard_address=None, silence_logs=40)
    yield c.scheduler_address
    c.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Two JSON Lines shards and a text file: shard b repeats some of a's
    documents unchanged and changes two (same id, other text)."""
    d = tmp_path_factory.mktemp("shards")
    src = os.path.join(ROOT, "data", "wikinews", "train.jsonl")
    with open(src, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f][:60]
    # one event reported by two outlets, one in each shard: grouped across them
    same = [{"id": "same-%d" % i, "date": "2023-03-0%d" % i, "source": "outlet-%d" % i,
             "text": "The United States condemned Russia on Wednesday."} for i in (1, 2)]
    a, b = d / "a.jsonl", d / "b.jsonl"
    a.write_text("".join(json.dumps(x) + "\n" for x in docs[:45] + same[:1]))
    changed = [dict(x, text=x["text"] + "\n\nThe United States condemned Russia.")
               for x in docs[10:12]]
    b.write_text("".join(json.dumps(x) + "\n" for x in docs[40:60] + changed + docs[:5] + same[1:])
                 + "this line is not JSON\n")
    return [str(a), FOUNDING, str(b)]


def dask(*args):
    return parley.dask.main(list(args))


def test_code_is_the_cli(cluster, inputs, tmp_path, capsys):
    out = tmp_path / "dask.jsonl"
    rc = dask("code", "--scheduler", cluster, "--part-size", "3K", "--date", "2023-06-14",
              "--stats", "-o", str(out), *inputs)
    stats = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    import subprocess
    want = subprocess.run([CLI, "code", "--quiet", "--stats", "--date", "2023-06-14", *inputs],
                          capture_output=True, text=True)
    assert want.returncode == 1 and rc == 1  # the bad line: exit 1 both
    assert want.stdout.count("\n") > 100
    assert out.read_text() == want.stdout
    # the parts' counters add up to the whole run's
    assert stats == json.loads(want.stderr.strip().splitlines()[-1])
    assert stats["skipped"] == {"bad_json": 1}
    csv = tmp_path / "dask.csv"
    dask("code", "--scheduler", cluster, "--format", "csv", "-o", str(csv), inputs[1])
    assert csv.read_text() == cli("code", "--format", "csv", inputs[1])


def test_output_dir_is_the_cli(cluster, inputs, tmp_path):
    for fmt in ("jsonl", "csv"):
        d = tmp_path / fmt
        rc = dask("code", "--scheduler", cluster, "--part-size", "10K", "--format", fmt,
                  "--output-dir", str(d), inputs[0], inputs[1])
        assert rc == 0
        files = sorted(d.glob("part-*.%s" % fmt))
        assert len(files) == len(parley.dask.parts(inputs[:2], part_size=10000)) > 2
        got = "".join(f.read_text() for f in files)
        assert got == cli("code", "--format", fmt, inputs[0], inputs[1])


def test_missing_input_is_reported(cluster, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    rc = dask("code", "--scheduler", cluster, "-o", str(out), "/nonexistent/a.jsonl", FOUNDING)
    assert rc == 1
    assert "/nonexistent/a.jsonl" in capsys.readouterr().err
    assert out.read_text() == cli("code", FOUNDING)  # the rest is coded


def dump(db):
    """Every row of every table, in rowid order."""
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'schema_version' ORDER BY name")]
        return {t: con.execute("SELECT * FROM %s ORDER BY rowid" % t).fetchall()
                for t in tables}
    finally:
        con.close()


def test_ingest_is_the_cli(cluster, inputs, tmp_path):
    one, many = str(tmp_path / "one.sqlite"), str(tmp_path / "many.sqlite")
    import subprocess
    r = subprocess.run([CLI, "ingest", "--quiet", "--db", one, "--date", "2023-06-14",
                        "--window", "3", *inputs], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # the bad line
    rc = dask("ingest", "--scheduler", cluster, "--db", many, "--part-size", "3K",
              "--date", "2023-06-14", "--window", "3", *inputs)
    assert rc == 1
    a, b = dump(one), dump(many)
    assert set(a) >= {"documents", "events", "mentions", "settings"}
    assert len(a["documents"]) == 63  # 60 + 2 + the founding article
    assert any(row for row in a["events"]), "events were stored"
    for t in a:
        assert a[t] == b[t], "table %s differs" % t
    # the two outlets' reports are one event, across the two shards
    con = sqlite3.connect(many)
    both = con.execute("SELECT count(*) FROM events WHERE num_articles = 2 AND num_sources = 2"
                       " AND src_country = 'USA' AND tgt_country = 'RUS'").fetchone()[0]
    con.close()
    assert both == 1


def test_usage_errors(capsys):
    assert dask("code") == 2
    assert dask("ingest", "--scheduler", "local[1]", "x.jsonl") == 2  # no --db
    assert dask("code", "--scheduler", "local[1]", "--date", "2023-13-01", "x") == 2
    assert "usage" in capsys.readouterr().err


def test_bad_setting_and_output(cluster, tmp_path, capsys):
    db = str(tmp_path / "s.sqlite")
    assert dask("ingest", "--scheduler", cluster, "--db", db, "--level", "planet", FOUNDING) == 2
    assert "planet" in capsys.readouterr().err
    assert dask("code", "--scheduler", cluster, "-o", "/nonexistent/dir/out.jsonl", FOUNDING) == 1
    assert "/nonexistent/dir/out.jsonl" in capsys.readouterr().err
