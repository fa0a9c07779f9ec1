r"""Readers that turn analysts' files into a stream of :class:`~graphkit.model.Article`.

Everything here is a generator: a corpus is never read into memory at once (JSONL and CSV are
streamed record by record; a plain-text or HTML file is read whole, because it *is* one article).
Bad input never raises mid-batch: it is yielded as a :class:`Failure` naming the file (and line)
and the batch goes on. Programming errors and invalid *options* still raise.

Formats
-------
``.txt`` / ``.md`` / unknown extensions
    One article per file, decoded by :func:`decode_bytes` (UTF-8, then charset-normalizer).
``.html`` / ``.htm``
    The main text and metadata (title, date, url, site name) extracted by trafilatura.
``.jsonl`` / ``.ndjson``
    One JSON object per line; field names are set in :class:`ReadOptions`.
``.json``
    One object or a list of objects (loaded whole: use JSONL for big corpora).
``.csv``
    One article per row (:class:`csv.DictReader`), same field names as JSONL.
``-``
    Standard input, read as ``ReadOptions.stdin_format`` (``"txt"`` by default).

Metadata of one-article files (text, Markdown, HTML), in priority order: a sidecar
``index.json`` or ``index.csv`` in the same folder (see :func:`load_sidecar`), then
``ReadOptions.published`` (a default date), then what the document itself says (a dateline
the text opens with, a headline as its first block; for HTML the page metadata). Explicit,
user-supplied metadata thus always wins over what is inferred. Records (JSONL, CSV) carry
their own metadata; ``ReadOptions.published`` only fills in a missing date.

The text is kept exactly as read except that newlines are normalised to ``"\n"`` and a
leading byte-order mark is dropped: offsets into it are evidence and its hash is the
article's ``doc_id``.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import functools
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from graphkit.errors import ConfigError, InputError
from graphkit.model import Article

__all__ = [
    "DecodeError",
    "Failure",
    "ReadOptions",
    "decode_bytes",
    "detect_language",
    "iter_sources",
    "count_inputs",
    "load_sidecar",
    "read_articles",
    "read_path",
]

STDIN = "-"
STDIN_NAME = "<stdin>"

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
CSV_SUFFIXES = frozenset({".csv"})
SIDECAR_NAMES = ("index.json", "index.csv")
FORMATS = ("txt", "md", "html", "jsonl", "ndjson", "json", "csv")

#: How many bytes are sniffed to tell binary from text and guess a streamed file's encoding.
SNIFF_BYTES = 64 * 1024
#: Share of control bytes above which a NUL-free file is still called binary.
BINARY_CONTROL_RATIO = 0.10
#: Language detection looks at this many characters from the start of the text.
LANG_SAMPLE_CHARS = 20_000
#: A text is judged on its language only if it is at least this long ...
LANG_MIN_CHARS = 200
#: ... or if the detector is at least this confident.
LANG_MIN_CONFIDENCE = 0.9

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_BYTES = bytes(set(range(32)) - {8, 9, 10, 12, 13, 27}) + b"\x7f"
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
)
_LANG_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "it": "Italian", "ja": "Japanese", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ru": "Russian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip


@dataclass(frozen=True)
class Failure:
    """One input that could not become an article, named so the analyst can fix it.

    Parameters
    ----------
    source : str
        The file as given (``"<stdin>"`` for standard input).
    line : int or None
        The 1-based line of the bad record in a JSONL/CSV file, else ``None``.
    reason : str
        What is wrong, in words.
    kind : str
        A short machine-readable class: ``"not-found"``, ``"unreadable"``, ``"empty"``,
        ``"binary"``, ``"encoding"``, ``"json"``, ``"csv"``, ``"missing-text"``,
        ``"language"``.
    """

    source: str
    line: int | None
    reason: str
    kind: str

    def __str__(self) -> str:
        """``source[:line]: reason [kind]``, the one line a CLI prints."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason} [{self.kind}]"


class DecodeError(InputError):
    """Bytes that are not text: ``kind`` is ``"binary"`` or ``"encoding"``."""

    def __init__(self, message: str, *, kind: str) -> None:
        """Carry ``kind`` beside the message."""
        super().__init__(message)
        self.kind = kind


@dataclass
class ReadOptions:
    """How files are read; every reader takes one of these (keyword ``options``).

    Parameters
    ----------
    text_field, id_field, title_field, date_field, url_field, publisher_field : str or None
        Field (JSONL key, CSV column) names; ``id_field`` becomes ``Article.external_id`` and
        is off by default.
    published : str or date or None
        The default publication date for articles that do not carry one (normalised to ISO).
    glob : str or None
        Only files whose name matches this pattern (e.g. ``"*.txt"``) are read from folders;
        files named explicitly are always read.
    recursive : bool
        Descend into sub-folders.
    lang : str or None
        The expected language (ISO 639-1); other-language articles become ``"language"``
        failures. ``None`` disables the check (and detection).
    encoding : str or None
        Force this codec instead of detecting one.
    stdin_format : str
        How ``-`` (standard input) is read: one of ``txt``, ``md``, ``html``, ``jsonl``,
        ``ndjson``, ``json``, ``csv``.
    """

    text_field: str = "text"
    id_field: str | None = None
    title_field: str | None = "title"
    date_field: str | None = "published"
    url_field: str | None = "url"
    publisher_field: str | None = "publisher"
    published: str | date | None = None
    glob: str | None = None
    recursive: bool = True
    lang: str | None = "en"
    encoding: str | None = None
    stdin_format: str = "txt"

    def __post_init__(self) -> None:
        """Check the options once, so that a bad setting fails before any file is read."""
        if not self.text_field:
            raise ConfigError("text_field must be a non-empty field name")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ConfigError(f"unknown encoding {self.encoding!r}") from None
        if self.stdin_format not in FORMATS:
            raise ConfigError(
                f"stdin_format {self.stdin_format!r} is not one of {', '.join(FORMATS)}"
            )
        if self.published is not None:
            iso = iso_date(self.published)
            if iso is None:
                raise ConfigError(f"published {self.published!r} is not a date (use YYYY-MM-DD)")
            self.published = iso


# --------------------------------------------------------------------------- text helpers


def decode_bytes(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode a file's bytes to text, dropping a byte-order mark.

    UTF-8 (with or without BOM) is tried first, then a UTF-16/32 BOM, then charset-normalizer
    (preferring cp1252 among equally good single-byte guesses, as Western legacy text is
    cp1252 far more often than its look-alikes).

    Parameters
    ----------
    data : bytes
        The raw content.
    source : str
        Named in error messages.
    encoding : str, optional
        Decode with this codec only.

    Returns
    -------
    str
        The text; newlines are *not* normalised here.

    Raises
    ------
    DecodeError
        ``kind="binary"`` for NUL bytes, known binary signatures or mostly control bytes;
        ``kind="encoding"`` when no encoding decodes the bytes.
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"{source}: not valid {encoding} ({exc.reason} at byte {exc.start})",
                kind="encoding",
            ) from None
        return text.removeprefix("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"{source}: has a UTF-8 byte-order mark but is not UTF-8 (byte {exc.start})",
                kind="encoding",
            ) from None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                break  # not really UTF-16/32: judge it like any other bytes
    _check_binary(data[:SNIFF_BYTES], source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = _guess_encoding(data)
    if codec is None:
        raise DecodeError(f"{source}: not UTF-8 and no text encoding fits", kind="encoding")
    return data.decode(codec).removeprefix("\ufeff")


def _check_binary(head: bytes, source: str) -> None:
    """Raise DecodeError(kind="binary") if ``head`` looks like a binary file."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise DecodeError(f"{source}: binary file ({what}), not text", kind="binary")
    if b"\x00" in head:
        raise DecodeError(f"{source}: binary file (contains NUL bytes), not text", kind="binary")
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls / len(head) > BINARY_CONTROL_RATIO:
            raise DecodeError(
                f"{source}: binary file ({controls} control bytes in the first "
                f"{len(head)}), not text",
                kind="binary",
            )


def _guess_encoding(data: bytes) -> str | None:
    """Best charset-normalizer guess for non-UTF-8 bytes, cp1252 winning ties."""
    import charset_normalizer

    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return None
    best = results[0]
    for r in results:
        if (
            r.encoding == "cp1252"
            and r.chaos <= best.chaos
            and r.coherence >= best.coherence - 1e-9
        ):
            return "cp1252"
    return best.encoding


def _sniff_encoding(head: bytes, source: str, forced: str | None) -> str:
    """Judge the encoding of a streamed (JSONL/CSV) file from its first bytes."""
    if forced:
        return forced
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    _check_binary(head, source)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    codec = _guess_encoding(head)
    if codec is None:
        raise DecodeError(f"{source}: not UTF-8 and no text encoding fits", kind="encoding")
    return codec


def normalize_text(text: str) -> str:
    r"""Drop a leading BOM and turn ``\r\n``/``\r`` into ``\n``; nothing else changes."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """Detect the language of ``text`` with py3langid (its bundled model).

    Parameters
    ----------
    text : str
        The text; only its first ``LANG_SAMPLE_CHARS`` characters are looked at.

    Returns
    -------
    tuple of (str, float)
        An ISO 639-1 code and a probability in [0, 1]; ``("und", 0.0)`` for blank text.
    """
    sample = text[:LANG_SAMPLE_CHARS]
    if not sample.strip():
        return "und", 0.0
    code, conf = _identifier().classify(sample)
    return str(code), float(conf)


def _language_failure(
    text: str, source: str, line: int | None, expected: str
) -> tuple[str | None, Failure | None]:
    """Judge ``text``'s language: (detected code or None if not judged, failure or None)."""
    code, conf = detect_language(text)
    if len(text.strip()) < LANG_MIN_CHARS and conf <= LANG_MIN_CONFIDENCE:
        return None, None  # too short and unsure: no verdict
    if code == expected:
        return code, None
    name = _LANG_NAMES.get(code, code)
    want = _LANG_NAMES.get(expected, expected)
    reason = (
        f"text is in {name} ({code!r}, confidence {conf:.2f}), expected {want} "
        f"({expected!r}); use --lang any (lang=None) to read it anyway"
    )
    return code, Failure(source, line, reason, "language")


# --------------------------------------------------------------------------- dates

_MONTH_DAY_YEAR = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b"
)
_DAY_MONTH_YEAR = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})\b"
)
_ISO_START = re.compile(r"(\d{4}-\d{2}-\d{2})\b")
# "WASHINGTON, May 18 (Reuters) -" or "LONDON, May 18, 2015 (AP) —"
_WIRE = re.compile(
    r"[A-Z][A-Z.'\- ]+(?:,\s*[A-Z][A-Za-z.'\- ]+)?,\s+"
    r"([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:,\s+(\d{4}))?\s+\(([^)\n]{1,40})\)\s*[-\u2013\u2014]"
)
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%B %d %Y",
)


def _month_date(month: str, day: str, year: str) -> date | None:
    for fmt in ("%B %d %Y", "%b %d %Y"):
        try:
            return datetime.strptime(f"{month} {day} {year}", fmt).date()
        except ValueError:
            continue
    if month.startswith("Sept"):
        return _month_date("Sep", day, year)
    return None


def iso_date(value: Any) -> str | None:
    """Normalise a date (``date``, ``datetime``, ISO or common English string) to YYYY-MM-DD.

    Parameters
    ----------
    value : Any
        The value found in a record, sidecar or option.

    Returns
    -------
    str or None
        The ISO date, or ``None`` if ``value`` is empty or not a recognisable date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(s).date().isoformat()  # RFC 2822, as in RSS feeds
    except (TypeError, ValueError, IndexError):
        return None


def _dateline(block: str) -> tuple[str | None, str | None]:
    """(ISO date, wire agency) of a dateline ``block`` opens with, else (None, None)."""
    block = block.lstrip()
    m = _ISO_START.match(block)
    if m:
        return iso_date(m.group(1)), None
    m = _MONTH_DAY_YEAR.match(block)
    if m:
        d = _month_date(*m.groups())
        return (d.isoformat() if d else None), None
    m = _DAY_MONTH_YEAR.match(block)
    if m:
        d = _month_date(m.group(2), m.group(1), m.group(3))
        return (d.isoformat() if d else None), None
    m = _WIRE.match(block)
    if m:
        month, day, year, agency = m.groups()
        d = _month_date(month, day, year) if year else None  # no year: no date
        return (d.isoformat() if d else None), agency.strip()
    return None, None


def _text_metadata(text: str) -> dict[str, str | None]:
    """Headline and dateline a plain text opens with (Wikinews style, wire copy, Markdown)."""
    blocks = [b.strip() for b in text[:2000].lstrip().split("\n\n", 3)[:3] if b.strip()]
    if not blocks:
        return {}
    meta: dict[str, str | None] = {}
    published, agency = _dateline(blocks[0])
    if published or agency:
        return {"published": published, "publisher": agency}
    first = blocks[0]
    is_heading = first.startswith("#")
    headline = first.lstrip("#").strip()
    if (
        len(blocks) > 1
        and "\n" not in headline
        and len(headline) <= 200
        and (is_heading or not headline.endswith((".", ",", ";", ":", '"', "\u201d")))
    ):
        published, agency = _dateline(blocks[1])
        if is_heading or published or agency:
            meta["title"] = headline
        meta["published"], meta["publisher"] = published, agency
    return meta


# --------------------------------------------------------------------------- sidecars

_SIDECAR_FIELDS = {
    "title": ("headline", "title"),
    "url": ("source_url", "url"),
    "published": ("date_created", "published", "date"),
    "publisher": ("publisher", "author", "sitename"),
    "external_id": ("id",),
}


@functools.lru_cache(maxsize=256)
def _sidecar_cached(
    folder: str, stamp: tuple[Any, ...]
) -> tuple[dict[str, dict[str, Any]], Failure | None, str | None]:
    del stamp  # part of the cache key only
    for name in SIDECAR_NAMES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        try:
            if name.endswith(".json"):
                with open(path, "rb") as fh:
                    rows = json.loads(decode_bytes(fh.read(), source=path))
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    return {}, None, None  # not a sidecar: a data file like any other
            else:
                with open(path, encoding="utf-8-sig", newline="") as fh:
                    rows = list(csv.DictReader(fh))
        except (OSError, InputError, ValueError, csv.Error) as exc:
            kind = "json" if name.endswith(".json") else "csv"
            return {}, Failure(path, None, f"sidecar index is unreadable: {exc}", kind), path
        if not rows or not all("file" in r for r in rows):
            return {}, None, None
        table: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry: dict[str, Any] = {}
            for key, names in _SIDECAR_FIELDS.items():
                for n in names:
                    if row.get(n) not in (None, ""):
                        entry[key] = str(row[n]).strip()
                        break
            if entry.get("published"):
                entry["published"] = iso_date(entry["published"]) or entry["published"]
            table[os.path.basename(os.path.normpath(str(row["file"])))] = entry
        return table, None, path
    return {}, None, None


def _sidecar(folder: str) -> tuple[dict[str, dict[str, Any]], Failure | None, str | None]:
    stamp = []
    for name in SIDECAR_NAMES:
        try:
            st = os.stat(os.path.join(folder, name))
            stamp.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            stamp.append((name, None, None))
    return _sidecar_cached(os.path.abspath(folder), tuple(stamp))


def load_sidecar(folder: str) -> dict[str, dict[str, Any]]:
    """Return the sidecar metadata of a folder, by file name.

    A sidecar is ``index.json`` (a list of objects) or ``index.csv`` whose entries all have a
    ``file`` key; ``headline``/``title``, ``source_url``/``url``,
    ``date_created``/``published``/``date``, ``publisher``/``author``/``sitename`` and ``id``
    are read, as in the Wikinews corpus' ``index.json``.

    Parameters
    ----------
    folder : str
        The folder holding the files.

    Returns
    -------
    dict
        ``{file name: {"title": ..., "url": ..., "published": ..., "publisher": ...}}``;
        empty if there is no (valid) sidecar.
    """
    return _sidecar(folder)[0]


def _is_sidecar(path: str) -> bool:
    name = os.path.basename(path)
    if name not in SIDECAR_NAMES:
        return False
    return _sidecar(os.path.dirname(path) or ".")[2] == os.path.join(
        os.path.abspath(os.path.dirname(path) or "."), name
    )


# --------------------------------------------------------------------------- sources


FOLDER_DOCS = ("readme", "license", "licence", "copying", "notice", "authors", "changelog")


def _is_folder_doc(name: str) -> bool:
    """A folder's own README/LICENCE-style file: not an article when walking a folder.

    >>> _is_folder_doc("README.md"), _is_folder_doc("LICENSE"), _is_folder_doc("readme-story.txt")
    (True, True, False)
    """
    stem = name.lower().split(".", 1)[0]
    return stem in FOLDER_DOCS


def _walk(folder: str, options: ReadOptions) -> Iterator[str | Failure]:
    """Files under ``folder`` in sorted order, and failures for folders that cannot be listed."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Failure(folder, None, f"cannot list folder: {exc.strerror or exc}", "unreadable")
        return
    failure = _sidecar(folder)[1]
    if failure is not None:
        yield failure
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                if options.recursive:
                    yield from _walk(path, options)
                continue
            if not entry.is_file():
                continue
        except OSError:
            continue
        if options.glob and not fnmatch.fnmatch(entry.name, options.glob):
            continue
        if _is_sidecar(path) or _is_folder_doc(entry.name):
            continue
        yield path


def iter_sources(paths: Iterable[str], *, options: ReadOptions | None = None) -> Iterator[str]:
    """Expand the paths given into the files to read.

    Folders are expanded (sorted by name, recursively unless ``options.recursive`` is off,
    filtered by ``options.glob``), skipping hidden files and folders and sidecar indexes;
    other paths, including ``-`` (standard input) and missing files, pass through as given.

    Parameters
    ----------
    paths : iterable of str
        Files, folders and ``-``.
    options : ReadOptions, optional
        Reading options (``glob``, ``recursive``).

    Yields
    ------
    str
        One path per file.
    """
    options = options or ReadOptions()
    for p in paths:
        p = os.fspath(p)
        if p != STDIN and os.path.isdir(p):
            for item in _walk(p, options):
                if isinstance(item, str):
                    yield item
        else:
            yield p


def count_inputs(paths: Iterable[str], *, options: ReadOptions | None = None) -> int | None:
    """Count the articles ``paths`` will give, when that is cheap: for progress and ETA.

    Folders are listed (not read) like :func:`iter_sources` does; each one-article file counts
    one. Record streams (standard input, JSONL, JSON, CSV) are not read ahead, so any of them
    makes the count unknown.

    Parameters
    ----------
    paths : iterable of str
        Files, folders and ``-``.
    options : ReadOptions, optional
        Reading options (``glob``, ``recursive``).

    Returns
    -------
    int or None
        The number of one-article files, or ``None`` when a stream is among the inputs.
    """
    n = 0
    for src in iter_sources(paths, options=options):
        if src == STDIN or _format_of(src) in ("jsonl", "json", "csv"):
            return None
        n += 1
    return n


def read_articles(
    paths: Iterable[str], *, options: ReadOptions | None = None
) -> Iterator[Article | Failure]:
    """Read articles from files, folders and standard input, lazily.

    Parameters
    ----------
    paths : iterable of str
        Files, folders and ``-``.
    options : ReadOptions, optional
        Field names, default date, glob, expected language, encoding.

    Yields
    ------
    Article or Failure
        An article, or a failure naming the bad input; reading goes on after a failure.
    """
    options = options or ReadOptions()
    for p in paths:
        yield from read_path(os.fspath(p), options=options)


def read_path(path: str, *, options: ReadOptions | None = None) -> Iterator[Article | Failure]:
    """Read one file, folder or ``-``.

    Parameters
    ----------
    path : str
        The path as given; it becomes ``Article.path``.
    options : ReadOptions, optional
        See :class:`ReadOptions`.

    Yields
    ------
    Article or Failure
        See :func:`read_articles`.
    """
    options = options or ReadOptions()
    path = os.fspath(path)
    if path == STDIN:
        yield from _read_stdin(options)
        return
    if os.path.isdir(path):
        found = 0
        for item in _walk(path, options):
            if isinstance(item, Failure):
                yield item
                continue
            found += 1
            yield from _read_file(item, options, report_sidecar=False)
        if not found:
            which = f" matching {options.glob!r}" if options.glob else ""
            yield Failure(path, None, f"folder has no readable files{which}", "empty")
        return
    yield from _read_file(path, options)


def _format_of(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in CSV_SUFFIXES:
        return "csv"
    return "txt"


def _open_failure(path: str, exc: OSError) -> Failure:
    if isinstance(exc, FileNotFoundError):
        return Failure(path, None, "no such file or folder", "not-found")
    if isinstance(exc, PermissionError):
        return Failure(path, None, "permission denied", "unreadable")
    return Failure(path, None, f"cannot read: {exc.strerror or exc}", "unreadable")


def _read_file(
    path: str, options: ReadOptions, *, report_sidecar: bool = True
) -> Iterator[Article | Failure]:
    fmt = _format_of(path)
    try:
        fh = open(path, "rb", buffering=SNIFF_BYTES)  # noqa: SIM115 - closed by `with` below
    except OSError as exc:
        yield _open_failure(path, exc)
        return
    with fh:
        try:
            if fmt in ("jsonl", "csv"):
                reader = _read_jsonl if fmt == "jsonl" else _read_csv
                yield from reader(fh, path, options)
                return
            data = fh.read()
        except OSError as exc:
            yield _open_failure(path, exc)
            return
    if fmt == "json":
        yield from _read_json(data, path, options)
        return
    meta = _sidecar_entry(path)
    if isinstance(meta, Failure):
        if report_sidecar:
            yield meta
        meta = {}
    yield from _read_document(data, path, options, fmt, meta)


def _sidecar_entry(path: str) -> dict[str, Any] | Failure:
    table, failure, _ = _sidecar(os.path.dirname(path) or ".")
    if failure is not None:
        return failure
    return dict(table.get(os.path.basename(path), {}))


def _read_stdin(options: ReadOptions) -> Iterator[Article | Failure]:
    stream = sys.stdin
    binary: BinaryIO | None = getattr(stream, "buffer", None)
    fmt = options.stdin_format
    if fmt in ("jsonl", "ndjson", "csv"):
        if binary is None:
            binary = io.BytesIO(stream.read().encode("utf-8"))
        reader = _read_jsonl if fmt != "csv" else _read_csv
        if hasattr(binary, "peek"):
            yield from reader(binary, STDIN_NAME, options)
            return
        buffered = io.BufferedReader(binary, SNIFF_BYTES)  # type: ignore[arg-type]
        try:
            yield from reader(buffered, STDIN_NAME, options)
        finally:
            buffered.detach()  # do not close the caller's stream
        return
    data = binary.read() if binary is not None else stream.read().encode("utf-8")
    if fmt == "json":
        yield from _read_json(data, STDIN_NAME, options)
    else:
        yield from _read_document(data, STDIN_NAME, options, fmt, {})


# --------------------------------------------------------------------------- readers


def _article(
    text: str, source: str, line: int | None, options: ReadOptions, **meta: Any
) -> Article | Failure:
    """Build an article from read text, or the failure that stops it (empty, language)."""
    text = normalize_text(text)
    if not text.strip():
        if line is None:
            return Failure(source, None, "empty file (no text)", "empty")
        return Failure(source, line, "record has no text", "missing-text")
    bad = _SURROGATE.search(text)
    if bad is not None:  # only JSON escapes ("\ud800") can produce these
        return Failure(
            source,
            line,
            f"text has an unpaired surrogate {bad.group().encode('unicode_escape').decode()}"
            f" at character {bad.start()} (an invalid \\u escape): not Unicode text",
            "encoding",
        )
    lang = None
    if options.lang:
        lang, failure = _language_failure(text, source, line, options.lang)
        if failure is not None:
            return failure
    clean = {
        k: (_SURROGATE.sub("\ufffd", str(v)).strip() or None) if v is not None else None
        for k, v in meta.items()
    }
    return Article(text=text, path=source, lang=lang, **clean)


def _read_document(
    data: bytes, source: str, options: ReadOptions, fmt: str, meta: dict[str, Any]
) -> Iterator[Article | Failure]:
    """One text, Markdown or HTML document → one article (or a failure)."""
    if not data.strip():
        yield Failure(source, None, "empty file (no text)", "empty")
        return
    try:
        text = decode_bytes(data, source=source, encoding=options.encoding)
    except DecodeError as exc:
        yield Failure(source, None, str(exc).removeprefix(f"{source}: "), exc.kind)
        return
    if fmt == "html":
        extracted = _extract_html(text)
        if extracted is None:
            yield Failure(source, None, "no main text found in the HTML page", "missing-text")
            return
        text, found = extracted
    else:
        found = _text_metadata(normalize_text(text))
    inferred_date = found.pop("published", None)
    for key, value in found.items():
        if value and not meta.get(key):
            meta[key] = value
    meta["published"] = meta.get("published") or options.published or inferred_date
    yield _article(text, source, None, options, **meta)


def _extract_html(html: str) -> tuple[str, dict[str, str | None]] | None:
    """Extract the main text and metadata of an HTML page with trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = d.get("text") or ""
    if not text.strip():
        return None
    meta = {
        "title": d.get("title"),
        "url": d.get("url"),
        "publisher": d.get("sitename"),
        "published": iso_date(d.get("date")),
    }
    return text, meta


def _record(obj: Any, source: str, line: int | None, options: ReadOptions) -> Article | Failure:
    """One JSON object or CSV row → article (or failure)."""
    if not isinstance(obj, Mapping):
        return Failure(source, line, f"expected a JSON object, got {type(obj).__name__}", "json")
    text = obj.get(options.text_field)
    if not isinstance(text, str) or not text.strip():
        what = (
            "missing"
            if text is None
            else ("empty" if isinstance(text, str) else f"a {type(text).__name__}, not text")
        )
        return Failure(source, line, f"field {options.text_field!r} is {what}", "missing-text")

    def field(name: str | None) -> Any:
        if not name:
            return None
        value = obj.get(name)
        return None if value in (None, "") else value

    published = field(options.date_field)
    published = (iso_date(published) or str(published)) if published is not None else None
    return _article(
        text,
        source,
        line,
        options,
        external_id=field(options.id_field),
        title=field(options.title_field),
        url=field(options.url_field),
        publisher=field(options.publisher_field),
        published=published or options.published,
    )


def _read_jsonl(fh: BinaryIO, source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """Stream a JSONL file: one article per non-blank line; bad lines become failures."""
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(fh, "peek") else b""
    try:
        codec = _sniff_encoding(head, source, options.encoding) if head else "utf-8-sig"
    except DecodeError as exc:
        yield Failure(source, None, str(exc).removeprefix(f"{source}: "), exc.kind)
        return
    if codec == "utf-16":
        fh = io.BytesIO(fh.read().decode("utf-16").encode("utf-8"))  # rare: re-encode
        codec = "utf-8"
    records = 0
    for lineno, raw in enumerate(fh, 1):
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        records += 1
        try:
            line = raw.decode(codec)
        except UnicodeDecodeError as exc:
            yield Failure(source, lineno, f"not valid {codec} ({exc.reason})", "encoding")
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Failure(source, lineno, f"malformed JSON: {exc}", "json")
            continue
        yield _record(obj, source, lineno, options)
    if not records:
        yield Failure(source, None, "empty file (no records)", "empty")


def _read_json(data: bytes, source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """Read a ``.json`` file: one object or a list of objects (read whole)."""
    if not data.strip():
        yield Failure(source, None, "empty file (no text)", "empty")
        return
    try:
        obj = json.loads(decode_bytes(data, source=source, encoding=options.encoding))
    except DecodeError as exc:
        yield Failure(source, None, str(exc).removeprefix(f"{source}: "), exc.kind)
        return
    except ValueError as exc:
        yield Failure(source, getattr(exc, "lineno", None), f"malformed JSON: {exc}", "json")
        return
    items = obj if isinstance(obj, list) else [obj]
    if not items:
        yield Failure(source, None, "empty JSON list (no records)", "empty")
    for item in items:
        yield _record(item, source, None, options)


def _raise_csv_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            if csv.field_size_limit() < limit:
                csv.field_size_limit(limit)
            return
        except OverflowError:  # C long smaller than Py_ssize_t (Windows)
            limit //= 2


def _read_csv(fh: BinaryIO, source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """Stream a CSV file with a header row: one article per row."""
    _raise_csv_field_limit()
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(fh, "peek") else b""
    if not head.strip() and hasattr(fh, "peek"):
        yield Failure(source, None, "empty file (no header, no rows)", "empty")
        return
    try:
        codec = _sniff_encoding(head, source, options.encoding) if head else "utf-8-sig"
    except DecodeError as exc:
        yield Failure(source, None, str(exc).removeprefix(f"{source}: "), exc.kind)
        return
    text = io.TextIOWrapper(fh, encoding=codec, newline="")
    try:
        yield from _csv_records(text, source, codec, options)
    finally:
        text.detach()  # leave the caller's stream (e.g. stdin) open


def _csv_records(
    text: io.TextIOWrapper, source: str, codec: str, options: ReadOptions
) -> Iterator[Article | Failure]:
    """Rows of a decoded CSV stream → articles, with the line each record starts on."""
    reader = csv.DictReader(text)
    try:
        header = reader.fieldnames
    except (csv.Error, UnicodeDecodeError) as exc:
        yield Failure(source, 1, f"cannot read the header: {exc}", "csv")
        return
    if not header:
        yield Failure(source, None, "empty file (no header, no rows)", "empty")
        return
    if options.text_field not in header:
        yield Failure(
            source,
            1,
            f"no {options.text_field!r} column (columns: {', '.join(h for h in header if h)})",
            "missing-text",
        )
        return
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except UnicodeDecodeError as exc:
            yield Failure(
                source,
                start,
                f"not valid {codec} near here ({exc.reason}); rest of the file skipped",
                "encoding",
            )
            return
        except csv.Error as exc:
            yield Failure(source, start, f"malformed CSV: {exc}", "csv")
            if reader.line_num < start:  # no progress: give up on the file
                return
            continue
        rows += 1
        yield _record(row, source, start, options)
    if not rows:
        yield Failure(source, None, "CSV has a header but no rows", "empty")
