"""Events, stored events and relations as pandas DataFrames with the right
dtypes: codes as strings (root "03" stays "03"), dates as datetimes, counts
as nullable integers.  pandas is imported here only, so `import parley`
works without it."""

import pandas as pd

# Columns of `parley code --format csv` (the JSON fields flattened with "_"),
# so a frame from Python and a CSV read by pandas line up.
EVENT_COLUMNS = [
    "doc_id", "sentence_index", "date", "source_code", "source_text", "source_start",
    "source_end", "source_match", "target_code", "target_text", "target_start", "target_end",
    "target_match", "cameo", "root", "quad_class", "goldstein", "plover", "plover_mode", "mode",
    "trigger_text", "trigger_start", "trigger_end", "pattern_text", "pattern_file",
    "pattern_line", "event_name", "event_date_value", "event_date_precision", "event_date_text",
    "event_date_start", "event_date_end", "event_date_basis", "place_name", "place_country",
    "place_adm1", "place_lat", "place_lon", "place_geonames_id", "place_feature", "place_text",
    "place_start", "place_end", "sentence",
]

QUERY_COLUMNS = [
    "event_id", "date", "event_date", "date_precision", "place", "place_country",
    "source_code", "source_name", "target_code", "target_name", "cameo", "root", "quad_class",
    "goldstein", "num_mentions", "num_sources", "num_articles", "is_root_event", "first_seen",
    "last_seen", "confidence", "source_url", "sentence",
]

_FLOATS = {"goldstein", "place_lat", "place_lon", "confidence", "goldstein_sum",
           "goldstein_mean", "balance_before", "balance"}
_DATES = {"date", "first_seen", "last_seen", "start"}


def _flatten(row, prefix="", out=None):
    """{"source": {"code": ..}} -> {"source_code": ..}; lists are kept whole."""
    out = {} if out is None else out
    for k, v in row.items():
        if isinstance(v, dict):
            _flatten(v, prefix + k + "_", out)
        else:
            out[prefix + k] = v
    return out


def _typed(df, ints):
    """Give each column its dtype: ints as Int64, floats, dates, else strings."""
    for col in df.columns:
        if col in _DATES:
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
        elif col in _FLOATS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
        elif col in ints:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
        elif col in ("top_events", "events"):
            continue  # lists of dicts
        else:
            df[col] = df[col].astype("string")
    return df


def _frame(rows, columns):
    flat = [_flatten(r) for r in rows]
    extra = []
    for r in flat:
        extra += [k for k in r if k not in columns and k not in extra]
    return pd.DataFrame(flat, columns=list(columns) + extra)


def events_frame(rows):
    ints = {"sentence_index", "source_start", "source_end", "target_start", "target_end",
            "quad_class", "trigger_start", "trigger_end", "pattern_line", "event_date_start",
            "event_date_end", "place_geonames_id", "place_start", "place_end"}
    return _typed(_frame(rows, EVENT_COLUMNS), ints)


def query_frame(rows):
    ints = {"event_id", "quad_class", "num_mentions", "num_sources", "num_articles",
            "is_root_event"}
    return _typed(_frame(rows, QUERY_COLUMNS), ints)


def _period_start(p):
    """The first day of a period: "2023-02" -> 2023-02-01; days and weeks (by
    their Monday) are dates already."""
    return p + "-01" if len(p) == 7 else p


def relations_frame(rows):
    ints = {"events", "verbal_cooperation", "material_cooperation", "verbal_conflict",
            "material_conflict"}
    periods = [r for r in rows if r.get("type") == "period"]
    turns = [r for r in rows if r.get("type") == "turning_point"]
    cols = ["period", "start", "direction", "events", "verbal_cooperation",
            "material_cooperation", "verbal_conflict", "material_conflict", "goldstein_sum",
            "goldstein_mean", "top_events"]
    for r in periods + turns:
        r.pop("type", None)
        r["start"] = _period_start(r["period"])
    df = _typed(pd.DataFrame(periods, columns=cols), ints)
    tp = pd.DataFrame(turns, columns=["period", "start", "toward", "balance_before", "balance",
                                      "events"])
    df.attrs["turning_points"] = _typed(tp, set())
    return df
