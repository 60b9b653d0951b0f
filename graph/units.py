"""Resolve unit names as written (区市场监管局) to full names within the issuing jurisdiction.

The abbreviation table, the national names and the collective owners are data, kept in
graph/data/abbreviations.json; each city's districts (for 各区（市）X) in graph/data/districts.json.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dutygraph.schema import ParseResult

_DATA = Path(__file__).parent / "data" / "abbreviations.json"
_ISSUER = re.compile(
    r"^(?P<prov>[^省市区县]{2,3}省)?(?P<city>[^省市区县]{2,4}?市)?(?P<county>[^省区县]{1,4}?[区县市])?"
)
_VARIANT = re.compile(r"“(?P<rare>[^”]+)”疑为“(?P<common>[^”]+)”")


@dataclass(frozen=True)
class UnitData:
    """The contents of abbreviations.json."""

    abbreviations: tuple[tuple[str, str], ...]
    national: tuple[str, ...]
    township_endings: tuple[str, ...]
    collectives: dict[str, tuple[str, ...]]


@cache
def unit_data() -> UnitData:
    """Load the unit-name table once; longest abbreviations first."""
    raw: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    abbr = sorted(raw["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    return UnitData(
        abbreviations=tuple(abbr),
        national=tuple(raw["national"]),
        township_endings=tuple(raw["township_endings"]),
        collectives={k: tuple(v) for k, v in raw["collectives"].items()},
    )


@dataclass(frozen=True)
class Jurisdiction:
    """The issuer's place: 枣庄市市中区人民政府 -> city 枣庄市, county 枣庄市市中区."""

    province: str = ""
    city: str = ""
    county: str = ""

    @property
    def full(self) -> str:
        """The deepest level's full name, or "" for national issuers."""
        return self.county or self.city or self.province

    def levels(self) -> list[str]:
        """Full names from the top level down: [枣庄市, 枣庄市市中区]."""
        out: list[str] = []
        for part in (self.province, self.city, self.county):
            if part:
                out.append(part)
        return out


def jurisdiction_of(issuer: str | None) -> Jurisdiction:
    """枣庄市市中区人民政府 -> 枣庄市市中区; 山东省知识产权局 -> 山东省; 国家知识产权局 -> ""."""
    m = _ISSUER.match(issuer or "")
    if m is None:  # pragma: no cover - every group is optional
        return Jurisdiction()
    prov, city, county = m["prov"] or "", m["city"] or "", m["county"] or ""
    city_full = prov + city if city else ""
    county_full = (city_full or prov) + county if county else ""
    return Jurisdiction(province=prov, city=city_full, county=county_full)


def expand_abbreviation(name: str) -> str:
    """区市场监管局 -> 区市场监督管理局, by the table's suffixes."""
    for short, full in unit_data().abbreviations:
        if name.endswith(short) and not name.endswith(full):
            return name[: -len(short)] + full
    return name


def is_township(name: str) -> bool:
    """税郭镇, 垎塔埠街道: a township-level unit (and not a collective like 各街道)."""
    return not name.startswith("各") and name.endswith(unit_data().township_endings)


_DISTRICTS = Path(__file__).parent / "data" / "districts.json"


@dataclass(frozen=True)
class DistrictData:
    """The contents of districts.json: collective prefixes and each city's districts."""

    prefixes: tuple[str, ...]
    districts: dict[str, tuple[str, ...]]


@cache
def district_data() -> DistrictData:
    """Load the district table once; longest collective prefixes first."""
    raw: dict[str, Any] = json.loads(_DISTRICTS.read_text(encoding="utf-8"))
    return DistrictData(
        prefixes=tuple(sorted(raw["collective_prefixes"], key=len, reverse=True)),
        districts={k: tuple(v) for k, v in raw["districts"].items()},
    )


def district_members(written: str, j: Jurisdiction) -> list[tuple[str, str]]:
    """各区（市）市场监督管理局 in a 枣庄市 notice -> [(枣庄市薛城区, 枣庄市薛城区市场监督管理局), …].

    One (district, unit) pair per district of the notice's city in districts.json; [] when the
    name is not a district collective or the city is not in the table.
    """
    data = district_data()
    name = expand_abbreviation(written.strip())
    prefix = next((p for p in data.prefixes if name.startswith(p)), None)
    if prefix is None or not j.city or len(name) == len(prefix):
        return []
    city = next((c for c in data.districts if j.city == c or j.city.endswith(c)), None)
    if city is None:
        return []
    rest = name[len(prefix) :]
    return [(j.city + d, j.city + d + rest) for d in data.districts[city]]


def collective_endings(written: str) -> tuple[str, ...] | None:
    """For a collective owner such as 各镇街, the name endings of its members."""
    return unit_data().collectives.get(written)


@dataclass(frozen=True)
class Resolved:
    """A unit name resolved within a jurisdiction, with the written form kept as an alias."""

    full: str
    written: str
    collective: bool
    township: bool


def _qualify(name: str, j: Jurisdiction) -> str:
    levels = j.levels()
    if not levels or name.startswith(unit_data().national):
        return name
    if any(name.startswith(level) for level in levels):
        return name
    if j.county and j.city and name.startswith(j.county[len(j.city) :]):
        return j.city + name  # 市中区X -> 枣庄市市中区X
    head, rest = name[0], name[1:]
    if head in "区县" and j.county:
        return j.county + rest
    if head == "市":
        city = next((lv for lv in reversed(levels) if lv.endswith("市")), "")
        if city:
            return city + rest
    if head == "省" and j.province:
        return j.province + rest
    return j.full + name


def resolve(written: str, j: Jurisdiction, variants: dict[str, str] | None = None) -> Resolved:
    """区市场监管局 in a 枣庄市市中区 notice -> 枣庄市市中区市场监督管理局."""
    name = (variants or {}).get(written, written)
    name = expand_abbreviation(name.strip())
    collective = name.startswith("各")
    full = (j.full + name) if collective else _qualify(name, j)
    return Resolved(full=full, written=written, collective=collective, township=is_township(name))


def name_variants(result: ParseResult) -> dict[str, tuple[str, int]]:
    """Unambiguous near-duplicates from "name-variant" warnings: rare spelling -> (common, line)."""
    found: dict[str, set[str]] = {}
    lines: dict[str, int] = {}
    for w in result.warnings:
        if w.code != "name-variant":
            continue
        m = _VARIANT.search(w.message)
        if m is None:
            continue
        found.setdefault(m["rare"], set()).add(m["common"])
        lines.setdefault(m["rare"], w.line)
    return {
        rare: (next(iter(commons)), lines[rare])
        for rare, commons in found.items()
        if len(commons) == 1 and rare not in {c for cs in found.values() for c in cs}
    }
