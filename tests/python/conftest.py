"""Shared fixtures of the Python package's tests: paths, the CLI, a store.
Run from the repository root after `make` (scripts/run-pytest.sh)."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))

CLI = os.path.join(ROOT, "build", "parley")
FOUNDING = os.path.join(ROOT, "examples", "000_08cbce3970801ee0.txt")
DATE = "2023-06-14"


def cli(*args):
    """Run the CLI, return its stdout (it must succeed)."""
    r = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    return r.stdout


def cli_jsonl(*args):
    return [json.loads(line) for line in cli(*args).splitlines() if line]


@pytest.fixture(scope="session")
def founding_db(tmp_path_factory):
    """A store holding the founding article, ingested by the CLI."""
    db = str(tmp_path_factory.mktemp("store") / "founding.sqlite")
    cli("ingest", "--quiet", "--db", db, "--date", DATE, FOUNDING)
    return db
