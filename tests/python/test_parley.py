"""The parley package against the CLI: the same events, stored events and
relations, with the documented dtypes, and errors as exceptions."""

import json

import pandas as pd
import pytest

import parley
from conftest import DATE, FOUNDING, cli, cli_jsonl


def test_code_files_is_the_cli():
    want = cli_jsonl("code", "--date", DATE, FOUNDING)
    got = list(parley.code_files(FOUNDING, date=DATE))
    assert len(want) >= 10
    assert got == want


def test_code_text():
    text = open(FOUNDING, encoding="utf-8").read()
    events = parley.code(text, date=DATE, id="founding")
    assert events, "the founding article has events"
    e = events[0]
    assert e["doc_id"] == "founding" and e["date"] == DATE
    assert {"source", "target", "cameo", "root", "quad_class", "goldstein", "trigger",
            "pattern", "event_name", "event_date"} <= set(e)
    assert isinstance(e["cameo"], str) and e["cameo"].startswith(e["root"])
    # options are the coder's: all modes give at least as many events
    assert len(parley.code(text, date=DATE, all_modes=True)) >= len(events)
    # without places no event has one
    assert all("place" not in x for x in parley.code(text, date=DATE, places=False))
    assert parley.code("", date=DATE) == []


def test_code_errors():
    with pytest.raises(ValueError):
        parley.code("Obama met Putin.", date="2023-02-30")
    with pytest.raises(TypeError):
        parley.code("Obama met Putin.", colour="red")
    with pytest.raises(parley.Error) as e:
        list(parley.code_files("/nonexistent/news.jsonl"))
    assert "/nonexistent/news.jsonl" in str(e.value)
    with pytest.raises(parley.Error):
        parley.code("x", event_model="/nonexistent.model")


def test_code_frame_dtypes_and_columns():
    df = parley.code_frame(files=[FOUNDING], date=DATE)
    header = cli("code", "--date", DATE, "--format", "csv", FOUNDING).splitlines()[0]
    assert list(df.columns) == header.split(",")
    assert len(df) == len(cli_jsonl("code", "--date", DATE, FOUNDING))
    assert df["root"].dtype == "string" and df["cameo"].dtype == "string"
    assert df["source_code"].dtype == "string"
    assert set(df["root"]) <= {"%02d" % r for r in range(1, 21)}  # "03" stays "03"
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert (df["date"] == pd.Timestamp(DATE)).all()
    assert df["quad_class"].dtype == "Int64" and df["goldstein"].dtype == "float64"
    text_df = parley.code_frame("Obama met Putin in Moscow.", date="2015-03-01")
    assert list(text_df.columns) == list(df.columns)
    with pytest.raises(TypeError):
        parley.code_frame()


def test_query_frame_is_the_cli(founding_db):
    want = cli_jsonl("query", "--db", founding_db, "--dyad", "USA,CHN")
    df = parley.query_frame(founding_db, dyad=("USA", "CHN"))
    assert len(df) == len(want) > 0
    assert list(df["event_id"]) == [w["event_id"] for w in want]
    assert list(df["source_code"]) == [w["source"]["code"] for w in want]
    assert df["root"].dtype == "string" and df["event_id"].dtype == "Int64"
    for col in ("date", "first_seen", "last_seen"):
        assert pd.api.types.is_datetime64_any_dtype(df[col])
    assert (df["first_seen"] == pd.Timestamp(DATE)).all()
    every = parley.query_frame(founding_db)
    assert len(every) == len(cli_jsonl("query", "--db", founding_db))
    later = parley.query_frame(founding_db, from_="2023-06-01", limit=3)
    assert len(later) <= 3
    with pytest.raises(TypeError):
        parley.query_frame(founding_db, colour="red")
    with pytest.raises(parley.Error):
        parley.query_frame(founding_db, quad="9")
    with pytest.raises(parley.Error):
        parley.query_frame("/nonexistent/store.sqlite")


def test_relations_is_the_cli(founding_db):
    want = cli_jsonl("relations", "--db", founding_db, "USA", "CHN")
    df = parley.relations(founding_db, "USA", "CHN", by="month")
    periods = [w for w in want if w["type"] == "period"]
    turns = [w for w in want if w["type"] == "turning_point"]
    assert len(df) == len(periods) > 0
    assert list(df["events"]) == [p["events"] for p in periods]
    assert list(df["direction"]) == [p["direction"] for p in periods]
    assert pd.api.types.is_datetime64_any_dtype(df["start"])
    assert df["start"].iloc[0] == pd.Timestamp(periods[0]["period"] + "-01")
    assert len(df.attrs["turning_points"]) == len(turns)
    svg = parley.relations(founding_db, "USA", "CHN", format="svg")
    assert svg == cli("relations", "--db", founding_db, "USA", "CHN", "--format", "svg")
    with pytest.raises(parley.Error):
        parley.relations(founding_db, "USA", "CHN", by="fortnight")


def test_coded_documents_round_trip(tmp_path):
    coder = parley.Coder()
    coded = list(coder.code_file(FOUNDING, date=DATE, format="coded"))
    assert len(coded) == 1
    doc = json.loads(coded[0])
    assert doc["events"] == cli_jsonl("code", "--date", DATE, FOUNDING)
    db = str(tmp_path / "s.sqlite")
    with parley.Store(db, writable=True, window=3) as s:
        assert s.add_coded(coded[0]) == 1
        assert s.add_coded(coded[0]) == 0  # the same document again
        assert s.summary()["window"] == 3
        with pytest.raises(parley.Error) as e:
            s.add_coded('{"id": "x"}', name="shard-7")
        assert "shard-7" in str(e.value) and e.value.status == 4


def test_threads_share_one_model():
    import concurrent.futures
    text = open(FOUNDING, encoding="utf-8").read()
    want = parley.code(text, date=DATE)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        got = list(ex.map(lambda _: parley.code(text, date=DATE), range(4)))
    assert all(g == want for g in got)
