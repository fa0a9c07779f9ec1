"""``graphkit ingest`` end to end: options, metadata in the evidence, bad input, resume.

Real spaCy, real files, real subprocesses killed with real signals, the real SQLite store.
"""

from __future__ import annotations

import csv
import json
import os
import pty
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import SAMPLE
from tests.test_pipeline import paragraphs, snapshot, write_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
N_SMALL = 30

runner = CliRunner()


def gk(*args: str, code: int = 0, input: str | None = None):  # noqa: A002
    res = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    assert res.exit_code == code, res.output + (res.stderr if res.stderr_bytes else "")
    return res


def evidence(store: Path, a: str, b: str) -> list[dict]:
    out = gk("query", "evidence", a, b, "--store", str(store), "--format", "json").stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A folder of 30 small real articles (Wikinews paragraphs) in two sub-folders."""
    folder = tmp_path_factory.mktemp("small")
    write_corpus(folder, N_SMALL)
    return folder


@pytest.fixture(scope="module")
def small_reference(tmp_path_factory, small, nlp) -> dict:
    store = tmp_path_factory.mktemp("ref") / "store"
    res = gk("ingest", str(small), "--store", str(store), "--quiet")
    assert f"ingested {N_SMALL} article(s)" in res.stderr
    return snapshot(store)


# --------------------------------------------------------------------------- metadata


def test_jsonl_fields_reach_query_evidence(tmp_path, nlp):
    rec = {
        "body": SAMPLE.read_text(encoding="utf-8"),
        "headline": "Musk and Putin",
        "link": "https://example.org/musk-putin",
        "day": "October 24, 2024",
        "outlet": "The Example Post",
        "ref": "ex-42",
    }
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    store = tmp_path / "s"
    gk(
        "ingest", str(feed), "--store", str(store), "--quiet",
        "--text-field", "body", "--title-field", "headline", "--url-field", "link",
        "--date-field", "day", "--publisher-field", "outlet", "--id-field", "ref",
    )  # fmt: skip
    rows = evidence(store, "Musk", "Putin")
    assert rows
    for r in rows:
        assert r["title"] == "Musk and Putin"
        assert r["url"] == "https://example.org/musk-putin"
        assert r["published"] == "2024-10-24"
        assert r["publisher"] == "The Example Post"
        assert r["path"] == str(feed)


def test_sidecar_metadata_reaches_query_evidence(tmp_path, nlp):
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "musk.txt")
    (folder / "notes.md").write_text("Not an article for this run.\n", encoding="utf-8")
    index = [{"file": "musk.txt", "headline": "From the index", "date_created": "2024-10-25",
              "source_url": "https://example.org/index"}]  # fmt: skip
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    store = tmp_path / "s"
    res = gk("ingest", str(folder), "--store", str(store), "--glob", "*.txt", "--quiet")
    assert "ingested 1 article(s)" in res.stderr  # notes.md left out by --glob
    rows = evidence(store, "Musk", "Putin")
    assert rows and {(r["title"], r["published"], r["url"]) for r in rows} == {
        ("From the index", "2024-10-25", "https://example.org/index")
    }


@pytest.mark.parametrize(
    ("stdin_format", "extra", "published"),
    [
        ("txt", ["--published", "2024-11-01"], "2024-11-01"),
        ("jsonl", [], "2024-11-02"),
    ],
)
def test_stdin(tmp_path, nlp, stdin_format, extra, published):
    text = SAMPLE.read_text(encoding="utf-8")
    data = text if stdin_format == "txt" else json.dumps({"text": text, "published": published})
    store = tmp_path / "s"
    gk("ingest", "-", "--stdin-format", stdin_format, "--store", str(store), *extra, input=data)
    rows = evidence(store, "Musk", "Putin")
    assert rows and {(r["path"], r["published"]) for r in rows} == {("<stdin>", published)}


def test_lang_override(tmp_path, nlp):
    german = FIXTURES / "german.txt"
    res = gk("ingest", str(german), "--store", str(tmp_path / "s"), code=2)
    assert "[language]" in res.stderr and "--lang any" in res.stderr
    res = gk("ingest", str(german), "--store", str(tmp_path / "s"), "--lang", "any")
    assert "ingested 1 article(s)" in res.stderr and "0 failed" in res.stderr


# --------------------------------------------------------------------------- bad input


def test_bad_inputs_are_reported_by_file_and_line(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    good = paragraphs(3)
    (folder / "good.txt").write_text(good[0], encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(PNG)
    (folder / "bad-bom.txt").write_bytes(b"\xef\xbb\xbf" + "caf\u00e9 ".encode("cp1252") * 50)
    shutil.copy(FIXTURES / "german.txt", folder / "german.txt")
    (folder / "feed.jsonl").write_text(
        json.dumps({"text": good[1]}) + "\n{broken\n" + json.dumps({"text": "x\ud800"}) + "\n",
        encoding="utf-8",
    )
    with open(folder / "rows.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("title", "text"), ("fine", good[2].strip()), ("no text", "")])
    long_text = good[0] + "\n" + (" " * 99_500 + "\nVladimir Putin met Donald Trump.\n") * 12
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    store = tmp_path / "s"
    res = gk("ingest", str(folder), str(missing), "--store", str(store), code=2)
    expected = {
        (str(folder / "bad-bom.txt"), None, "encoding"),
        (str(folder / "empty.txt"), None, "empty"),
        (str(folder / "feed.jsonl"), 2, "json"),
        (str(folder / "feed.jsonl"), 3, "encoding"),
        (str(folder / "german.txt"), None, "language"),
        (str(folder / "image.txt"), None, "binary"),
        (str(folder / "rows.csv"), 3, "missing-text"),
        (str(missing), None, "not-found"),
    }
    default_file = store / "failures.jsonl"
    lines = [json.loads(x) for x in default_file.read_text(encoding="utf-8").splitlines()]
    assert {(d["source"], d["line"], d["kind"]) for d in lines} == expected
    err = res.stderr.splitlines()
    assert err[0].startswith("ingested 4 article(s)")  # good.txt, feed:1, rows:2, long.txt
    assert f"8 failed (see {default_file})" in err[0]
    for source, line, kind in expected:
        where = source if line is None else f"{source}:{line}"
        assert any(x.startswith(f"graphkit: error: {where}: ") and f"[{kind}]" in x for x in err)
    assert any("note:" in x and "long.txt" in x and "long article" in x for x in err)
    with EmbeddedStore(store, create=False) as st:
        assert len(st.articles()) == 4
        got = {tuple(r) for r in st.conn.execute("SELECT source, line, kind FROM failures")}
    assert got == expected
    # --failures elsewhere; a clean re-run rewrites it (the file is the last run's failures)
    other = tmp_path / "f.jsonl"
    res = gk("ingest", str(folder / "good.txt"), "--store", str(store), "--failures", str(other))
    assert "skipped 1 already done; 0 failed" in res.stderr
    assert other.read_text(encoding="utf-8") == ""


def test_unwritable_failures_file_is_a_clear_error(tmp_path, nlp):
    res = gk(
        "ingest", str(SAMPLE), "--store", str(tmp_path / "s"),
        "--failures", str(tmp_path / "no" / "such" / "dir" / "f.jsonl"), code=3,
    )  # fmt: skip
    assert res.stderr.startswith("graphkit: error: cannot write the failures file")


# --------------------------------------------------------------------------- workers


def test_two_workers_give_the_same_graph(tmp_path, small, small_reference):
    store = tmp_path / "s"
    res = gk("ingest", str(small), "--store", str(store), "--workers", "2", "--quiet")
    assert f"ingested {N_SMALL} article(s)" in res.stderr
    assert snapshot(store) == small_reference


# --------------------------------------------------------------------------- resume


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _start_and_stop(folder: Path, store: Path, sig: int) -> tuple[subprocess.Popen, int, str]:
    """Start ``graphkit ingest`` in a subprocess; send ``sig`` once a batch is committed."""
    cmd = [sys.executable, "-m", "graphkit", "ingest", str(folder), "--store", str(store)]
    proc = subprocess.Popen(
        [*cmd, "--batch-size", "2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    db = store / "graphkit.sqlite"
    deadline = time.monotonic() + 300
    n = 0
    while proc.poll() is None and time.monotonic() < deadline:
        n = _count(db) if db.exists() else 0
        if n >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc, n, err


def test_sigkill_then_rerun_gives_the_uninterrupted_graph(tmp_path, small, small_reference):
    store = tmp_path / "s"
    proc, seen, _ = _start_and_stop(small, store, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    committed = _count(store / "graphkit.sqlite")
    assert 2 <= seen <= committed < N_SMALL, (seen, committed)  # killed mid-run
    snapshot(store)  # readable after the kill
    res = gk("ingest", str(small), "--store", str(store), "--batch-size", "2", "--quiet")
    assert f"skipped {committed} already done" in res.stderr
    assert f"ingested {N_SMALL - committed} article(s)" in res.stderr
    assert snapshot(store) == small_reference
    res = gk("ingest", str(small), "--store", str(store), "--quiet")  # idempotent
    assert "ingested 0 article(s)" in res.stderr and f"skipped {N_SMALL} already" in res.stderr
    assert snapshot(store) == small_reference


def test_sigint_stops_cleanly_with_exit_130(tmp_path, small, small_reference):
    store = tmp_path / "s"
    proc, _, err = _start_and_stop(small, store, signal.SIGINT)
    assert proc.returncode == 130, err
    assert err.startswith("interrupted after loading"), err
    assert "Traceback" not in err
    committed = len(snapshot(store)["articles"])  # the store is readable
    assert 2 <= committed < N_SMALL
    res = gk("ingest", str(small), "--store", str(store), "--quiet")
    assert f"skipped {committed} already done" in res.stderr
    assert snapshot(store) == small_reference


# --------------------------------------------------------------------------- progress


def test_quiet_and_non_tty_print_only_the_summary(tmp_path, nlp):
    res = gk("ingest", str(SAMPLE), "--store", str(tmp_path / "s"), "--quiet")
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("ingested 1 article(s)")
    res = gk("ingest", str(SAMPLE), "--store", str(tmp_path / "s"))  # not a TTY here
    assert res.stderr.count("\n") == 1 and "skipped 1 already done" in res.stderr


def test_progress_bar_on_a_terminal(tmp_path):
    files = write_corpus(tmp_path / "in", 4)
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    cmd = [sys.executable, "-m", "graphkit", "ingest", *map(str, files)]
    proc = subprocess.Popen(
        [*cmd, "--store", str(tmp_path / "s"), "--batch-size", "1"],
        stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    out = b"".join(chunks).decode("utf-8", "replace")
    assert "ingest" in out and "/4" in out and "articles" in out and "ETA" in out
    assert "failed 0" in out and "/s" in out
    assert "ingested 4 article(s)" in out  # the summary stays after the bar is gone
