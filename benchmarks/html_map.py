"""Benchmark of the interactive relationship map (graphkit.export.html).

For synthetic graphs of 500, 2,000 and 5,000 nodes (1.5 edges per node) it measures:

* the Python export time of :func:`graphkit.export.html.write_map` (layout included) and of
  :func:`~graphkit.export.html.layout_positions` alone;
* the store→map path: the same graph built as a store graph (a ``networkx.MultiDiGraph``
  made by :func:`graphkit.store.graph.build_graph`, as ``graphkit.load_graph`` returns it) and
  exported with :func:`graphkit.export.maps.export_html` (filters, node/edge lists, layout,
  page; ``limit=None`` so every entity is drawn), and that page's time to interactive;
* the time from navigation until ``document.body.dataset.ready == "1"`` (network drawn and
  interactive) in headless Chromium (/usr/bin/chromium), the page loaded from file:// with
  every other request aborted;
* the baseline in the same process: pyvis 0.3.2's stock ``Network.write_html`` on the same
  graph (built with :func:`~graphkit.export.html.to_pyvis`), and, for reference, the time
  pyvis's own ``add_node``/``add_edge`` take to build it.

Goal: a 2,000-node map interactive in at most 5 s.

Run: ``python benchmarks/html_map.py [--sizes 500 2000 5000] [--no-browser]``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import statistics
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from graphkit.export.html import layout_positions, to_pyvis, write_map
from graphkit.export.maps import export_html
from graphkit.store.graph import build_graph

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TYPES = ("PERSON", "ORG", "GPE")
RELATIONS = ("IN_CONTACT_WITH", "MET_WITH", "CRITICIZED", "FUNDED", "EMPLOYEE_OF", "LEADER_OF")


def synthetic_graph(n: int, seed: int = 11) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return ``n`` nodes and ``1.5 n`` edges with preferential attachment (news-like hubs).

    Parameters
    ----------
    n
        Number of nodes.
    seed
        Random seed.

    Returns
    -------
    tuple of list of dict
        Nodes and edges in the form :func:`graphkit.export.html.render_map` takes.
    """
    rng = random.Random(seed)
    targets: list[int] = [0]
    edges = []
    for k in range(int(1.5 * n)):
        a = rng.randrange(1, n)
        b = rng.choice(targets) if rng.random() < 0.7 else rng.randrange(n)
        if a == b:
            b = (a + 1) % n
        targets.extend((a, b))
        edges.append(
            {
                "id": f"e{k}",
                "from": f"N:{a}",
                "to": f"N:{b}",
                "relation": RELATIONS[k % len(RELATIONS)],
                "predicates": ["meet"],
                "weight": 1 + k % 3,
                "contested": k % 40 == 0,
                "denied_by": ["Someone"] if k % 40 == 0 else [],
                "evidence": [
                    {
                        "sentence": f"Entity {a} met Entity {b} in the capital on Tuesday, "
                        "according to people familiar with the matter.",
                        "title": f"Article {k}",
                        "published": "2024-10-24",
                        "doc_id": f"sha256:{k:064x}",
                        "path": f"data/{k}.txt",
                        "url": None,
                        "attributed_to": None,
                        "denied_by": None,
                        "negated": False,
                    }
                ],
            }
        )
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["from"], e["to"]):
            degree[end] = degree.get(end, 0) + 1
    nodes = [
        {
            "id": f"N:{i}",
            "label": f"Entity {i}",
            "type": TYPES[i % 3],
            "aliases": [],
            "articles": 1,
            "mentions": 2,
            "degree": degree.get(f"N:{i}", 0),
        }
        for i in range(n)
    ]
    return nodes, edges


SYMMETRIC = frozenset({"IN_CONTACT_WITH", "MET_WITH"})


def synthetic_store_graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Any:
    """The same graph as a store graph: entities + evidence rows through ``build_graph``.

    Evidence rows repeating a (subject, relation, object) merge into one link, as in a store.
    """
    entities = [
        {
            "key": n["id"],
            "name": n["label"],
            "type": n["type"],
            "aliases": n["aliases"],
            "articles": n["articles"],
            "mentions": n["mentions"],
        }
        for n in nodes
    ]
    rows = []
    for e in edges:
        ev = e["evidence"][0]
        rows.append(
            {
                **ev,
                "subj_key": e["from"],
                "obj_key": e["to"],
                "relation": e["relation"],
                "subject": e["from"],
                "object": e["to"],
                "predicate": e["predicates"][0],
                "char_start": 0,
                "char_end": len(ev["sentence"]),
                "denied_by": e["denied_by"][0] if e["denied_by"] else None,
                "confidence": 0.8,
            }
        )
    return build_graph(entities, rows, SYMMETRIC)


def _timed(fn: Any, *args: Any, **kw: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - start, result


def pyvis_stock_build(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Any:
    """Build the same graph with pyvis's own ``add_node``/``add_edge`` (for reference)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    for n in nodes:
        net.add_node(n["id"], label=n["label"])
    for e in edges:
        net.add_edge(e["from"], e["to"], label=e["relation"])
    return net


def browser_ready_time(browser: Any, path: pathlib.Path) -> tuple[float, int]:
    """Seconds from navigation start to ``dataset.ready == "1"``, and blocked requests."""
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    # a selector wait: wait_for_function with a string needs eval, which the page's
    # Content-Security-Policy forbids
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=300_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed, len(blocked)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="Python timings: best of N")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)

    use_browser = not args.no_browser and os.path.exists(CHROMIUM)
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        pw_ctx = browser = None
        if use_browser:
            from playwright.sync_api import sync_playwright

            pw_ctx = sync_playwright().start()
            browser = pw_ctx.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                nodes, edges = synthetic_graph(n)
                out = tmp / f"map-{n}.html"
                t_layout = min(
                    _timed(layout_positions, nodes, edges)[0] for _ in range(args.repeat)
                )
                t_export = min(
                    _timed(write_map, out, nodes, edges, title=f"Synthetic {n}")[0]
                    for _ in range(args.repeat)
                )
                pos = layout_positions(nodes, edges)
                t_render = min(
                    _timed(write_map, tmp / "x.html", nodes, edges, title="x", positions=pos)[0]
                    for _ in range(args.repeat)
                )
                G = synthetic_store_graph(nodes, edges)
                store_out = tmp / f"store-map-{n}.html"
                t_store = min(
                    _timed(export_html, G, store_out, source="synthetic", limit=None)[0]
                    for _ in range(args.repeat)
                )
                t_stock_build, _ = _timed(pyvis_stock_build, nodes, edges)
                net = to_pyvis(nodes, edges, cdn_resources="remote")
                cwd = os.getcwd()
                os.chdir(tmp)  # pyvis may write a lib/ folder into the working directory
                try:
                    t_pyvis = min(
                        _timed(net.write_html, str(tmp / f"pyvis-{n}.html"))[0]
                        for _ in range(args.repeat)
                    )
                finally:
                    os.chdir(cwd)
                ready = blocked = store_ready = None
                if browser is not None:
                    runs = [browser_ready_time(browser, out) for _ in range(2)]
                    ready = statistics.median(r[0] for r in runs)
                    store_runs = [browser_ready_time(browser, store_out) for _ in range(2)]
                    store_ready = statistics.median(r[0] for r in store_runs)
                    blocked = max(r[1] for r in runs + store_runs)
                rows.append(
                    (
                        n,
                        len(edges),
                        t_layout,
                        t_export,
                        t_render,
                        t_pyvis,
                        t_stock_build,
                        ready,
                        blocked,
                        out.stat().st_size,
                        G.number_of_edges(),
                        t_store,
                        store_ready,
                    )
                )
                print(f"... {n} nodes done", file=sys.stderr, flush=True)
        finally:
            if browser is not None:
                browser.close()
            if pw_ctx is not None:
                pw_ctx.stop()

    head = (
        f"{'nodes':>6} {'edges':>6} {'layout s':>9} {'export s':>9} {'render s':>9} "
        f"{'pyvis s':>8} {'ratio':>7} {'pyvis build s':>13} {'ready s':>8} {'blocked':>7} "
        f"{'size MB':>8}"
    )
    print(head)
    print("-" * len(head))
    for n, m, t_lay, t_exp, t_ren, t_py, t_build, ready, blocked, size, *_ in rows:
        ready_s = f"{ready:8.2f}" if ready is not None else f"{'n/a':>8}"
        blocked_s = f"{blocked:7d}" if blocked is not None else f"{'n/a':>7}"
        print(
            f"{n:6d} {m:6d} {t_lay:9.3f} {t_exp:9.3f} {t_ren:9.3f} {t_py:8.3f} "
            f"{t_exp / t_py:6.1f}x "
            f"{t_build:13.3f} {ready_s} {blocked_s} {size / 1e6:8.2f}"
        )
    print(
        "\nexport = graphkit write_map (layout included, best of repeats); render = the same "
        "with positions given (no layout);\npyvis = stock "
        "Network.write_html of the same graph (baseline); ratio = export / pyvis;\n"
        "pyvis build = the graph built with pyvis add_node/add_edge; ready = navigation to "
        "document.body.dataset.ready == '1' in headless Chromium (median of 2)."
    )
    head = f"\n{'store→map':>10} {'nodes':>6} {'links':>6} {'export s':>9} {'ready s':>8} {'total s':>8}"
    print(head)
    print("-" * len(head.strip()))
    for n, *_, links, t_store, store_ready in rows:
        if store_ready is None:
            print(f"{'':>10} {n:6d} {links:6d} {t_store:9.3f} {'n/a':>8} {'n/a':>8}")
        else:
            total = t_store + store_ready
            print(f"{'':>10} {n:6d} {links:6d} {t_store:9.3f} {store_ready:8.2f} {total:8.2f}")
    print(
        "store→map = graphkit.export.maps.export_html on a store graph (select, lists, layout, "
        "page; limit=None),\nbest of repeats; ready as above; total = export + ready."
    )
    goal = [r for r in rows if r[0] == 2000 and r[7] is not None]
    if goal:
        verdict = "met" if goal[0][7] <= 5.0 else "NOT met"
        print(f"goal (2,000 nodes interactive <= 5 s): {verdict} ({goal[0][7]:.2f} s)")
        total = goal[0][11] + goal[0][12]
        verdict = "met" if total <= 5.0 else "NOT met"
        print(f"goal via the store (export + ready, 2,000 nodes <= 5 s): {verdict} ({total:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
