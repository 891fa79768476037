"""The register of ITA items the plan's documents answer (``data/ita-register.yaml``).

The Integrity and Transparency Assessment publishes its OIT items anew each year and their codes
move, so the codes are data: per assessment year (Buddhist era) and agency group (local
governments first), each item's code, the kind of document that answers it, the fiscal year it
asks about, its title, what the file must show, the source the code was taken from and whether it
is confirmed. :func:`resolve_items` applies an officer's overrides (``--ita-item KIND=CODE``).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Mapping

import attrs
import yaml

#: the documents of the pack an item can ask for
KINDS = ("plan", "report-6m", "report-12m")
#: agency groups, local governments first (the default of the pack)
GROUPS = ("local", "central", "education")
DEFAULT_GROUP = "local"
#: the months each kind covers within its fiscal year (October of the year before = 10)
KIND_MONTHS = {"plan": (10, 9), "report-6m": (10, 3), "report-12m": (10, 9)}
#: what a manifest says of an item an officer gave (``--ita-item``)
OVERRIDE_SOURCE = "--ita-item (the officer, from the current assessment manual)"


@attrs.frozen
class ItaItem:
    code: str
    kind: str  # one of KINDS
    fiscal_year: int  # relative to the assessment year: 0 the assessed year, -1 the year before
    title: str
    contents: str  # what the file must show
    source: str
    confirmed: bool = False
    overridden: bool = False  # the code comes from --ita-item

    def year(self, ita_year: int) -> int:
        """The fiscal year (BE) the item asks about in assessment ``ita_year``."""
        return ita_year + self.fiscal_year


@attrs.frozen
class Register:
    groups: Mapping[str, str]  # group → Thai name
    kinds: Mapping[str, str]  # kind → Thai name
    contents: Mapping[str, str]  # kind → what its file must show
    years: Mapping[int, Mapping[str, tuple[ItaItem, ...]]]  # year → group → items

    def items(self, ita_year: int, group: str = DEFAULT_GROUP) -> tuple[ItaItem, ...]:
        return tuple(self.years.get(ita_year, {}).get(group, ()))


class RegisterError(ValueError):
    """The register file is malformed (a packaging mistake, not a user's)."""


@functools.lru_cache(maxsize=1)
def register() -> Register:
    text = resources.files("antong_reports.model").joinpath("data/ita-register.yaml").read_text("utf-8")
    return parse_register(yaml.safe_load(text))


def parse_register(data: dict) -> Register:
    if not isinstance(data, dict) or data.get("format") != 2:
        raise RegisterError("ita-register.yaml: expected format: 2")
    groups = dict(data["groups"])
    kinds = dict(data["kinds"])
    contents = dict(data["contents"])
    if set(kinds) != set(KINDS) or set(contents) != set(KINDS) or set(groups) != set(GROUPS):
        raise RegisterError("ita-register.yaml: kinds, contents and groups must list "
                            f"{KINDS} and {GROUPS}")
    years: dict[int, dict[str, tuple[ItaItem, ...]]] = {}
    for year, by_group in data["years"].items():
        years[int(year)] = {}
        for group, items in by_group.items():
            if group not in GROUPS:
                raise RegisterError(f"ita-register.yaml: {year}: unknown group {group!r}")
            out = []
            for it in items:
                if it["kind"] not in KINDS:
                    raise RegisterError(f"ita-register.yaml: {year} {group}: unknown kind {it['kind']!r}")
                out.append(ItaItem(code=str(it["code"]), kind=it["kind"],
                                   fiscal_year=int(it["fiscal_year"]), title=str(it["title"]),
                                   contents=str(it.get("contents") or contents[it["kind"]]),
                                   source=" ".join(str(it["source"]).split()),
                                   confirmed=bool(it["confirmed"])))
            codes = [i.code for i in out]
            if len(set(codes)) != len(codes):
                raise RegisterError(f"ita-register.yaml: {year} {group}: a code twice")
            years[int(year)][group] = tuple(out)
    return Register(groups=groups, kinds=kinds, contents=contents, years=years)


def parse_override(text: str) -> tuple[str, str]:
    """``"plan=O22"`` → ``("plan", "O22")``; raises ValueError with a message in Thai and English."""
    kind, sep, code = text.partition("=")
    kind, code = kind.strip(), code.strip().upper()
    if not sep or kind not in KINDS or not code or not code.isascii() or not code.isalnum():
        raise ValueError(f"--ita-item ต้องเป็น KIND=CODE โดย KIND คือ {' / '.join(KINDS)} เช่น plan=O22"
                         f" (พบ {text!r}) / --ita-item must be KIND=CODE with KIND one of"
                         f" {', '.join(KINDS)}, e.g. plan=O22 (got {text!r})")
    return kind, code


def resolve_items(ita_year: int | None, group: str = DEFAULT_GROUP,
                  overrides: Mapping[str, str] | None = None) -> tuple[ItaItem, ...]:
    """The items of an assessment with the officer's overrides applied: an override replaces the
    code of its kind's item (keeping its title and period), or adds an item for a kind the
    register has none of (for the assessed year; the year before for ``report-12m``)."""
    if ita_year is None:
        return ()
    reg = register()
    items = list(reg.items(ita_year, group))
    for kind, code in (overrides or {}).items():
        hit = [k for k, it in enumerate(items) if it.kind == kind]
        if hit:
            for k in hit:
                items[k] = attrs.evolve(items[k], code=code, confirmed=True, overridden=True,
                                        source=OVERRIDE_SOURCE)
        else:
            items.append(ItaItem(code=code, kind=kind, fiscal_year=-1 if kind == "report-12m" else 0,
                                 title=reg.kinds[kind], contents=reg.contents[kind],
                                 source=OVERRIDE_SOURCE, confirmed=True, overridden=True))
    return tuple(items)
