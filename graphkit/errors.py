"""The error hierarchy: the library raises only these (and lets programming errors surface).

The CLI turns any :class:`GraphkitError` into one line on stderr and a non-zero exit code
(``exit_code`` below).
"""

from __future__ import annotations


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""

    exit_code = 1


class InputError(GraphkitError):
    """An input file or record cannot be read or is not an article/triple."""

    exit_code = 2


class ConfigError(GraphkitError):
    """A setting, a data file (vocabulary, label map, aliases) or a model is missing or invalid."""

    exit_code = 3


class ModelNotFoundError(ConfigError):
    """The spaCy model named in the settings is not installed."""


class StoreError(GraphkitError):
    """The store cannot be opened, read or written."""

    exit_code = 4


class BackendUnavailableError(StoreError):
    """A server backend (Neo4j) cannot be reached or refused the credentials."""


class QueryError(GraphkitError):
    """A query name, parameter or entity is unknown."""

    exit_code = 5


class EntityNotFoundError(QueryError):
    """No entity matches a name; ``suggestions`` holds the nearest known names."""

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"no entity named {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)
