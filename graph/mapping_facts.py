"""Facts found inside item texts → RDF: terminations, assignments, agreements, plans.

Each fact becomes a node under its agenda item (`…/item/16/event/termination-1`), dated
with `gov:notBefore`/`gov:notAfter` (and `dct:date` when exact), linked to the item by
`gov:mentionedIn`, and carrying the sentence it came from as evidence.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from .identity import body_kind_count, is_body_name, slug
from .ingest.records import (
    AgreementMention,
    Assignment,
    DateValue,
    Election,
    Item,
    Meeting,
    MembershipChange,
    Milestone,
    OptionsStudied,
    PlannedBody,
    PriorDecision,
    ProtocolReference,
    ScheduledMeeting,
    Termination,
)
from .mapping_base import MEMBER_ROLES, Context, membership, xsd_date, xsd_time
from .namespaces import DCT, GOV, ID, RDF, RDFS
from .organisations import resolve_organisation

AGREEMENT_CLASSES = {
    "interimistiskt avtal": GOV.InterimAgreement,
    "samverkansavtal": GOV.CollaborationAgreement,
}


def dated(ctx: Context, node: URIRef, value: DateValue | None) -> None:
    """Date a node: the text as written, its bounds, and dct:date when exact."""
    if value is None:
        return
    b = ctx.b
    b.add(node, GOV.dateText, value.text)
    b.add(node, GOV.notBefore, xsd_date(value.earliest.isoformat()))
    b.add(node, GOV.notAfter, xsd_date(value.latest.isoformat()))
    if value.exact:
        b.add(node, DCT.date, xsd_date(value.exact.isoformat()))


def agent(ctx: Context, name: str | None, default: URIRef | None = None) -> URIRef | None:
    """A body or an organisation for a name as written; a phrase that names several
    bodies at once ("X och Y tillsammans med Z") is no single agent: `default`."""
    if not name:
        return default
    if body_kind_count(name) > 1:
        return default
    if is_body_name(name):
        return ctx.body(name)
    return ctx.b.organisation(resolve_organisation(name)) or default


def agreement_node(ctx: Context, title: str, kind: str | None) -> URIRef:
    key = slug(title)[:90].strip("-")
    node = ID[f"agreement/{ctx.county or 'se'}/{key}"]
    ctx.b.add(node, RDF.type, AGREEMENT_CLASSES.get(kind or "", GOV.Agreement))
    ctx.b.add(node, DCT.title, Literal(title[:1].upper() + title[1:], lang="sv"))
    return node


def terminated_agreement(
    ctx: Context, fact: Termination, mentioned: list[AgreementMention]
) -> URIRef:
    """The agreement a termination ends: the agreement the same item names just before the
    termination (same text, one node), else one named after the agreement's topic."""
    before = [m for m in mentioned if m.evidence.start <= fact.evidence.start and not m.pending]
    if before:
        named = before[-1]
        return agreement_node(ctx, named.title, named.kind)
    title = f"samverkansavtal {fact.topic}" if fact.topic else fact.agreement
    return agreement_node(ctx, title, "samverkansavtal")


def map_facts(
    ctx: Context, item: Item, item_iri: URIRef, meeting_iri: URIRef, body: URIRef, meeting: Meeting
) -> None:
    counters: dict[str, int] = {}

    def new(kind: str) -> URIRef:
        counters[kind] = counters.get(kind, 0) + 1
        return URIRef(f"{item_iri}/{kind}-{counters[kind]}")

    b = ctx.b
    mentioned = [f for f in item.facts if isinstance(f, AgreementMention)]
    for fact in item.facts:
        match fact:
            case Termination():
                node = new("termination")
                agreement = terminated_agreement(ctx, fact, mentioned)
                b.add(agreement, GOV.agreementStatus, GOV.Terminated)
                b.add(node, RDF.type, GOV.Termination)
                b.add(node, GOV.terminates, agreement)
                by = agent(ctx, fact.by)
                b.add(node, GOV.terminatedBy, by)
                b.add(agreement, GOV.party, by)
                dated(ctx, node, fact.date)
                if fact.notice_end and fact.notice_end.exact:
                    b.add(node, GOV.noticeEnd, xsd_date(fact.notice_end.latest.isoformat()))
            case Assignment():
                node = new("assignment")
                b.add(node, RDF.type, GOV.Assignment)
                b.add(node, GOV.task, Literal(fact.task, lang="sv"))
                b.add(node, GOV.assignedBy, agent(ctx, fact.giver, body))
                for receiver in fact.receivers:
                    b.add(node, GOV.assignedTo, agent(ctx, receiver))
                if fact.given_earlier:
                    dated(ctx, node, fact.given)
                else:
                    b.add(node, GOV.givenIn, item_iri)
                    dated(ctx, node, fact.given or _meeting_date(meeting))
                if fact.report_date is not None:
                    if fact.report_date.exact:
                        b.add(
                            node, GOV.reportBackDate, xsd_date(fact.report_date.latest.isoformat())
                        )
                    b.add(node, GOV.reportBackText, fact.report_date.text)
                b.add(node, GOV.reportBackTo, agent(ctx, fact.report_to))
                if fact.reported_back:
                    b.add(node, GOV.reportedBackIn, item_iri)
                    b.add(node, GOV.assignmentStatus, GOV.ReportedBack)
                else:
                    b.add(node, GOV.assignmentStatus, GOV.Open)
            case AgreementMention():
                node = agreement_node(ctx, fact.title, fact.kind)
                if fact.since and fact.since.exact:
                    b.add(node, GOV.inForceFrom, xsd_date(fact.since.latest.isoformat()))
                elif fact.since:
                    b.add(node, GOV.inForceText, fact.since.text)
                if fact.time_limited is not None:
                    b.add(node, GOV.timeLimited, Literal(fact.time_limited))
                b.add(node, GOV.approvedByText, fact.approved_by)
                b.add(node, GOV.pendingText, fact.pending)
                if fact.approved_by or fact.since:
                    b.add(node, GOV.agreementStatus, GOV.InForce)
            case PlannedBody():
                node = new("establishment")
                name = f"{fact.kind} för {fact.purpose}" if fact.purpose else fact.kind
                planned = ctx.body(name)
                b.add(planned, GOV.bodyStatus, GOV.Planned)
                host = agent(ctx, fact.host)
                b.add(planned, GOV.host, host)
                b.add(node, RDF.type, GOV.Establishment)
                b.add(node, GOV.establishes, planned)
                b.add(node, GOV.host, host)
                dated(ctx, node, fact.start)
            case Milestone():
                node = new("milestone")
                b.add(node, RDF.type, GOV.Milestone)
                b.add(node, RDFS.label, Literal(fact.label, lang="sv"))
                dated(ctx, node, fact.date)
            case OptionsStudied():
                node = new("options")
                b.add(node, RDF.type, GOV.Event)
                b.add(node, GOV.eventType, GOV.OptionsStudied)
                for option in fact.options:
                    b.add(node, GOV.optionStudied, Literal(option, lang="sv"))
                dated(ctx, node, _meeting_date(meeting))
            case ProtocolReference():
                node = new("minutes")
                b.add(node, RDF.type, GOV.Event)
                b.add(node, GOV.eventType, GOV.MinutesApproval)
                if fact.date and fact.date.exact:
                    earlier = _meeting_stub(ctx, agent(ctx, fact.body, body) or body, fact.date)
                    b.evidence(earlier, fact.evidence)
                    b.add(item_iri, GOV.approvesMinutesOf, earlier)
                    b.add(node, GOV.concerns, earlier)
                dated(ctx, node, _meeting_date(meeting))
            case PriorDecision():
                node = new("prior-decision")
                b.add(node, RDF.type, GOV.Event)
                b.add(node, GOV.eventType, GOV.DecisionElsewhere)
                b.add(node, GOV.actor, agent(ctx, fact.body))
                b.add(node, RDFS.label, Literal(fact.text, lang="sv"))
                dated(ctx, node, fact.date)
            case Election():
                if fact.role not in MEMBER_ROLES:
                    ctx.known_person(fact.person)  # keeps a variant spelling as a merge
                    continue  # a justerare is chosen per meeting; the attendance says so
                elected_body = agent(ctx, fact.body, body) if fact.body else body
                if not isinstance(elected_body, URIRef) or "/body/" not in str(elected_body):
                    elected_body = body
                org = ctx.b.organisation(resolve_organisation(fact.organisation))
                person = ctx.known_person(fact.person) or ctx.person(
                    fact.person, {str(elected_body)} | ({str(org)} if org else set())
                )
                period = (
                    (fact.period.earliest.isoformat(), fact.period.latest.isoformat())
                    if fact.period
                    else None
                )
                membership(
                    ctx,
                    person,
                    elected_body,
                    fact.role,
                    None,
                    None,
                    org,
                    None,
                    fact.evidence,
                    period,
                )
                continue
            case MembershipChange():
                node = new("membership-change")
                b.add(node, RDF.type, GOV.Event)
                b.add(node, GOV.eventType, GOV.MembershipChange)
                changed = agent(ctx, fact.body) if fact.body else None
                b.add(node, GOV.concerns, changed)
                contexts = {str(changed)} if changed else set()
                for name in fact.incoming:
                    b.add(node, GOV.incoming, ctx.person(name, contexts))
                for name in fact.outgoing:
                    b.add(node, GOV.outgoing, ctx.person(name, contexts))
                dated(ctx, node, _meeting_date(meeting))
            case ScheduledMeeting():
                node = new("planned-meeting")
                b.add(node, RDF.type, GOV.Event)
                b.add(node, GOV.eventType, GOV.PlannedMeeting)
                b.add(node, GOV.concerns, agent(ctx, fact.body, body))
                if fact.extra:
                    b.add(node, RDFS.label, Literal("extra sammanträde", lang="sv"))
                if fact.time:
                    b.add(node, GOV.startTime, xsd_time(fact.time))
                dated(ctx, node, fact.date)
            case _:
                continue
        b.add(node, GOV.mentionedIn, item_iri)
        b.evidence(node, fact.evidence)


def _meeting_date(meeting: Meeting) -> DateValue | None:
    from datetime import date

    if not meeting.date:
        return None
    d = date.fromisoformat(meeting.date)
    return DateValue(meeting.date, d, d)


def _meeting_stub(ctx: Context, body: URIRef, value: DateValue) -> URIRef:
    """The node of an earlier meeting that a protocol refers to by date."""
    body_key = str(body).removeprefix(str(ID["body/"]))
    node = ID[f"meeting/{body_key}/{value.latest.isoformat()}"]
    ctx.b.add(node, RDF.type, GOV.Meeting)
    ctx.b.add(node, GOV.body, body)
    ctx.b.add(node, DCT.date, xsd_date(value.latest.isoformat()))
    return node
