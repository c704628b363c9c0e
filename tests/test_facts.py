"""Fact extraction from item texts: invented sentences per fact kind, then the corpus."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graph.ingest.facts import extract_facts_from_text
from graph.ingest.records import (
    AgreementMention,
    Assignment,
    Election,
    MembershipChange,
    Milestone,
    OptionsStudied,
    PlannedBody,
    PriorDecision,
    ProtocolReference,
    ScheduledMeeting,
    Termination,
)
from graph.ingest.text import SourceText, join

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
MEETING = date(2024, 10, 3)


def run(raw: str, **kw):
    span = join(SourceText(raw).lines)
    kw.setdefault("meeting_date", MEETING)
    kw.setdefault("body_name", "Regionala beredningen")
    return extract_facts_from_text(span, section="§ 7", **kw)


def of(facts, kind):
    return [f for f in facts if isinstance(f, kind)]


def check_evidence(raw: str, fact, sentence_start: str) -> None:
    ev = fact.evidence
    assert ev.section == "§ 7"
    assert ev.quote.startswith(sentence_start)
    first_word = ev.quote.split()[0]
    assert first_word in raw[ev.start : ev.end]


# --- invented texts ---------------------------------------------------------------


def test_termination_with_notice_and_topic():
    raw = (
        "Kommunerna och Region Jämtland har haft ett samverkansavtal gällande\n"
        "tolktjänsten för länets invånare.\n"
        "I mars månad 2022 har Region Jämtland sagt upp samverkansavtalet.\n"
        "Uppsägningstiden gäller till 2022-09-30.\n"
    )
    (t,) = of(run(raw), Termination)
    assert t.by == "Region Jämtland"
    assert t.agreement == "samverkansavtalet"
    assert (t.date.earliest, t.date.latest) == (date(2022, 3, 1), date(2022, 3, 31))
    assert t.notice_end.exact == date(2022, 9, 30)
    assert t.topic == "tolktjänsten"
    check_evidence(raw, t, "I mars månad 2022")


def test_assignment_given_in_decision():
    raw = (
        "Beredningen beslutar att\n1. Ge styrgruppen i uppdrag att ta fram en\n"
        "handlingsplan för äldreomsorgen.\n"
    )
    (a,) = of(run(raw), Assignment)
    assert a.receivers == ["styrgruppen"]
    assert a.task == "ta fram en handlingsplan för äldreomsorgen"
    assert a.giver == "Beredningen"
    assert not a.given_earlier
    check_evidence(raw, a, "Beredningen beslutar att 1. Ge")


def test_assignment_uppdrar_till_without_att():
    raw = "Nämnden uppdrar till ledningsgruppen genomföra en kartläggning av behoven.\n"
    (a,) = of(run(raw), Assignment)
    assert a.receivers == ["ledningsgruppen"]
    assert a.task == "genomföra en kartläggning av behoven"
    assert a.giver == "Nämnden"


def test_assignment_given_earlier_and_reported_back():
    raw = (
        "Kansliet tillsammans med Region Gotland gavs av LSG den 12 mars i uppdrag att\n"
        "beskriva kostnaderna. Uppdraget är återrapporterat.\n"
    )
    (a,) = of(run(raw), Assignment)
    assert a.receivers == ["Kansliet", "Region Gotland"]
    assert a.giver == "LSG"
    assert a.given.exact == date(2024, 3, 12)
    assert a.given_earlier and a.reported_back


def test_assignment_reported_back_from_title():
    raw = "Vid sammanträde den 2 maj uppdrogs åt koordinatorerna att kartlägga rutinerna.\n"
    (a,) = of(run(raw, title="Rutiner – återkoppling av uppdrag"), Assignment)
    assert a.receivers == ["koordinatorerna"]
    assert a.given.exact == date(2024, 5, 2)
    assert a.reported_back and a.given_earlier
    assert a.giver == "Regionala beredningen"


def test_assignment_investigation_with_report_date():
    raw = (
        "Samverkansnämnden har i januari månad 2023 beslutat att frågan ska utredas\n"
        "med målet att föreslå en ny modell. Utredningen ska rapporteras till\n"
        "Samverkansnämnden 2023-06-15.\n"
    )
    facts = run(raw)
    (a,) = of(facts, Assignment)
    assert a.task.startswith("utreda frågan med målet")
    assert a.giver == "Samverkansnämnden"
    assert a.given.earliest == date(2023, 1, 1)
    assert a.report_date.exact == date(2023, 6, 15)
    assert a.report_to == "Samverkansnämnden"
    (p,) = of(facts, PriorDecision)
    assert p.body == "Samverkansnämnden"


def test_assignment_standing_with_feedback_date():
    raw = (
        "Region Kronoberg och Kronobergs Kommuner har i samverkan ett uppdrag från\n"
        "Politiska styrgruppen att utforma en gemensam tolkorganisation.\n"
        "Återkoppling av uppdraget sker vid Politiska styrgruppen 2024-12-06.\n"
    )
    (a,) = of(run(raw), Assignment)
    assert a.receivers == ["Region Kronoberg", "Kronobergs Kommuner"]
    assert a.giver == "Politiska styrgruppen"
    assert a.task == "utforma en gemensam tolkorganisation"
    assert a.report_date.exact == date(2024, 12, 6)
    assert a.report_to == "Politiska styrgruppen"


def test_assignment_with_deadline():
    raw = (
        "Gruppen beslutar att skolnätverket senast den 20 november återkopplar\n"
        "namn på deltagare till Eva Ström.\n"
    )
    (a,) = of(run(raw), Assignment)
    assert a.receivers == ["skolnätverket"]
    assert a.task == "återkoppla namn på deltagare"
    assert a.report_date.exact == date(2024, 11, 20)
    assert a.report_to == "Eva Ström"


def test_agreement_interim_and_since():
    raw = (
        "I avvaktan på att en ny nämnd implementeras har ett Interimistiskt\n"
        "samverkansavtal för drift av tolktjänst godkänts av respektive part.\n"
        "Avtalet är inte tidsbegränsat. Sedan 2019-03-01 finns en överenskommelse\n"
        "om läkarmedverkan i hemsjukvården.\n"
    )
    interim, since = of(run(raw), AgreementMention)
    assert interim.kind == "interimistiskt avtal"
    assert interim.title == "Interimistiskt samverkansavtal för drift av tolktjänst"
    assert interim.approved_by == "respektive part"
    assert interim.time_limited is False
    assert interim.pending == "ny nämnd"
    assert since.kind == "överenskommelse"
    assert since.since.exact == date(2019, 3, 1)
    check_evidence(raw, since, "Sedan 2019-03-01")


def test_planned_body_and_milestones():
    raw = (
        "Inriktningen är att skapa ett kommunalförbund med Region Dalarna som värdkommun.\n"
        "Remissen kommer att genomföras under våren 2025. Planen är att beslut sker\n"
        "därefter hos respektive huvudman under hösten 2025. Därefter kan\n"
        "kommunalförbundets uppdrag för tolkservice starta 2026-01-01.\n"
    )
    facts = run(raw)
    (body,) = of(facts, PlannedBody)
    assert (body.kind, body.host, body.purpose) == (
        "kommunalförbund",
        "Region Dalarna",
        "tolkservice",
    )
    assert body.start.exact == date(2026, 1, 1)
    labels = {(m.label, m.date.earliest) for m in of(facts, Milestone)}
    assert labels == {
        ("remiss", date(2025, 1, 1)),
        ("beslut hos huvudmännen", date(2025, 8, 1)),
        ("start", date(2026, 1, 1)),
    }


def test_yearless_plan_step_is_next_year():
    raw = "Mottagningen planeras öppna under våren i Gävle.\n"
    (m,) = of(run(raw), Milestone)
    assert (m.label, m.date.earliest) == ("öppning", date(2025, 1, 1))


def test_options_studied():
    raw = "De alternativ som nu utreds är gemensam nämnd, kommunalförbund och avtalssamverkan.\n"
    (o,) = of(run(raw), OptionsStudied)
    assert o.options == ["gemensam nämnd", "kommunalförbund", "avtalssamverkan"]


def test_protocol_references():
    raw = (
        "Nämnden beslutar att lägga föregående protokoll 2024-08-22, med godkännande,\n"
        "till handlingarna.\n"
    )
    (p,) = of(run(raw), ProtocolReference)
    assert p.date.exact == date(2024, 8, 22) and p.approved
    raw = "Protokoll från sammanträde 5 september läggs till handlingarna.\n"
    (p,) = of(run(raw), ProtocolReference)
    assert p.date.exact == date(2024, 9, 5) and not p.approved
    assert p.body == "Regionala beredningen"
    raw = "Föregående protokoll godkändes och lades till handlingarna.\n"
    (p,) = of(run(raw), ProtocolReference)
    assert p.date is None and p.approved


def test_prior_decisions():
    raw = (
        "Styrgruppen har 2024-05-14 beslutat att tillstyrka förslaget. Rutinerna har\n"
        "antagits av styrgruppen för Nära vård 2024-04-02 och vid Länsstyrgruppen 2024-05-14.\n"
    )
    found = of(run(raw), PriorDecision)
    assert [(p.body, p.date.exact) for p in found] == [
        ("Styrgruppen", date(2024, 5, 14)),
        ("styrgruppen för Nära vård", date(2024, 4, 2)),
        ("Länsstyrgruppen", date(2024, 5, 14)),
    ]
    assert found[0].text == "tillstyrka förslaget"


def test_elections():
    raw = (
        "Gruppen utser följande personer för 2025\n"
        "- Anna Berg, region Dalarna till ordförande\n"
        "- Olle Lind Falu kommun, till vice ordförande\n"
    )
    first, second = of(run(raw), Election)
    assert (first.person, first.role, first.organisation) == (
        "Anna Berg",
        "ordförande",
        "region Dalarna",
    )
    assert (second.person, second.role, second.organisation) == (
        "Olle Lind",
        "vice ordförande",
        "Falu kommun",
    )
    assert first.period.earliest == date(2025, 1, 1) and first.body == "Gruppen"


def test_membership_changes_under_subheadings():
    raw = (
        "Under hösten har ledamöter ersatts enligt följande\n"
        "Psykisk hälsa\nKarin Ek ersätter Per Olof Sand\n"
        "Äldre\nMaja Ås samt Leo Berg ersätter Tove Lund och Ali Nur\n"
    )
    first, second = of(run(raw), MembershipChange)
    assert (first.body, first.incoming, first.outgoing) == (
        "Psykisk hälsa",
        ["Karin Ek"],
        ["Per Olof Sand"],
    )
    assert (second.body, second.incoming, second.outgoing) == (
        "Äldre",
        ["Maja Ås", "Leo Berg"],
        ["Tove Lund", "Ali Nur"],
    )


def test_scheduled_meetings():
    raw = (
        "Gruppen beslutar att kalla till ett extra möte. Extra möte förläggs till\n"
        "torsdagen den 14 november klockan 13.30. Svar lämnas till kommande\n"
        "sammanträde den 5 februari 2025.\n"
    )
    extra, nxt = of(run(raw), ScheduledMeeting)
    assert extra.extra and extra.time == "13:30" and extra.date.exact == date(2024, 11, 14)
    assert not nxt.extra and nxt.date.exact == date(2025, 2, 5)
    check_evidence(raw, extra, "Extra möte förläggs")


# --- the corpus ---------------------------------------------------------------------

DOCS = {
    "000": (date(2023, 5, 9), "Politiska samverkansberedningen", r"§ (\d+)"),
    "001": (date(2021, 4, 20), "Politisk samverkansberedning", r"§ (\d+)"),
    "003": (date(2022, 12, 16), "Samråd vård och omsorg", r"(\d\d)\.\s+\S.*"),
    "004": (date(2025, 9, 19), "Länssamverkansgruppen", r"(\d\d) [A-ZÅÄÖ].*"),
}


def corpus_item(doc: str, number: str, title_lines: int = 1):
    meeting_date, body, pattern = DOCS[doc]
    path = next(CORPUS.glob(f"{doc}_*.txt"))
    source = SourceText(path.read_text(encoding="utf-8"))
    heads = [i for i, line in enumerate(source.lines) if re.fullmatch(pattern, line.text)]
    start = next(i for i in heads if re.fullmatch(pattern, source.lines[i].text).group(1) == number)
    end = next((i for i in heads if i > start), len(source.lines))
    lines = [ln for ln in source.lines[start:end] if not ln.blank]
    title = " ".join(ln.text for ln in lines[:title_lines])
    span = join(lines[title_lines:])
    facts = extract_facts_from_text(
        span, section=number, meeting_date=meeting_date, body_name=body, title=title
    )
    return source.raw, facts


def test_001_4_hjalpmedel():
    raw, facts = corpus_item("001", "4", title_lines=2)
    (t,) = of(facts, Termination)
    assert t.by == "Region Norrbotten" and t.date.earliest == date(2020, 12, 1)
    assert t.notice_end.exact == date(2021, 12, 31)
    assert t.topic == "hjälpmedelsförsörjningen"
    (a,) = of(facts, Assignment)
    assert a.report_date.exact == date(2021, 5, 27) and a.given.earliest == date(2020, 12, 1)
    assert a.giver == a.report_to == "Politiska samverkansberedningen"
    (o,) = of(facts, OptionsStudied)
    assert o.options == [
        "avtalssamverkan",
        "gemensam nämnd",
        "kommunalförbund",
        "gemensamt aktiebolag",
    ]
    for fact in facts:
        assert fact.evidence.quote.split()[0] in raw[fact.evidence.start : fact.evidence.end]


def test_000_16_samverkansform():
    _, facts = corpus_item("000", "16", title_lines=2)
    (agreement,) = of(facts, AgreementMention)
    assert agreement.time_limited is False and agreement.pending == "ny samverkansform"
    assert agreement.approved_by == "respektive part"
    (body,) = of(facts, PlannedBody)
    assert body.kind == "gemensam nämnd" and body.host == "Region Norrbotten"
    assert body.start.exact == date(2025, 1, 1)
    steps = {m.label: m.date for m in of(facts, Milestone)}
    assert steps["remiss"].earliest == date(2023, 8, 1)
    assert steps["beslut hos huvudmännen"].earliest == date(2024, 1, 1)
    (a,) = of(facts, Assignment)
    assert a.receivers == ["Region Norrbotten", "Norrbottens Kommuner"]
    assert a.report_date.exact == date(2023, 11, 17) and a.given_earlier


def test_000_other_items():
    _, facts = corpus_item("000", "17", title_lines=2)
    assert any(a.receivers == ["länsstyrgruppen"] for a in of(facts, Assignment))
    assert any(p.date.exact == date(2022, 6, 1) for p in of(facts, PriorDecision))
    _, facts = corpus_item("000", "18", title_lines=2)
    assert {p.date.exact for p in of(facts, PriorDecision)} == {
        date(2023, 3, 29),
        date(2023, 4, 25),
    }
    _, facts = corpus_item("000", "19", title_lines=2)
    (agreement,) = of(facts, AgreementMention)
    assert agreement.since.exact == date(2014, 5, 1)
    _, facts = corpus_item("000", "15", title_lines=2)
    (ref,) = of(facts, ProtocolReference)
    assert ref.date.exact == date(2023, 3, 10)


@pytest.mark.parametrize(("number", "title_lines"), [("52", 2), ("54", 2)])
def test_004_reported_back_assignments(number, title_lines):
    _, facts = corpus_item("004", number, title_lines)
    (a,) = of(facts, Assignment)
    assert a.given.exact == date(2025, 9, 19)
    assert a.given_earlier and a.reported_back


def test_004_deadline_elections_and_meetings():
    _, facts = corpus_item("004", "60")
    (a,) = of(facts, Assignment)
    assert a.report_date.exact == date(2025, 12, 12) and a.receivers == ["socialchefsnätverket"]
    _, facts = corpus_item("004", "58")
    elected = {(e.person, e.role, e.period.earliest.year) for e in of(facts, Election)}
    assert elected == {
        ("Ida Lestander", "ordförande", 2026),
        ("Pernilla Henriksson", "vice ordförande", 2026),
    }
    _, facts = corpus_item("004", "55")
    (m,) = of(facts, ScheduledMeeting)
    assert m.extra and m.time == "15:00" and m.date.exact == date(2025, 12, 5)
    _, facts = corpus_item("004", "59")
    assert len(of(facts, MembershipChange)) == 4


def test_003_items():
    _, facts = corpus_item("003", "41")
    elected = {(e.person, e.role, e.period.earliest.year) for e in of(facts, Election)}
    assert elected == {
        ("Pernilla Henriksson", "ordförande", 2023),
        ("Isabell Zemrén", "vice ordförande", 2023),
    }
    _, facts = corpus_item("003", "43")
    assert of(facts, AgreementMention)[0].since.earliest == date(2020, 1, 1)
    assert {m.label for m in of(facts, Milestone)} >= {"uppföljning", "förslag"}
    _, facts = corpus_item("003", "48")
    (m,) = of(facts, ScheduledMeeting)
    assert m.date.exact == date(2023, 3, 17)


def test_extract_facts_reads_a_meeting_in_the_title():
    from graph.ingest.facts import extract_facts
    from graph.ingest.records import Evidence, Item, Meeting

    raw = "12 Extra sammanträde hålls den 4 december\n"
    title = "Extra sammanträde hålls den 4 december"
    heading = Evidence(3, 3 + len(title), title, "ärende 12")
    item = Item(number="12", title=title, kind=None, decision=None, evidence=heading)
    meeting = Meeting("numbered", "Gruppen", "2024-10-03", [], [item])
    (m,) = of(extract_facts(item, meeting), ScheduledMeeting)
    assert m.extra and m.date.exact == date(2024, 12, 4)
    assert raw[m.evidence.start : m.evidence.end] == title
