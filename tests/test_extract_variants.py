"""Protocol extraction on layout variants real protocols have: each text is the smallest
that shows one rule (page furniture, sub-headings, headings, attendance, header fields)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import NotAProtocol
from graph.ingest.attendance import is_organisation, parse_person
from graph.ingest.header_fields import header_date, place_value, split_diary, times
from graph.ingest.noise import is_page_number, remove_noise
from graph.ingest.protocol import parse_protocol
from graph.ingest.records import Meeting
from graph.ingest.text import SourceText

HEAD = """\
Protokoll
Beredningen för prov
Sammanträdesdatum
2024-03-05

Plats: Rådhuset

Beslutande
Anna Testsson (S), ordförande
Bo Provare (M)
"""


CLOSING = "Mötets avslutande\n\nOrdföranden avslutar mötet."


def _paragraph(*items: str, head: str = HEAD) -> Meeting:
    """A §-numbered protocol of the items, closed by one more paragraph."""
    texts = [*items, CLOSING]
    return parse_protocol(head + "".join(f"\n§ {n}\n\n{text}\n" for n, text in enumerate(texts, 1)))


def _people(meeting: Meeting) -> dict[str, list[str]]:
    return {a.name: a.roles for a in meeting.attendees}


def _kept(text: str) -> list[str]:
    return [ln.text for ln in remove_noise(SourceText(text).lines).lines if not ln.blank]


# --- page furniture ---------------------------------------------------------------------


def test_the_same_decision_in_three_items_is_not_page_furniture() -> None:
    items = [
        f"Rapport {n}\n\nBeredningens beslut\nBeredningen beslutar att lägga informationen om\n"
        f"ämne {n} till handlingarna."
        for n in ("ett", "två", "tre")
    ]
    m = _paragraph(*items)
    assert [i.title for i in m.items[:3]] == ["Rapport ett", "Rapport två", "Rapport tre"]
    assert [i.decision for i in m.items[:3]] == [
        f"Beredningen beslutar att lägga informationen om ämne {n} till handlingarna."
        for n in ("ett", "två", "tre")
    ]


def _paged(pages: list[str]) -> str:
    header = "Protokoll\nBeredningen för prov\nSammanträdesdatum\n2024-03-05\nSida {n} av {total}\n"
    return "".join(header.format(n=n, total=len(pages)) + page for n, page in enumerate(pages, 1))


def test_a_sub_heading_before_the_page_header_stays_with_its_item() -> None:
    text = _paged(
        [
            "Plats: Rådhuset\n\nBeslutande\nAnna Testsson (S), ordförande\n\n§ 1\n\nRapport ett\n"
            "\nBeslut\nBeredningen beslutar att godkänna rapporten.\n\nÄrendet\n",
            "Rapporten beskriver läget i länet.\n\n§ 2\n\nRapport två\n\nBeslut\n"
            "Beredningen beslutar att godkänna rapporten.\n\nÄrendet\n",
            "Rapporten beskriver läget i kommunerna.\n",
        ]
    )
    kept = _kept(text)
    assert kept.count("Ärendet") == 2 and kept.count("Sammanträdesdatum") == 1
    m = parse_protocol(text)
    assert [i.decision for i in m.items] == ["Beredningen beslutar att godkänna rapporten."] * 2
    assert m.items[1].text.endswith("Ärendet Rapporten beskriver läget i kommunerna.")


def test_the_same_item_lines_at_the_top_of_two_pages_stay() -> None:
    top = "Ärendet\nInformation lämnas av Anna Testsson, Region\nExempel.\n"
    text = _paged(
        [
            "Plats: Rådhuset\n\nBeslutande\nAnna Testsson (S), ordförande\n\n§ 1\n\nRapport ett\n"
            "\nBeslut\nBeredningen beslutar att godkänna rapporten.\n",
            f"{top}\n§ 2\n\nRapport två\n\nBeslut\nBeredningen beslutar att godkänna rapporten.\n",
            f"{top}\n§ 3\n\nMötets avslutande\n",
        ]
    )
    assert _kept(text).count("Information lämnas av Anna Testsson, Region") == 2
    m = parse_protocol(text)
    assert m.items[0].presenters == m.items[1].presenters == ["Anna Testsson"]


def test_a_long_letterhead_line_after_a_page_break_is_removed() -> None:
    letterhead = (
        "Samverkan för hälsa och välfärd\n\nEtt samarbete mellan kommunerna\n"
        "i Västra Götaland och Västra Götalandsregionen\n"
    )
    text = (
        f"{letterhead}\nProtokoll Testgruppen\nDatum och tid: 2024-03-05 kl. 9.00-11.00\n"
        "Ärenden: 1-2\n\n1. Rapport om läget\nGruppen beslutar att godkänna rapporten.\n\n"
        f"Signerat elektroniskt. Referensnummer: 123456SE\n\n{letterhead}\n"
        "2. Nästa möte\nNästa möte hålls i april.\n\nBilaga. Närvarolista\n\n"
        "Närvarande Testgruppen\nAnna Berg (s)  Göteborgs Stad, ordförande\n"
    )
    assert _kept(text).count("i Västra Götaland och Västra Götalandsregionen") == 1
    m = parse_protocol(text)
    assert [i.title for i in m.items] == ["Rapport om läget", "Nästa möte"]
    assert m.items[0].decision == "Gruppen beslutar att godkänna rapporten."
    assert m.organisation == "kommunerna i Västra Götaland och Västra Götalandsregionen"


def test_a_once_only_letterhead_naming_its_organisations_is_removed() -> None:
    text = (
        "Texten fortsätter och slutar mitt i en mening som bryts av\n"
        "Signatur Referensnummer: 12345AB\n\nEtt samarbete mellan kommunerna\n"
        "i Västra Götaland och Västra Götalandsregionen\n"
        "sidbrytningen och fortsätter här med en lång rad text.\n"
    )
    assert _kept(text) == [
        "Texten fortsätter och slutar mitt i en mening som bryts av",
        "sidbrytningen och fortsätter här med en lång rad text.",
    ]


def test_footers_and_headers_with_their_page_number_on_the_line_are_removed() -> None:
    text = (
        "Kommunstyrelsen 2024-03-05 1 (3)\nProtokoll\nKommunstyrelsen\nDatum: 2024-03-05\n\n"
        "Beslutande\nAnna Andersson (S), ordförande\n\n§ 1\nBudget\nBeslut\n"
        "Kommunstyrelsen beslutar att godkänna budgeten.\n\n"
        "Justerandes sign   Utdragsbestyrkande\n\x0cKommunstyrelsen 2024-03-05 2 (3)\n"
        "§ 2\nRapport\nBeslut\nKommunstyrelsen beslutar att godkänna rapporten.\n"
        "Justerandes sign   Utdragsbestyrkande\n\x0cKommunstyrelsen 2024-03-05 3 (3)\n"
        "§ 3\nAvslutning\nOrdföranden avslutar mötet.\n"
    )
    kept = _kept(text)
    assert kept.count("Kommunstyrelsen 2024-03-05 1 (3)") == 1
    assert not any(t.startswith("Kommunstyrelsen 2024-03-05 2") for t in kept)
    assert not any("Utdragsbestyrkande" in t for t in kept)
    m = parse_protocol(text)
    assert [i.text.split()[-1] for i in m.items] == ["budgeten.", "rapporten.", "mötet."]


def test_diary_numbers_under_each_paragraph_are_not_page_numbers() -> None:
    m = _paragraph(
        *(
            f"Dnr 2024/{n}\n\nRapport {n}\n\nBeslut\nBeredningen beslutar att godkänna."
            for n in (11, 12, 13)
        )
    )
    assert [i.title for i in m.items[:3]] == ["Rapport 11", "Rapport 12", "Rapport 13"]
    for n, item in zip((11, 12, 13), m.items[:3], strict=True):
        assert f"Dnr 2024/{n} Rapport {n}" in item.text


@pytest.mark.parametrize(
    ("line", "page"),
    [("Sida 2 av 10", True), ("2 (10)", True), ("- 3 -", True), ("2/10", True),
     ("2024/123", False), ("10 (2)", False)],
)  # fmt: skip
def test_page_numbers_are_not_diary_numbers(line: str, page: bool) -> None:
    assert is_page_number(line) is page


def test_a_header_repeated_after_form_feeds_is_removed_without_page_numbers() -> None:
    head = "Protokoll\nKommunstyrelsen\nSammanträdesdatum 2024-03-05\n"
    text = (
        f"{head}\nBeslutande\nAnna Andersson (S), ordförande\n\n§ 1\nBudget\nBeslut\n"
        "Kommunstyrelsen beslutar att godkänna budgeten.\n"
        f"\x0c{head}Beredningen informeras om budgeten och om läget\n"
        "i länet.\n\n§ 2\nAvslutning\nOrdföranden avslutar mötet.\n"
    )
    assert _kept(text).count("Sammanträdesdatum 2024-03-05") == 1
    m = parse_protocol(text)
    assert m.items[0].text.endswith(
        "budgeten. Beredningen informeras om budgeten och om läget i länet."
    )


# --- sub-headings and decisions ---------------------------------------------------------


def test_a_wrapped_decision_line_starting_with_handlingarna_continues_the_decision() -> None:
    m = _paragraph(
        "Rapport\n\nBeslut\nBeredningen beslutar att lägga informationen till\nhandlingarna.\n"
        "\nÄrendet\nRapporten beskriver läget."
    )
    assert m.items[0].decision == "Beredningen beslutar att lägga informationen till handlingarna."


def test_a_sub_heading_does_not_join_the_presenter_sentence() -> None:
    m = _paragraph(
        "Rapport\n\nBeslut\nBeredningen beslutar att godkänna rapporten.\n\n"
        "Ärendet\nOrdföranden föredrar ärendet."
    )
    assert _people(m) == {
        "Anna Testsson": ["ordförande", "föredragande"],
        "Bo Provare": ["ledamot"],
    }
    assert m.items[0].presenters == ["Anna Testsson"]


def test_a_role_or_title_before_a_presenter_is_not_part_of_the_name() -> None:
    head = HEAD + "\nÖvriga närvarande\nCia Ek, regiondirektör, Region Exempel\n"
    m = _paragraph(
        "Rapport\n\nOrdförande Anna Testsson föredrar ärendet. Regiondirektör Cia Ek informerar "
        "om läget.\nSammanfattning\nDan Gäst informerar om budgeten.\n\nBeslut\n"
        "Beredningen beslutar att godkänna rapporten.",
        head=head,
    )
    assert set(_people(m)) == {"Anna Testsson", "Bo Provare", "Cia Ek", "Dan Gäst"}
    assert m.items[0].presenters == ["Anna Testsson", "Cia Ek", "Dan Gäst"]


def test_decision_under_beslut_not_under_forslag_till_beslut() -> None:
    m = _paragraph(
        "Budget\n\nSammanfattning\nEkonomichefen redogör för budgeten.\n\nFörslag till beslut\n"
        "Beredningen föreslås godkänna budgeten.\n\nBeslut\n"
        "Beredningen beslutar att godkänna budgeten.\n\nBeslutsunderlag\nTjänsteskrivelse"
    )
    item = m.items[0]
    assert item.decision == "Beredningen beslutar att godkänna budgeten."
    assert [(d.kind, d.title) for d in item.documents] == [("beslutsunderlag", "Tjänsteskrivelse")]


def test_a_presenter_line_is_not_part_of_the_decision_paragraph() -> None:
    text = (
        "Protokoll Testgruppen\nDatum och tid: 2024-03-05 kl. 9.00-11.00\nÄrenden: 1-2\n\n"
        "1. Rapport om läget\nBeslutsärende\nFöredragande: Anna Berg, strateg, Region\n"
        "Exempel\nGruppen beslutar att godkänna rapporten.\n\n2. Nästa möte\nInga frågor.\n"
    )
    m = parse_protocol(text)
    assert m.items[0].decision == "Gruppen beslutar att godkänna rapporten."
    assert m.items[0].presenters == ["Anna Berg"]


def test_an_extract_of_one_paragraph_is_a_protocol() -> None:
    m = parse_protocol(
        HEAD + "\nProtokollsutdrag\n\n§ 12 Dnr 2024/123\n\nBudget 2025\n\nBeslut\n"
        "Beredningen beslutar att godkänna budgeten.\n"
    )
    assert m.layout == "paragraph"
    assert [(i.number, i.title, i.decision) for i in m.items] == [
        ("12", "Budget 2025", "Beredningen beslutar att godkänna budgeten.")
    ]


# --- the numbered layout ----------------------------------------------------------------

NUMBERED = """\
Protokoll Testgruppen
Dnr: ABC 12-2024
Datum och tid: 2024-03-05 kl. 9.00 -11.30
Plats: Teams
Ärenden: 1 - 2

1. Mötet öppnas
Ordföranden öppnar mötet.

2. Nästa möte
Informationsärende
Nästa möte hålls den 5 april. Gruppen noterar att
närvarande ledamöter informeras om tiden och att
frånvarande ledamöter får kallelse och att
övriga deltagare bjuds in.

Bilaga. Närvarolista

Närvarande Testgruppen
Anna Berg (s)  Västra Götalandsregionen, ordförande
Bo Provare (m)  Borås Stad, tjänstgörande ersättare
Frånvarande
Cia Ek (c)  Alingsås kommun
Övriga tjänstepersoner
Olle Lind  Vännäs kommun (§§ 1-2)
Eva Al, strateg, Vännäs kommun (ärende 2)
"""


def test_wrapped_lines_starting_with_list_words_do_not_start_the_annex() -> None:
    m = parse_protocol(NUMBERED)
    assert m.items[1].decision == (
        "Gruppen noterar att närvarande ledamöter informeras om tiden och att frånvarande "
        "ledamöter får kallelse och att övriga deltagare bjuds in."
    )
    assert len(m.attendees) == 5


def test_partial_attendance_by_paragraph_or_item_is_split_off() -> None:
    people = {a.name: a for a in parse_protocol(NUMBERED).attendees}
    assert (people["Olle Lind"].organisation, people["Olle Lind"].sections) == (
        "Vännäs kommun",
        (1, 2),
    )
    assert (people["Eva Al"].organisation, people["Eva Al"].sections) == ("Vännäs kommun", (2, 2))
    assert people["Olle Lind"].present and people["Eva Al"].present


def test_numbered_layout_attendance_with_reference_organisations() -> None:
    people = {a.name: a for a in parse_protocol(NUMBERED).attendees}
    assert people["Anna Berg"].organisation == "Västra Götalandsregionen"
    assert people["Bo Provare"].organisation == "Borås Stad"
    assert people["Bo Provare"].roles == ["tjänstgörande ersättare"]
    assert not people["Cia Ek"].present


def test_items_headed_arende_n() -> None:
    text = (
        "Protokoll Socialnämndens arbetsutskott\nSammanträdesdatum: 5 mars 2024\n"
        "Tid och plats: kl. 13.15–15.30, Socialkontoret, rum 3\nDnr: SN 2024/12\n\n"
        "Dagordning\n1. Val av justerare\n2. Information\n\n"
        "Närvarande ledamöter\nAnna Andersson (S), ordförande\nBertil Berg (M)\n"
        "Tjänstgörande ersättare\nCia Ceder (C)\n\n"
        "Ärende 1\nVal av justerare\nBertil Berg utses att justera protokollet.\n\n"
        "Ärende 2: Information om verksamheten\n"
        "Socialchef Dan Dahl informerar om verksamheten.\nArbetsutskottet noterar informationen.\n"
    )
    m = parse_protocol(text)
    assert m.layout == "numbered"
    assert (m.body, m.date, m.start_time, m.end_time) == (
        "Socialnämndens arbetsutskott",
        "2024-03-05",
        "13:15",
        "15:30",
    )
    assert m.place == "Socialkontoret, rum 3"
    assert [(i.number, i.title) for i in m.items] == [
        ("1", "Val av justerare"),
        ("2", "Information om verksamheten"),
    ]
    assert m.items[0].decision == "Bertil Berg utses att justera protokollet."
    assert m.items[1].presenters == ["Dan Dahl"]
    people = _people(m)
    assert people["Bertil Berg"] == ["ledamot", "justerare"]
    assert people["Cia Ceder"] == ["tjänstgörande ersättare"]
    assert "Dan Dahl" in people and len(people) == 4


# --- the §-numbered layout: attendance and headings ------------------------------------


def test_group_heading_named_by_the_reference_regions() -> None:
    head = HEAD.replace("Beslutande\n", "Beslutande\nVästra Götalandsregionen\n")
    head = head.replace("Bo Provare (M)\n", "Göteborgs Stad\nBo Provare (M)\n")
    m = _paragraph("Rapport\n\nBeslut\nBeredningen beslutar att godkänna rapporten.", head=head)
    assert m.organisation == "Västra Götalandsregionen och Göteborgs Stad"
    orgs = {a.name: a.organisation for a in m.attendees}
    assert orgs == {"Anna Testsson": "Västra Götalandsregionen", "Bo Provare": "Göteborgs Stad"}


def test_a_serving_substitute_is_not_also_a_member_in_either_layout() -> None:
    head = HEAD.replace("Bo Provare (M)", "Bo Provare (M), tjänstgörande ersättare")
    m = _paragraph("Rapport\n\nBeslut\nBeredningen beslutar att godkänna rapporten.", head=head)
    assert _people(m)["Bo Provare"] == ["tjänstgörande ersättare"]
    numbered = (
        "Protokoll Testgruppen\nDatum och tid: 2024-03-05 kl. 9.00-11.00\nÄrenden: 1-2\n\n"
        "Beslutande\nAnna Testsson (S), ordförande\nBo Provare (M), tjänstgörande ersättare\n"
        "Cia Ek (C)\n\n1. Rapport\nGruppen beslutar att godkänna rapporten.\n\n"
        "2. Nästa möte\nInga frågor.\n"
    )
    assert _people(parse_protocol(numbered)) == {
        "Anna Testsson": ["ordförande"],
        "Bo Provare": ["tjänstgörande ersättare"],
        "Cia Ek": ["ledamot"],
    }


def test_municipal_header_attendance_and_signatures() -> None:
    head = """\
SAMMANTRÄDESPROTOKOLL
Kommunstyrelsens arbetsutskott
Sammanträdesdatum 2024-03-05

Plats och tid Kommunhuset, sammanträdesrum Storsjön, kl. 09.00–12.00

Närvarande
Ledamöter
Anna Andersson (S), ordförande
Bertil Berg (M), 1:e vice ordförande
David Dahl (S), tjänstgörande ersättare för Erik Ek (S)
Ej tjänstgörande ersättare
Fia Fors (V)
Tjänstepersoner
Ida Ivarsson, sekreterare
Hans Holm, ekonomichef, §§ 1-2

Justerare
Bertil Berg

Justeringens plats och tid
Kommunhuset 2024-03-08

Underskrifter
Sekreterare
Ida Ivarsson
Paragrafer 1-2
Ordförande
Anna Andersson
"""
    m = _paragraph(
        "Dnr KS 2024/123\n\nBudgetuppföljning februari\n\nBeslut\n"
        "Arbetsutskottet beslutar att godkänna uppföljningen.",
        "Information om läget Dnr 2024/7\n\nBeslut\nInformationen noteras.",
        head=head,
    )
    assert (m.body, m.date, m.start_time, m.end_time) == (
        "Kommunstyrelsens arbetsutskott",
        "2024-03-05",
        "09:00",
        "12:00",
    )
    assert m.place == "Kommunhuset, sammanträdesrum Storsjön"
    assert [i.title for i in m.items[:2]] == ["Budgetuppföljning februari", "Information om läget"]
    people = {a.name: a for a in m.attendees}
    assert {n: a.roles for n, a in people.items()} == {
        "Anna Andersson": ["ordförande"],
        "Bertil Berg": ["vice ordförande", "justerare"],
        "David Dahl": ["tjänstgörande ersättare"],
        "Fia Fors": ["ersättare"],
        "Ida Ivarsson": ["övrig", "sekreterare"],
        "Hans Holm": ["övrig"],
    }
    assert people["David Dahl"].job_title is None and people["Hans Holm"].sections == (1, 2)


def test_inline_list_headings() -> None:
    head = HEAD + "\nSekreterare: Ida Ivarsson\nJusteras: Bo Provare\n"
    m = _paragraph("Rapport\n\nBeslut\nBeredningen beslutar att godkänna rapporten.", head=head)
    assert _people(m) == {
        "Anna Testsson": ["ordförande"],
        "Bo Provare": ["ledamot", "justerare"],
        "Ida Ivarsson": ["sekreterare"],
    }


def test_one_person_headings_give_back_the_list_they_interrupt() -> None:
    head = """\
Protokoll
Omsorgsnämnden
Sammanträdesdatum 2024-03-05

Beslutande
Ordförande
Anna Andersson (S)
Vice ordförande
Bertil Berg (M)
Ledamöter
Cecilia Carlsson (C)
David Dahl (L)

Ordförande: Anna Andersson
Sekreterare: Ida Ivarsson
Justerare
Cecilia Carlsson
"""
    m = _paragraph("Budget\n\nBeslut\nNämnden beslutar att godkänna budgeten.", head=head)
    assert _people(m) == {
        "Anna Andersson": ["ordförande"],
        "Bertil Berg": ["vice ordförande"],
        "Cecilia Carlsson": ["ledamot", "justerare"],
        "David Dahl": ["ledamot"],
        "Ida Ivarsson": ["sekreterare"],
    }


# --- header fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plats och tid Kommunhuset, kl. 09.00–12.00", ["09:00", "12:00"]),
        ("Tid: 9.00-12.00, ajournering 10.30-10.45", ["09:00", "12:00"]),
        ("Kommunhuset kl 9-12", ["09:00", "12:00"]),
        ("2022-12-16 kl. 8.30 -12.30", ["08:30", "12:30"]),
        ("kl. 13.15", ["13:15"]),
        ("Teams", []),
    ],
)
def test_times_of_a_header_field(text: str, expected: list[str]) -> None:
    assert times(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Plats och tid Kommunhuset, sammanträdesrum 2, kl. 09.00–12.00",
            "Kommunhuset, sammanträdesrum 2",
        ),
        ("Plats och tid: Stadshuset 2024-03-05 kl 13-15", "Stadshuset"),
        ("Tid och plats: kl. 13.15–15.30, Socialkontoret", "Socialkontoret"),
        ("Microsoft Teams", "Microsoft Teams"),
    ],
)
def test_place_of_a_header_field(text: str, expected: str) -> None:
    assert place_value(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2024-03-05", None, "2024-03-05"),
        ("Datum: 5 mars 2024", None, "2024-03-05"),
        ("tisdagen den 5 mars", 2024, "2024-03-05"),
        ("den 5/3", 2024, "2024-03-05"),
        ("5/3 2024", None, "2024-03-05"),
        ("den 5/3", None, None),
        ("den 31/2", 2024, None),
    ],
)
def test_dates_of_a_header_field(text: str, year: int | None, expected: str | None) -> None:
    found = header_date(text, year)
    assert (found.earliest.isoformat() if found else None) == expected


def test_a_day_and_month_date_takes_its_year_from_the_header() -> None:
    head = HEAD.replace(
        "Sammanträdesdatum\n2024-03-05\n", "Sammanträdesdatum den 5/3\nDnr 2023/45\n"
    )
    m = _paragraph("Rapport\n\nBeslut\nBeredningen beslutar att godkänna rapporten.", head=head)
    assert m.date is None  # the diary number's year is not the meeting's: no year, no date
    head = HEAD.replace("2024-03-05\n", "den 5/3 2024, kl. 10.00-11.30\n")
    m = _paragraph("Rapport\n\nBeslut\nBeredningen beslutar att godkänna rapporten.", head=head)
    assert (m.date, m.start_time, m.end_time) == ("2024-03-05", "10:00", "11:30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dnr 2024/123", ("", "2024/123")),
        ("Budget 2025 Dnr KS 2024/123", ("Budget 2025", "KS 2024/123")),
        ("Dnr: KS 2024-000123", ("", "KS 2024-000123")),
        ("Budgetuppföljning", ("Budgetuppföljning", None)),
    ],
)
def test_diary_numbers_are_split_off(text: str, expected: tuple[str, str | None]) -> None:
    assert split_diary(text) == expected


# --- people lines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "roles", "sections"),
    [
        (
            "David Dahl (S), tjänstgörande ersättare för Erik Ek (S)",
            ["tjänstgörande ersättare"],
            None,
        ),
        ("David Dahl (S), tjg. ers. för Erik Ek (S) §§ 1-3", ["tjänstgörande ersättare"], (1, 3)),
        ("David Dahl (S), ersättare i stället för Erik Ek", ["ersättare"], None),
        ("Eva Al (M), 2:e vice ordförande", ["vice ordförande"], None),
        ("Olle Lind, strateg (ärendena 3–5)", [], (3, 5)),
        ("Olle Lind, strateg (punkt 4)", [], (4, 4)),
    ],
)
def test_people_lines(line: str, roles: list[str], sections: tuple[int, int] | None) -> None:
    person = parse_person(line)
    assert person is not None
    assert (person.roles, person.sections, person.organisation) == (roles, sections, None)


def test_reference_organisations_without_the_usual_words() -> None:
    assert is_organisation("Västra Götalandsregionen") and is_organisation("Göteborgs Stad")
    assert not is_organisation("Västra Götaland") and not is_organisation("Anna Stad")
    person = parse_person("Anna Berg Västra Götalandsregionen")
    assert person is not None
    assert (person.name, person.organisation) == ("Anna Berg", "Västra Götalandsregionen")


# --- no garbage on odd variants ---------------------------------------------------------

_ODD = [
    "Protokoll\nStyrelsen\n\nNärvarande\n\n§ 1\nÄrendet\n\n§ 2\nBeslut\n",
    "Protokoll\n\n§ 1\n§ 2\n§ 3\n",
    "Beslutande\nÄrendet Beslut\nFörslag till beslut\n\n§ 1 Dnr\n\n§ 2 Dnr 2024/1\n",
    "Protokoll Gruppen\nDatum: den 5/3\nÄrenden: 1-2\n\nÄrende 1\n\nÄrende 2\n",
    "Närvarande\nSida 1 av 2\nJusterandes sign\n\x0c\x0c\n1. Ett\n2. Två\nÖvriga\n",
    "Protokoll\nX\nSammanträdesdatum\n2024-02-30\n\n§ 1\nBeslut\n§ 2\nBeslut\nhandlingarna.\n",
]


@pytest.mark.parametrize("text", _ODD)
def test_odd_variants_give_no_heading_words_as_people(text: str) -> None:
    m = parse_protocol(text)
    words = {"ärendet", "beslut", "förslag", "närvarande", "övriga", "sida", "justerandes"}
    for att in m.attendees:
        assert not words & {w.casefold() for w in att.name.split()}, att.name
    assert all(i.number.isdigit() for i in m.items)


_LINES = [
    "Protokoll", "Sammanträdesprotokoll", "Beredningen för prov", "Sammanträdesdatum",
    "2024-03-05", "den 5/3", "Plats och tid: Rådhuset kl. 9-12", "Sida 2 av 3", "2 (3)",
    "Justerandes sign  Utdragsbestyrkande", "Signerat. Referensnummer: 1SE", "\f",
    "Beslutande", "Närvarande", "Ledamöter", "Tjänstgörande ersättare", "Ersättare",
    "Frånvarande", "Övriga närvarande", "Sekreterare", "Justerare", "Ordförande",
    "Underskrifter", "Paragrafer 1-3", "Bilaga. Närvarolista", "Västra Götalandsregionen",
    "Anna Testsson (S), ordförande", "Bo Provare (M), tjänstgörande ersättare för Cia Ek (M)",
    "Olle Lind  Vännäs kommun (ärende 1-2)", "Dan Gäst, strateg, Region Exempel (§§ 1-2)",
    "§ 1", "§ 2 Dnr 2024/12", "§ 3", "1. Mötet öppnas", "2 Rapport", "Ärende 3",
    "Beslut", "Beredningens beslut", "Förslag till beslut", "Beslutsunderlag", "Ärendet",
    "Sammanfattning", "Beredningen beslutar att lägga informationen till", "handlingarna.",
    "Ordföranden föredrar ärendet.", "Ordförande Anna Testsson informerar om läget.",
    "Föredragande: Dan Gäst, strateg", "övriga frågor tas upp", "närvarande ledamöter",
    "i Västra Götaland och Västra Götalandsregionen", "Ett samarbete mellan kommunerna", "",
    "Protokoll Testgruppen", "Dnr: ABC 1-2024", "Datum och tid: den 3 oktober kl. 9.00 – 11.30",
    "Ärenden: 1-3", "Närvarande Testgruppen", "Frånvarande ledamöter", "Beslutsärende",
    "Anna Berg (s)  Borås Stad, ordförande", "Kalle Ek  Regional samverkanskoordinator",
    "Informationsärende", "Information", "3. Nästa möte Information", "Adjungerade", "Övriga",
    "Justerare: Bo Provare", "Hans Holm, ekonomichef, §§ 1-2",
]  # fmt: skip
_VOCABULARY = {
    "ärendet", "beslut", "förslag", "närvarande", "övriga", "sida", "justerandes", "protokoll",
    "ordförande", "ordföranden", "sammanfattning", "bilaga",
}  # fmt: skip


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=40))
def test_any_mix_of_protocol_lines_is_read_without_garbage(lines: list[str]) -> None:
    """Whatever the lines, the text is a protocol or clearly not one; what is read has
    no protocol vocabulary as a name and every item has its number."""
    try:
        m = parse_protocol("\n".join(lines))
    except NotAProtocol:
        return
    for att in m.attendees:
        assert not _VOCABULARY & {w.casefold() for w in att.name.split()}, att.name
        assert att.organisation is None or "§" not in att.organisation
        assert not is_organisation(att.name), att.name
    assert all(i.number.isdigit() for i in m.items)
    assert all("Sida" not in (i.decision or "") for i in m.items)
