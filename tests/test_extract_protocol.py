"""Protocol extraction: synthetic snippets of both layouts, and the bundled corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import InputError, NotAProtocol
from graph.ingest.attendance import is_organisation, looks_like_title, parse_person
from graph.ingest.noise import remove_noise
from graph.ingest.protocol import parse_protocol
from graph.ingest.text import SourceText

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
GOLD = ROOT / "tests" / "data" / "gold"

PARAGRAPH = """\
Protokoll
Gemensamma beredningen för test
Sammanträdesdatum
2024-02-14
Sida 1 av 3

Plats: Stadshuset, sal 2

Beslutande
Region Exempel

Anna Testsson (S), ordförande
Bertil Provare (M) § 3-4

Exempels kommuner

Cecilia Ulvsdotter, (c), Storby

Övriga närvarande

Doris Mall, utvecklingsstrateg, Region Exempel (§§
3-4)

Sekreterare

Erik Skrivare

Utsänd dagordning
1. Val av justerare
2. Rapport om hjälpmedel

§ 1

Val av
justerare

Beslut

Gemensamma beredningen beslutar att Cecilia Ulvs-
dotter justerar protokollet.

Protokoll
Gemensamma beredningen för test
Sammanträdesdatum
2024-02-14
Sida 2 av 3

§ 2

Rapport om hjälpmedel

Ordförande föredrar ärendet. Information lämnas av Doris Mall, Region Exempel.

Beslut

Gemensamma beredningen beslutar att lägga informationen till handlingarna.

Protokoll
Gemensamma beredningen för test
Sammanträdesdatum
2024-02-14
Sida 3 av 3

§ 3

Uppdrag om ny rutin

Gemensamma beredningen beslutar att ge Länsgruppen i uppdrag att ta fram en rutin.

§ 4

Mötets avslutande

Ordförande avslutar mötet.
"""

NUMBERED = """\
Protokoll Testgruppen
Norrby kommun
ordf. Testrådet

Dnr:  ABC 12-2024
Datum och tid: den 3 oktober kl. 9.00 – 11.30
Plats: Teams
Ärenden: 10-13

Närvarande ledamöter
Gun Exempel, ordförande
Hans Prov
Frånvarande ledamöter
Ivar Saknad  Söderby kommun

Övriga
Jenny Kontroll   Regional samverkanskoordinator

10 Mötet öppnas

Beslut

11 Val av justerare

Beslut
Hans Prov justerar protokollet tillsammans med ordförande.

Information

12 Lägesrapport

Jenny Kontroll och Kalle Gäst, region Exempel, informerar om läget.

Beslut
Informationen är delgiven.

Bilaga
Bildspel

13 Nästa möte hålls den 5 december Information
"""


def test_paragraph_header_and_items() -> None:
    m = parse_protocol(PARAGRAPH)
    assert m.layout == "paragraph"
    assert m.body == "Gemensamma beredningen för test"
    assert m.date == "2024-02-14"
    assert m.place == "Stadshuset, sal 2"
    assert m.organisation == "Region Exempel och Exempels kommuner"
    assert [i.number for i in m.items] == ["1", "2", "3", "4"]
    assert m.items[0].title == "Val av justerare"
    assert m.evidence["date"].quote == "2024-02-14"
    assert PARAGRAPH[m.evidence["place"].start : m.evidence["place"].end].startswith("Plats")


def test_paragraph_attendees() -> None:
    people = {a.name: a for a in parse_protocol(PARAGRAPH).attendees}
    assert set(people) == {
        "Anna Testsson",
        "Bertil Provare",
        "Cecilia Ulvsdotter",
        "Doris Mall",
        "Erik Skrivare",
    }
    chair = people["Anna Testsson"]
    assert chair.roles == ["ordförande", "föredragande"] and chair.party == "S"
    assert chair.organisation == "Region Exempel"
    assert people["Bertil Provare"].sections == (3, 4) and people["Bertil Provare"].present
    cecilia = people["Cecilia Ulvsdotter"]
    assert cecilia.party == "C" and cecilia.organisation == "Storby"
    assert cecilia.roles == ["ledamot", "justerare"]
    doris = people["Doris Mall"]
    assert doris.sections == (3, 4) and doris.job_title == "utvecklingsstrateg"
    assert doris.roles == ["övrig", "föredragande"]
    assert people["Erik Skrivare"].roles == ["sekreterare"]


def test_paragraph_decisions_and_hyphenation() -> None:
    items = parse_protocol(PARAGRAPH).items
    assert items[0].decision == (
        "Gemensamma beredningen beslutar att Cecilia Ulvsdotter justerar protokollet."
    )
    assert items[0].kind == "beslut"
    assert items[1].kind == "information"
    assert "information_noted" in items[1].decision_types
    assert items[2].kind == "beslut" and "assignment_given" in items[2].decision_types
    assert items[3].decision is None and items[3].kind is None


def test_page_headers_are_removed_from_items() -> None:
    m = parse_protocol(PARAGRAPH)
    assert all("Sammanträdesdatum" not in i.text for i in m.items)
    assert all("Sida" not in i.text for i in m.items)


def test_noise_keeps_first_header_and_drops_repeats() -> None:
    lines = SourceText(PARAGRAPH).lines
    kept = [ln.text for ln in remove_noise(lines).lines if not ln.blank]
    assert kept.count("Sammanträdesdatum") == 1
    assert not any(t.startswith("Sida ") for t in kept)


def test_noise_letterhead_after_signature_line() -> None:
    text = (
        "Texten fortsätter och slutar mitt i en mening som bryts av\n"
        "Signatur Referensnummer: 12345AB\n\nSamverkan i länet\n\n"
        "Ett samarbete mellan kommunerna\n"
        "sidbrytningen och fortsätter här med en lång rad text.\n"
    )
    kept = [ln.text for ln in remove_noise(SourceText(text).lines).lines if not ln.blank]
    assert kept == [
        "Texten fortsätter och slutar mitt i en mening som bryts av",
        "sidbrytningen och fortsätter här med en lång rad text.",
    ]


def test_numbered_header() -> None:
    m = parse_protocol(NUMBERED)
    assert m.layout == "numbered"
    assert m.body == "Testgruppen"
    assert m.date == "2024-10-03"  # year from the Dnr
    assert (m.start_time, m.end_time) == ("09:00", "11:30")
    assert m.place == "Teams" and m.digital is True
    assert m.diary_number == "ABC 12-2024"
    assert m.section_range == "10-13"


def test_numbered_attendance_realigned_and_presenters() -> None:
    people = {a.name: a for a in parse_protocol(NUMBERED).attendees}
    assert people["Gun Exempel"].roles == ["ordförande"]
    assert people["Gun Exempel"].organisation == "Norrby kommun"
    assert people["Hans Prov"].job_title == "ordf. Testrådet"
    assert people["Hans Prov"].organisation is None
    assert people["Hans Prov"].roles == ["ledamot", "justerare"]
    ivar = people["Ivar Saknad"]
    assert not ivar.present and ivar.organisation == "Söderby kommun"
    assert people["Jenny Kontroll"].organisation is None
    assert people["Jenny Kontroll"].roles == ["övrig", "föredragande"]
    guest = people["Kalle Gäst"]
    assert guest.roles == ["föredragande"] and guest.organisation == "Region Exempel"


def test_numbered_margin_labels_and_titles() -> None:
    items = parse_protocol(NUMBERED).items
    assert [i.number for i in items] == ["10", "11", "12", "13"]
    assert items[3].title == "Nästa möte hålls den 5 december"
    assert [i.kind for i in items] == [None, "beslut", "information", "information"]
    assert items[1].decision == "Hans Prov justerar protokollet tillsammans med ordförande."
    assert items[2].decision == "Informationen är delgiven."
    assert items[2].presenters == ["Jenny Kontroll", "Kalle Gäst"]
    assert [(d.kind, d.title) for d in items[2].documents] == [("bilaga", "Bildspel")]
    assert items[3].decision is None


@pytest.mark.parametrize(
    ("line", "name", "party", "org", "roles"),
    [
        ("Anna Testsson (S), ordförande", "Anna Testsson", "S", None, ["ordförande"]),
        ("Bo Berg, (sjvp), vice ordförande", "Bo Berg", "SJVP", None, ["vice ordförande"]),
        ("Cia Ek, (åp), Storby", "Cia Ek", "ÅP", "Storby", []),
        ("Dan Ny Region Exempel", "Dan Ny", None, "Region Exempel", []),
        ("Eva Al, konsult, Företaget AB", "Eva Al", None, "Företaget AB", []),
        ("Fia Berg Västra Götalandsregionen", "Fia Berg", None, "Västra Götalandsregionen", []),
        ("Gus Ek (S), tjänstgörande ersättare", "Gus Ek", "S", None, ["tjänstgörande ersättare"]),
    ],
)
def test_parse_person(line: str, name: str, party: str | None, org: str | None, roles: list[str]):
    person = parse_person(line)
    assert person is not None
    assert (person.name, person.party, person.organisation, person.roles) == (
        name,
        party,
        org,
        roles,
    )


def test_titles_are_not_organisations() -> None:
    assert is_organisation("Norrby kommun") and is_organisation("Exempels kommuner")
    assert is_organisation("region Exempel")
    assert looks_like_title("Regional samverkanskoordinator")
    assert looks_like_title("ordf. Testrådet")
    assert not looks_like_title("Region Exempel")


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "\x00\x01\x02\x03binary\xff\xfe" * 20, "Bara en titel\n", "1. Ett\n2. Två\n"],
)
def test_not_a_protocol(text: str) -> None:
    with pytest.raises(NotAProtocol):
        parse_protocol(text)


def test_agreement_is_not_a_protocol() -> None:
    path = next(CORPUS.glob("002_*.txt"))
    with pytest.raises(InputError):
        parse_protocol(path.read_text(encoding="utf-8"))


PROTOCOLS = sorted(p.stem for p in CORPUS.glob("*.txt") if not p.stem.startswith("002"))


@pytest.mark.parametrize("stem", PROTOCOLS)
def test_corpus_protocol_matches_gold(stem: str) -> None:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    m = parse_protocol((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
    assert m.date == gold["date"]
    assert m.body == gold["body"]
    assert [i.number for i in m.items] == [i["number"] for i in gold["items"]]
    assert [i.title for i in m.items] == [i["title"] for i in gold["items"]]
    assert len(m.attendees) == len(gold["attendees"])
    present = sum(a.present for a in m.attendees)
    assert present == sum(a["present"] for a in gold["attendees"])
    assert len(m.attendees) - present == sum(not a["present"] for a in gold["attendees"])
