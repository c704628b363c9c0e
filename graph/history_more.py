"""Histories of a body (members, chairs by year, meetings per year, governing agreement),
a person (bodies, roles, meetings attended) and an agreement (in force from, notice,
review dates, events, replacement)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from rdflib import URIRef

from .namespaces import GOV
from .queries import load_query
from .store import Store


@dataclass(slots=True)
class BodyHistory:
    body: str
    members: list[dict[str, str]] = field(default_factory=list)
    chairs: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # year → chairs
    meetings_per_year: dict[str, int] = field(default_factory=dict)
    meetings: list[str] = field(default_factory=list)
    agreements: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class PersonHistory:
    person: str
    roles: list[dict[str, str]] = field(default_factory=list)
    meetings: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class AgreementLifecycle:
    agreement: str
    title: str = ""
    kind: str = ""
    in_force_from: str = ""
    notice_period: str = ""
    review_interval: str = ""
    review_dates: list[str] = field(default_factory=list)
    time_limited: str = ""
    status: str = ""
    pending: str = ""
    events: list[dict[str, str]] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _s(row: dict, key: str) -> str:
    return str(row[key]) if key in row else ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def body_history(store: Store, body: str) -> BodyHistory:
    history = BodyHistory(body)
    bindings = {"body": URIRef(body)}
    seen = set()
    for r in store.select(load_query("history-body-members"), bindings):
        member = {
            "person": _s(r, "person"),
            "name": _s(r, "name"),
            "role": _s(r, "roleLabel") or _local(_s(r, "role")),
            "organisation": _s(r, "orgLabel"),
            "attested": _s(r, "attested"),
            "from": _s(r, "start"),
            "to": _s(r, "end"),
        }
        key = tuple(member.values())
        if key in seen:
            continue
        seen.add(key)
        history.members.append(member)
        if str(r["role"]) in (str(GOV.Chair), str(GOV.ViceChair)):
            year = (member["from"] or member["attested"])[:4]
            if year:
                history.chairs.setdefault(year, []).append(member)
    per_year: dict[str, int] = defaultdict(int)
    for r in store.select(load_query("history-body-meetings"), bindings):
        if "meeting" in r and str(r["meeting"]) not in history.meetings:
            history.meetings.append(str(r["meeting"]))
            per_year[str(r["date"])[:4]] += 1
        if "agreement" in r:
            entry = {"iri": str(r["agreement"]), "title": str(r["agreementTitle"])}
            if entry not in history.agreements:
                history.agreements.append(entry)
    history.meetings_per_year = dict(sorted(per_year.items()))
    history.chairs = dict(sorted(history.chairs.items()))
    return history


def person_history(store: Store, person: str) -> PersonHistory:
    history = PersonHistory(person)
    for r in store.select(load_query("history-person"), {"person": URIRef(person)}):
        if "meeting" in r:
            entry = {
                "meeting": str(r["meeting"]),
                "date": _s(r, "date"),
                "body": _s(r, "bodyLabel"),
                "role": _s(r, "roleLabel"),
                "present": _s(r, "present"),
            }
            if entry not in history.meetings:
                history.meetings.append(entry)
        else:
            entry = {
                "body": _s(r, "bodyLabel"),
                "role": _s(r, "roleLabel"),
                "attested": _s(r, "attested"),
                "from": _s(r, "start"),
                "to": _s(r, "end"),
            }
            if entry not in history.roles:
                history.roles.append(entry)
    history.meetings.sort(key=lambda m: (m["date"], m["body"], m["role"]))
    history.roles.sort(key=lambda m: (m["from"] or m["attested"], m["body"], m["role"]))
    return history


def review_dates(in_force: str, interval: str, until: str) -> list[str]:
    """Every review date from `in_force`, `interval` apart (xsd:duration in years or
    months), up to and including `until`."""
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", interval or "")
    if not in_force or not match or not until:
        return []
    months = int(match.group(1) or 0) * 12 + int(match.group(2) or 0)
    if months <= 0:
        return []
    start = date.fromisoformat(in_force)
    found, k = [], 1
    while True:
        total = start.month - 1 + months * k
        year, month = start.year + total // 12, total % 12 + 1
        day = min(start.day, 28)
        when = date(year, month, day).isoformat()
        if when > until:
            return found
        found.append(when)
        k += 1


def agreement_lifecycle(
    store: Store, agreement: str, until: str | None = None
) -> AgreementLifecycle:
    """In force from, notice period, review dates (up to the latest meeting in the graph,
    or `until`), events and replacement of an agreement."""
    from .lineage import agreement_history

    life = AgreementLifecycle(agreement)
    latest = ""
    for r in store.select(load_query("history-agreement"), {"agreement": URIRef(agreement)}):
        life.title = life.title or _s(r, "title")
        if str(r.get("type", "")).startswith(str(GOV)):
            life.kind = max(life.kind, _local(str(r["type"])), key=len)
        life.in_force_from = life.in_force_from or _s(r, "inForceFrom") or _s(r, "inForceText")
        life.notice_period = life.notice_period or _s(r, "noticePeriod")
        life.review_interval = life.review_interval or _s(r, "reviewInterval")
        life.time_limited = life.time_limited or _s(r, "timeLimited")
        life.status = life.status or _local(_s(r, "status"))
        life.pending = life.pending or _s(r, "pending")
        latest = latest or _s(r, "latestMeeting")
        if "termination" in r:
            event = {
                "event": str(r["termination"]),
                "kind": "termination",
                "date": _s(r, "terminationDate"),
                "notice_end": _s(r, "noticeEnd"),
            }
            if event not in life.events:
                life.events.append(event)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", life.in_force_from):
        life.review_dates = review_dates(life.in_force_from, life.review_interval, until or latest)
    try:
        steps = agreement_history(store, agreement)
    except Exception:  # no lineage links at this agreement
        steps = []
    for step in steps:
        if step.link == "replaces":
            if step.target.iri == agreement:
                life.replaced_by.append(step.source.iri)
            elif step.source.iri == agreement:
                life.replaces.append(step.target.iri)
        event = {
            "event": f"{step.source.label} → {step.link} → {step.target.label}",
            "kind": step.link,
            "date": step.source.date_text,
            "notice_end": "",
        }
        if event not in life.events:
            life.events.append(event)
    return life
