"""Extraction records → RDF: one named graph per source document.

`map_document` takes the records of one document (a protocol's `Meeting` or an
`AgreementDocument`), the source it came from and the `Registry` of known nodes, and
returns the document's graph. It knows the data model (docs/data-model.md), not text
layouts. Every node it mints from the text carries `gov:evidence` → a `gov:Passage` that
quotes the sentence with its character span.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from . import reference
from .identity import Registry, is_body_name, slug
from .ingest.records import AgreementDocument, Attendee, Item, Meeting
from .mapping_agreement import map_agreement
from .mapping_base import (
    MEMBER_ROLES,
    ROLE_CONCEPTS,
    Builder,
    Context,
    MappedDocument,
    Source,
    membership,
    xsd_date,
    xsd_time,
)
from .mapping_facts import map_facts
from .namespaces import DCT, FOAF, GOV, ID, RDF, XSD
from .organisations import resolve_organisation, split_organisations

DECISION_TYPES = {
    "information_noted": GOV.InformationNoted,
    "approved": GOV.Approved,
    "assignment_given": GOV.AssignmentGiven,
    "appointment": GOV.Appointment,
    "referred_back": GOV.ReferredBack,
    "recommendation": GOV.Recommendation,
    "delegation": GOV.Delegation,
    "scheduled_meeting": GOV.ScheduledMeeting,
    "other": GOV.OtherDecision,
}
ITEM_KINDS = {"beslut": GOV.DecisionItem, "information": GOV.InformationItem}
DOCUMENT_KINDS = {"bilaga": GOV.Appendix, "beslutsunderlag": GOV.DecisionBasis, "pm": GOV.Memo}


def meeting_county(meeting: Meeting) -> str | None:
    """The county most of the meeting's organisations belong to."""
    votes: dict[str, int] = {}
    names = [meeting.organisation, *(a.organisation for a in meeting.attendees)]
    for name in names:
        for ref in split_organisations(name):
            if ref.county:
                votes[ref.county] = votes.get(ref.county, 0) + 1
    if not votes:
        code = reference.county_of(meeting.body or "") if meeting.body else None
        return code
    return max(sorted(votes), key=lambda c: votes[c])


def map_document(
    doc: Meeting | AgreementDocument, source: Source, registry: Registry
) -> MappedDocument:
    if isinstance(doc, Meeting):
        return map_meeting(doc, source, registry)
    return map_agreement(doc, source, registry)


def map_meeting(meeting: Meeting, source: Source, registry: Registry) -> MappedDocument:
    county = meeting_county(meeting)
    body_name = meeting.body or "okänt organ"
    body_iri, body_merge, _ = registry.resolve_body(body_name, county)
    body_key = body_iri.removeprefix(str(ID["body/"]))
    date = meeting.date or f"odaterat-{source.sha256[:8]}"
    key = f"meeting/{body_key}/{date}"
    b = Builder(key, source)
    ctx = Context(b, registry, county)
    body = ctx.describe_body(body_iri, body_merge, meeting.evidence.get("body"))
    meeting_iri = ID[key]

    for ref in split_organisations(meeting.organisation):
        b.add(body, GOV.runBy, b.organisation(ref))

    b.add(b.document, RDF.type, GOV.Protocol)
    b.add(b.document, GOV.minutesOf, meeting_iri)
    b.add(b.document, DCT.identifier, source.stem)
    b.add(b.document, DCT.source, source.name)
    b.add(b.document, GOV.sha256, source.sha256)
    b.add(b.document, GOV.sourceText, source.raw)
    b.add(b.document, GOV.layout, meeting.layout)
    b.add(b.document, GOV.diaryNumber, meeting.diary_number)
    b.add(
        b.document,
        DCT.title,
        Literal(f"Protokoll {body_name} {meeting.date or ''}".strip(), lang="sv"),
    )

    b.add(meeting_iri, RDF.type, GOV.Meeting)
    b.add(meeting_iri, GOV.body, body)
    b.add(meeting_iri, GOV.bodyText, meeting.body)
    if meeting.date:
        b.add(meeting_iri, DCT.date, xsd_date(meeting.date))
    if meeting.start_time:
        b.add(meeting_iri, GOV.startTime, xsd_time(meeting.start_time))
    if meeting.end_time:
        b.add(meeting_iri, GOV.endTime, xsd_time(meeting.end_time))
    b.add(meeting_iri, GOV.place, meeting.place)
    if meeting.digital is not None:
        b.add(meeting_iri, GOV.digital, Literal(meeting.digital))
    b.add(meeting_iri, GOV.diaryNumber, meeting.diary_number)
    b.add(meeting_iri, GOV.sectionRange, meeting.section_range)
    b.add(meeting_iri, GOV.organisationText, meeting.organisation)
    b.evidence(meeting_iri, meeting.evidence.get("date") or meeting.evidence.get("body"))

    for index, attendee in enumerate(meeting.attendees, 1):
        map_attendee(ctx, attendee, index, meeting_iri, body, meeting.date)
    for item in meeting.items:
        map_item(ctx, item, meeting_iri, body, meeting)
    return MappedDocument(key, b.graph, meeting_iri)


def map_attendee(
    ctx: Context, a: Attendee, index: int, meeting_iri: URIRef, body: URIRef, date: str | None
) -> None:
    b = ctx.b
    org = b.organisation(resolve_organisation(a.organisation, company=_is_consultant(a.job_title)))
    group_body = body
    if a.group and is_body_name(a.group):
        group_body = ctx.body(a.group)
    contexts = {str(group_body)} | ({str(org)} if org else set())
    person = ctx.person(a.name, contexts, new_in_list=a.name in ctx.listed)
    ctx.listed.setdefault(a.name, person)
    node = URIRef(f"{meeting_iri}/attendance/{index}")
    b.add(node, RDF.type, GOV.Attendance)
    b.add(node, GOV.meeting, meeting_iri)
    b.add(node, GOV.attendee, person)
    b.add(node, GOV.nameText, a.name)
    b.add(node, GOV.present, Literal(bool(a.present)))
    for role in a.roles:
        b.add(node, GOV.attendanceRole, ROLE_CONCEPTS.get(role, GOV[f"role-{slug(role)}"]))
    party = b.party(a.party)
    b.add(node, GOV.party, party)
    b.add(node, GOV.represents, org)
    b.add(node, GOV.organisationText, a.organisation)
    b.add(node, GOV.jobTitle, a.job_title)
    b.add(node, GOV.attendanceGroup, a.group)
    b.add(node, GOV.listOrder, Literal(index, datatype=XSD.integer))
    if a.sections:
        b.add(node, GOV.fromSection, Literal(a.sections[0], datatype=XSD.integer))
        b.add(node, GOV.toSection, Literal(a.sections[1], datatype=XSD.integer))
    b.evidence(node, a.evidence)
    for role in a.roles:
        if role in MEMBER_ROLES:
            membership(ctx, person, group_body, role, date, party, org, a.job_title, a.evidence)


def _is_consultant(title: str | None) -> bool:
    return bool(title) and "konsult" in title.casefold()


def map_item(ctx: Context, item: Item, meeting_iri: URIRef, body: URIRef, meeting: Meeting) -> None:
    b = ctx.b
    node = URIRef(f"{meeting_iri}/item/{item.number}")
    b.add(node, RDF.type, GOV.AgendaItem)
    b.add(node, GOV.meeting, meeting_iri)
    b.add(node, GOV.itemNumber, item.number)
    b.add(node, DCT.title, Literal(item.title, lang="sv"))
    b.add(node, GOV.itemKind, ITEM_KINDS.get(item.kind or ""))
    b.add(node, GOV.sectionLabel, item.evidence.section)
    b.add(node, GOV.itemText, item.text)
    b.evidence(node, item.evidence)
    for name in item.presenters:
        person = ctx.known_person(name) or ctx.person(name, {str(body)})
        b.add(node, GOV.presenter, person)
    for k, docref in enumerate(item.documents, 1):
        doc = URIRef(f"{node}/document/{k}")
        b.add(doc, RDF.type, DOCUMENT_KINDS.get(docref.kind, FOAF.Document))
        b.add(doc, DCT.title, Literal(docref.title, lang="sv"))
        b.add(doc, GOV.attachedTo, node)
        b.evidence(doc, docref.evidence)
    if item.decision:
        decision = URIRef(f"{node}/decision")
        b.add(decision, RDF.type, GOV.Decision)
        b.add(decision, GOV.decisionOf, node)
        b.add(decision, GOV.decisionText, Literal(item.decision, lang="sv"))
        for kind in item.decision_types or ["other"]:
            b.add(decision, GOV.decisionType, DECISION_TYPES.get(kind, GOV.OtherDecision))
        b.add(decision, GOV.decidedBy, body)
        if meeting.date:
            b.add(decision, DCT.date, xsd_date(meeting.date))
        b.evidence(decision, item.decision_evidence or item.evidence)
    if item.facts:
        map_facts(ctx, item, node, meeting_iri, body, meeting)
