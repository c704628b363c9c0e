"""The public reference data: complete lists, consistent codes, tolerant lookups."""

from __future__ import annotations

import pytest

from graph import reference


def test_every_kommun_and_region_is_listed() -> None:
    assert len(reference.municipalities()) == 290
    assert len(reference.regions()) == 21


def test_codes_are_unique_and_well_formed() -> None:
    codes = [m.scb_code for m in reference.municipalities()]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 4 and c.isdigit() for c in codes)
    counties = [r.county_code for r in reference.regions()]
    assert len(set(counties)) == len(counties)
    assert all(len(c) == 2 and c.isdigit() for c in counties)


def test_kommunkod_starts_with_its_lanskod() -> None:
    counties = {r.county_code for r in reference.regions()}
    for m in reference.municipalities():
        assert m.scb_code[:2] == m.county_code
        assert m.county_code in counties


def test_every_county_has_kommuner() -> None:
    used = {m.county_code for m in reference.municipalities()}
    assert used == {r.county_code for r in reference.regions()}


def test_names_are_unique() -> None:
    names = [m.name for m in reference.municipalities()]
    shorts = [m.short_name for m in reference.municipalities()]
    assert len(set(names)) == len(names)
    assert len(set(shorts)) == len(shorts)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Boden", "2582"),
        ("Bodens kommun", "2582"),
        ("bodens kommun", "2582"),
        ("Bodens", "2582"),
        ("Umeå kommun", "2480"),
        ("Luleå", "2580"),
        ("Stockholms stad", "0180"),
        ("Stockholm", "0180"),
        ("Göteborgs stad", "1480"),
        ("Kramfors kommun", "2282"),
        ("Falu kommun", "2080"),
        ("Region Gotland", "0980"),
        ("  Åsele kommun, ", "2463"),
    ],
)
def test_find_municipality(text: str, code: str) -> None:
    found = reference.find_municipality(text)
    assert found is not None
    assert found.scb_code == code


@pytest.mark.parametrize("text", ["Norrbotten", "Region Norrbotten", "Kommunerna", "", None])
def test_find_municipality_rejects_other_names(text: str | None) -> None:
    assert reference.find_municipality(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Region Norrbotten", "25"),
        ("region västerbotten", "24"),
        ("Region Stockholm", "01"),
        ("Västra Götalandsregionen", "14"),
        ("Region Skåne", "12"),
        ("Region Jönköpings län", "06"),
        ("Landstinget i Norrbotten", "25"),
        ("Norrbottens läns landsting", "25"),
    ],
)
def test_find_region(text: str, code: str) -> None:
    found = reference.find_region(text)
    assert found is not None
    assert found.county_code == code


@pytest.mark.parametrize("text", ["Norrbotten", "Bodens kommun", "Norrbottens Kommuner", None])
def test_find_region_rejects_other_names(text: str | None) -> None:
    assert reference.find_region(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Norrbottens", "25"),
        ("Västerbotten", "24"),
        ("Västerbottens kommuner", "24"),
        ("Länssamverkansgruppen Västerbotten", "24"),
        ("Region Norrbotten", "25"),
        ("Bodens kommun", "25"),
        ("Samråd vård och omsorg i Umeå kommun", "24"),
        ("Skånes", "12"),
        ("Politiska samverkansberedningen", None),
        ("Region Norrbotten och Region Västerbotten", None),
        (None, None),
    ],
)
def test_county_of(text: str | None, code: str | None) -> None:
    assert reference.county_of(text) == code


def test_county_name() -> None:
    assert reference.county_name("25") == "Norrbottens län"
    assert reference.county_name("24") == "Västerbottens län"
    assert reference.county_name("99") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Norrbottens Kommuner", True),
        ("Västerbottens kommuner", True),
        ("Dalarnas kommunförbund", True),
        ("Kommunförbundet Skåne", True),
        ("länets kommuner", False),
        ("Region Norrbotten", False),
        ("Umeå kommun", False),
        ("Kommunerna", False),
    ],
)
def test_is_municipal_association(name: str, expected: bool) -> None:
    assert reference.is_municipal_association(name) is expected


@pytest.mark.parametrize(
    ("text", "abbreviation"),
    [
        ("s", "S"),
        ("(S)", "S"),
        ("sjvp", "SJVP"),
        ("åp", "ÅP"),
        ("FP", "L"),
        ("Centerpartiet", "C"),
    ],
)
def test_find_party(text: str, abbreviation: str) -> None:
    found = reference.find_party(text)
    assert found is not None
    assert found.abbreviation == abbreviation


def test_find_party_unknown() -> None:
    assert reference.find_party("XYZ") is None
    assert reference.find_party(None) is None


def test_riksdag_parties_are_listed() -> None:
    listed = {p.abbreviation for p in reference.parties()}
    assert {"S", "M", "SD", "C", "V", "KD", "L", "MP"} <= listed
