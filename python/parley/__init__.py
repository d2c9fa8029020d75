"""parley from Python: code news text into CAMEO events, read the store.

    import parley
    events = parley.code("Blinken met Wang Yi in Beijing.", date="2023-06-19")
    frame = parley.code_frame(files=["news.jsonl"])
    stored = parley.query_frame("news.sqlite", dyad="USA,CHN", from_="2023-01-01")
    series = parley.relations("news.sqlite", "USA", "CHN", by="month")

ctypes over libparley.so (no compiled extension): the events are the JSON
fields `parley code --format jsonl` prints, the store the one `parley ingest`
writes.  The library, the English model, the event model, the dictionaries
and the gazetteer are found as the CLI finds them (docs/internals/python.md).
"""

import ctypes
import json
import logging
import os
import threading

from ._lib import END, Error, OK, check, enc, lib, out_string, quiet

__all__ = ["Coder", "Error", "Store", "code", "code_files", "code_frame", "query_frame",
           "relations", "version", "FILTERS"]

__version__ = lib.parley_version().decode()


def version():
    """The library's version ("0.1.0")."""
    return lib.parley_version().decode()


# ---------------------------------------------------------------------------
# Coding

_RESOURCES = {}           # (model, dict, gazetteer, places) -> _Resources
_RESOURCES_LOCK = threading.Lock()
_LOCAL = threading.local()  # this thread's coders, by options


class _Resources:
    """A loaded model, dictionaries and gazetteer: immutable, shared by every
    thread's coder in the process (loading them takes a second or two)."""

    def __init__(self, model, dict_dir, gazetteer, places):
        self.model = ctypes.c_void_p()
        self.dict = ctypes.c_void_p()
        self.gaz = ctypes.c_void_p()
        try:
            check(lib.parley_model_load(enc(model), ctypes.byref(self.model)))
            with quiet():  # dictionary repairs are `parley dict check`'s business
                check(lib.parley_dict_load(enc(dict_dir), ctypes.byref(self.dict)))
            if places:
                st = lib.parley_gazetteer_load(enc(gazetteer), ctypes.byref(self.gaz))
                if st != OK and gazetteer:
                    check(st)
                if st != OK:  # without a gazetteer of its own the coder codes, placeless
                    logging.getLogger("parley").warning(
                        "%s; events get no place", lib.parley_errmsg().decode())
        except Exception:
            self.close()
            raise

    def close(self):
        lib.parley_gazetteer_free(self.gaz)
        lib.parley_dict_free(self.dict)
        lib.parley_model_free(self.model)
        self.model = self.dict = self.gaz = ctypes.c_void_p()


def _resources(model, dict_dir, gazetteer, places):
    key = (model, dict_dir, gazetteer, bool(places))
    with _RESOURCES_LOCK:
        r = _RESOURCES.get(key)
        if r is None:
            r = _RESOURCES[key] = _Resources(model, dict_dir, gazetteer, places)
        return r


class Coder:
    """A coder: one per thread (it holds the parser's scratch); the model,
    dictionaries and gazetteer it uses are loaded once per process.

    Options, as `parley code` has them:
      model, dict, gazetteer   paths (None: the defaults the CLI uses)
      places=True              False: code without places (--no-places)
      event_model=None         a path, or "none" for the verb patterns alone
      all_modes=False          True: negated and hypothetical events too (--modes all)
      article_context=True     agents take the article's country, coreference
      require_dyad=True        False: events with one side only too
    """

    OPTIONS = ("model", "dict", "gazetteer", "places", "event_model", "all_modes",
               "article_context", "require_dyad")

    def __init__(self, model=None, dict=None, gazetteer=None, places=True, event_model=None,
                 all_modes=False, article_context=True, require_dyad=True):
        self._res = _resources(model, dict, gazetteer, places)
        self._c = ctypes.c_void_p()
        with quiet():  # verb-dictionary repairs, likewise
            check(lib.parley_coder_new(self._res.model, self._res.dict, ctypes.byref(self._c)))
        try:
            if event_model is not None:
                check(lib.parley_coder_set_event_model(
                    self._c, None if event_model == "none" else enc(event_model)))
            lib.parley_coder_set_all_modes(self._c, int(bool(all_modes)))
            lib.parley_coder_set_article_context(self._c, int(bool(article_context)))
            lib.parley_coder_set_require_dyad(self._c, int(bool(require_dyad)))
            lib.parley_coder_set_gazetteer(self._c, self._res.gaz)
        except Exception:
            self.close()
            raise

    def close(self):
        lib.parley_coder_free(self._c)
        self._c = ctypes.c_void_p()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    @property
    def long_sentences(self):
        """Sentences left uncoded for their length so far (over 400 words with
        two actors; parley_coder_long_sentences)."""
        return lib.parley_coder_long_sentences(self._c)

    @property
    def event_model(self):
        """The event model's file ("" when the verb patterns alone decide)."""
        return lib.parley_coder_event_model(self._c).decode()

    def _code(self, doc, date):
        check(lib.parley_coder_code_doc(self._c, doc, enc(date)))

    def code_text(self, text, date=None, id=None):
        """The events of one text (one body block, no cleaning) as a JSONL string."""
        _check_date(date)
        doc = ctypes.c_void_p()
        raw = text.encode("utf-8")
        check(lib.parley_doc_new(enc(id or ""), None, raw, len(raw), ctypes.byref(doc)))
        try:
            self._code(doc, date)
            return out_string(lib.parley_events_format, doc, 0)
        finally:
            lib.parley_doc_free(doc)

    def code_file(self, path, date=None, input_format="auto", format="jsonl", stats=None,
                  part=None):
        """Code the documents of path (any input format, read as `parley code`
        reads it), yielding per document its events as text in format
        "jsonl", "csv" (rows, no header) or "gdelt", or with format="coded"
        the document as parley_doc_coded_json's line (what a store needs).
        part=(start, end): of a JSON Lines file, only the records whose lines
        start in bytes [start, end) (end 0: to the end), with the ids, line
        numbers and counts of the whole file (parley_reader_open_part).
        stats (a Stats) counts the records read."""
        _check_date(date)
        fmt = _input_format(input_format)
        if format != "coded" and format not in _EVENT_FORMATS:
            raise ValueError("format %r: jsonl, csv, gdelt or coded" % (format,))
        stats = Stats() if stats is None else stats
        reader = ctypes.c_void_p()
        if part is None:
            check(lib.parley_reader_open(enc(os.fspath(path)), fmt, stats._s,
                                         ctypes.byref(reader)))
        else:
            check(lib.parley_reader_open_part(enc(os.fspath(path)), stats._s, part[0], part[1],
                                              ctypes.byref(reader)))
        try:
            while True:
                doc = ctypes.c_void_p()
                if check(lib.parley_reader_next(reader, ctypes.byref(doc))) == END:
                    return
                try:
                    self._code(doc, date)
                    if format == "coded":
                        yield out_string(lib.parley_doc_coded_json, doc)
                    else:
                        yield out_string(lib.parley_events_format, doc, _EVENT_FORMATS[format])
                finally:
                    lib.parley_doc_free(doc)
        finally:
            lib.parley_reader_free(reader)


_EVENT_FORMATS = {"jsonl": 0, "csv": 1, "gdelt": 2}


def events_header(format):
    """The header line `parley code --format F` prints first ("" but for csv)."""
    return lib.parley_events_header(_EVENT_FORMATS[format]).decode()


def _check_date(date):
    if date is not None and not lib.parley_date_valid(enc(date)):
        raise ValueError("date %r: want a calendar date YYYY-MM-DD" % (date,))


def _input_format(name):
    v = ctypes.c_int()
    if lib.parley_input_format_from_name(enc(name or "auto"), ctypes.byref(v)) != OK:
        raise ValueError("input format %r: auto, text, jsonl, html or warc" % (name,))
    return v.value


class Stats:
    """Input accounting across readers (parley_stats)."""

    def __init__(self):
        self._s = ctypes.c_void_p()
        check(lib.parley_stats_new(ctypes.byref(self._s)))

    def json(self):
        """The counters as a dict: records_read, processed, skipped, bytes..."""
        return json.loads(lib.parley_stats_json(self._s).decode())

    def bad_input(self):
        """Records skipped because the input was bad."""
        return lib.parley_stats_bad_input(self._s)

    def __del__(self):
        lib.parley_stats_free(getattr(self, "_s", None))


def _coder(options):
    """This thread's coder for these options (made on first use)."""
    bad = set(options) - set(Coder.OPTIONS)
    if bad:
        raise TypeError("unknown option(s) %s; known: %s"
                        % (", ".join(sorted(bad)), ", ".join(Coder.OPTIONS)))
    key = tuple(sorted(options.items()))
    coders = getattr(_LOCAL, "coders", None)
    if coders is None:
        coders = _LOCAL.coders = {}
    c = coders.get(key)
    if c is None:
        c = coders[key] = Coder(**options)
    return c


def _lines(jsonl):
    return [json.loads(line) for line in jsonl.splitlines() if line]


def code(text, date=None, id=None, **options):
    """The events of text as a list of dicts, the JSON fields of `parley code
    --format jsonl` (doc_id, sentence_index, sentence, date, source, target,
    cameo, root, quad_class, goldstein, plover, ..., event_date, place).
    date (YYYY-MM-DD) dates the text and resolves its actors; id names it.
    The text is one body block, coded as it is (no headline, no cleaning).
    options: those of Coder (model, dict, places, event_model, all_modes...)."""
    return _lines(_coder(options).code_text(text, date=date, id=id))


def code_files(paths, date=None, input_format="auto", **options):
    """Code files as `parley code FILE...` does, yielding one dict per event in
    output order. paths: one path or a list."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    c = _coder(options)
    for p in paths:
        for jsonl in c.code_file(p, date=date, input_format=input_format):
            yield from _lines(jsonl)


def code_frame(text=None, date=None, files=None, input_format="auto", **options):
    """code() of text, or code_files() of files, as a pandas DataFrame: one row
    per event, the nested fields flattened as `parley code --format csv` names
    them (source_code, trigger_start, event_date_value, place_name...), codes
    as strings, `date` as a datetime."""
    if (text is None) == (files is None):
        raise TypeError("code_frame: give text or files")
    if text is not None:
        rows = code(text, date=date, **options)
    else:
        rows = list(code_files(files, date=date, input_format=input_format, **options))
    from . import _frames
    return _frames.events_frame(rows)


# ---------------------------------------------------------------------------
# The store

# The filters of `parley query` (from_ for Python's `from`).
FILTERS = ("dyad", "actor", "from", "to", "root", "cameo", "quad", "place", "country", "doc",
           "limit")


class Store:
    """A parley store (the SQLite file `parley ingest` writes), opened
    read-only unless writable=True. settings: mode, level, window, batch as
    parley_store_configure takes them (kept with the store's first document)."""

    def __init__(self, path, writable=False, **settings):
        self._s = ctypes.c_void_p()
        check(lib.parley_store_open(enc(os.fspath(path)), 0 if writable else 1,
                                    ctypes.byref(self._s)))
        try:
            for k, v in settings.items():
                if v is not None:
                    check(lib.parley_store_configure(self._s, enc(k), enc(str(v))))
        except Exception:
            self.close()
            raise

    def close(self):
        """Commit what is pending and close (safe to call twice)."""
        lib.parley_store_free(self._s)
        self._s = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if hasattr(self, "_s"):
            self.close()

    def add_coded(self, coded_json, name=None):
        """Store one coded document (parley_doc_coded_json's line, coded here
        or on another machine). Returns 0 already stored unchanged, 1 added,
        2 replaced."""
        raw = coded_json.encode("utf-8")
        doc = ctypes.c_void_p()
        check(lib.parley_doc_from_coded_json(raw, len(raw), enc(name), ctypes.byref(doc)))
        try:
            outcome = ctypes.c_int()
            check(lib.parley_store_add_doc(self._s, doc, ctypes.byref(outcome)))
            return outcome.value
        finally:
            lib.parley_doc_free(doc)

    def commit(self):
        check(lib.parley_store_commit(self._s))

    def summary(self):
        """documents, events, mentions, bytes, bytes_per_event, mode, level, window."""
        return json.loads(out_string(lib.parley_store_summary, self._s))

    def rows(self, format="jsonl", **filters):
        """The lines `parley query --format F` prints for these filters (the
        header line first for csv)."""
        fmts = {"jsonl": 0, "csv": 1, "gdelt": 2, "gdelt-mentions": 3}
        if format not in fmts:
            raise ValueError("format %r: %s" % (format, ", ".join(fmts)))
        q = ctypes.c_void_p()
        check(lib.parley_query_new(ctypes.byref(q)))
        rows = ctypes.c_void_p()
        try:
            for k, v in filters.items():
                k = k.rstrip("_")  # from_ -> from
                if k not in FILTERS:
                    raise TypeError("query filter %r: known: %s" % (k, ", ".join(FILTERS)))
                if v is None:
                    continue
                if k == "dyad" and not isinstance(v, str):
                    v = ",".join(v)
                check(lib.parley_query_set(q, enc(k), enc(str(v))))
            check(lib.parley_store_query(self._s, q, fmts[format], ctypes.byref(rows)))
            line = ctypes.c_char_p()
            while check(lib.parley_rows_next(rows, ctypes.byref(line))) == OK:
                yield line.value.decode("utf-8")
        finally:
            lib.parley_rows_free(rows)
            lib.parley_query_free(q)

    def relations(self, a, b, by="month", format="jsonl"):
        """`parley relations` as text (jsonl, csv, svg or html)."""
        return out_string(lib.parley_store_relations, self._s, enc(a), enc(b), enc(by),
                          enc(format))


def query_frame(db, **filters):
    """The stored events that pass every filter, as `parley query` prints
    them, as a pandas DataFrame: event_id, date, event_date, date_precision,
    place, place_country, source_code, source_name, target_code, ..., cameo,
    root (strings), quad_class, goldstein, num_mentions, num_sources,
    num_articles, is_root_event, first_seen, last_seen, confidence,
    source_url, sentence. date, first_seen and last_seen are datetimes;
    event_date stays a string ("2023-02", "2023-W07": its precision varies).
    Filters: dyad ("USA,CHN" or ("USA", "CHN")), actor, from_ (or "from"),
    to, root, cameo, quad, place, country, doc, limit."""
    with Store(db) as s:
        rows = [json.loads(line) for line in s.rows("jsonl", **filters)]
    from . import _frames
    return _frames.query_frame(rows)


def relations(db, a, b, by="month", format="frame"):
    """The relations between actors a and b (countries such as "USA", or code
    prefixes) over time, both ways, as `parley relations` computes them.
    format="frame" (default): a DataFrame with one row per period and
    direction (period, start as a datetime, direction, events,
    verbal_cooperation, ..., goldstein_sum, goldstein_mean, top_events), and
    the turning points as a DataFrame in .attrs["turning_points"] (period,
    start, toward, balance_before, balance, events). Otherwise the text of
    format jsonl, csv, svg or html."""
    with Store(db) as s:
        text = s.relations(a, b, by=by, format="jsonl" if format == "frame" else format)
    if format != "frame":
        return text
    from . import _frames
    return _frames.relations_frame(_lines(text))
