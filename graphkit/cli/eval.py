"""``graphkit eval``: precision / recall / F1 of the extractor against a gold set."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer

from graphkit.cli import ModelOpt, _settings, app, handle
from graphkit.errors import InputError

CORPUS_ENV = "GRAPHKIT_CORPUS"


def _pct(x: float) -> str:
    return f"{x:.3f}"


def _ci(score: dict, key: str) -> str:
    lo, hi = score["ci"].get(key, (None, None)) if score["ci"] else (None, None)
    return f"{lo:.2f}–{hi:.2f}" if lo is not None else ""


def _print_table(report: dict, *, errors: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False, width=max(120, Console().width))
    table = Table(
        title=f"graphkit eval: {report['paragraphs']} paragraphs "
        f"(bootstrap {report['bootstrap']['draws']} draws, seed {report['bootstrap']['seed']})",
        header_style="bold",
    )
    for col in ("relation", "gold", "pred", "tp", "P", "R", "F1", "P 95%", "R 95%", "F1 95%"):
        table.add_column(col, justify="left" if col == "relation" else "right", no_wrap=True)

    def row(name: str, s: dict, *, end: bool = False) -> None:
        table.add_row(
            name,
            str(s["gold"]),
            str(s["predicted"]),
            str(s["tp"]),
            _pct(s["precision"]),
            _pct(s["recall"]),
            _pct(s["f1"]),
            _ci(s, "precision"),
            _ci(s, "recall"),
            _ci(s, "f1"),
            end_section=end,
        )

    for rel, s in report["by_relation"].items():
        row(rel, s)
    if table.rows:
        table.rows[-1].end_section = True
    row("ALL (strict)", report["strict"])
    row("linked pair", report["linked_pair"])
    console.print(table)
    att = report["attribution_accuracy"]
    if att["of"]:
        console.print(
            f"attributed_to agrees on {att['agree']}/{att['of']} strict matches "
            f"({att['accuracy']:.3f})"
        )
    if report["standalone_paragraphs"]:
        console.print(
            f"[yellow]{report['standalone_paragraphs']} paragraph(s) extracted without their "
            f"article (source not found; use --corpus DIR)[/yellow]"
        )
    if errors:
        for e in report["errors"]:
            flags = " negated" if e["negated"] else ""
            flags += f" denied_by={e['denied_by']}" if e["denied_by"] else ""
            console.print(
                f"{e['kind'].upper()} {e['paragraph']}: {e['subject']} -{e['relation']}-> "
                f"{e['object']}{flags} ({e['predicate']})",
                markup=False,
                highlight=False,
            )


@app.command(
    "eval",
    epilog="Example: graphkit eval data/gold/dev.jsonl --corpus tests/fixtures/ingest",
)
@handle
def eval_command(
    gold: Annotated[str, typer.Argument(help="Gold paragraphs (JSONL, data/gold format)")],
    pred: Annotated[
        str | None,
        typer.Option("--pred", help="Triples JSONL to score (default: run the extractor)"),
    ] = None,
    corpus: Annotated[
        list[str] | None,
        typer.Option(
            "--corpus",
            help=f"Folder the gold 'source' paths are relative to (repeatable; also ${CORPUS_ENV})",
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",  # noqa: A002
    errors: Annotated[
        bool, typer.Option("--errors", help="List every false positive / negative")
    ] = False,
    model: ModelOpt = None,
    aliases: Annotated[
        list[str] | None, typer.Option("--aliases", help="Extra gazetteer file(s) (TSV)")
    ] = None,
    relations: Annotated[str | None, typer.Option(help="Relation vocabulary file (TSV)")] = None,
    draws: Annotated[int, typer.Option(help="Bootstrap resamples")] = 1000,
    seed: Annotated[int, typer.Option(help="Bootstrap random seed")] = 13,
    min_confidence: Annotated[
        float,
        typer.Option(help="Score only triples with at least this confidence (as extract does)"),
    ] = 0.0,
) -> None:
    """Score extraction on a gold set: P/R/F1 per relation type, overall and per linked pair."""
    from graphkit.evaluate import evaluate

    if format not in ("table", "json"):
        raise InputError(f"unknown format {format!r}: use table or json")
    if draws < 0:
        raise InputError("--draws must be >= 0")
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError("--min-confidence must be between 0 and 1")
    roots = list(corpus or [])
    if os.environ.get(CORPUS_ENV):
        roots += os.environ[CORPUS_ENV].split(os.pathsep)
    nlp = None
    if pred is None:
        from graphkit.nlp import load_pipeline

        nlp = load_pipeline(_settings(model, relations, aliases))
    report = evaluate(
        gold,
        nlp=nlp,
        pred_path=pred,
        roots=roots,
        draws=draws,
        seed=seed,
        min_confidence=min_confidence,
    )
    data = report.to_dict()
    if format == "json":
        if not errors:
            data.pop("errors")
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_table(data, errors=errors)
