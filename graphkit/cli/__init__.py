"""The ``graphkit`` command: a thin Typer shell over the library.

Each command parses its options, calls one library function and prints the result. Any
:class:`~graphkit.errors.GraphkitError` becomes one line on stderr and a non-zero exit code
(``GraphkitError.exit_code``); nothing here knows how extraction or storage work.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer

from graphkit import __version__
from graphkit.config import MODEL_ENV, Settings, default_model, default_store
from graphkit.errors import GraphkitError, InputError, QueryError

app = typer.Typer(
    name="graphkit",
    help="Knowledge graphs of people, organisations and their links in news, sourced to the sentence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
export_app = typer.Typer(
    help="Write the graph as an interactive map or for other tools.", no_args_is_help=True
)
app.add_typer(export_app, name="export")

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help=f"Embedded store directory [default: ${{GRAPHKIT_STORE}} or ./{default_store()}]",
    ),
]
Neo4jOpt = Annotated[
    str | None,
    typer.Option(
        "--neo4j",
        help="Neo4j URI (bolt://, neo4j://, neo4j+s://); credentials from NEO4J_USER/NEO4J_PASSWORD",
    ),
]
DatabaseOpt = Annotated[str | None, typer.Option("--database", help="Neo4j database name")]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help=f"spaCy model [default: ${MODEL_ENV} or {default_model()}]"),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv")]


def err(msg: str) -> None:
    typer.echo(f"graphkit: error: {msg}", err=True)


def handle(func: Callable) -> Callable:
    """Turn library errors into one line on stderr and the error's exit code."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GraphkitError as exc:
            err(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def _settings(
    model: str | None, relations: str | None = None, aliases: list[str] | None = None
) -> Settings:
    return Settings(
        model=model or default_model(),
        relations_path=relations,
        gazetteer_paths=tuple(aliases or ()),
    )


def _open(store: str | None, neo4j: str | None, *, create: bool, database: str | None = None):
    from graphkit.store import open_store

    return open_store(store, neo4j=neo4j, create=create, database=database)


# ------------------------------------------------------------------------------------------
# output


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, (list, tuple)):
        return ", ".join(_cell(x) for x in v)
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


#: table columns that may wrap over several lines (everything else stays on one line)
LONG_COLUMNS = frozenset(
    {"sentence", "relations", "members", "aliases", "top_neighbors", "description", "parameters"}
)
#: rows a table shows of a query that pages (neighbors) when no --limit is given
TABLE_PAGE = 1000
#: longest text shown in one table cell (JSON/CSV give it whole)
MAX_CELL = 240


def print_rows(
    rows: list[dict], fmt: str, *, title: str | None = None, columns: list[str] | None = None
) -> None:
    """Print query rows as a rich table, JSON (every key, stable) or CSV.

    ``columns`` chooses (and orders) what a table or CSV shows; JSON always has every key.
    """
    fmt = fmt.lower()
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=False))
        return
    cols = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(
                {
                    k: _cell(r.get(k)) if isinstance(r.get(k), (list, tuple, bool)) else r.get(k)
                    for k in cols
                }
            )
        typer.echo(buf.getvalue(), nl=False)
        return
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: use table, json or csv")
    from rich.console import Console
    from rich.table import Table

    # a terminal sets the width; a pipe gets a wide table (JSON/CSV are for scripts)
    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200)
    if not rows:
        console.print("[dim](no results)[/dim]")
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    for i, c in enumerate(cols):
        longest = max([len(c)] + [len(row[i]) for row in cells])
        if c in LONG_COLUMNS:
            table.add_column(c, overflow="fold", ratio=1, min_width=min(longest, 30))
        else:
            table.add_column(c, overflow="ellipsis", min_width=min(longest, 28), max_width=40)
    for row in cells:
        table.add_row(
            *(
                v if len(v) <= MAX_CELL or c not in LONG_COLUMNS else v[: MAX_CELL - 1] + "…"
                for c, v in zip(cols, row)
            ),
            end_section=False,
        )
    console.print(table)


# ------------------------------------------------------------------------------------------
# commands


@app.command(
    epilog="Example: graphkit extract data/samples/musk-putin.txt --format jsonl > triples.jsonl",
)
@handle
def extract(
    files: Annotated[list[str], typer.Argument(help="Article files or folders ('-' for stdin)")],
    format: FormatOpt = "jsonl",  # noqa: A002
    model: ModelOpt = None,
    min_confidence: Annotated[float, typer.Option(help="Drop triples scored below this")] = 0.0,
    aliases: Annotated[
        list[str] | None, typer.Option("--aliases", help="Extra gazetteer file(s) (TSV)")
    ] = None,
    relations: Annotated[str | None, typer.Option(help="Relation vocabulary file (TSV)")] = None,
    lang: Annotated[
        str | None, typer.Option(help="Expected language ('any' disables the check)")
    ] = "en",
) -> None:
    """Extract (subject, relation, object) triples with their evidence; print them."""
    from graphkit.ingest import Failure, ReadOptions, read_articles
    from graphkit.nlp import load_pipeline
    from graphkit.pipeline import extract_stream

    if format not in ("jsonl", "json", "table", "csv"):
        raise InputError(f"unknown format {format!r}: use jsonl, table, json or csv")
    settings = _settings(model, relations, aliases)
    nlp = load_pipeline(settings)
    failures: list[Failure] = []
    opts = ReadOptions(lang=None if lang in (None, "any") else lang)
    articles = (
        a
        for a in read_articles(files, options=opts)
        if not (isinstance(a, Failure) and not failures.append(a))
    )
    rows = []
    n = 0
    for _art, triples in extract_stream(nlp, articles, on_failure=failures.append):
        for t in triples:
            if t.confidence < min_confidence:
                continue
            n += 1
            if format == "jsonl":
                typer.echo(json.dumps(t.to_dict(), ensure_ascii=False))
            else:
                rows.append(t.to_dict())
    if format != "jsonl":
        cols = None
        if format == "table":
            cols = [
                "subject",
                "relation",
                "object",
                "predicate",
                "attributed_to",
                "negated",
                "denied_by",
                "confidence",
            ]
        print_rows(rows, format, columns=cols)
    for f in failures:
        err(str(f))
    if failures:
        raise typer.Exit(2)


@app.command(
    epilog="Examples: graphkit ingest data/samples --store graphkit-store  ·  "
    "graphkit ingest feed.jsonl --text-field body --date-field date --workers 2  ·  "
    "cat a.txt | graphkit ingest - --published 2024-05-01",
)
@handle
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or folders (txt, md, html, jsonl, csv); '-' for stdin"),
    ],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    model: ModelOpt = None,
    batch_size: Annotated[
        int, typer.Option(help="Articles per store transaction (a crash loses at most one)")
    ] = 32,
    workers: Annotated[
        int, typer.Option(help="Extraction processes (each loads the model once)")
    ] = 1,
    force: Annotated[bool, typer.Option(help="Re-extract articles already in the store")] = False,
    include_removed: Annotated[
        bool, typer.Option(help="Bring back articles retracted with 'graphkit remove'")
    ] = False,
    glob: Annotated[
        str | None, typer.Option(help="Only files matching this pattern in folders, e.g. '*.txt'")
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL/CSV field holding the text")] = "text",
    id_field: Annotated[str | None, typer.Option(help="JSONL/CSV field with your own id")] = None,
    title_field: Annotated[str, typer.Option(help="JSONL/CSV field with the title")] = "title",
    date_field: Annotated[
        str, typer.Option(help="JSONL/CSV field with the publication date")
    ] = "published",
    url_field: Annotated[str, typer.Option(help="JSONL/CSV field with the URL")] = "url",
    publisher_field: Annotated[
        str, typer.Option(help="JSONL/CSV field with the publisher")
    ] = "publisher",
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one")
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="Expected language ('any' disables the check)")
    ] = "en",
    stdin_format: Annotated[
        str, typer.Option(help="How '-' is read: txt, md, html, jsonl, json or csv")
    ] = "txt",
    failures: Annotated[
        str | None,
        typer.Option(
            "--failures",
            help="Write failures here as JSONL (source, line, kind, reason) "
            "(default: STORE/failures.jsonl; none with --neo4j)",
        ),
    ] = None,
    aliases: Annotated[
        list[str] | None, typer.Option("--aliases", help="Extra gazetteer file(s) (TSV)")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress; only the final summary")
    ] = False,
    cluster: Annotated[
        str | None, typer.Option(help="Extract on this Dask scheduler (tcp://HOST:PORT)")
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(help="With --cluster: triples directory shared with the workers (or s3://…)"),
    ] = None,
) -> None:
    """Extract articles and load their triples into the store (skips what is already there).

    Re-running the same command skips what is done, so an interrupted run (Ctrl-C, a crash)
    is finished by running it again. Bad inputs are listed at the end and written to the
    failures file; the exit code is 2 if anything failed, 130 if interrupted, else 0.
    """
    import time

    from graphkit.ingest import ReadOptions
    from graphkit.pipeline import IngestInterrupted, write_failures
    from graphkit.pipeline import ingest as run_ingest

    opts = ReadOptions(
        text_field=text_field,
        id_field=id_field,
        title_field=title_field or None,
        date_field=date_field or None,
        url_field=url_field or None,
        publisher_field=publisher_field or None,
        published=published,
        glob=glob,
        lang=None if lang in (None, "", "any") else lang,
        stdin_format=stdin_format,
    )
    settings = _settings(model, None, aliases)
    if bool(cluster) != bool(out):
        raise InputError("--cluster and --out go together (--out: storage the workers share)")
    started = time.perf_counter()
    with _open(store, neo4j, create=True, database=database) as st:
        where = getattr(st, "path", None) or neo4j
        if failures is None and getattr(st, "path", None) is not None:
            failures = str(Path(st.path) / "failures.jsonl")
        progress = _progress_printer(quiet)
        try:
            if cluster:
                from graphkit.distributed import ingest_cluster

                report = ingest_cluster(
                    paths,
                    st,
                    scheduler=cluster,
                    out=out,
                    settings=settings,
                    options=opts,
                    partition_size=batch_size,
                    force=force,
                    include_removed=include_removed,
                    progress=progress,
                )
                if failures:
                    write_failures(failures, report.failures)
                    report.failures_path = failures
            else:
                report = run_ingest(
                    paths,
                    st,
                    settings=settings,
                    options=opts,
                    batch_size=batch_size,
                    workers=workers,
                    force=force,
                    include_removed=include_removed,
                    failures_path=failures,
                    progress=progress,
                )
        except IngestInterrupted as exc:
            report = exc.report
        finally:
            progress("done", 0)
    if not report.seconds:
        report.seconds = time.perf_counter() - started
    typer.echo(f"{report.summary()} → {where}", err=True)
    for note in report.notes:
        typer.echo(f"graphkit: note: {note}", err=True)
    for f in report.failures[:MAX_LISTED_FAILURES]:
        err(str(f))
    if report.failed > MAX_LISTED_FAILURES:
        more = f" (all in {report.failures_path})" if report.failures_path else ""
        err(f"… and {report.failed - MAX_LISTED_FAILURES} more failure(s){more}")
    if report.interrupted:
        raise typer.Exit(130)
    if report.failures:
        raise typer.Exit(2)


#: failures listed on stderr at the end of ``ingest`` (all of them are in the failures file)
MAX_LISTED_FAILURES = 50


def _progress_printer(quiet: bool, *, interval: float = 10.0):
    """A ``progress(event, n)`` callback for :func:`graphkit.pipeline.ingest`.

    On a terminal: a rich bar on stderr (articles/s, failures so far, ETA when the number of
    inputs is known). Not on a terminal: a plain line every ``interval`` seconds. ``quiet``:
    nothing. ``progress("done", 0)`` ends the display.
    """
    import time

    counts = {"total": 0, "read": 0, "loaded": 0, "skipped": 0, "failed": 0}
    known = {"total": False}
    t0 = time.monotonic()

    def count(event: str, n: int) -> None:
        if event == "total":
            counts["total"], known["total"] = n, True
        elif event in counts:
            counts[event] += n

    def line() -> str:
        done = counts["loaded"] + counts["skipped"] + counts["failed"]
        of = f"/{max(counts['total'], done)}" if known["total"] else ""
        rate = counts["loaded"] / max(time.monotonic() - t0, 1e-9)
        return (
            f"ingest: {done}{of} done — {counts['loaded']} loaded, {counts['skipped']} skipped, "
            f"{counts['failed']} failed; {rate:.1f} articles/s"
        )

    if quiet:
        return lambda event, n=1: None
    if not sys.stderr.isatty():
        last = [t0]

        def plain(event: str, n: int = 1) -> None:
            count(event, n)
            now = time.monotonic()
            if event != "done" and now - last[0] >= interval:
                last[0] = now
                typer.echo(line(), err=True)

        return plain
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    prog = Progress(
        TextColumn("[bold]ingest[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles · {task.fields[rate]:.1f}/s · failed {task.fields[failed]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = prog.add_task("ingest", total=None, rate=0.0, failed=0)
    prog.start()

    def update(event: str, n: int = 1) -> None:
        if event == "done":
            prog.stop()
            return
        count(event, n)
        done = counts["loaded"] + counts["skipped"] + counts["failed"]
        total = max(counts["total"], done) if known["total"] else None
        rate = counts["loaded"] / max(time.monotonic() - t0, 1e-9)
        prog.update(task, total=total, completed=done, rate=rate, failed=counts["failed"])

    return update


@app.command(epilog="Example: graphkit load triples.jsonl --store graphkit-store")
@handle
def load(
    files: Annotated[
        list[str],
        typer.Argument(help="Triples JSONL files (the 'graphkit extract' contract); '-' for stdin"),
    ],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Load triples made earlier (or by another tool), validated line by line."""
    from graphkit.triples import load_triples

    with _open(store, neo4j, create=True, database=database) as st:
        report, problems = load_triples(files, st)
    typer.echo(
        f"loaded {report.loaded} article(s), {report.triples} triple(s); {len(problems)} bad line(s)",
        err=True,
    )
    for p in problems:
        err(p)
    if problems:
        raise typer.Exit(2)


def _param_usage(p) -> str:
    """How a query parameter is written on the command line (for ``--list``)."""
    if p.required:
        return f"{p.name.upper()} {p.name.upper()} [...]" if p.kind is list else p.name.upper()
    opt = f"--{p.name.replace('_', '-')}"
    if p.kind is bool:
        return f"[{opt}]"
    meta = "|".join(p.choices) if p.choices else {int: "N", float: "X"}.get(p.kind, "TEXT")
    return f"[{opt} {meta}]"


def _query_list(fmt: str = "table") -> None:
    from graphkit.queries import QUERIES

    rows = []
    for spec in sorted(QUERIES.values(), key=lambda s: s.name):
        rows.append(
            {
                "query": spec.name,
                "parameters": " ".join(_param_usage(p) for p in spec.params),
                "description": spec.description,
            }
        )
    print_rows(rows, fmt, title="stock queries (graphkit query NAME ARGS --store DIR)")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog="Examples: graphkit query neighbors 'Elon Musk'  ·  graphkit query path 'Tucker Carlson' Musk --format json  ·  graphkit query --list",
)
@handle
def query(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Stock query name (see --list)")] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the stock queries and their parameters")
    ] = False,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    format: FormatOpt = "table",  # noqa: A002
) -> None:
    """Run a stock query: ARGS are its positional parameters, --opt VALUE its options."""
    from graphkit.queries import QUERIES, run

    if list_ or name is None:
        _query_list(format)
        return
    spec = QUERIES.get(name)
    if spec is None:
        raise QueryError(
            f"unknown query {name!r}; known: {', '.join(sorted(QUERIES))} (graphkit query --list)"
        )
    params = _parse_query_args(spec, list(ctx.args))
    pageable = {"limit", "offset"} <= {p.name for p in spec.params}
    if pageable and format.lower() == "table" and params.get("limit") is None:
        params["limit"] = TABLE_PAGE  # a terminal gets one page; JSON/CSV get every row
    with _open(store, neo4j, create=False, database=database) as st:
        rows = run(name, st, **params)
    # tables show the readable columns; JSON and CSV keep every key (keys, ids, offsets)
    cols = list(spec.columns) if format.lower() == "table" and spec.columns else None
    print_rows(rows, format, title=name, columns=cols)
    total = getattr(rows, "total", None)
    first = params.get("offset") or 0
    if pageable and total is not None and (first or first + len(rows) < total):
        more = f"; next page: --offset {first + len(rows)}" if first + len(rows) < total else ""
        err_note = (
            f"rows {first + 1}–{first + len(rows)} of {total} (truncated{more};"
            f" page size: --limit N; every row: --format json or csv)"
            if rows
            else f"no rows from offset {first}: there are {total}"
        )
        typer.echo(f"graphkit: {err_note}", err=True)


def _parse_query_args(spec, args: list[str]) -> dict:
    """Positional ARGS fill the required parameters in order; ``--name value`` the others."""
    params: dict[str, Any] = {}
    by_opt = {f"--{p.name.replace('_', '-')}": p for p in spec.params}
    positional = [p for p in spec.params if p.required]
    extra: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--"):
            opt, _, val = a.partition("=")
            p = by_opt.get(opt)
            if p is None:
                raise QueryError(f"query {spec.name!r} has no option {opt}")
            if p.kind is bool and not val:
                params[p.name] = True
            else:
                if not val:
                    i += 1
                    if i >= len(args):
                        raise QueryError(f"{opt} needs a value")
                    val = args[i]
                params[p.name] = _convert(p, val)
        else:
            extra.append(a)
        i += 1
    # a variadic first parameter (e.g. common A B C …) takes every positional argument
    if len(positional) == 1 and positional[0].kind is list:
        params[positional[0].name] = extra
        return params
    if len(extra) > len(positional):
        raise QueryError(
            f"query {spec.name!r} takes {len(positional)} argument(s): {' '.join(p.name.upper() for p in positional)}"
        )
    for p, v in zip(positional, extra):
        params[p.name] = _convert(p, v)
    return params


def _convert(p, val: str):
    if p.kind in (int, float):
        try:
            return p.kind(val)
        except ValueError:
            what = "a whole number" if p.kind is int else "a number"
            raise QueryError(f"--{p.name.replace('_', '-')} needs {what}, got {val!r}") from None
    if p.kind is bool:
        return val.lower() in ("1", "true", "yes", "y")
    if p.kind is list:
        return [v for v in val.split(",") if v]
    return val


@app.command(epilog="Example: graphkit stats --store graphkit-store --format json")
@handle
def stats(
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    format: FormatOpt = "table",  # noqa: A002
) -> None:
    """Counts of articles, entities (by type), links (by relation) and evidence."""
    with _open(store, neo4j, create=False, database=database) as st:
        s = st.stats()
    if format == "json":
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    rows = [{"what": k, "count": v} for k, v in s.items() if not isinstance(v, dict)]
    for k, v in s.items():
        if isinstance(v, dict):
            rows += [{"what": f"{k}.{kk}", "count": vv} for kk, vv in v.items()]
    print_rows(rows, format, title="graphkit store")


def _filters(focus, depth, types, relations, min_weight, since, limit) -> dict:
    return {
        "focus": focus,
        "depth": depth,
        "types": [t for x in (types or []) for t in x.split(",") if t] or None,
        "relations": [r for x in (relations or []) for r in x.split(",") if r] or None,
        "min_weight": min_weight,
        "since": since,
        "limit": limit,
    }


FocusOpt = Annotated[str | None, typer.Option(help="Draw the ego network of this entity")]
DepthOpt = Annotated[int, typer.Option(help="Hops around --focus")]
TypesOpt = Annotated[
    list[str] | None, typer.Option("--types", help="Entity types to keep (PERSON,ORG,GPE)")
]
RelationsOpt = Annotated[
    list[str] | None, typer.Option("--relations", help="Relation types to keep")
]
MinWeightOpt = Annotated[
    int, typer.Option(help="Keep links with at least this many independent sources")
]
SinceOpt = Annotated[
    str | None, typer.Option(help="Keep evidence published (or dated) on/after YYYY-MM-DD")
]
LimitOpt = Annotated[
    int, typer.Option(help="Keep the N best-connected entities (most link weight)")
]


@export_app.command(
    "html",
    epilog="Example: graphkit export html --store graphkit-store -o map.html --focus 'Elon Musk' --depth 2",
)
@handle
def export_html(
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file to write")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    database: DatabaseOpt = None,
    title: Annotated[str | None, typer.Option(help="Page title")] = None,
    focus: FocusOpt = None,
    depth: DepthOpt = 1,
    types: TypesOpt = None,
    relations: RelationsOpt = None,
    min_weight: MinWeightOpt = 1,
    since: SinceOpt = None,
    limit: LimitOpt = 300,
    size_by: Annotated[
        str, typer.Option("--size-by", help="Node size follows 'degree' (links) or 'mentions'")
    ] = "degree",
    physics: Annotated[
        bool | None,
        typer.Option(
            "--physics/--no-physics",
            help="Start with the force layout on/off [default: on up to 300 entities]",
        ),
    ] = None,
) -> None:
    """An interactive, self-contained relationship map (works offline; safe to share)."""
    from graphkit.export.html import check_size_by
    from graphkit.export.maps import export_html as run_export

    check_size_by(size_by)

    with _open(store, neo4j, create=False, database=database) as st:
        G = st.graph()
        source = str(getattr(st, "path", "") or neo4j)
    path, n, e = run_export(
        G,
        out,
        title=title,
        source=source,
        size_by=size_by,
        physics=physics,
        **_filters(focus, depth, types, relations, min_weight, since, limit),
    )
    typer.echo(f"wrote {path} ({n} entities, {e} links)")


FILE_EXPORTS = (
    (
        "graphml",
        "GraphML for Gephi, yEd, Cytoscape (same filters as the map).",
        "graphkit export graphml --store graphkit-store -o graph.graphml",
        "GraphML file to write",
    ),
    (
        "gexf",
        "GEXF for Gephi (same filters as the map).",
        "graphkit export gexf --store graphkit-store -o graph.gexf",
        "GEXF file to write",
    ),
    (
        "csv",
        "nodes.csv + edges.csv (one row per link, evidence count and first sentence).",
        "graphkit export csv --store graphkit-store -o out/ (writes nodes.csv, edges.csv)",
        "Directory for nodes.csv and edges.csv",
    ),
    (
        "jsonl",
        "Triples JSONL in the extract contract (re-loadable with 'graphkit load').",
        "graphkit export jsonl --store graphkit-store -o triples.jsonl",
        "Triples JSONL (the extract contract), one line per evidence",
    ),
)


def _register_file_export(kind: str, doc: str, example: str, out_help: str) -> None:
    """One ``graphkit export KIND`` command: the map's filters, a file for other tools."""

    def command(
        out: Path,
        store: StoreOpt = None,
        neo4j: Neo4jOpt = None,
        database: DatabaseOpt = None,
        focus: FocusOpt = None,
        depth: DepthOpt = 1,
        types: TypesOpt = None,
        relations: RelationsOpt = None,
        min_weight: MinWeightOpt = 1,
        since: SinceOpt = None,
        limit: Annotated[
            int | None, typer.Option(help="Keep the N best-connected entities (most link weight)")
        ] = None,
    ) -> None:
        filters = _filters(focus, depth, types, relations, min_weight, since, limit)
        _file_export(kind, out, store, neo4j, database, filters)

    command.__name__ = f"export_{kind}"
    # the help text differs per kind, so the annotation is an object, not a string to evaluate
    command.__annotations__["out"] = Annotated[Path, typer.Option("-o", "--out", help=out_help)]
    export_app.command(kind, help=doc, epilog=f"Example: {example}")(handle(command))


for _spec in FILE_EXPORTS:
    _register_file_export(*_spec)


def _file_export(kind, out, store, neo4j, database, filters) -> None:
    from graphkit.export.files import write_export
    from graphkit.export.maps import select

    with _open(store, neo4j, create=False, database=database) as st:
        G = st.graph()
    H = select(G, **filters)
    paths = write_export(kind, H, out)
    typer.echo(
        f"wrote {', '.join(str(p) for p in paths)} ({H.number_of_nodes()} entities, {H.number_of_edges()} links)"
    )


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"graphkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version"
        ),
    ] = False,
) -> None:
    """graphkit: who is linked to whom in the news, with the sentence that says so."""


def main() -> None:  # console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


# Command groups defined in their own modules register themselves on ``app`` when imported.
def _register_extensions() -> None:
    import importlib
    import pkgutil

    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{mod}")


_register_extensions()
