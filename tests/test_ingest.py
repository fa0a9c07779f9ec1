"""Tests of :mod:`graphkit.ingest`: formats, metadata, bad input, stdin and streaming."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest

from graphkit.errors import ConfigError, InputError
from graphkit.ingest import (
    DecodeError,
    Failure,
    ReadOptions,
    decode_bytes,
    detect_language,
    iso_date,
    iter_sources,
    load_sidecar,
    read_articles,
    read_path,
)
from graphkit.model import Article, content_id

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
WIKINEWS = FIXTURES / "wikinews"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
ENGLISH = (
    "The city council voted on Tuesday to expand the bus network into the northern suburbs, "
    "a plan that the mayor said would cut commuting times for thousands of residents. "
    "Opponents argued that the money would be better spent repairing existing roads."
)
CAFE = "Caf\u00e9 owner Ren\u00e9e said the cr\u00e8me br\u00fbl\u00e9e is \u201cthe best\u201d"


def articles(items: list[Article | Failure]) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def failures(items: list[Article | Failure]) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def read_one(path: Path | str, **opts: object) -> Article | Failure:
    items = list(read_path(str(path), options=ReadOptions(**opts)))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


# --------------------------------------------------------------------------- Wikinews folder


@pytest.fixture()
def wikinews(tmp_path: Path) -> Path:
    folder = tmp_path / "wikinews"
    shutil.copytree(WIKINEWS, folder)
    return folder


def test_wikinews_folder_uses_sidecar_index(wikinews: Path) -> None:
    index = json.loads((wikinews / "index.json").read_text(encoding="utf-8"))
    items = list(read_articles([str(wikinews)]))
    assert failures(items) == []
    got = articles(items)
    assert len(got) == 16
    assert [Path(a.path).name for a in got] == sorted(e["file"] for e in index)
    by_file = {e["file"]: e for e in index}
    for art in got:
        entry = by_file[Path(art.path).name]
        assert art.path == str(wikinews / entry["file"])
        assert art.title == entry["headline"]
        assert art.url == entry["source_url"]
        assert art.published == entry["date_created"]
        assert art.publisher == "Wikinews"
        assert art.lang == "en"
        raw = (wikinews / entry["file"]).read_bytes().decode("utf-8")
        assert art.text == raw.replace("\r\n", "\n")
        assert art.doc_id == content_id(art.text)


def test_sidecar_beats_the_dateline(wikinews: Path) -> None:
    # imprisoned.txt's dateline says 7 May 2015; the index says 2 December 2011
    art = read_one(wikinews / "imprisoned.txt")
    assert isinstance(art, Article)
    assert art.published == "2011-12-02"
    assert load_sidecar(str(wikinews))["imprisoned.txt"]["published"] == "2011-12-02"


def test_wikinews_without_sidecar_reads_headline_and_dateline(wikinews: Path) -> None:
    (wikinews / "index.json").unlink()
    got = articles(list(read_articles([str(wikinews)])))
    assert len(got) == 16
    assert all(a.title and a.published for a in got)
    first = got[0]
    assert first.title == "Over 900 asylum seekers rescued off Indonesian coast"
    assert first.published == "2015-05-18"
    assert first.url is None and first.publisher is None
    imprisoned = next(a for a in got if a.path.endswith("imprisoned.txt"))
    assert imprisoned.published == "2015-05-07"


def test_default_date_beats_dateline_but_not_sidecar(wikinews: Path) -> None:
    opts = {"published": "2020-01-02"}
    assert read_one(wikinews / "asylum.txt", **opts).published == "2015-05-18"  # sidecar
    (wikinews / "index.json").unlink()
    assert read_one(wikinews / "asylum.txt", **opts).published == "2020-01-02"  # option


def test_index_csv_sidecar(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / "b.txt", ENGLISH + " More.")
    with open(tmp_path / "index.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "title", "url", "published", "publisher"])
        w.writerow(["a.txt", "Buses for the north", "https://x.test/a", "March 3, 2021", "Daily"])
    items = list(read_articles([str(tmp_path)]))
    assert [Path(a.path).name for a in articles(items)] == ["a.txt", "b.txt"]  # index skipped
    a, b = articles(items)
    assert (a.title, a.url, a.published, a.publisher) == (
        "Buses for the north",
        "https://x.test/a",
        "2021-03-03",
        "Daily",
    )
    assert b.title is None and b.published is None


def test_broken_sidecar_is_reported_once_and_files_still_read(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ENGLISH)
    write(tmp_path / "b.txt", ENGLISH)
    write(tmp_path / "index.json", '[{"file": "a.txt", ')
    items = list(read_articles([str(tmp_path)]))
    assert len(articles(items)) == 2
    (bad,) = failures(items)
    assert bad.kind == "json" and bad.source.endswith("index.json")


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("opening", "title", "published", "publisher"),
    [
        ("Storm hits coast\n\nMonday, May 18, 2015\n\n", "Storm hits coast", "2015-05-18", None),
        ("Storm hits coast\n\nMay 18, 2015\n\n", "Storm hits coast", "2015-05-18", None),
        ("Storm hits coast\n\n2015-05-18\n\n", "Storm hits coast", "2015-05-18", None),
        ("May 18, 2015 \u2014 ", None, "2015-05-18", None),
        ("2015-05-18: ", None, "2015-05-18", None),
        ("18 May 2015 - ", None, "2015-05-18", None),
        ("WASHINGTON, May 18, 2015 (Reuters) - ", None, "2015-05-18", "Reuters"),
        ("WASHINGTON, May 18 (Reuters) - ", None, None, "Reuters"),  # no year: no date
        ("# Storm hits coast\n\n", "Storm hits coast", None, None),
        ("Storm hits coast\n\n", None, None, None),  # a lone first line is not a headline
        ("", None, None, None),
    ],
)
def test_dateline_table(
    tmp_path: Path, opening: str, title: str | None, published: str | None, publisher: str | None
) -> None:
    art = read_one(write(tmp_path / "a.txt", opening + ENGLISH))
    assert isinstance(art, Article)
    assert (art.title, art.published, art.publisher) == (title, published, publisher)
    assert art.text == opening + ENGLISH


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-05-18", "2015-05-18"),
        ("2015-05-18T10:00:00Z", "2015-05-18"),
        ("May 18, 2015", "2015-05-18"),
        ("18 May 2015", "2015-05-18"),
        ("Mon, 18 May 2015 10:00:00 GMT", "2015-05-18"),
        ("", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


# --------------------------------------------------------------------------- formats


def test_txt_and_md(tmp_path: Path) -> None:
    txt = read_one(write(tmp_path / "a.txt", ENGLISH))
    md = read_one(write(tmp_path / "b.md", "# Buses for the north\n\n" + ENGLISH))
    assert isinstance(txt, Article) and isinstance(md, Article)
    assert txt.text == ENGLISH and txt.path == str(tmp_path / "a.txt")
    assert md.title == "Buses for the north"
    assert md.text.startswith("# Buses")


def test_unknown_extension_read_as_text(tmp_path: Path) -> None:
    art = read_one(write(tmp_path / "notes.log", ENGLISH))
    assert isinstance(art, Article) and art.text == ENGLISH


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    shutil.copy(FIXTURES / "news.html", path)
    art = read_one(path)
    assert isinstance(art, Article), art
    assert "Dock workers at the Port of Rotterdam returned to work" in art.text
    assert "Maria van Dijk, chair of the FNV Havens union" in art.text
    for boilerplate in (
        "Subscribe to our newsletter",
        "Cookie settings",
        "Privacy policy",
        "All rights reserved",
        "Celebrity chef",
    ):
        assert boilerplate not in art.text
    assert art.title == "Port strike ends after ten days"
    assert art.url == "https://gazette.example.com/news/2024/03/12/port-strike-ends"
    assert art.published == "2024-03-12"
    assert art.publisher == "The Harbour Gazette"
    assert art.path == str(path)


def test_html_without_main_text_is_a_failure(tmp_path: Path) -> None:
    page = "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>"
    fail = read_one(write(tmp_path / "x.html", page))
    assert isinstance(fail, Failure) and fail.kind == "missing-text"


def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": 7,
                "text": ENGLISH,
                "title": "T1",
                "published": "2021-03-04T05:06:07",
                "url": "https://x.test/1",
                "publisher": "Gazette",
            }
        ),
        '{"text": "unterminated',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps({"id": "b", "text": ENGLISH + " Second."}),
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    items = list(read_path(str(path), options=ReadOptions(id_field="id")))
    good = articles(items)
    assert [a.external_id for a in good] == ["7", "b"]
    first = good[0]
    assert (first.title, first.published, first.url, first.publisher) == (
        "T1",
        "2021-03-04",
        "https://x.test/1",
        "Gazette",
    )
    assert first.path == str(path)
    assert [(f.line, f.kind) for f in failures(items)] == [
        (2, "json"),
        (4, "json"),
        (5, "missing-text"),
        (6, "missing-text"),
        (7, "missing-text"),
    ]
    assert all(f.source == str(path) for f in failures(items))
    assert items.index(good[1]) == len(items) - 1  # the batch went on


def test_jsonl_custom_field_names_and_default_date(tmp_path: Path) -> None:
    row = {"body": ENGLISH, "key": "k1", "headline": "H", "when": "", "link": "u", "site": "S"}
    path = write(tmp_path / "a.ndjson", json.dumps(row) + "\n")
    opts = ReadOptions(
        text_field="body",
        id_field="key",
        title_field="headline",
        date_field="when",
        url_field="link",
        publisher_field="site",
        published="2019-09-09",
    )
    (art,) = list(read_path(str(path), options=opts))
    assert isinstance(art, Article)
    assert (art.external_id, art.title, art.published, art.url, art.publisher) == (
        "k1",
        "H",
        "2019-09-09",
        "u",
        "S",
    )


def test_json_list(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps([{"text": ENGLISH}, {"text": ""}]))
    items = list(read_path(str(path)))
    assert len(articles(items)) == 1 and failures(items)[0].kind == "missing-text"


def test_csv_rows_line_numbers_and_large_field(tmp_path: Path) -> None:
    big = (ENGLISH + "\n") * 2000  # ~500 kB: beyond csv's default 128 kB field limit
    path = tmp_path / "a.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text", "published"])
        w.writerow(["1", "One", ENGLISH, "2020-02-02"])  # line 2
        w.writerow(["2", "Two", "first line\nsecond line " + ENGLISH, ""])  # lines 3-4
        w.writerow(["3", "Three", "", ""])  # line 5
        w.writerow(["4", "Four", big, ""])  # line 6...
    items = list(read_path(str(path), options=ReadOptions(id_field="id")))
    good = articles(items)
    assert [a.external_id for a in good] == ["1", "2", "4"]
    assert good[0].published == "2020-02-02" and good[0].title == "One"
    assert good[1].text.startswith("first line\nsecond line")
    assert good[2].text == big
    (bad,) = failures(items)
    assert (bad.line, bad.kind) == (5, "missing-text")


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "id,body\n1,hello\n")
    fail = read_one(path)
    assert isinstance(fail, Failure) and fail.kind == "missing-text" and "'text'" in fail.reason


def test_csv_cp1252(tmp_path: Path) -> None:
    text = CAFE + ". "
    path = write(tmp_path / "a.csv", ("title,text\nT," + '"' + text * 10 + '"\n').encode("cp1252"))
    art = read_one(path)
    assert isinstance(art, Article) and art.text == text * 10


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\r\n\t \n", "empty"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty"),
        ("image.png", PNG, "binary"),
        ("image.txt", PNG, "binary"),
        ("random.dat", bytes(range(256)) * 8, "binary"),
        ("controls.txt", b"\x01\x02\x03\x04\x05\x06abc" * 50, "binary"),
        ("bad-bom.txt", b"\xef\xbb\xbf" + "caf\u00e9 ".encode("cp1252") * 50, "encoding"),
        ("empty.jsonl", b"\n\n", "empty"),
        ("image.jsonl", PNG, "binary"),
        ("empty.csv", b"", "empty"),
        ("header-only.csv", b"title,text\n", "empty"),
        ("image.csv", PNG, "binary"),
        ("empty.html", b"   ", "empty"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = write(tmp_path / name, content)
    fail = read_one(path)
    assert isinstance(fail, Failure), fail
    assert (fail.kind, fail.source, fail.line) == (kind, str(path), None)
    assert str(path) in str(fail)


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "only-hidden").mkdir()
    write(tmp_path / "only-hidden" / ".secret.txt", ENGLISH)
    items = list(
        read_articles(
            [str(tmp_path / "nope.txt"), str(tmp_path / "empty"), str(tmp_path / "only-hidden")]
        )
    )
    assert [(f.kind, Path(f.source).name) for f in items] == [
        ("not-found", "nope.txt"),
        ("empty", "empty"),
        ("empty", "only-hidden"),
    ]


def test_unlistable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def fake_scandir(path: str) -> object:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    write(tmp_path / "a.txt", ENGLISH)
    items = list(read_articles([str(tmp_path)]))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Failure) and items[1].kind == "unreadable"
    assert items[1].source == str(locked)


def test_csv_bad_bytes_later_in_the_file(tmp_path: Path) -> None:
    head = "title,text\n" + "".join(f"T{i},{ENGLISH}\n" for i in range(500))  # > 64 kB
    path = write(tmp_path / "a.csv", head.encode() + b"X,caf\xe9 \xff\xfe\n")
    items = list(read_path(str(path)))
    assert len(articles(items)) >= 400
    assert failures(items)[-1].kind == "encoding"


def test_forced_encoding_mismatch(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ("caf\u00e9 " * 50).encode("cp1252"))
    fail = read_one(path, encoding="utf-8")
    assert isinstance(fail, Failure) and fail.kind == "encoding"
    art = read_one(path, encoding="cp1252", lang=None)
    assert isinstance(art, Article) and art.text == "caf\u00e9 " * 50


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root can read files whatever their mode",
)
def test_permission_denied_real(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", ENGLISH)
    path.chmod(0)
    try:
        fail = read_one(path)
    finally:
        path.chmod(0o644)
    assert isinstance(fail, Failure) and fail.kind == "unreadable"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = write(tmp_path / "secret.txt", ENGLISH)
    fine = write(tmp_path / "fine.txt", ENGLISH)
    real_open = open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(secret):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", fake_open)
    items = list(read_articles([str(secret), str(fine)]))
    assert isinstance(items[0], Failure) and items[0].kind == "unreadable"
    assert "permission denied" in items[0].reason
    assert isinstance(items[1], Article)


def test_batch_goes_on_across_bad_input(tmp_path: Path) -> None:
    paths = [
        write(tmp_path / "1.txt", ENGLISH),
        tmp_path / "2.txt",
        write(tmp_path / "3.png", PNG),
        write(tmp_path / "4.txt", ENGLISH + " Yes."),
    ]
    items = list(read_articles([str(p) for p in paths]))
    assert [type(x).__name__ for x in items] == ["Article", "Failure", "Failure", "Article"]


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain ascii", "plain ascii"),
        ("na\u00efve caf\u00e9 \u2014 ok".encode(), "na\u00efve caf\u00e9 \u2014 ok"),
        (b"\xef\xbb\xbfwith BOM", "with BOM"),
        ("utf-16 text \u00e9".encode("utf-16"), "utf-16 text \u00e9"),
        (
            ("The caf\u00e9 \u2013 na\u00efve \u201cquotes\u201d said M\u00fcller. " * 4).encode(
                "cp1252"
            ),
            "The caf\u00e9 \u2013 na\u00efve \u201cquotes\u201d said M\u00fcller. " * 4,
        ),
        (
            "Gr\u00fc\u00dfe aus K\u00f6ln und \u00c5rhus. ".encode("latin-1") * 5,
            "Gr\u00fc\u00dfe aus K\u00f6ln und \u00c5rhus. " * 5,
        ),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data, source="x") == expected


@pytest.mark.parametrize(
    ("data", "kind"), [(PNG, "binary"), (b"abc\x00def", "binary"), (b"%PDF-1.7\n...", "binary")]
)
def test_decode_bytes_refuses_binary(data: bytes, kind: str) -> None:
    with pytest.raises(DecodeError) as err:
        decode_bytes(data, source="blob.bin")
    assert err.value.kind == kind and "blob.bin" in str(err.value)
    assert isinstance(err.value, InputError)


def test_cp1252_file_decodes(tmp_path: Path) -> None:
    text = (CAFE + " \u2014 really, and the na\u00efve critics agreed.\r\n") * 4
    art = read_one(write(tmp_path / "legacy.txt", text.encode("cp1252")))
    assert isinstance(art, Article)
    assert art.text == text.replace("\r\n", "\n")


def test_text_kept_except_newlines_and_bom(tmp_path: Path) -> None:
    raw = "\ufeffTitle  \r\n\r\n  Body\twith  spaces \u00a0and\rold mac line.  \n\n\n"
    art = read_one(write(tmp_path / "a.txt", raw), lang=None)
    assert isinstance(art, Article)
    assert art.text == "Title  \n\n  Body\twith  spaces \u00a0and\nold mac line.  \n\n\n"


def test_doc_id_same_for_txt_and_jsonl(tmp_path: Path) -> None:
    text = "Headline\n\n" + ENGLISH + "\n"
    txt = read_one(write(tmp_path / "a.txt", text.replace("\n", "\r\n")))
    jsonl = read_one(write(tmp_path / "a.jsonl", json.dumps({"text": text}) + "\n"))
    again = read_one(tmp_path / "a.txt")
    assert isinstance(txt, Article) and isinstance(jsonl, Article)
    assert txt.doc_id == jsonl.doc_id == again.doc_id == content_id(text)


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize(("fixture", "code"), [("german.txt", "de"), ("french.txt", "fr")])
def test_foreign_language_is_flagged(tmp_path: Path, fixture: str, code: str) -> None:
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    fail = read_one(path)
    assert isinstance(fail, Failure) and fail.kind == "language"
    assert f"'{code}'" in fail.reason and "confidence" in fail.reason
    art = read_one(path, lang=None)
    assert isinstance(art, Article) and art.lang is None
    art = read_one(path, lang=code)
    assert isinstance(art, Article) and art.lang == code


def test_foreign_record_in_jsonl_is_flagged_with_line(tmp_path: Path) -> None:
    german = (FIXTURES / "german.txt").read_text(encoding="utf-8")
    path = write(
        tmp_path / "a.jsonl",
        json.dumps({"text": ENGLISH}) + "\n" + json.dumps({"text": german}) + "\n",
    )
    items = list(read_path(str(path)))
    assert isinstance(items[0], Article) and items[0].lang == "en"
    assert isinstance(items[1], Failure) and (items[1].kind, items[1].line) == ("language", 2)


@pytest.mark.parametrize("snippet", ["Apple", "Berlin, Paris", "Nice hotel", "Tokyo 2020"])
def test_short_snippets_are_not_judged(tmp_path: Path, snippet: str) -> None:
    art = read_one(write(tmp_path / "a.txt", snippet))
    assert isinstance(art, Article)


def test_detect_language() -> None:
    assert detect_language(ENGLISH)[0] == "en"
    code, conf = detect_language((FIXTURES / "german.txt").read_text(encoding="utf-8"))
    assert code == "de" and conf > 0.9
    assert detect_language("  ") == ("und", 0.0)


# --------------------------------------------------------------------------- stdin


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, ("Buses for the north\n\nMay 18, 2015\n\n" + ENGLISH).encode())
    (art,) = list(read_articles(["-"]))
    assert isinstance(art, Article)
    assert art.path == "<stdin>" and art.published == "2015-05-18"
    assert art.title == "Buses for the north"


@pytest.mark.parametrize("fmt", ["jsonl", "ndjson"])
def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    fake_stdin(monkeypatch, (json.dumps({"text": ENGLISH, "id": "x"}) + "\n{oops\n").encode())
    items = list(read_articles(["-"], options=ReadOptions(stdin_format=fmt, id_field="id")))
    assert isinstance(items[0], Article) and items[0].external_id == "x"
    assert isinstance(items[1], Failure) and (items[1].source, items[1].line) == ("<stdin>", 2)


def test_stdin_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, ("title,text\nT," + ENGLISH + "\n").encode())
    (art,) = list(read_articles(["-"], options=ReadOptions(stdin_format="csv")))
    assert isinstance(art, Article) and art.title == "T"


def test_stdin_stays_open_after_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, ("title,text\nT," + ENGLISH + "\n").encode())
    list(read_articles(["-"], options=ReadOptions(stdin_format="csv")))
    assert not sys.stdin.closed


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"")
    (fail,) = list(read_articles(["-"]))
    assert isinstance(fail, Failure) and fail.kind == "empty"


# --------------------------------------------------------------------------- sources


def test_iter_sources(tmp_path: Path) -> None:
    for name in (
        "b.txt",
        "a.txt",
        "c.md",
        ".hidden.txt",
        "sub/d.txt",
        "sub/.git/e.txt",
        ".cache/f.txt",
    ):
        write(tmp_path / name, ENGLISH)
    write(tmp_path / "index.json", json.dumps([{"file": "a.txt", "headline": "A"}]))
    root = str(tmp_path)
    names = [os.path.relpath(p, root) for p in iter_sources([root], options=ReadOptions())]
    assert names == ["a.txt", "b.txt", "c.md", os.path.join("sub", "d.txt")]
    only_txt = ReadOptions(glob="*.txt", recursive=False)
    assert [os.path.basename(p) for p in iter_sources([root], options=only_txt)] == [
        "a.txt",
        "b.txt",
    ]
    assert list(iter_sources(["-", "missing.txt"], options=ReadOptions())) == ["-", "missing.txt"]


def test_json_named_index_that_is_no_sidecar_is_data(tmp_path: Path) -> None:
    write(tmp_path / "index.json", json.dumps([{"text": ENGLISH}]))
    (art,) = list(read_articles([str(tmp_path)]))
    assert isinstance(art, Article)


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize(
    "kwargs",
    [
        {"encoding": "no-such-codec"},
        {"stdin_format": "pdf"},
        {"published": "someday"},
        {"text_field": ""},
    ],
)
def test_bad_options(kwargs: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        ReadOptions(**kwargs)  # type: ignore[arg-type]


def test_failure_str() -> None:
    assert str(Failure("a.jsonl", 3, "bad JSON", "json")) == "a.jsonl:3: bad JSON [json]"
    assert str(Failure("a.txt", None, "empty file", "empty")) == "a.txt: empty file [empty]"


# --------------------------------------------------------------------------- size and streaming


def test_streaming_jsonl_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": ENGLISH}) + "\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"id": i, "text": ENGLISH}) + "\n" for i in range(200_000))
    assert path.stat().st_size > 200_000 * len(line) * 0.9  # ~50 MB
    stream = read_path(str(path), options=ReadOptions(lang=None, id_field="id"))
    tracemalloc.start()
    try:
        first = [next(stream) for _ in range(3)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        stream.close()
    assert [a.external_id for a in first] == ["0", "1", "2"]  # type: ignore[union-attr]
    assert peak < 2_000_000, peak


def test_streaming_sees_lines_written_after_reading_started(tmp_path: Path) -> None:
    path = tmp_path / "growing.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": ENGLISH, "id": 1}) + "\n")
        fh.flush()
        stream = read_path(str(path), options=ReadOptions(lang=None, id_field="id"))
        first = next(stream)  # arrives before the rest of the file exists
        assert isinstance(first, Article) and first.external_id == "1"
        fh.write(json.dumps({"text": ENGLISH, "id": 2}) + "\n")
    (second,) = list(stream)  # read on from where the first one ended
    assert isinstance(second, Article) and second.external_id == "2"


def test_huge_article_is_not_refused(tmp_path: Path) -> None:
    text = (ENGLISH + "\n") * (50 * 1024 * 1024 // (len(ENGLISH) + 1))
    path = write(tmp_path / "huge.txt", text)
    assert path.stat().st_size > 49 * 1024 * 1024
    art = read_one(path)
    assert isinstance(art, Article) and len(art.text) == len(text)
    assert art.lang == "en"


def test_folder_walk_skips_the_folders_own_readme_and_licence(tmp_path):
    """A README or LICENSE beside the articles is documentation, not news (named files still load)."""
    from graphkit.ingest import iter_sources

    (tmp_path / "story.txt").write_text("Elon Musk met Vladimir Putin.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Corpus\nCredits: Wikinews.", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("CC BY 2.5", encoding="utf-8")
    (tmp_path / "readme-story.txt").write_text("Readme is a village.", encoding="utf-8")
    assert [p.rsplit("/", 1)[-1] for p in iter_sources([str(tmp_path)])] == [
        "readme-story.txt",
        "story.txt",
    ]
    assert list(iter_sources([str(tmp_path / "README.md")])) == [str(tmp_path / "README.md")]
