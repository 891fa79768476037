"""Semantic checks of a plan: what blocks a build (errors) and what deserves a look (warnings).

:func:`check_file` reads a plan file and runs every check; :func:`validate` checks a plan already
in memory; :func:`load_and_validate` is the library form that raises typed exceptions. Every
:class:`~antong_reports.common.errors.Issue` names the file, line, field path, what is wrong and the fix,
in Thai and English. docs/validation.md lists every code.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator, Mapping

import attrs

from antong_reports.thai import text as thaitext
from antong_reports.validate import limits
from antong_reports.common.errors import Issue, PlanFileError, PlanInvalid, Severity
from antong_reports.model.framework import framework_2566_2570
from antong_reports.sources.reader import Locations, key_part, locate, read_plan_with_locations
from antong_reports.model.plan import MONEY_UNITS, Plan

#: A project name longer than this is most likely several fields pasted into one.
LONG_NAME = 300
#: Plausible Buddhist-era years for a plan: see :mod:`antong_reports.validate.limits`.
MIN_YEAR_BE, MAX_YEAR_BE = limits.MIN_YEAR_BE, limits.MAX_YEAR_BE

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE_RE = re.compile(r"^[1-9][0-9]*\.[1-9][0-9]*(?:\.[1-9][0-9]*)?$")
#: fields printed inside a table cell of the PDF (a row must fit on a page): the last part of
#: their field path, without list indexes
_CELL_FIELDS = frozenset({"name", "outputs", "outcomes", "responsible", "remark", "description",
                          "unit", "process_step", "risk_issues", "text", "label", "values", "title",
                          "district", "province", "address", "executive_name", "executive_title",
                          "signed_place", "code", "id", "slug"})


def _walk_text(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text value of the model with its field path."""
    if isinstance(obj, str):
        if not hasattr(obj, "value"):  # enums are fixed choices, not text
            yield path, obj
        return
    if attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            yield from _walk_text(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            yield from _walk_text(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk_text(v, key_part(path, k))


def _required_texts(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """The texts a plan must not leave blank, with their field paths: every text field of the
    model without a default (a project's id, name and code, the title, a step's text, …) and
    every item of a list of texts (a paragraph, an output, a risk issue)."""
    if attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            value = getattr(obj, f.name)
            at = f"{path}.{f.name}" if path else f.name
            if isinstance(value, str) and not hasattr(value, "value"):
                if f.default is attrs.NOTHING:
                    yield at, value
            else:
                yield from _required_texts(value, at)
    elif isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            if isinstance(item, str):
                yield f"{path}[{i}]", item
            else:
                yield from _required_texts(item, f"{path}[{i}]")


def _blank(text: str) -> bool:
    """No visible character: only spaces (also no-break and ideographic ones), line ends and
    invisible format characters (zero-width space, joiners, BOM)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


class _Checker:
    def __init__(self, plan: Plan, file: str | None, lines: Mapping[str, tuple[int, int]] | None):
        self.plan = plan
        self.file = file
        self.lines: Locations = dict(lines or {})
        self.issues: list[Issue] = []
        self.period_ok = True

    def add(self, severity: Severity, code: str, path: str, th: str, en: str, fix_th: str, fix_en: str) -> None:
        line, col = locate(self.lines, path)
        self.issues.append(Issue(severity, code, th, en, fix_th, fix_en, file=self.file, path=path,
                                 line=line, column=col))

    def error(self, *args: str) -> None:
        self.add(Severity.ERROR, *args)

    def warn(self, *args: str) -> None:
        self.add(Severity.WARNING, *args)

    # ------------------------------------------------------------------ checks

    def run(self) -> list[Issue]:
        self.check_plan()
        self.check_projects()
        self.check_risks()
        self.check_text()
        order = {Severity.ERROR: 0, Severity.WARNING: 1}
        self.issues.sort(key=lambda i: (order[i.severity], i.line or 0, i.column or 0, i.path, i.code))
        return self.issues

    def check_plan(self) -> None:
        self.check_slug()
        self.check_period()
        self.check_signature()
        self.check_size()
        self.check_target_years()
        self.check_sub_items()

    def check_slug(self) -> None:
        """The slug names the files."""
        plan = self.plan
        if not _SLUG_RE.fullmatch(plan.slug):
            self.error(
                "bad-slug", "slug",
                f"slug \"{plan.slug}\" ใช้ตั้งชื่อไฟล์ไม่ได้", f"slug \"{plan.slug}\" cannot name files",
                "ใช้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และขีด (-) เช่น angthong-2566-2570",
                "use lowercase ASCII letters, digits and hyphens only, e.g. angthong-2566-2570")
        elif len(plan.slug) > limits.MAX_SLUG:
            self.error(
                "slug-too-long", "slug",
                f"slug ยาว {len(plan.slug):,} อักขระ เกินขีดจำกัด {limits.MAX_SLUG} (ใช้ตั้งชื่อไฟล์)",
                f"the slug is {len(plan.slug):,} characters long, above the limit of "
                f"{limits.MAX_SLUG} (it names the files)",
                "ใช้ชื่อสั้น ๆ เช่น angthong-2566-2570", "use a short name, e.g. angthong-2566-2570")

    def check_period(self) -> None:
        """Plausible Buddhist-era years, in order, and not too many of them."""
        plan = self.plan
        for name in ("first_year", "last_year"):
            year = getattr(plan, name)
            if not MIN_YEAR_BE <= year <= MAX_YEAR_BE:
                self.error(
                    "bad-year", name,
                    f"ปี {year} ไม่ใช่ปีงบประมาณ พ.ศ. ที่เป็นไปได้",
                    f"{year} is not a plausible Buddhist-era fiscal year (range {MIN_YEAR_BE}-{MAX_YEAR_BE})",
                    "ใช้ปี พ.ศ. (ค.ศ. + 543) เช่น 2566", "use the Buddhist-era year (CE + 543), e.g. 2566")
        self.period_ok = plan.first_year <= plan.last_year
        span = plan.last_year - plan.first_year + 1
        years_ok = all(MIN_YEAR_BE <= y <= MAX_YEAR_BE for y in (plan.first_year, plan.last_year))
        if self.period_ok and years_ok and span > limits.MAX_PLAN_YEARS:
            self.period_ok = False
            self.error(
                "too-many-years", "last_year",
                f"แผนยาว {span:,} ปี เกินขีดจำกัด {limits.MAX_PLAN_YEARS} ปี",
                f"the plan runs {span:,} years, more than the limit of {limits.MAX_PLAN_YEARS}",
                f"แผนปฏิบัติการมีระยะ ๕ ปี (ได้ไม่เกิน {limits.MAX_PLAN_YEARS} ปี) ตรวจ first_year และ last_year",
                f"an action plan runs five years (at most {limits.MAX_PLAN_YEARS}); check first_year "
                "and last_year")
        if not self.period_ok:
            self.error(
                "bad-period", "last_year",
                f"ปีสุดท้ายของแผน ({plan.last_year}) มาก่อนปีแรก ({plan.first_year})",
                f"the plan's last year ({plan.last_year}) is before its first year ({plan.first_year})",
                "ตรวจ first_year และ last_year", "check first_year and last_year")

    def check_signature(self) -> None:
        plan = self.plan
        if plan.signed_year and not MIN_YEAR_BE <= plan.signed_year <= MAX_YEAR_BE:
            self.error(
                "bad-year", "signed_year",
                f"ปี {plan.signed_year} ไม่ใช่ปี พ.ศ. ที่เป็นไปได้ (ช่วง {MIN_YEAR_BE}-{MAX_YEAR_BE})",
                f"{plan.signed_year} is not a plausible Buddhist-era year (range {MIN_YEAR_BE}-{MAX_YEAR_BE})",
                "ใช้ปี พ.ศ. (ค.ศ. + 543) เช่น 2565", "use the Buddhist-era year (CE + 543), e.g. 2565")
        if not 1 <= plan.signed_month <= 12:
            self.error(
                "bad-month", "signed_month",
                f"เดือน {plan.signed_month} ไม่มีอยู่จริง", f"month {plan.signed_month} does not exist",
                "ใช้เลขเดือน 1-12 (9 = กันยายน)", "use a month number 1-12 (9 = September)")

    def check_size(self) -> None:
        """Some projects, not too many; some budget."""
        plan = self.plan
        if len(plan.projects) > limits.MAX_PROJECTS:
            self.error(
                "too-many-projects", "projects",
                f"แผนมี {len(plan.projects):,} โครงการ เกินขีดจำกัด {limits.MAX_PROJECTS:,}",
                f"the plan has {len(plan.projects):,} projects, more than the limit of "
                f"{limits.MAX_PROJECTS:,}", "แบ่งเป็นหลายแผน", "split it into several plans")
        if not plan.projects:
            self.error(
                "no-projects", "projects", "แผนไม่มีโครงการเลย", "the plan has no projects",
                "เพิ่มโครงการ/กิจกรรม/มาตรการอย่างน้อยหนึ่งรายการใน projects:",
                "add at least one project under projects:")
        elif self.period_ok and plan.grand_total == 0:
            self.warn(
                "no-budget", "projects", "ทั้งแผนไม่ใช้งบประมาณเลย", "the whole plan uses no budget",
                "ตรวจว่าลืมใส่ budget: ของโครงการหรือไม่", "check whether the projects' budget: was left out")

    def check_target_years(self) -> None:
        plan = self.plan
        for i, row in enumerate(plan.target_table):
            for year in row.values:
                if self.period_ok and year not in plan.years:
                    self.error(
                        "target-year-outside", f"target_table[{i}].values[{year}]",
                        f"ค่าเป้าหมายปี {year} อยู่นอกช่วงแผน {plan.first_year}-{plan.last_year}",
                        f"target value for {year} is outside the plan period "
                        f"{plan.first_year}-{plan.last_year}",
                        "ใช้เฉพาะปีในช่วงแผน", "use only the plan's years")

    def check_sub_items(self) -> None:
        """Sub-items the plan titles itself: well-formed codes under a mission of the framework."""
        plan = self.plan
        fw = framework_2566_2570()
        for i, sub in enumerate(plan.sub_items):
            if not _CODE_RE.match(sub.code) or sub.code.count(".") != 2:
                self.error(
                    "malformed-code", f"sub_items[{i}].code",
                    f"รหัสภารกิจย่อย \"{sub.code}\" ผิดรูปแบบ", f"sub-item code \"{sub.code}\" is malformed",
                    "รหัสภารกิจย่อยเขียนเป็น มิติ.ภารกิจ.ข้อ เช่น 1.1.2",
                    "write a sub-item code as dimension.mission.item, e.g. 1.1.2")
            elif fw.get(sub.code.rsplit(".", 1)[0]) is None:
                self.error(
                    "unknown-code", f"sub_items[{i}].code",
                    f"ไม่มีภารกิจ {sub.code.rsplit('.', 1)[0]} ในกรอบการประเมิน",
                    f"mission {sub.code.rsplit('.', 1)[0]} does not exist in the framework",
                    "ใช้รหัสภารกิจตามกรอบ พ.ศ. 2566-2570 (docs/plan-file.md)",
                    "use a mission code of the 2566-2570 framework (docs/plan-file.md)")

    def check_projects(self) -> None:
        plan = self.plan
        fw = framework_2566_2570()
        titled = {s.code for s in plan.sub_items}
        seen_ids: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        for i, p in enumerate(plan.projects):
            at = f"projects[{i}]"
            self.check_unique(at, i, p, seen_ids, seen_names)
            self.check_code(at, p.code, fw, titled)
            self.check_project_years(at, p)
            self.check_target_group(at, p.target_group)
            self.check_results(at, p)

    def check_unique(self, at: str, i: int, p: Any, seen_ids: dict[str, int],
                     seen_names: dict[str, int]) -> None:
        """An id of its own, a name not seen before and not too long."""
        if p.id in seen_ids:
            self.error(
                "duplicate-project-id", f"{at}.id",
                f"รหัสโครงการ \"{p.id}\" ซ้ำกับ projects[{seen_ids[p.id]}]",
                f"project id \"{p.id}\" is already used by projects[{seen_ids[p.id]}]",
                "ตั้งรหัสโครงการไม่ให้ซ้ำกัน", "give every project its own id")
        else:
            seen_ids[p.id] = i
        if p.name in seen_names:
            self.warn(
                "duplicate-project-name", f"{at}.name",
                f"ชื่อโครงการซ้ำกับ projects[{seen_names[p.name]}]",
                f"the same project name as projects[{seen_names[p.name]}]",
                "ตรวจว่าเป็นโครงการเดียวกันที่ใส่ซ้ำหรือไม่", "check whether the project was entered twice")
        else:
            seen_names[p.name] = i
        if len(p.name) > LONG_NAME:
            self.warn(
                "long-name", f"{at}.name",
                f"ชื่อโครงการยาวมาก ({len(p.name)} อักขระ)", f"very long project name ({len(p.name)} characters)",
                "ตรวจว่าข้อความช่องอื่น (เหตุผล วัตถุประสงค์) ติดมาในชื่อหรือไม่",
                "check whether other fields (rationale, objectives) were pasted into the name")

    def check_project_years(self, at: str, p: Any) -> None:
        """Amounts within the limit; budgets, years and quarters within the plan."""
        plan = self.plan
        for y, amount in p.budget.items():
            if not amount.is_finite() or amount > limits.MAX_AMOUNT:
                shown = f"{amount:,}" if amount.adjusted() < 30 else f"{amount:.3E}"
                self.error(
                    "amount-too-large", f"{at}.budget[{y}]",
                    f"จำนวนเงิน {shown} บาท เกินขีดจำกัด {limits.MAX_AMOUNT:,} บาท ต่อโครงการต่อปี",
                    f"the amount {shown} baht is above the limit of {limits.MAX_AMOUNT:,} baht "
                    "per project and year",
                    "ตรวจจำนวนเงิน (พิมพ์เลขศูนย์เกินหรือไม่)", "check the amount (extra zeros?)")
            if self.period_ok and y not in plan.years:
                self.error(
                    "budget-year-outside", f"{at}.budget[{y}]",
                    f"งบประมาณปี {y} อยู่นอกช่วงแผน {plan.first_year}-{plan.last_year}",
                    f"budget for {y} is outside the plan period {plan.first_year}-{plan.last_year}",
                    "ใส่งบประมาณเฉพาะปีในช่วงแผน (ตรวจว่าพิมพ์ปีผิดหรือไม่)",
                    "give budgets only for the plan's years (check for a mistyped year)")
        for k, y in enumerate(p.years):
            if self.period_ok and y not in plan.years:
                self.error(
                    "project-year-outside", f"{at}.years[{k}]",
                    f"ปีดำเนินการ {y} อยู่นอกช่วงแผน {plan.first_year}-{plan.last_year}",
                    f"year {y} is outside the plan period {plan.first_year}-{plan.last_year}",
                    "ใช้เฉพาะปีในช่วงแผน หรือไม่ระบุ years เพื่อให้ดำเนินการทุกปี",
                    "use only the plan's years, or leave out years: to run every year")
        for k, q in enumerate(p.quarters):
            if not 1 <= q <= 4:
                self.error(
                    "bad-quarter", f"{at}.quarters[{k}]",
                    f"ไตรมาส {q} ไม่มีอยู่จริง", f"quarter {q} does not exist",
                    "ใช้ไตรมาส 1-4 (ไตรมาส 1 = ต.ค.-ธ.ค.)", "use quarters 1-4 (quarter 1 = Oct-Dec)")

    def check_target_group(self, at: str, tg: Any) -> None:
        if tg is not None and tg.count is not None and tg.count > limits.MAX_COUNT:
            self.error(
                "count-too-large", f"{at}.target_group.count",
                f"จำนวนกลุ่มเป้าหมาย {tg.count:,} เกินขีดจำกัด {limits.MAX_COUNT:,}",
                f"the target group count {tg.count:,} is above the limit of {limits.MAX_COUNT:,}",
                "ตรวจจำนวน", "check the number")
        if tg is not None:
            if tg.count is not None and tg.count < 0:
                self.error(
                    "negative-count", f"{at}.target_group.count",
                    f"จำนวนกลุ่มเป้าหมายติดลบ ({tg.count})", f"negative target group count ({tg.count})",
                    "ใส่จำนวนเป็นศูนย์ขึ้นไป หรือลบช่อง count", "write zero or more, or leave count out")
            if tg.count is not None and tg.unit.strip() in MONEY_UNITS:
                self.warn(
                    "money-unit", f"{at}.target_group.unit",
                    f"จำนวนกลุ่มเป้าหมายมีหน่วยเป็นเงิน (\"{tg.unit}\")",
                    f"the target group count is given in money (\"{tg.unit}\")",
                    "ใช้หน่วยนับคนหรือสิ่งของ เช่น คน ครัวเรือน หน่วยงาน",
                    "use a unit that counts people or things, e.g. คน (persons)")

    def check_results(self, at: str, p: Any) -> None:
        if not p.outputs:
            self.warn(
                "no-outputs", f"{at}.outputs", "โครงการไม่มีผลผลิต", "the project has no outputs",
                "เพิ่มผลผลิต (outputs) ของโครงการ", "add the project's outputs")
        if not p.outcomes:
            self.warn(
                "no-outcomes", f"{at}.outcomes", "โครงการไม่มีผลลัพธ์", "the project has no outcomes",
                "เพิ่มผลลัพธ์ (outcomes) ของโครงการ", "add the project's outcomes")

    def check_code(self, at: str, code: str, fw: Any, titled: set[str]) -> None:
        path = f"{at}.code"
        if not _CODE_RE.match(code):
            self.error(
                "malformed-code", path,
                f"รหัสกรอบการประเมิน \"{code}\" ผิดรูปแบบ", f"framework code \"{code}\" is malformed",
                "เขียนเป็น มิติ.ภารกิจ เช่น 2.1 หรือ มิติ.ภารกิจ.ข้อ เช่น 1.1.1",
                "write dimension.mission (e.g. 2.1) or dimension.mission.item (e.g. 1.1.1)")
            return
        parts = code.split(".")
        dimension, mission = parts[0], ".".join(parts[:2])
        if fw.get(dimension) is None:
            self.error(
                "unknown-dimension", path,
                f"ไม่มีมิติที่ {dimension} ในกรอบการประเมิน", f"dimension {dimension} does not exist in the framework",
                "ใช้มิติ 1-4 ตามกรอบ พ.ศ. 2566-2570", "use dimensions 1-4 of the 2566-2570 framework")
            return
        if fw.get(mission) is None:
            self.error(
                "unknown-mission", path,
                f"ไม่มีภารกิจ {mission} ในกรอบการประเมิน", f"mission {mission} does not exist in the framework",
                "ใช้รหัสภารกิจตามกรอบ พ.ศ. 2566-2570 (docs/plan-file.md)",
                "use a mission code of the 2566-2570 framework (docs/plan-file.md)")
            return
        if len(parts) == 3 and code not in titled:
            item = fw.get(code)
            if item is None:
                self.warn(
                    "unknown-sub-item", path,
                    f"ภารกิจย่อย {code} ไม่อยู่ในกรอบที่โปรแกรมรู้จัก", f"sub-item {code} is not in the shipped framework",
                    f"เพิ่มชื่อภารกิจย่อยใน sub_items: (code: \"{code}\", title: ...) หรือตรวจรหัส",
                    f"add its title under sub_items: (code: \"{code}\", title: ...) or check the code")
            elif not item.confirmed:
                self.warn(
                    "unconfirmed-sub-item", path,
                    f"ชื่อภารกิจย่อย {code} ยังไม่ได้ยืนยันจากคู่มือ ป.ป.ช.",
                    f"the title of sub-item {code} is not confirmed from the NACC handbook",
                    f"ตรวจชื่อกับคู่มือ แล้วระบุใน sub_items: (code: \"{code}\", title: ...)",
                    f"check the title against the handbook and give it under sub_items: (code: \"{code}\", title: ...)")

    def check_risks(self) -> None:
        ids = {p.id for p in self.plan.projects}
        for i, risk in enumerate(self.plan.risks):
            for j, m in enumerate(risk.control_measures):
                if m.project is not None and m.project not in ids:
                    self.error(
                        "unknown-risk-project", f"risks[{i}].control_measures[{j}].project",
                        f"ไม่มีโครงการรหัส \"{m.project}\" ในแผน", f"no project with id \"{m.project}\" in the plan",
                        "ใช้รหัส (id) ของโครงการที่มีอยู่ในแผน", "use the id of a project of this plan")

    def check_limits(self, path: str, text: str) -> None:
        """The text can be written to every format: characters, length, word length."""
        field = re.sub(r"\[[^\]]*\]", "", path).rsplit(".", 1)[-1]
        limit = limits.MAX_CELL_TEXT if field in _CELL_FIELDS else limits.MAX_TEXT
        for code, th, en, fix_th, fix_en in limits.text_problems(text, limit):
            self.error(code, path, th, en, fix_th, fix_en)

    def check_blank(self) -> None:
        """Every required text has a visible character (the workbook's empty cell, in YAML)."""
        for path, text in _required_texts(self.plan):
            if _blank(text):
                self.error(
                    "blank-text", path,
                    "ข้อความว่างเปล่า (มีแต่ช่องว่างหรืออักขระที่มองไม่เห็น)",
                    "the text is blank (only spaces or invisible characters)",
                    "กรอกข้อความ หรือลบรายการนั้นออก", "fill it in, or delete the item")

    def check_text(self) -> None:
        self.check_blank()
        lists: dict[str, list[str]] = {}
        for path, text in _walk_text(self.plan):
            self.check_limits(path, text)
            if ".steps[" in path:           # a project's steps, at every depth, are one list
                owner = path[: path.index(".steps[")] + ".steps"
            elif path.endswith("]") and not path.endswith(".values[" + path.rsplit("[", 1)[-1]):
                owner = path[: path.rindex("[")]
            else:
                continue
            lists.setdefault(owner, []).append(text)
        for owner, items in lists.items():
            total = sum(len(t) + 8 for t in items)
            if len(items) > limits.MAX_LIST_ITEMS or total > limits.MAX_LIST_CHARS:
                self.error(
                    "list-too-long", owner,
                    f"รายการนี้ยาวเกินไป ({len(items):,} รายการ รวม {total:,} อักขระ; "
                    f"ได้ไม่เกิน {limits.MAX_LIST_ITEMS:,} รายการ และ {limits.MAX_LIST_CHARS:,} อักขระ)",
                    f"this list is too long ({len(items):,} items, {total:,} characters; the limits "
                    f"are {limits.MAX_LIST_ITEMS:,} items and {limits.MAX_LIST_CHARS:,} characters, "
                    "as a spreadsheet cell holds it)",
                    "ย่อหรือรวมรายการ", "shorten or merge the items")
        for path, text in _walk_text(self.plan):
            if thaitext.mixed_digits(text):
                self.warn(
                    "mixed-digits", path,
                    "ข้อความเดียวกันใช้ทั้งเลขไทยและเลขอารบิก", "one text mixes Thai and Arabic digits",
                    "ใช้เลขแบบเดียวกันทั้งข้อความ (เอกสารราชการใช้เลขไทย)",
                    "use one kind of digits throughout (official documents use Thai digits)")
        for path, text in (("title", self.plan.title), ("organization.name", self.plan.organization.name)):
            if len(text) > LONG_NAME:
                self.warn(
                    "long-name", path,
                    f"ชื่อยาวมาก ({len(text)} อักขระ)", f"very long name ({len(text)} characters)",
                    "ตรวจว่าข้อความอื่นติดมาในชื่อหรือไม่", "check whether other text was pasted into the name")


def validate(plan: Plan, file: str | None = None,
             lines: Mapping[str, tuple[int, int]] | None = None) -> list[Issue]:
    """Semantic issues of a plan, errors first. ``lines`` maps field paths to (line, column)."""
    return _Checker(plan, file, lines).run()


def check_file(path: str | Path) -> tuple[Plan | None, list[Issue]]:
    """Read and check a plan file: the plan (None when unreadable) and every issue found."""
    try:
        plan, locations, places = _read_plan(path)
    except PlanFileError as exc:
        return None, list(exc.issues)
    return plan, _placed(validate(plan, str(path), locations), places)


def load_and_validate(path: str | Path) -> tuple[Plan, list[Issue]]:
    """The plan and its warnings. Raises PlanFileError (unreadable) or PlanInvalid (errors)."""
    plan, locations, places = _read_plan(path)
    issues = _placed(validate(plan, str(path), locations), places)
    if any(i.is_error for i in issues):
        raise PlanInvalid(issues)
    return plan, [i for i in issues if not i.is_error]


# --------------------------------------------------------------------------- plan workbooks

def _read_plan(path: str | Path) -> tuple[Plan, Locations, dict | None]:
    """The plan, the line/column of its fields and, for a plan workbook (.xlsx), the sheet!cell
    of each field path (None for a plan file)."""
    from antong_reports.sources.reader import is_plan_workbook, read_plan_workbook_with_places

    if is_plan_workbook(path):
        plan, places = read_plan_workbook_with_places(path)
        return plan, {}, places
    plan, locations = read_plan_with_locations(path)
    return plan, locations, None


def _placed(issues: list[Issue], places: dict | None) -> list[Issue]:
    """Issues of a plan workbook placed at their cells (``โครงการ!F12``)."""
    if places is None:
        return issues
    from antong_reports.sources.plan_workbook import relocate

    return relocate(issues, places)
