"""Exports of a graph: the interactive HTML relationship map (:mod:`graphkit.export.html`).

The submodules take plain lists of node and edge dicts, so they do not depend on a store backend.
"""

from __future__ import annotations
