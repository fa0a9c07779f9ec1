"""Session-wide fixtures: one real spaCy pipeline, the sample article, stores in tmp dirs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.neo4j_fixtures import *  # noqa: F401,F403  (neo4j_server, neo4j_clean)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "musk-putin.txt"
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with graphkit's components (loaded once per session)."""
    from graphkit.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_triples(nlp, sample_text):
    from graphkit.extract import extract_article
    from graphkit.model import Article

    return extract_article(nlp, Article(sample_text, path=str(SAMPLE)))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        if CI:
            pytest.fail("CI=true but /usr/bin/chromium is missing (apt-get install chromium)")
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def corpus_records(nlp):
    """DocRecords of the sample article and the 16 Wikinews articles, extracted once."""
    from graphkit.extract import extract_article
    from graphkit.ingest import read_articles
    from graphkit.model import Article
    from graphkit.store.base import DocRecord

    paths = [str(SAMPLE), str(ROOT / "tests" / "fixtures" / "ingest" / "wikinews")]
    arts = [a for a in read_articles(paths) if isinstance(a, Article)]
    return [DocRecord.build(a, extract_article(nlp, a)) for a in arts]
