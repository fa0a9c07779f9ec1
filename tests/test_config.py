"""graphkit.config: the calibration table behind ``confidence``."""

from __future__ import annotations

import pytest

from graphkit.config import Calibration, Settings, load_confidence
from graphkit.errors import ConfigError
from graphkit.extract.relations import BASE_CONFIDENCE


def test_packaged_table_counts_and_covers_every_rule():
    cal = load_confidence()
    assert sum(c for c, _ in cal.counts.values()) == 361
    assert sum(j for _, j in cal.counts.values()) == 531
    # the table names only rules the extractor has, and every rule was judged at least once
    assert {r for r, _ in cal.counts} == set(BASE_CONFIDENCE)


def test_scores_follow_the_counts_and_shrink_small_cells():
    cal = Calibration(
        {
            ("title", "LEADER_OF"): (80, 90),
            ("title", "EMPLOYEE_OF"): (20, 40),
            ("svo", "RELATED_TO"): (10, 20),
            ("svo", "TOLD"): (2, 2),
        }
    )
    big, weak = cal.score("title", "LEADER_OF"), cal.score("title", "EMPLOYEE_OF")
    # (80 + 8 * 0.92) / 98 and (20 + 8 * 0.56) / 48: the prior is the title rule's rate (100/130)
    # times the type's (80/90 and 20/40) over the overall rate (112/152), each shrunk by 8
    assert (big, weak) == (0.89, 0.51)
    # 2/2 is not 1.0: the cell leans on its rule (svo: 12/22) and its type
    assert 0.5 < cal.score("svo", "TOLD") < 0.8
    # an unseen cell gets the product prior; an unknown rule and type the overall rate
    assert cal.score("unheard", "NEW") == round(cal.overall, 2)
    assert all(0 < cal.score(r, t) <= 0.95 for r, t in cal.counts)


def test_never_above_095():
    assert Calibration({("title", "LEADER_OF"): (500, 500)}).score("title", "LEADER_OF") == 0.95


@pytest.mark.parametrize(
    "body, message",
    [
        ("title\tLEADER_OF\t9\n", "expected RULE<tab>RELATION<tab>CORRECT<tab>JUDGED"),
        ("title\tLEADER_OF\tnine\t10\n", "expected RULE<tab>RELATION<tab>CORRECT<tab>JUDGED"),
        ("title\tLEADER_OF\t11\t10\n", "bad counts"),
        ("title\tleader of\t1\t2\n", "bad counts or relation type"),
    ],
)
def test_bad_table_is_a_clear_error(tmp_path, body, message):
    f = tmp_path / "confidence.tsv"
    f.write_text("# rule\trelation\tcorrect\tjudged\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as exc:
        load_confidence(f)
    assert "confidence.tsv:2" in str(exc.value)


def test_settings_use_the_packaged_table():
    assert Settings().confidence.counts == load_confidence().counts
