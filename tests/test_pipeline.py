"""Tests of :mod:`graphkit.pipeline`: batches, ledger, order independence, workers, failures.

Everything is real: the spaCy pipeline, worker processes, files and the SQLite store.
"""

from __future__ import annotations

import json
import os
import random
import signal
from pathlib import Path

import psutil
import pytest

from graphkit.config import Settings
from graphkit.errors import InputError
from graphkit.ingest import Failure, ReadOptions
from graphkit.model import Article
from graphkit.pipeline import IngestInterrupted, ParallelExtractor, _serial, ingest
from graphkit.store.embedded import EmbeddedStore

WIKINEWS = Path(__file__).parent / "fixtures" / "ingest" / "wikinews"
# The gold set's held-out articles (data/gold/README.md) stay out of tests whose expectations
# depend on how many links the rules find, so rule work never needs to look at them.
HELD_OUT = {"asylum", "clock", "ie9", "imprisoned", "warming", "worship"}


def paragraphs(n: int) -> list[str]:
    """``n`` Wikinews paragraphs of 200+ characters, in a fixed order (small, real articles).

    Paragraphs of one article share people under full names and surnames, so resolving
    across articles has work to do. Development articles of the gold set only.
    """
    out = []
    for path in sorted(p for p in WIKINEWS.glob("*.txt") if p.stem not in HELD_OUT):
        for para in path.read_text(encoding="utf-8").split("\n\n")[2:]:
            para = para.strip()
            if len(para) >= 200:
                out.append(para + "\n")
    assert len(out) >= n, len(out)
    return out[:n]


def write_corpus(folder: Path, n: int) -> list[Path]:
    """One article per file, spread over two sub-folders."""
    files = []
    for i, text in enumerate(paragraphs(n)):
        sub = folder / ("a" if i % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"p{i:02d}.txt"
        p.write_text(text, encoding="utf-8")
        files.append(p)
    return files


def snapshot(store_dir: Path | str) -> dict:
    """Entities, edges (with their evidence) and evidence rows of a store, order-free."""
    with EmbeddedStore(store_dir, create=False) as st:
        return {
            "articles": sorted(a["doc_id"] for a in st.articles() if a["status"] == "ingested"),
            "entities": sorted(json.dumps(e, sort_keys=True) for e in st.entities()),
            "edges": sorted(json.dumps(e, sort_keys=True, default=str) for e in st.edges()),
            "evidence": sorted(json.dumps(r, sort_keys=True) for r in st.evidence_rows()),
        }


def run(paths, store_dir, nlp, **kw):
    with EmbeddedStore(store_dir) as st:
        return ingest([str(p) for p in paths], st, nlp=nlp, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder, 12)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus, nlp) -> dict:
    """The graph of the corpus ingested in one go, files in sorted order."""
    store = tmp_path_factory.mktemp("ref") / "store"
    report = run([corpus[0]], store, nlp, batch_size=32)
    assert report.loaded == 12 and report.failed == 0
    snap = snapshot(store)
    assert len(snap["entities"]) > 5 and len(snap["edges"]) > 3  # a graph worth comparing
    return snap


def test_rerun_skips_everything_and_changes_nothing(tmp_path, corpus, reference, nlp):
    store = tmp_path / "s"
    run([corpus[0]], store, nlp, batch_size=5)
    assert snapshot(store) == reference
    again = run([corpus[0]], store, nlp, batch_size=5)
    assert (again.loaded, again.skipped, again.read) == (0, 12, 12)
    assert "skipped 12 already done" in again.summary()
    assert snapshot(store) == reference


def test_input_order_does_not_change_the_graph(tmp_path, corpus, reference, nlp):
    files = list(corpus[1])
    random.Random(3).shuffle(files)
    store = tmp_path / "s"
    half = len(files) // 2
    run(files[:half], store, nlp, batch_size=2)  # two runs, different batch cuts
    run(files[half:], store, nlp, batch_size=3)
    assert snapshot(store) == reference


def test_jsonl_line_order_does_not_change_the_graph(tmp_path, nlp, monkeypatch):
    texts = paragraphs(10)
    snaps = []
    for seed in (1, 2):
        order = list(range(len(texts)))
        random.Random(seed).shuffle(order)
        d = tmp_path / f"run{seed}"
        d.mkdir()
        with open(d / "feed.jsonl", "w", encoding="utf-8") as fh:
            for i in order:
                fh.write(json.dumps({"text": texts[i], "title": f"t{i}"}) + "\n")
        monkeypatch.chdir(d)  # the evidence keeps path "feed.jsonl" in both runs
        report = run(["feed.jsonl"], d / "store", nlp, batch_size=4)
        assert report.loaded == 10
        snaps.append(snapshot(d / "store"))
    assert snaps[0] == snaps[1]


def test_duplicates_in_one_run_are_loaded_once(tmp_path, nlp):
    text = paragraphs(1)[0]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    report = run([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "s", nlp)
    assert (report.loaded, report.duplicates, report.skipped) == (1, 1, 0)
    assert "1 duplicate(s)" in report.summary()


def test_failures_go_to_report_file_and_store(tmp_path, nlp):
    good = tmp_path / "good.txt"
    good.write_text(paragraphs(1)[0], encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": paragraphs(2)[1]}) + "\n{not json\n" + json.dumps({"x": 1}) + "\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "failures.jsonl"
    store = tmp_path / "s"
    events: list[tuple[str, int]] = []
    report = run(
        [good, feed, empty, tmp_path / "missing.txt"],
        store,
        nlp,
        failures_path=out,
        progress=lambda e, n=1: events.append((e, n)),
    )
    assert report.loaded == 2
    expected = [
        (str(feed), 2, "json"),
        (str(feed), 3, "missing-text"),
        (str(empty), None, "empty"),
        (str(tmp_path / "missing.txt"), None, "not-found"),
    ]
    assert [(f.source, f.line, f.kind) for f in report.failures] == expected
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["source"], d["line"], d["kind"]) for d in lines] == expected
    assert all(set(d) == {"source", "line", "kind", "reason"} and d["reason"] for d in lines)
    with EmbeddedStore(store, create=False) as st:
        rows = st.conn.execute("SELECT source, line, kind FROM failures ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == expected
    # a stream among the inputs: no total is announced (no ETA), but every event is counted
    assert report.total is None and not [e for e in events if e[0] == "total"]
    assert sum(n for e, n in events if e == "failed") == 4
    assert sum(n for e, n in events if e == "loaded") == 2


def test_total_is_counted_for_files(tmp_path, corpus, nlp):
    events: list[tuple[str, int]] = []
    run([corpus[0]], tmp_path / "s", nlp, progress=lambda e, n=1: events.append((e, n)))
    assert events[0] == ("total", 12)


def test_long_article_is_chunked_with_offsets_into_the_whole_text(tmp_path, nlp):
    head = paragraphs(1)[0]
    parts = [head]
    for i in range(31):  # 31 chunks of whitespace, each with one real sentence
        parts.append(" " * 99_000)
        parts.append(f"Vladimir Putin met Donald Trump in Helsinki on day {i}.")
    text = "\n".join(parts) + "\n"
    assert len(text) > 3_000_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    report = run([path], tmp_path / "s", nlp)
    assert report.loaded == 1 and report.failed == 0
    assert any("long article" in n and "long.txt" in n for n in report.notes)
    with EmbeddedStore(tmp_path / "s", create=False) as st:
        rows = [r for r in st.evidence_rows() if r["relation"] == "MET_WITH"]
    assert len(rows) == 31
    assert max(r["char_start"] for r in rows) > 2_900_000
    for r in rows:
        assert text[r["char_start"] : r["char_end"]] == r["sentence"]


def test_bad_options_raise_input_error(tmp_path, nlp):
    with pytest.raises(InputError, match="workers"):
        run([tmp_path], tmp_path / "s", nlp, workers=0)
    with pytest.raises(InputError, match="batch size"):
        run([tmp_path], tmp_path / "s", nlp, batch_size=0)


def test_interrupt_rolls_back_the_batch_and_reports(tmp_path, corpus, reference, nlp):
    """Ctrl-C while the second batch is in flight: the first stays, the store is readable."""
    loaded = []

    def progress(event: str, n: int = 1) -> None:
        if event == "loaded":
            loaded.append(n)
            if len(loaded) == 1:
                os.kill(os.getpid(), signal.SIGINT)  # a real SIGINT, as from the terminal

    store = tmp_path / "s"
    with pytest.raises(IngestInterrupted) as info:
        run([corpus[0]], store, nlp, batch_size=4, progress=progress)
    report = info.value.report
    assert report.interrupted and report.loaded == 4
    assert report.summary().startswith("interrupted after loading 4 article(s)")
    assert len(snapshot(store)["articles"]) == 4
    again = run([corpus[0]], store, nlp, batch_size=4)
    assert (again.skipped, again.loaded) == (4, 8)
    assert snapshot(store) == reference


def articles_with_a_bad_one() -> list[Article]:
    arts = [Article(t, path=f"p{i}.txt") for i, t in enumerate(paragraphs(8))]
    # An unpaired surrogate makes spaCy itself raise (readers refuse such text; the library
    # API does not), a real failure inside extraction.
    bad = Article("Vladimir Putin met \ud800 Donald Trump.", path="bad.txt", doc_id="sha256:bad")
    return arts[:3] + [bad] + arts[3:]


def outcome(o) -> object:
    return str(o) if isinstance(o, Failure) else [t.to_dict() for t in o]


def test_workers_give_the_same_triples_and_name_the_failure(nlp):
    arts = articles_with_a_bad_one()
    serial = [(a.path, outcome(o)) for a, o in _serial(nlp, arts, 2)]
    assert serial[3][0] == "bad.txt" and serial[3][1].startswith("bad.txt: extraction failed")
    # some links to compare; how many depends on the extraction rules, not on the workers
    assert sum(len(o) for _, o in serial if isinstance(o, list)) >= 3
    with ParallelExtractor(Settings(), 2, chunk_articles=2) as px:
        parallel = [(a.path, outcome(o)) for a, o in px.run(arts)]
    assert parallel == serial


def test_a_worker_killed_mid_run_loses_nothing(nlp):
    """SIGKILL one worker while it works: its chunk is redone, every article still comes back."""
    arts = articles_with_a_bad_one()
    serial = [(a.path, outcome(o)) for a, o in _serial(nlp, arts, 2)]
    got = []
    with ParallelExtractor(Settings(), 2, chunk_articles=2) as px:
        stream = px.run(arts)
        got.append(next(stream))  # the pool is up and the next chunks are in flight
        workers = psutil.Process().children(recursive=True)
        victims = [p for p in workers if "spawn" in " ".join(p.cmdline())]
        assert victims, [p.cmdline() for p in workers]
        victims[0].kill()
        got.extend(stream)
        assert px.restarts >= 1
    assert [(a.path, outcome(o)) for a, o in got] == serial


def test_read_options_flow_into_the_store(tmp_path, nlp):
    feed = tmp_path / "feed.jsonl"
    rec = {
        # a sentence with known links: this test is about metadata, not about which links a
        # corpus paragraph happens to yield
        "body": "Russian President Vladimir Putin asked Elon Musk to help.\n",
        "headline": "A headline",
        "link": "https://example.org/a",
        "when": "2015-05-18",
        "outlet": "Example News",
        "id": "ex-1",
    }
    feed.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    opts = ReadOptions(
        text_field="body",
        title_field="headline",
        url_field="link",
        date_field="when",
        publisher_field="outlet",
        id_field="id",
    )
    run([feed], tmp_path / "s", nlp, options=opts)
    with EmbeddedStore(tmp_path / "s", create=False) as st:
        [art] = st.articles()
        rows = st.evidence_rows()
    assert (art["title"], art["url"], art["published"], art["publisher"], art["external_id"]) == (
        "A headline",
        "https://example.org/a",
        "2015-05-18",
        "Example News",
        "ex-1",
    )
    assert rows and all(r["title"] == "A headline" and r["published"] == "2015-05-18" for r in rows)


def test_articles_to_do_skips_ledger_removed_and_repeats(tmp_path, corpus, nlp):
    """The one skip rule that local and cluster ingest share (``articles_to_do``)."""
    from graphkit.ingest import read_articles
    from graphkit.pipeline import IngestReport, articles_to_do

    files = corpus[1]
    ids = [next(iter(read_articles([str(p)]))).doc_id for p in files[:3]]
    store_dir = tmp_path / "s"
    run(files[:3], store_dir, nlp)
    with EmbeddedStore(store_dir) as st:
        assert st.remove([ids[2]]) >= 1
        bad = tmp_path / "bad.txt"
        bad.write_bytes(b"")  # empty: a read failure, reported by name
        inputs = [str(p) for p in files[:5]] + [str(files[3]), str(bad)]

        report = IngestReport()
        todo = [a.doc_id for a in articles_to_do(inputs, st, report)]
        assert len(todo) == 2 and not set(todo) & set(ids)  # files 3 and 4, once each
        assert (report.read, report.skipped, report.duplicates) == (
            6,
            3,
            1,
        )  # the empty file is a failure, not a read
        assert [f.source for f in report.failures] == [str(bad)]

        again = IngestReport()
        back = list(articles_to_do(inputs, st, again, include_removed=True))
        assert ids[2] in {a.doc_id for a in back} and again.skipped == 2

        forced = IngestReport()
        assert len(list(articles_to_do(inputs, st, forced, force=True))) == 5
