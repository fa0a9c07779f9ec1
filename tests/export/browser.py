"""Helpers for the browser tests of the map: a page loaded offline, hover and click helpers."""

from __future__ import annotations

import pathlib
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "artifacts"


class Loaded:
    """A page loaded from file:// with every other request aborted and recorded.

    ``requests`` lists every non-``file:``/``data:`` URL the page tried to fetch, ``dialogs``
    every alert/confirm/prompt it opened, ``errors`` every uncaught exception or console error.
    """

    def __init__(self, browser: Any, path: pathlib.Path) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 860})
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )
        self.page.goto(path.resolve().as_uri())
        # a selector wait: string predicates need eval, which the page's CSP forbids
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def count(self, what: str) -> int:
        """Number of ``nodes`` or ``edges`` in the vis-network instance (``window.network``)."""
        return self.page.evaluate(f"window.network.body.data.{what}.length")

    def edge_point(self, edge_id: str) -> tuple[float, float]:
        """The page coordinates of the middle of an edge (on the curve for curved edges)."""
        xy = self.page.evaluate(
            """(id) => {
                const net = window.network;
                const e = net.body.data.edges.get(id);
                const p = net.getPositions([e.from, e.to]);
                let mid = {x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2};
                const inner = net.body.edges[id];
                if (inner && inner.edgeType && inner.edgeType.getPoint) {
                    const via = inner.edgeType.via || undefined;
                    mid = inner.edgeType.getPoint(0.5, via);
                }
                const d = net.canvasToDOM(mid);
                const r = document.getElementById('gk-network').getBoundingClientRect();
                return [d.x + r.left, d.y + r.top];
            }""",
            edge_id,
        )
        return xy[0], xy[1]

    def hover_edge(self, edge_id: str) -> str:
        """Move the mouse onto an edge and return the tooltip's text."""
        x, y = self.edge_point(edge_id)
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=6)
        self.page.wait_for_function(
            "document.getElementById('gk-tooltip').style.display === 'block'", timeout=5_000
        )
        return self.page.inner_text("#gk-tooltip")

    def stop_physics(self) -> None:
        """Switch the force layout off (with the page's own button) so nothing moves."""
        if self.page.evaluate("window.network.physics.options.enabled"):
            self.page.click("#gk-physics")
        self.page.wait_for_function("!window.network.physics.options.enabled")
        self.page.wait_for_timeout(200)
