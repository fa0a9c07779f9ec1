"""graphkit: a knowledge-graph builder for people, organisations and their links in news."""

from __future__ import annotations

__version__ = "0.1.0"

from graphkit.errors import GraphkitError  # noqa: E402
from graphkit.model import Article, Entity, Evidence, Triple  # noqa: E402

__all__ = ["Article", "Entity", "Evidence", "GraphkitError", "Triple", "__version__", "load_graph"]


def load_graph(store_dir):
    """Return the embedded store at ``store_dir`` as a :class:`networkx.MultiDiGraph`.

    Nodes are entity keys with ``name``, ``type``, ``aliases``; edges are keyed by relation
    type and carry ``evidence`` (a list of dicts), ``weight`` (independent articles),
    ``predicates``, ``first_seen``/``last_seen`` and ``contested``.
    """
    from graphkit.store.embedded import EmbeddedStore

    with EmbeddedStore(store_dir, create=False) as store:
        return store.graph()
