"""ctypes over libparley.so: finding the library, the prototypes used, errors.

Only functions of include/parley.h are declared here; everything else in the
package goes through them.  The library finds its own model, event model,
dictionaries and gazetteer relative to where it lies (as the CLI does), so
finding the right libparley.so is all the package has to do.
"""

import contextlib
import ctypes
import ctypes.util
import logging
import os
import threading

_HERE = os.path.dirname(os.path.abspath(__file__))

# Status codes (parley_status): only the ones the package tests for.
OK, END = 0, 1
ERR_ARG, ERR_NOT_FOUND = 7, 10


class Error(RuntimeError):
    """A parley call failed: .status is the parley_status, the message
    parley_errmsg() (naming file, line or record where the library knows)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status

    def __reduce__(self):  # pickled across a Dask cluster whole
        return (Error, (self.status, str(self)))


def _candidates():
    """Where libparley.so may be, most specific first."""
    env = os.environ.get("PARLEY_LIBRARY")
    if env:
        yield env
    # the build tree: python/parley/ beside build/
    yield os.path.join(_HERE, "..", "..", "build", "libparley.so.0")
    # an installed tree: PREFIX/lib/python3/dist-packages/parley -> PREFIX/lib
    # (also Debian's /usr/lib/python3/dist-packages and
    # /usr/local/lib/python3.X/dist-packages)
    yield os.path.join(_HERE, "..", "..", "..", "libparley.so.0")
    found = ctypes.util.find_library("parley")
    if found:
        yield found
    yield "libparley.so.0"  # the system loader's own search path


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(os.path.realpath(path) if os.sep in path else path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("parley: cannot find libparley.so (set PARLEY_LIBRARY); tried: "
                      + "; ".join(tried))


lib = _load()

_c = ctypes
_P = _c.c_void_p
_S = _c.c_char_p
_SZ = _c.c_size_t
_PP = _c.POINTER(_c.c_void_p)
_PSZ = _c.POINTER(_c.c_size_t)
_PI = _c.POINTER(_c.c_int)

# name: (restype, argtypes)
_PROTOS = {
    "parley_strerror": (_S, [_c.c_int]),
    "parley_errmsg": (_S, []),
    "parley_string_free": (None, [_P]),
    "parley_version": (_S, []),
    "parley_set_log": (None, [_P, _P]),
    "parley_date_valid": (_c.c_int, [_S]),
    "parley_doc_new": (_c.c_int, [_S, _S, _S, _SZ, _PP]),
    "parley_doc_free": (None, [_P]),
    "parley_doc_id": (_S, [_P]),
    "parley_doc_event_count": (_SZ, [_P]),
    "parley_doc_coded_json": (_c.c_int, [_P, _PP]),
    "parley_doc_from_coded_json": (_c.c_int, [_S, _SZ, _S, _PP]),
    "parley_input_format_from_name": (_c.c_int, [_S, _PI]),
    "parley_stats_new": (_c.c_int, [_PP]),
    "parley_stats_free": (None, [_P]),
    "parley_stats_json": (_S, [_P]),
    "parley_stats_bad_input": (_c.c_uint64, [_P]),
    "parley_reader_open": (_c.c_int, [_S, _c.c_int, _P, _PP]),
    "parley_reader_open_part": (_c.c_int, [_S, _P, _c.c_uint64, _c.c_uint64, _PP]),
    "parley_reader_next": (_c.c_int, [_P, _PP]),
    "parley_reader_free": (None, [_P]),
    "parley_model_load": (_c.c_int, [_S, _PP]),
    "parley_model_free": (None, [_P]),
    "parley_model_path": (_S, [_P]),
    "parley_dict_load": (_c.c_int, [_S, _PP]),
    "parley_dict_free": (None, [_P]),
    "parley_gazetteer_load": (_c.c_int, [_S, _PP]),
    "parley_gazetteer_free": (None, [_P]),
    "parley_gazetteer_path": (_S, [_P]),
    "parley_coder_new": (_c.c_int, [_P, _P, _PP]),
    "parley_coder_free": (None, [_P]),
    "parley_coder_set_require_dyad": (None, [_P, _c.c_int]),
    "parley_coder_set_all_modes": (None, [_P, _c.c_int]),
    "parley_coder_set_article_context": (None, [_P, _c.c_int]),
    "parley_coder_set_event_model": (_c.c_int, [_P, _S]),
    "parley_coder_event_model": (_S, [_P]),
    "parley_coder_set_gazetteer": (None, [_P, _P]),
    "parley_coder_code_doc": (_c.c_int, [_P, _P, _S]),
    "parley_coder_long_sentences": (_c.c_uint64, [_P]),
    "parley_events_format": (_c.c_int, [_P, _c.c_int, _PP]),
    "parley_events_header": (_S, [_c.c_int]),
    "parley_store_open": (_c.c_int, [_S, _c.c_int, _PP]),
    "parley_store_free": (None, [_P]),
    "parley_store_configure": (_c.c_int, [_P, _S, _S]),
    "parley_store_has_doc": (_c.c_int, [_P, _P]),
    "parley_store_add_doc": (_c.c_int, [_P, _P, _PI]),
    "parley_store_commit": (_c.c_int, [_P]),
    "parley_store_summary": (_c.c_int, [_P, _PP]),
    "parley_query_new": (_c.c_int, [_PP]),
    "parley_query_set": (_c.c_int, [_P, _S, _S]),
    "parley_query_free": (None, [_P]),
    "parley_store_query": (_c.c_int, [_P, _P, _c.c_int, _PP]),
    "parley_rows_next": (_c.c_int, [_P, _c.POINTER(_S)]),
    "parley_rows_free": (None, [_P]),
    "parley_store_relations": (_c.c_int, [_P, _S, _S, _S, _S, _PP]),
}

for _name, (_res, _args) in _PROTOS.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args

# Warnings from the library (skipped records, repaired lines) go to the
# logging module; the callback object must outlive every call.
_LOG_FN = _c.CFUNCTYPE(None, _c.c_void_p, _c.c_char_p)


_QUIET = threading.local()  # .on: this thread's warnings are dropped


def _log_to_logging(user, msg):
    if not getattr(_QUIET, "on", False):
        logging.getLogger("parley").warning("%s", msg.decode("utf-8", "replace"))


_log_callback = _LOG_FN(_log_to_logging)
lib.parley_set_log(_c.cast(_log_callback, _P), None)


@contextlib.contextmanager
def quiet():
    """Drop the library's warnings raised on this thread inside the block
    (the callback runs on the thread that called into the library)."""
    before = getattr(_QUIET, "on", False)
    _QUIET.on = True
    try:
        yield
    finally:
        _QUIET.on = before


def enc(s):
    """A Python str (or None) as the UTF-8 bytes the C API takes."""
    return None if s is None else s.encode("utf-8")


def check(status):
    """Raise Error for a failing status; return it otherwise (OK or END)."""
    if status not in (OK, END):
        msg = lib.parley_errmsg().decode("utf-8", "replace")
        if not msg:
            msg = lib.parley_strerror(status).decode()
        raise Error(status, msg)
    return status


def take_string(p):
    """A char* the library allocated for us, as str, freed."""
    if not p:
        return ""
    try:
        return ctypes.string_at(p).decode("utf-8")
    finally:
        lib.parley_string_free(p)


def out_string(fn, *args):
    """Call fn(*args, char **out), check it, return the string."""
    p = _c.c_void_p()
    check(fn(*args, _c.byref(p)))
    return take_string(p.value)
