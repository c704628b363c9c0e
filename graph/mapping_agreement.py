"""An agreement document → RDF: the agreement, its parties, signatures, rules and events."""

from __future__ import annotations

from rdflib import Literal, URIRef

from .identity import Registry, slug
from .ingest.records import AgreementDocument
from .mapping_base import Builder, Context, MappedDocument, Source, xsd_date
from .namespaces import DCT, FOAF, GOV, ID, RDF, XSD
from .organisations import resolve_organisation

RULE_KINDS = {
    "meeting_frequency": GOV.MeetingFrequencyRule,
    "alternation": GOV.AlternationRule,
    "composition": GOV.CompositionRule,
    "substitutes": GOV.SubstituteRule,
    "minutes": GOV.MinutesRule,
    "extra_meeting": GOV.ExtraMeetingRule,
    "joint_days": GOV.JointDaysRule,
}


def agreement_county(doc: AgreementDocument) -> str | None:
    for name in [*doc.parties, *(s.organisation or "" for s in doc.signatories)]:
        ref = resolve_organisation(name)
        if ref is not None and ref.county:
            return ref.county
    return None


def map_agreement(doc: AgreementDocument, source: Source, registry: Registry) -> MappedDocument:
    county = agreement_county(doc)
    key = f"agreement/{county or 'se'}/{slug(doc.title)[:90].strip('-')}"
    b = Builder(key, source)
    ctx = Context(b, registry, county)
    agreement = ID[key]

    b.add(b.document, RDF.type, GOV.AgreementDocument)
    b.add(b.document, GOV.documents, agreement)
    b.add(b.document, DCT.identifier, source.stem)
    b.add(b.document, DCT.source, source.name)
    b.add(b.document, GOV.sha256, source.sha256)
    b.add(b.document, GOV.sourceText, source.raw)
    b.add(b.document, DCT.title, Literal(doc.title, lang="sv"))

    b.add(agreement, RDF.type, GOV.Agreement)
    b.add(agreement, DCT.title, Literal(doc.title, lang="sv"))
    b.evidence(agreement, doc.evidence)
    fields = doc.field_evidence

    parties: dict[str, URIRef] = {}
    for name in doc.parties:
        org = b.organisation(resolve_organisation(name))
        if org is not None:
            parties[name] = org
            b.add(agreement, GOV.party, org)
    for k, signatory in enumerate(doc.signatories, 1):
        node = URIRef(f"{agreement}/signature/{k}")
        org = parties.get(signatory.organisation or "") or b.organisation(
            resolve_organisation(signatory.organisation)
        )
        person = ctx.person(signatory.name, {str(org)} if org else set())
        b.add(node, RDF.type, GOV.Signature)
        b.add(agreement, GOV.signature, node)
        b.add(node, GOV.signer, person)
        b.add(node, GOV.signerRole, signatory.role)
        b.add(node, GOV.onBehalfOf, org)
        b.evidence(node, signatory.evidence)

    if doc.in_force_from and doc.in_force_from.exact:
        b.add(agreement, GOV.inForceFrom, xsd_date(doc.in_force_from.latest.isoformat()))
        event = URIRef(f"{agreement}/entry-into-force")
        b.add(event, RDF.type, GOV.EntryIntoForce)
        b.add(event, GOV.concerns, agreement)
        b.add(event, DCT.date, xsd_date(doc.in_force_from.latest.isoformat()))
        b.add(event, GOV.notBefore, xsd_date(doc.in_force_from.earliest.isoformat()))
        b.add(event, GOV.notAfter, xsd_date(doc.in_force_from.latest.isoformat()))
        b.add(event, GOV.dateText, doc.in_force_from.text)
        b.evidence(event, fields.get("in_force_from"))
    b.add(agreement, GOV.inForceCondition, doc.in_force_condition)
    if doc.notice_period_months is not None:
        b.add(
            agreement,
            GOV.noticePeriod,
            Literal(f"P{doc.notice_period_months}M", datatype=XSD.duration),
        )
    if doc.review_interval_years is not None:
        b.add(
            agreement,
            GOV.reviewInterval,
            Literal(f"P{doc.review_interval_years}Y", datatype=XSD.duration),
        )
    b.add(agreement, GOV.timeLimited, Literal(not doc.until_further_notice))
    b.add(agreement, GOV.agreementStatus, GOV.InForce)

    if doc.governed_body:
        body = ctx.body(doc.governed_body, fields.get("governed_body"))
        b.add(agreement, GOV.governs, body)
        b.add(body, GOV.governedBy, agreement)
        for org in parties.values():
            b.add(body, GOV.runBy, org)
        if doc.body_formed is not None:
            formed = URIRef(f"{body}/establishment")
            b.add(formed, RDF.type, GOV.Establishment)
            b.add(formed, GOV.establishes, body)
            b.add(formed, GOV.dateText, doc.body_formed.text)
            b.add(formed, GOV.notBefore, xsd_date(doc.body_formed.earliest.isoformat()))
            b.add(formed, GOV.notAfter, xsd_date(doc.body_formed.latest.isoformat()))
            b.evidence(formed, fields.get("body_formed") or fields.get("governed_body"))
    for k, seat in enumerate(doc.composition, 1):
        node = URIRef(f"{agreement}/seat-rule/{k}")
        b.add(node, RDF.type, GOV.SeatRule)
        b.add(agreement, GOV.seatRule, node)
        b.add(node, GOV.appointingParty, seat.appointing_party)
        b.add(
            node,
            GOV.appointingOrganisation,
            b.organisation(resolve_organisation(seat.appointing_party)),
        )
        b.add(node, GOV.seats, Literal(seat.seats, datatype=XSD.integer))
        b.add(node, GOV.fromBody, seat.from_body)
        b.evidence(node, seat.evidence)
    for k, rule in enumerate(doc.rules, 1):
        node = URIRef(f"{agreement}/rule/{k}")
        b.add(node, RDF.type, GOV.Rule)
        b.add(agreement, GOV.rule, node)
        b.add(node, RDF.value, Literal(rule.text, lang="sv"))
        b.add(node, GOV.ruleKind, RULE_KINDS.get(rule.kind or ""))
        if rule.kind == "meeting_frequency" and rule.value:
            b.add(node, GOV.minMeetingsPerYear, Literal(rule.value, datatype=XSD.integer))
        b.evidence(node, rule.evidence)
    for name in doc.bodies_mentioned:
        b.add(agreement, GOV.mentionsBody, Literal(name, lang="sv"))
    b.add(b.document, RDF.type, FOAF.Document)
    return MappedDocument(key, b.graph, agreement)
