"""The imported plan as a plan file a person can read and edit: the layout of the bundled sample,
with a comment on every line the import guessed and a header naming the source and findings."""

from __future__ import annotations

import re

import yaml
from typing import Sequence

from antong_reports.model import plan as m
from antong_reports.sources.importer.findings import Finding, summary


def plan_yaml(plan: m.Plan, guesses: dict[str, str], findings: Sequence[Finding], source: str) -> str:
    import yaml

    from antong_reports.sources.planfile import plan_to_data

    data = plan_to_data(plan)
    ordered = {k: data[k] for k in ORDER if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    body = yaml.dump(ordered, allow_unicode=True, sort_keys=False, width=100, Dumper=_Dumper)
    lines = body.split("\n")
    out: list[str] = [
        f"# {plan.title} {plan.organization.name} (พ.ศ. {plan.first_year} – {plan.last_year})",
        f"# นำเข้าจาก / imported from: {_one_line(source)}",
        f"# {summary(findings)}",
        "# บรรทัดที่มี \"# เดา/guessed\" คือค่าที่โปรแกรมเดา โปรดตรวจ / lines marked \"# เดา/guessed\" were",
        "# guessed by the import: check them. Then: antong-reports validate <this file>",
    ]
    numbers = {n.project.id: n.number for n in plan.numbered()}
    section = None
    pid = None
    for line in lines:
        top = re.match(r"^([a-z_]+):", line)
        if top:
            section = top.group(1)
            if section == "risks":
                out.append("")
                out.append("# ส่วนที่ ๑ บทนำ")
            elif section == "projects":
                out.append("")
                out.append("# ส่วนที่ ๒ และ ๓: โครงการ (ลำดับที่คำนวณจากรหัส / numbering is derived from the codes)")
        mid = re.match(r"^- id: (.+)$", line) if section == "projects" else None
        if mid:
            pid = mid.group(1).strip().strip("'\"")
            if pid in numbers:
                out.append(f"# ลำดับที่ {numbers[pid]}")
        note = None
        if section == "organization":
            key = re.match(r"^  ([a-z_]+):", line)
            if key:
                note = guesses.get(f"organization.{key.group(1)}")
        elif section in ("first_year", "last_year"):
            note = guesses.get("first_year")
        elif section == "projects" and pid is not None:
            key = re.match(r"^(?:- |  )([a-z_]+):", line)
            key2 = re.match(r"^    ([a-z_]+):", line)
            if key:
                note = guesses.get(f"projects[{pid}].{key.group(1)}")
            elif key2:
                note = guesses.get(f"projects[{pid}].target_group.{key2.group(1)}")
        if note and not line.rstrip().endswith(("|", ">", "|-", ">-")):
            line = f"{line}  # เดา/guessed: {_one_line(note)}"
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"


ORDER = ("slug", "title", "organization", "first_year", "last_year", "signed_place", "signed_month",
         "signed_year", "preface", "preface_closing", "risks", "rationale", "objectives", "targets",
         "target_table", "benefits", "sub_items", "projects")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
