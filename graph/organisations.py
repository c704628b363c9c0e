"""Organisation names as written → organisation nodes, using the public reference data.

"Boden", "Bodens kommun" and "Umeå kommun" become municipalities by SCB code, "Region
Norrbotten" the region by länskod, "Norrbottens Kommuner" a kommunförbund; any other
name becomes a plain organisation (a company when the text calls the person a consultant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from . import reference
from .identity import is_body_name, slug
from .namespaces import GOV, ID, ORG


@dataclass(frozen=True, slots=True)
class OrgRef:
    iri: URIRef
    cls: URIRef
    label: str
    county: str | None = None
    scb_code: str | None = None
    written: str | None = None  # the name as the text writes it
    rule: str | None = None  # how the written name was resolved, when it differs


_COMPANY = re.compile(r"\b(AB|Aktiebolag|HB|KB|Ltd|Inc|Oy|AS|GmbH)\b")


def resolve_organisation(name: str | None, *, company: bool = False) -> OrgRef | None:
    """The organisation a name refers to, or None for no name or the name of a body."""
    if not name:
        return None
    text = re.sub(r"\s+", " ", name).strip(" ,.;")
    if not text or is_body_name(text):
        return None
    region = reference.find_region(text)
    if region is not None:
        return OrgRef(
            ID[f"region/{region.county_code}"],
            GOV.Region,
            region.name,
            region.county_code,
            region.county_code,
            text,
            "reference-name",
        )
    municipality = reference.find_municipality(text)
    if municipality is not None:
        return OrgRef(
            ID[f"municipality/{municipality.scb_code}"],
            GOV.Municipality,
            municipality.name,
            municipality.county_code,
            municipality.scb_code,
            text,
            "reference-name",
        )
    if reference.is_municipal_association(text):
        # One spelling for the label whatever the text's capitals: "Norrbottens Kommuner".
        label = " ".join(w[:1].upper() + w[1:] for w in text.split())
        return OrgRef(
            ID[f"organisation/{slug(text)}"],
            GOV.MunicipalAssociation,
            label,
            reference.county_of(text),
            None,
            text,
            "spelling-variant",
        )
    cls = GOV.Company if company or _COMPANY.search(text) else ORG.Organization
    return OrgRef(ID[f"organisation/{slug(text)}"], cls, text)


def split_organisations(text: str | None) -> list[OrgRef]:
    """'Region Norrbotten och Norrbottens kommuner' → both organisations."""
    if not text:
        return []
    parts = re.split(r",\s*|\s+och\s+|\s+samt\s+", text)
    found = [resolve_organisation(p) for p in parts]
    seen: dict[URIRef, OrgRef] = {}
    for ref in found:
        if ref is not None and ref.cls != ORG.Organization:
            seen.setdefault(ref.iri, ref)
    return list(seen.values())
