"""Agreement extraction: an invented agreement, and the corpus agreement against gold."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.errors import NotAProtocol
from graph.ingest.agreement import looks_like_agreement, parse_agreement
from graph.ingest.records import AgreementDocument, Evidence
from graph.ingest.text import clean

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
GOLD = Path(__file__).resolve().parent / "data" / "gold"
AGREEMENT = "002_071f8ef2eb309a2e"
PROTOCOLS = [
    "000_637a59da20718680",
    "001_2733e1861fca9602",
    "003_86464d2b8093efa7",
    "004_42248f3b174e7d81",
]

INVENTED = """\
Avtal om samverkan för barn och unga
mellan kommunerna i Västernorrland och
Region Västernorrland

Bakgrund
Ledningsrådet för barn och unga inrättades våren 2019 och har sedan dess
mötts regelbundet.
Ledningsrådet ska stödja samverkan mellan socialnämnden och hälso-
och sjukvårdsnämnden.

Organisation
Ledningsrådet har följande sammansättning:
• Region Västernorrland utser tre ordinarie ledamöter ur hälso- och
sjukvårdsnämnden.

• Kommunerna utser sju ordinarie ledamöter från
kommunstyrelserna.
• Varje part utser ersättare för sina ledamöter.
• Ordförandeskapet ska rotera mellan parterna.
• Ledningsrådet sammanträder minst sex gånger per år.

Giltighet
Avtalet gäller från den 1 mars 2024. Avtalet gäller tills vidare med en
uppsägningstid av tolv månader. Avtalet ska följas upp årligen.


För Region Västernorrland        För Sundsvalls kommun

Anna Exempel                     Per Påhittad
Regionstyrelsens ordförande      Kommunstyrelsens ordförande
"""


def _read(stem: str) -> str:
    return (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")


def _assert_points_into(raw: str, evidence: Evidence) -> None:
    """The evidence offsets cover the quoted text in the raw document."""
    assert 0 <= evidence.start < evidence.end <= len(raw)
    assert clean(raw[evidence.start : evidence.end]) == clean(evidence.quote)


@pytest.fixture(scope="module")
def invented() -> AgreementDocument:
    return parse_agreement(INVENTED)


@pytest.fixture(scope="module")
def sample() -> AgreementDocument:
    return parse_agreement(_read(AGREEMENT))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((GOLD / f"{AGREEMENT}.json").read_text(encoding="utf-8"))


# --- an invented agreement -----------------------------------------------------------


def test_invented_title_and_parties(invented: AgreementDocument) -> None:
    assert invented.title == (
        "Avtal om samverkan för barn och unga mellan kommunerna i Västernorrland "
        "och Region Västernorrland"
    )
    assert invented.parties == ["Region Västernorrland", "Sundsvalls kommun"]
    _assert_points_into(INVENTED, invented.evidence)


def test_invented_signatories(invented: AgreementDocument) -> None:
    found = [(s.name, s.role, s.organisation) for s in invented.signatories]
    assert found == [
        ("Anna Exempel", "Regionstyrelsens ordförande", "Region Västernorrland"),
        ("Per Påhittad", "Kommunstyrelsens ordförande", "Sundsvalls kommun"),
    ]


def test_invented_terms(invented: AgreementDocument) -> None:
    assert invented.in_force_from is not None
    assert invented.in_force_from.exact == date(2024, 3, 1)
    assert invented.in_force_condition is None
    assert invented.until_further_notice is True
    assert invented.notice_period_months == 12
    assert invented.review_interval_years == 1
    assert invented.body_formed is not None
    assert invented.body_formed.earliest == date(2019, 1, 1)
    assert invented.body_formed.latest == date(2019, 6, 30)


def test_invented_field_evidence(invented: AgreementDocument) -> None:
    quotes = {key: e.quote for key, e in invented.field_evidence.items()}
    assert quotes["in_force_from"] == "Avtalet gäller från den 1 mars 2024."
    assert quotes["notice_period"] == (
        "Avtalet gäller tills vidare med en uppsägningstid av tolv månader."
    )
    assert quotes["review_interval"] == "Avtalet ska följas upp årligen."
    for evidence in invented.field_evidence.values():
        _assert_points_into(INVENTED, evidence)


def test_invented_bodies(invented: AgreementDocument) -> None:
    assert invented.governed_body == "Ledningsrådet för barn och unga"
    assert invented.bodies_mentioned == [
        "Ledningsrådet för barn och unga",
        "socialnämnden",
        "hälso- och sjukvårdsnämnden",
    ]


def test_invented_composition(invented: AgreementDocument) -> None:
    rows = [(r.appointing_party, r.seats, r.from_body) for r in invented.composition]
    assert rows == [
        ("Region Västernorrland", 3, "hälso- och sjukvårdsnämnden"),
        ("Kommunerna", 7, "kommunstyrelserna"),
    ]


def test_invented_rules(invented: AgreementDocument) -> None:
    kinds = [(r.kind, r.value) for r in invented.rules]
    assert kinds == [
        ("composition", None),
        ("composition", None),
        ("substitutes", None),
        ("alternation", None),
        ("meeting_frequency", 6),
    ]
    assert invented.rules[0].text == (
        "Region Västernorrland utser tre ordinarie ledamöter ur hälso- och sjukvårdsnämnden."
    )
    for rule in invented.rules:
        _assert_points_into(INVENTED, rule.evidence)


def _terms(sentence: str) -> AgreementDocument:
    text = f"Överenskommelse om samverkan\n\nVillkor\n{sentence}\n"
    return parse_agreement(text)


@pytest.mark.parametrize(
    ("sentence", "months"),
    [
        ("Avtalet har en uppsägningstid av tre månader.", 3),
        ("Uppsägningstiden är 18 månader.", 18),
        ("Uppsägningstiden är sex (6) månader.", 6),
        ("Avtalet kan sägas upp med en uppsägningstid av ett år.", 12),
    ],
)
def test_notice_period_forms(sentence: str, months: int) -> None:
    assert _terms(sentence).notice_period_months == months


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("Parterna ska följa upp avtalet varje år.", 1),
        ("Avtalet följs upp årligen.", 1),
        ("Överenskommelsen ska utvärderas vartannat år.", 2),
        ("Parterna ska följa upp överenskommelsen vart tredje år.", 3),
    ],
)
def test_review_interval_forms(sentence: str, years: int) -> None:
    assert _terms(sentence).review_interval_years == years


def test_condition_on_entry_into_force() -> None:
    doc = _terms(
        "Avtalet träder i kraft den 1 juli 2025 under förutsättning att det "
        "godkänts av samtliga parter."
    )
    assert doc.in_force_from is not None
    assert doc.in_force_from.exact == date(2025, 7, 1)
    assert doc.in_force_condition == ("under förutsättning att det godkänts av samtliga parter")


# --- what is and is not an agreement --------------------------------------------------


def test_the_corpus_agreement_is_recognised() -> None:
    assert looks_like_agreement(_read(AGREEMENT))
    assert looks_like_agreement(INVENTED)


@pytest.mark.parametrize("stem", PROTOCOLS)
def test_protocols_are_not_agreements(stem: str) -> None:
    raw = _read(stem)
    assert not looks_like_agreement(raw)
    with pytest.raises(NotAProtocol):
        parse_agreement(raw)


def test_other_text_is_refused_with_one_line() -> None:
    with pytest.raises(NotAProtocol) as caught:
        parse_agreement("Veckans meny\n\nMåndag: soppa.\n")
    assert "\n" not in str(caught.value)


# --- the corpus agreement against its gold annotation ---------------------------------


def test_sample_title_parties_and_terms(sample: AgreementDocument, gold: dict) -> None:
    assert sample.title == gold["title"]
    assert sample.parties == gold["parties"]
    assert sample.in_force_from is not None
    assert sample.in_force_from.exact == date.fromisoformat(gold["in_force_from"])
    assert sample.notice_period_months == gold["notice_period_months"]
    assert sample.review_interval_years == gold["review_interval_years"]
    assert sample.until_further_notice is True
    assert sample.in_force_condition is not None
    assert sample.in_force_condition.startswith("under förutsättning att")


def test_sample_signatories(sample: AgreementDocument, gold: dict) -> None:
    found = [
        {"name": s.name, "role": s.role, "organisation": s.organisation} for s in sample.signatories
    ]
    assert found == gold["signatories"]


def test_sample_bodies(sample: AgreementDocument, gold: dict) -> None:
    assert sample.bodies_mentioned == gold["bodies_mentioned"]
    assert sample.governed_body == gold["bodies_mentioned"][0]


def test_sample_composition(sample: AgreementDocument, gold: dict) -> None:
    rows = [
        {"appointing_party": r.appointing_party, "seats": r.seats, "from_body": r.from_body}
        for r in sample.composition
    ]
    assert rows == gold["composition"]


def test_sample_rules(sample: AgreementDocument, gold: dict) -> None:
    assert [r.text for r in sample.rules] == gold["rules"]
    frequency = [r for r in sample.rules if r.kind == "meeting_frequency"]
    assert [r.value for r in frequency] == [4]
    assert any(r.kind == "alternation" for r in sample.rules)


def test_sample_body_formed(sample: AgreementDocument) -> None:
    assert sample.body_formed is not None
    assert sample.body_formed.text == "hösten 2012"
    assert sample.body_formed.earliest.year == 2012


def test_sample_evidence(sample: AgreementDocument) -> None:
    raw = _read(AGREEMENT)
    expected = {"in_force_from", "notice_period", "review_interval", "governed_body", "parties"}
    assert set(sample.field_evidence) == expected
    _assert_points_into(raw, sample.evidence)
    for key in expected - {"parties"}:
        _assert_points_into(raw, sample.field_evidence[key])
    assert sample.field_evidence["review_interval"].quote == (
        "Parterna ska följa upp överenskommelsen vartannat år."
    )
    for rule in sample.rules:
        _assert_points_into(raw, rule.evidence)
