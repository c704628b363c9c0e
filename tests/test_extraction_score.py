"""The extraction score of the bundled corpus against its hand annotations (≥ 0.95).

The summaries come from `govkg extract`'s own path (graph → SPARQL); the scoring is the
project's copy of the evaluation script, tests/score_extraction.py.
"""

from __future__ import annotations

import json

import pytest
from conftest import GOLD
from score_extraction import score

from graph.extract import extract_summary
from graph.settings import BUNDLED_CORPUS

MEETINGS = sorted(
    p for p in GOLD.glob("*.json") if "attendees" in json.loads(p.read_text(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    out = {}
    for gold_path in MEETINGS:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        predicted = extract_summary(BUNDLED_CORPUS / f"{gold_path.stem}.txt")
        out[gold_path.stem] = score(gold, predicted)["score"]
    return out


def test_the_mean_score_is_at_least_095(scores: dict[str, float]) -> None:
    assert len(scores) == 4
    assert sum(scores.values()) / len(scores) >= 0.95, scores


def test_no_document_scores_below_090(scores: dict[str, float]) -> None:
    assert min(scores.values()) >= 0.90, scores


def test_the_agreement_summary_matches_its_annotation() -> None:
    gold = json.loads((GOLD / "002_071f8ef2eb309a2e.json").read_text(encoding="utf-8"))
    summary = extract_summary(BUNDLED_CORPUS / "002_071f8ef2eb309a2e.txt")
    for key in ("title", "in_force_from", "notice_period_months", "review_interval_years"):
        assert summary[key] == gold[key]
    assert sorted(summary["parties"]) == sorted(gold["parties"])
    assert summary["signatories"] == gold["signatories"]
    assert summary["composition"] == gold["composition"]
    assert summary["rules"] == gold["rules"]
