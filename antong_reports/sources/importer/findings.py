"""Findings of an import: every place where the source contradicts itself, or where the import
had to guess or fix something, with its place in the source and what was kept."""

from __future__ import annotations

from typing import Sequence, TextIO

import attrs

from antong_reports.sources.importer.blocks import Place

#: codes → (severity, short English title); docs/import.md lists them all
CODES = {
    # contradictions inside the source
    "part2-part3-name": ("contradiction", "Part 2 and Part 3 name a project differently"),
    "part2-part3-order": ("contradiction", "Part 2 and Part 3 order the projects differently"),
    "part2-part3-budget": ("contradiction", "Part 2 and Part 3 give different budgets"),
    "part2-part3-code": ("contradiction", "Part 2 and Part 3 file a project under different codes"),
    "part2-missing": ("contradiction", "a Part 3 project is not in Part 2"),
    "part3-missing": ("contradiction", "a Part 2 project has no Part 3 sheet"),
    "number-repeated": ("contradiction", "a sheet or row number repeats or skips"),
    "total-differs": ("contradiction", "a written total differs from the sum"),
    "count-differs": ("contradiction", "a written project count differs from the projects"),
    "head-count-in-baht": ("contradiction", "a head count written in baht"),
    "field-number": ("contradiction", "a field label carries the wrong number"),
    "heading-differs": ("contradiction", "a heading's title differs from the framework"),
    "heading-missing": ("contradiction", "a project stands under a code with no heading"),
    "dimension-misspelt": ("contradiction", "\"มติ\" written for \"มิติ\""),
    "measure-name": ("contradiction", "a control measure names a project differently"),
    "title-differs": ("contradiction", "the cover spells the plan's title differently"),
    "placeholder": ("contradiction", "template text or another organization's name left in"),
    "responsible-variant": ("contradiction", "a responsible unit spelt unlike the same unit elsewhere"),
    "heading-several": ("guess", "several sub-item headings before one sheet; one was chosen"),
    # guesses and fixes
    "guessed": ("guess", "the import had to guess"),
    "kind-guessed": ("guess", "a project's kind is not the first word of its name"),
    "steps-nesting": ("guess", "the nesting of method steps was inferred"),
    "text-joined": ("guess", "lines were joined into one item"),
    "several-targets": ("guess", "several target groups in one sheet"),
    "normalised": ("fix", "characters were normalised"),
    "page-furniture": ("fix", "page numbers, running titles or decorations were dropped"),
    "link-markup": ("fix", "angle brackets around a web address were dropped"),
    "amount-unreadable": ("guess", "an amount cannot be read; Part 2's figures were kept"),
    "not-read": ("guess", "a paragraph the import could not place was left out"),
}

SEVERITY_TH = {"contradiction": "ขัดกันเอง", "guess": "คาดเดา", "fix": "แก้ไข"}


@attrs.frozen
class Finding:
    code: str
    place: Place
    message_th: str
    message_en: str
    kept: str = ""  # what the plan holds now
    project: int | None = None  # the Part 3 sheet number, when about one project

    @property
    def kind(self) -> str:
        return CODES.get(self.code, ("guess", ""))[0]

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "place": str(self.place),
            "where": self.place.to_json(),
            "message_th": self.message_th,
            "message_en": self.message_en,
            "kept": self.kept,
        }


def report_json(file: str, findings: Sequence[Finding], plan=None) -> dict:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    doc = {"file": file, "findings": [f.to_json() for f in findings], "counts": counts}
    if plan is not None:
        doc["projects"] = len(plan.projects)
        doc["years"] = [plan.first_year, plan.last_year]
    return doc


def print_findings(findings: Sequence[Finding], out: TextIO, width: int = 100) -> None:
    """A readable table: kind, place, code; then the Thai and English message and what was kept."""
    if not findings:
        out.write("ไม่มีข้อสังเกต / no findings\n")
        return
    head = ("ประเภท/Kind", "ที่/Place", "รหัส/Code")
    rows = [(f"{SEVERITY_TH[f.kind]}/{f.kind}", str(f.place), f.code) for f in findings]
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(2)]
    fmt = f"{{:<{widths[0]}}}  {{:<{widths[1]}}}  {{}}"
    out.write(fmt.format(*head) + "\n")
    out.write(fmt.format("-" * widths[0], "-" * widths[1], "-" * 9) + "\n")
    for f, row in zip(findings, rows):
        out.write(fmt.format(*row) + "\n")
        out.write(f"    {f.message_th}\n    {f.message_en}\n")
        if f.kept:
            out.write(f"    เก็บไว้ / kept: {f.kept}\n")


def summary(findings: Sequence[Finding]) -> str:
    by = {k: sum(1 for f in findings if f.kind == k) for k in SEVERITY_TH}
    return (f"ข้อขัดกันเอง {by['contradiction']} รายการ, คาดเดา {by['guess']} รายการ, "
            f"แก้ไขอักขระ {by['fix']} รายการ / {by['contradiction']} contradiction(s), "
            f"{by['guess']} guess(es), {by['fix']} fix(es)")
