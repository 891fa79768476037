"""The NACC three-part layout, read from located blocks into the plan model.

Cover and preface (คำนำ) → organization, title, years, preface, signature; ส่วนที่ ๑ → risk table,
rationale, objectives, targets (+ table), benefits; ส่วนที่ ๒ → the project table (one table with a
มิติ column or one per dimension, several projects in one cell, merged cells, totals); ส่วนที่ ๓ →
dimension / mission / sub-item headings and one sheet per project with its nine fields. Part 3 wins
where Part 2 disagrees; every disagreement, guess and fix becomes a :class:`Finding`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from decimal import Decimal
from typing import Iterable, Sequence

import attrs

from antong_reports.model import plan as m
from antong_reports.model.framework import framework_2566_2570
from antong_reports.sources.importer.blocks import Block, Place, TableBlock
from antong_reports.sources.importer.findings import Finding
from antong_reports.sources.importer.normalize import (
    AMOUNT_TOKEN, D, Normalizer, arabic, number_of, parse_amount, squash)


class NotAPlan(Exception):
    """The source is not a 2566–2570 plan (another edition, or no plan at all)."""

    def __init__(self, code: str, th: str, en: str, fix_th: str = "", fix_en: str = "",
                 place: Place | None = None):
        super().__init__(en)
        self.code, self.th, self.en, self.fix_th, self.fix_en = code, th, en, fix_th, fix_en
        self.place = place


# --------------------------------------------------------------------------- lines

@attrs.define
class Line:
    text: str
    place: Place
    start: bool = True
    bold: bool = False
    heading: int | None = None
    indent: int | None = None


Item = Line | TableBlock


def flatten(blocks: Sequence[Block], norm: Normalizer) -> list[Item]:
    out: list[Item] = []
    prev_blank = True
    for b in blocks:
        if isinstance(b, TableBlock):  # normalised once, here
            rows = tuple(tuple(attrs.evolve(c, lines=tuple(norm.text(x) for x in c.lines)) for c in row)
                         for row in b.rows)
            out.append(TableBlock(rows, b.place))
            prev_blank = True
            continue
        text = norm.text(b.text).strip()
        if not text:
            prev_blank = True
            continue
        # text sources already say where a paragraph starts (blank lines, indents, page breaks)
        start = b.start or (prev_blank and b.place.line is None)
        out.append(Line(text, b.place, start, b.bold, b.heading, b.indent))
        prev_blank = False
    return out


# --------------------------------------------------------------------------- labels

_LABEL = re.compile(
    rf"^(?:[-–•·]\s+(?=\(?{D}))?(?:(?P<kho>ข้อ(?:ที่)?\s*{D}{{1,3}}\s*[.):]?(?=\s))|"
    rf"(?P<paren>\(\s*{D}{{1,3}}\s*\))|"
    rf"(?P<sub>{D}{{1,3}}\s*\.\s*{D}{{1,3}}\s*\)|{D}{{1,2}}\.{D}{{1,2}}\.?(?=\s))|"
    rf"(?P<num>{D}{{1,3}}\s*\))|(?P<dot>{D}{{1,3}}\.(?!{D}))|(?P<bullet>[-–•·](?!{D})|\*(?=\s)))\s*")


@attrs.define
class Entry:
    """A list item or paragraph: its label kind ("num" N), "sub" N.M) or N.M., "paren" (N),
    "dot" N., "kho" ข้อ N, "bullet" or None),
    the label's numbers, text, place, and the DOCX indent of its first line."""

    kind: str | None
    nums: tuple[int, ...]
    text: str
    place: Place
    indent: int | None = None
    joined: int = 0


def split_label(text: str) -> tuple[str | None, tuple[int, ...], str]:
    mt = _LABEL.match(text)
    if not mt or not text[mt.end():].strip() and mt.lastgroup != "bullet":
        return None, (), text
    kind = mt.lastgroup
    label = mt.group(kind)
    nums = tuple(int(arabic(x)) for x in re.findall(D + "+", label))
    return kind, nums, text[mt.end():].strip()


_THAI = re.compile("[\u0e00-\u0e7f]")


def join_text(a: str, b: str) -> str:
    """Two pieces of one sentence broken by a wrap: Thai to Thai joins directly, else a space."""
    if not a:
        return b
    if _THAI.match(a[-1]) and _THAI.match(b[0]) and not a.endswith(("ฯ", "ๆ")):
        return a + b
    return a + " " + b


#: the longest bracketed remark a broken paragraph is rejoined across ("(Integrity and
#: Transparency Assessment : ITA)", "(พ.ศ. ๒๕๖๖ - ๒๕๗๐)"): longer spans are separate paragraphs
_BRACKET_SPAN = 120
#: how far into the new paragraph its closing bracket may stand
_CLOSE_WITHIN = 60
_PAIRS = {")": "(", "]": "["}


def _unclosed(text: str) -> tuple[str, int] | None:
    """The last bracket of ``text`` left open, and how many characters follow it."""
    stack: list[tuple[str, int]] = []
    for k, ch in enumerate(text):
        if ch in "([":
            stack.append((ch, k))
        elif ch in _PAIRS and stack and stack[-1][0] == _PAIRS[ch]:
            stack.pop()
    if not stack:
        return None
    ch, k = stack[-1]
    return ch, len(text) - k - 1


def _unopened(text: str) -> tuple[str, int] | None:
    """The first closing bracket of ``text`` that nothing in it opened, and its position; None
    when there is none, or when the text opens and leaves open a bracket before it."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in _PAIRS:
            if depth == 0:
                return ch, k
            depth -= 1
    return None


def _continues(before: str, text: str) -> bool:
    """A new paragraph that is the rest of the one before, broken by a page break, a wrap that
    became a paragraph end, or a typist's Enter: one that opens with a year reference ("พ.ศ. …"),
    or one whose first unmatched closing bracket soon closes the bracket ``before`` left open —
    the whole remark short, nothing opened before that closing bracket. Two paragraphs whose
    brackets merely fail to pair up stay apart."""
    if text.startswith("พ.ศ."):
        return True
    opened, closed = _unclosed(before), _unopened(text)
    if opened is None or closed is None or _PAIRS[closed[0]] != opened[0]:
        return False
    if closed[1] > _CLOSE_WITHIN or opened[1] + closed[1] > _BRACKET_SPAN:
        return False
    # the joined text must pair up from the open bracket on (no second stray closing bracket)
    return _unopened(text[closed[1] + 1:]) is None


def entries(lines: Sequence[Line], labels: bool = True) -> list[Entry]:
    """Lines as items: a labelled line or the first line of a paragraph starts an item; other
    lines continue the item before them (a wrap)."""
    out: list[Entry] = []
    for ln in lines:
        kind, nums, rest = split_label(ln.text) if labels else (None, (), ln.text)
        if out and kind is None and ln.start and _continues(out[-1].text, ln.text):
            out[-1].text = join_text(out[-1].text, ln.text)
            out[-1].joined += 1
        elif kind is not None or ln.start or not out:
            out.append(Entry(kind, nums, rest, ln.place, ln.indent))
        else:
            out[-1].text = join_text(out[-1].text, ln.text)
            out[-1].joined += 1
    return out


# --------------------------------------------------------------------------- patterns

_PART = re.compile(rf"^ส่วนที่\s*({D})(?:\s+(?!.*ประกอบด้วย)(.*))?$")
_DIM = re.compile(rf"^(มิติที่|มติที่|มิติ)\s*({D}{{1,2}})\.?\s*(.*)$")
_CODE_HEAD = re.compile(rf"^({D}{{1,2}}\.{D}{{1,2}}(?:\.{D}{{1,2}})?)\.?\s+(\S.*)$")
_SHEET = re.compile(rf"^(ลำดับที่|โครงการที่|ตัวอย่างที่)\s*({D}{{1,3}})\s*[:.]?\s*$")
_FIELD = re.compile(
    rf"^(?:[-–•]\s*)?({D}{{1,2}})\s*\.\s*(ชื่อโครงการ|ชื่อกิจกรรม|ชื่อมาตรการ|หลักการ|วัตถุประสงค์|กลุ่มเป้าหมาย|"
    r"วิธีการดำเนิน|วิธีดำเนิน|ขั้นตอน|ระยะเวลา|งบประมาณ|ผู้รับผิดชอบ|ผลผลิต|ตัวชี้วัด|ผลลัพธ์|ผลที่คาดว่า)"
    r"([^:]*?)\s*(?::\s*(.*))?$")
_FIELD_OF = {"ชื่อโครงการ": 1, "ชื่อกิจกรรม": 1, "ชื่อมาตรการ": 1, "หลักการ": 2, "วัตถุประสงค์": 3,
             "กลุ่มเป้าหมาย": 4, "วิธีการดำเนิน": 5, "วิธีดำเนิน": 5, "ขั้นตอน": 5, "ระยะเวลา": 6,
             "งบประมาณ": 7, "ผู้รับผิดชอบ": 8, "ผลผลิต": 9, "ตัวชี้วัด": 9, "ผลลัพธ์": 9,
             "ผลที่คาดว่า": 9}
_SUBHEAD = re.compile(r"^(ผลผลิต|ผลลัพธ์)\s*(?:\((?:output|outcome)s?\))?\s*:?\s*(.*)$", re.I)
_RANGE = re.compile(rf"({D}{{4}})\s*[-–—]\s*({D}{{4}})")
_TARGET_HEAD = re.compile(r"^(?:ค่าเป้าหมาย|เป้าหมาย|ตัวชี้วัด)")
_YEAR_COLUMN = re.compile(rf"(?:ปี|พ\.ศ\.)\s*{D}{{4}}")
_YEAR = re.compile(rf"(?<![0-9๐-๙])({D}{{4}})(?![0-9๐-๙])")
MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
_SIGNED = re.compile(rf"^({'|'.join(MONTHS)})\s*(?:พ\.ศ\.\s*)?({D}{{4}})$")
_ORG = re.compile(r"(เทศบาลนคร|เทศบาลเมือง|เทศบาลตำบล|องค์การบริหารส่วนจังหวัด|องค์การบริหารส่วนตำบล|"
                  r"อบจ\.|อบต\.)\s?([\u0e00-\u0e7f]+)")
_ORG_KIND = {"เทศบาลนคร": m.OrgKind.CITY_MUNICIPALITY, "เทศบาลเมือง": m.OrgKind.TOWN_MUNICIPALITY,
             "เทศบาลตำบล": m.OrgKind.SUBDISTRICT_MUNICIPALITY,
             "องค์การบริหารส่วนจังหวัด": m.OrgKind.PAO, "อบจ.": m.OrgKind.PAO,
             "องค์การบริหารส่วนตำบล": m.OrgKind.SAO, "อบต.": m.OrgKind.SAO}
#: dimension names of the 2561–2564 framework (its four dimensions)
OLD_DIMENSIONS = ("การสร้างสังคมที่ไม่ทนต่อการทุจริต", "การบริหารราชการเพื่อป้องกันการทุจริต",
                  "การเสริมสร้างและปรับปรุงกลไกในการตรวจสอบ")
TITLE = "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"
_LINK = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>")
_PLACEHOLDER = re.compile(r"(?:x{3,}|X{3,}|\.{5,}|…{2,}|_{3,})")
_TEXT_NO_BUDGET = "ไม่ใช้งบประมาณ"

CATEGORY_WORDS = (
    (m.TargetCategory.EXECUTIVE_POLITICIANS, ("ผู้บริหาร", "คณะผู้บริหาร")),
    (m.TargetCategory.COUNCIL_MEMBERS, ("สมาชิกสภา",)),
    (m.TargetCategory.LOCAL_OFFICIALS, ("บุคลากร", "พนักงาน", "ลูกจ้าง", "ข้าราชการ", "เจ้าหน้าที่")),
    (m.TargetCategory.CHILDREN_YOUTH, ("เด็ก", "เยาวชน", "นักเรียน")),
    (m.TargetCategory.CITIZENS, ("ประชาชน", "ชุมชน", "ประชาคม", "ภาคประชาสังคม")),
    (m.TargetCategory.SCHOOLS, ("สถานศึกษา", "โรงเรียน")),
    (m.TargetCategory.GOVERNMENT_AGENCIES, ("หน่วยงานภาครัฐ", "ภาครัฐ ", "ส่วนราชการ")),
    (m.TargetCategory.STATE_ENTERPRISES, ("รัฐวิสาหกิจ",)),
    (m.TargetCategory.PRIVATE_SECTOR, ("เอกชน", "ภาคธุรกิจ")),
)


# --------------------------------------------------------------------------- result

@attrs.define
class Sheet:
    """One Part 3 sheet as read."""

    number: int
    place: Place
    code: str
    code_guessed: str = ""  # why the code is a guess
    fields: dict[int, list[Line]] = attrs.Factory(dict)
    name: str = ""
    name_place: Place | None = None


@attrs.define
class Part2Row:
    number: int | None
    name: str
    place: Place
    dimension: str | None
    mission: str | None
    budget: dict[int, Decimal]
    remark: str = ""


@attrs.define
class Guesses:
    """What the YAML writer marks with a comment: field path → reason."""

    notes: dict[str, str] = attrs.Factory(dict)

    def add(self, path: str, reason: str) -> None:
        self.notes[path] = reason if path not in self.notes else self.notes[path] + "; " + reason


@attrs.define
class Result:
    plan: m.Plan
    findings: list[Finding]
    guesses: Guesses
    normalised: dict[str, int]


@attrs.define
class _Part2Walk:
    """Where Part 2's table is: the dimension and mission so far, and the table's columns (a table
    that goes on over a page without its header keeps them)."""

    dim: str | None = None
    mission: str | None = None
    cols: dict | None = None

    def heading(self, text: str) -> None:
        """A line between the tables: a dimension or mission heading sets where the rows belong."""
        md = _DIM.match(text)
        mc = _CODE_HEAD.match(text)
        if md and md.group(1) != "มิติ":
            self.dim, self.mission = str(number_of(md.group(2))), None
        elif mc and mc.group(1).count(".") == 1:
            self.mission = arabic(mc.group(1))
            self.dim = self.mission.split(".")[0]

    def header(self, texts: dict[int, str]) -> bool:
        """True for a row that holds no projects: the table's header (its columns are kept), a row
        before any header, or the budget heading row."""
        joined = " ".join(texts.values())
        if self.cols is None or ("โครงการ" in joined and any(_year_of(t) for t in texts.values())
                                 and not any(re.match(rf"^{D}+\)", t) for t in texts.values())):
            found = _part2_columns(texts)
            if found:
                self.cols = found
                return True
            if self.cols is None:
                return True
        return bool("งบประมาณ (บาท)" in joined or all(t in ("", "งบประมาณ", "บาท") or "งบประมาณ" in t
                                                       for t in texts.values() if t) and not any(
            re.search(rf"{D}+\)", t) for t in texts.values()))

    def place(self, texts: dict[int, str], cell_at: dict) -> None:
        """A row's own dimension and mission cells (a merged-down dimension cell says nothing)."""
        cols = self.cols
        if cols.get("dim") is not None:
            t = texts.get(cols["dim"], "")
            cell = cell_at.get(cols["dim"])
            mt = re.match(rf"^({D}{{1,2}})\s*\.?(?!{D})", t)
            if t and mt and cell is not None and not cell.merged_up:
                self.dim, self.mission = str(number_of(mt.group(1))), None
        mtext = texts.get(cols["mission"], "") if cols.get("mission") is not None else ""
        mt = re.match(rf"^({D}{{1,2}}\.{D}{{1,2}})(?!\.{D})", mtext)
        if mt:
            self.mission = arabic(mt.group(1))
            self.dim = self.mission.split(".")[0]


@attrs.define
class _Part3Walk:
    """Reading Part 3 line by line: the headings so far, the sheets, the field being read."""

    lines: list[Line]
    k: int = 0
    sheets: list[Sheet] = attrs.Factory(list)
    dim: str | None = None
    mission: str | None = None
    sub: str | None = None
    heading_titles: dict[str, tuple[str, Place]] = attrs.Factory(dict)
    pending_subs: list[str] = attrs.Factory(list)  # sub-item headings since the last sheet
    field: int | None = None


# --------------------------------------------------------------------------- the parser

class Parser:
    def __init__(self, blocks: Sequence[Block], file: str, furniture: Counter | None = None):
        self.file = file
        self.norm = Normalizer()
        self.items = flatten(blocks, self.norm)
        self.findings: list[Finding] = []
        self.guesses = Guesses()
        self.fw = framework_2566_2570()
        self.furniture = furniture or Counter()

    def find(self, code: str, place: Place, th: str, en: str, kept: str = "") -> None:
        self.findings.append(Finding(code, place, th, en, kept))

    # ------------------------------------------------------------------ structure

    def lines(self, lo: int, hi: int) -> list[Line]:
        return [x for x in self.items[lo:hi] if isinstance(x, Line)]

    def tables(self, lo: int, hi: int) -> list[TableBlock]:
        return [x for x in self.items[lo:hi] if isinstance(x, TableBlock)]

    def part_starts(self) -> dict[int, int]:
        cands: dict[int, list[int]] = {1: [], 2: [], 3: []}
        for i, it in enumerate(self.items):
            if isinstance(it, Line) and "\t" not in it.text:
                mt = _PART.match(it.text)
                if mt and not re.search(rf"{D}+\s*$", mt.group(2) or "") :
                    n = number_of(mt.group(1))
                    if n in cands:
                        cands[n].append(i)
        starts: dict[int, int] = {}
        limit = len(self.items)
        for n in (3, 2, 1):
            before = [i for i in cands[n] if i < limit]
            if before:
                starts[n] = before[-1]
                limit = starts[n]
        return starts

    def run(self) -> Result:
        starts = self.part_starts()
        self.check_edition(starts)
        if 3 not in starts and not any(_SHEET.match(x.text) for x in self.lines(0, len(self.items))):
            raise NotAPlan("not-a-plan", "ไม่พบส่วนที่ ๓ (รายละเอียดโครงการ) หรือแผ่นโครงการ \"ลำดับที่ N\"",
                           "no Part 3 (project details) and no project sheet \"ลำดับที่ N\" found",
                           "ตรวจว่าเป็นไฟล์แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ๒๕๖๖ – ๒๕๗๐) ตามแบบของ ป.ป.ช.",
                           "check that the file is a 2566–2570 anti-corruption action plan in the NACC layout")
        n = len(self.items)
        p1 = starts.get(1, n)
        p2 = starts.get(2, n)
        p3 = starts.get(3, 0 if 3 not in starts else n)
        front_end = min(p1, p2, p3)
        org, title, years, signed = self.front(0, front_end, p2, p3)
        first, last = years
        preface, closing = self.preface(0, front_end)
        sheets = self.part3(p3 if 3 in starts else 0, n)
        if not sheets:
            raise NotAPlan("no-projects", "ไม่พบโครงการในส่วนที่ ๓", "no project sheet found in Part 3",
                           "แต่ละโครงการต้องขึ้นต้นด้วย \"ลำดับที่ N\" และมีช่อง \"๑. ชื่อโครงการ\"",
                           "each project must start with \"ลำดับที่ N\" and have \"๑. ชื่อโครงการ\"")
        part2 = self.part2(p2, p3) if 2 in starts else []
        projects = self.projects(sheets, part2, first, last, org)
        part1 = self.part1(p1, p2, projects) if 1 in starts else {}
        plan = m.Plan(
            slug=slug_for(org.name, first, last), title=title, organization=org,
            first_year=first, last_year=last, projects=projects,
            preface=preface, preface_closing=closing,
            signed_place=signed[0], signed_month=signed[1], signed_year=signed[2],
            sub_items=tuple(self.sub_items), **part1)
        self.check_counts(plan)
        for key, count in sorted((self.norm.counts + self.furniture).items()):
            code = "page-furniture" if key in ("page-number", "running-title", "decoration") else "normalised"
            th = {"sara-am": "สระอำที่พิมพ์แยกเป็นนิคหิต+สระอา", "doubled-mark": "วรรณยุกต์/สระที่พิมพ์ซ้ำ",
                  "zero-width": "อักขระล่องหน (zero-width)", "page-number": "เลขหน้า",
                  "running-title": "หัวกระดาษที่ซ้ำทุกหน้า", "decoration": "เส้นตกแต่ง เช่น #####"}.get(key, key)
            self.find(code, Place(), f"แก้ไข{th} {count} แห่ง", f"{key}: {count} fixed or dropped",
                      str(count))
        return Result(plan, self.findings, self.guesses, dict(self.norm.counts + self.furniture))

    # ------------------------------------------------------------------ editions

    def check_edition(self, starts: dict[int, int]) -> None:
        head = self.lines(0, min(len(self.items), starts.get(1, 80) + 1, 400))
        text = " ".join(x.text for x in head)
        for x in self.lines(0, len(self.items))[:2000]:
            if any(d in x.text for d in OLD_DIMENSIONS):
                self.refuse_old(x.place)
        for mt in _RANGE.finditer(text):
            a, b = int(arabic(mt.group(1))), int(arabic(mt.group(2)))
            if 2500 < a < 2700 and b - a == 3 and a < 2566:
                self.refuse_old(next((x.place for x in head if mt.group(0) in x.text), Place()),
                                f"{a}–{b}")
        if not _RANGE.search(text):
            mt = re.search(rf"ประจำปี(?:งบประมาณ)?\s*(?:พ\.ศ\.)?\s*({D}{{4}})", text)
            if mt:
                year = arabic(mt.group(1))
                raise NotAPlan(
                    "one-year-plan", f"เป็นแผนปฏิบัติการประจำปี (ปีงบประมาณ {year}) ไม่ใช่แผน ๕ ปี พ.ศ. ๒๕๖๖ – ๒๕๗๐",
                    f"this is a one-year action plan (fiscal year {year}), not the 2566–2570 five-year plan",
                    "นำเข้าแผน ๕ ปี (พ.ศ. ๒๕๖๖ – ๒๕๗๐) ที่แผนประจำปีนี้มาจาก",
                    "import the 2566–2570 five-year plan this one-year plan comes from")

    def refuse_old(self, place: Place, years: str = "2561–2564") -> None:
        raise NotAPlan(
            "old-edition", f"เป็นแผนฉบับ พ.ศ. {years} (แผน ๔ ปี กรอบมิติเดิม) ไม่ใช่ฉบับ พ.ศ. ๒๕๖๖ – ๒๕๗๐",
            f"this is the {years} edition (four-year plan, old dimensions), not the 2566–2570 one",
            "จัดทำแผนตามกรอบ พ.ศ. ๒๕๖๖ – ๒๕๗๐ แล้วนำเข้าใหม่ (มิติและภารกิจต่างกัน นำเข้าอัตโนมัติไม่ได้)",
            "write the plan on the 2566–2570 framework first (its dimensions and missions differ)",
            place)

    # ------------------------------------------------------------------ cover and preface

    def front(self, lo: int, hi: int, p2: int, p3: int):
        cover = self.lines(lo, hi)
        p2_head = self.lines(p2, min(p2 + 6, len(self.items))) if p2 < len(self.items) else []
        org = self.organization(cover, p2_head)
        years = self.plan_years(cover, p2_head)
        title = self.plan_title(cover, p2_head, org.name)
        return org, title, years, self.signature(lo, hi)

    def organization(self, cover: list[Line], p2_head: list[Line]) -> m.Organization:
        """The organization named on the cover or above Part 2; district and province from the
        front matter, else guessed from the name."""
        texts = [x.text for x in cover]
        org_name, kind = "", None
        for x in cover + p2_head:
            mt = _ORG.search(x.text)
            if mt:
                org_name, kind = mt.group(1) + mt.group(2), _ORG_KIND[mt.group(1)]
                break
        if not org_name:
            org_name, kind = "องค์กรปกครองส่วนท้องถิ่น", m.OrgKind.SAO
            self.find("guessed", Place(), "ไม่พบชื่อองค์กรปกครองส่วนท้องถิ่นในปกหรือคำนำ",
                      "no organization name on the cover or in the preface", org_name)
            self.guesses.add("organization.name", "not found in the source / ไม่พบในต้นฉบับ")
        stem = org_name
        for prefix in _ORG_KIND:
            if stem.startswith(prefix):
                stem = stem[len(prefix):]
        if kind in (m.OrgKind.PAO,) and org_name.startswith("อบจ."):
            org_name = "องค์การบริหารส่วนจังหวัด" + stem
        all_text = " ".join(texts + [x.text for x in self.lines(0, min(len(self.items), 4000))][:600])
        dm = re.search(r"อำเภอ\s?([\u0e00-\u0e7f]+)", all_text)
        pm = re.search(r"จังหวัด\s?([\u0e00-\u0e7f]+)", all_text)
        province = pm.group(1) if pm else stem
        if kind in (m.OrgKind.CITY_MUNICIPALITY, m.OrgKind.TOWN_MUNICIPALITY, m.OrgKind.PAO):
            district_guess = "เมือง" + province
        else:
            district_guess = stem
        district = dm.group(1) if dm else district_guess
        if not dm:
            self.guesses.add("organization.district", "guessed from the name; check / เดาจากชื่อ โปรดตรวจ")
            self.find("guessed", Place(), f"เอกสารไม่ระบุอำเภอ ใช้ \"{district}\" ตามชื่อองค์กร",
                      f"the document names no district; \"{district}\" is guessed from the name", district)
        if not pm:
            self.guesses.add("organization.province", "guessed from the name; check / เดาจากชื่อ โปรดตรวจ")
            self.find("guessed", Place(), f"เอกสารไม่ระบุจังหวัด ใช้ \"{province}\" ตามชื่อองค์กร",
                      f"the document names no province; \"{province}\" is guessed from the name", province)
        return m.Organization(name=org_name, kind=kind, district=district, province=province)

    def plan_years(self, cover: list[Line], p2_head: list[Line]) -> tuple[int, int]:
        """The first range on the cover, in the Part 2 heading, or anywhere in the front."""
        years = None
        for x in cover + p2_head:
            mt = _RANGE.search(x.text)
            if mt:
                years = (int(arabic(mt.group(1))), int(arabic(mt.group(2))))
                break
        if years is None or not (2500 < years[0] <= years[1] < 2700):
            years = (2566, 2570)
            self.find("guessed", Place(), "ไม่พบช่วงปีของแผน ใช้ พ.ศ. ๒๕๖๖ – ๒๕๗๐",
                      "no plan period found; 2566–2570 assumed", "2566–2570")
            self.guesses.add("first_year", "assumed / สันนิษฐาน")
        return years

    def plan_title(self, cover: list[Line], p2_head: list[Line], org_name: str) -> str:
        """Part 2's heading spells the title as the body does; the cover may differ."""
        title = TITLE
        body_title = next((x for x in p2_head[1:] if x.text.startswith("แผนปฏิบัติการ")), None)
        cover_title = next((x for x in cover if x.text.startswith("แผนปฏิบัติการ")), None)
        if body_title is not None:
            title = _strip_title(body_title.text, org_name)
        elif cover_title is not None:
            title = _strip_title(cover_title.text, org_name)
        if cover_title is not None and squash(_strip_title(cover_title.text, org_name)) != squash(title):
            self.find("title-differs", cover_title.place,
                      f"ปกเขียนชื่อแผนว่า \"{cover_title.text}\" ต่างจากในเนื้อหา",
                      f"the cover spells the title \"{cover_title.text}\", unlike the body", title)
        return title

    def signature(self, lo: int, hi: int) -> tuple[str, int, int]:
        """A month-year line and the place above it, in the preface."""
        signed = ("", 1, 0)
        pre = self.preface_lines(lo, hi)
        for k in range(len(pre) - 1, 0, -1):
            mt = _SIGNED.match(pre[k].text)
            if mt:
                place = pre[k - 1].text
                if len(place) > 80 or re.match(rf"^(ส่วนที่|มิติที่)\s*{D}", place):
                    place = ""  # the body ends there: no place above the date (or it was lost)
                signed = (place, MONTHS.index(mt.group(1)) + 1, int(arabic(mt.group(2))))
                break
        return signed

    def preface_lines(self, lo: int, hi: int) -> list[Line]:
        lines = self.lines(lo, hi)
        start = next((k for k, x in enumerate(lines) if squash(x.text) == "คำนำ"), None)
        if start is None:
            return []
        end = next((k for k in range(start + 1, len(lines)) if squash(lines[k].text) == "สารบัญ"),
                   len(lines))
        return lines[start + 1:end]

    def preface(self, lo: int, hi: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        pre = self.preface_lines(lo, hi)
        if len(pre) >= 2 and _SIGNED.match(pre[-1].text):
            pre = pre[:-2]
        paras = [e.text for e in entries(pre, labels=False)]
        generated = [k for k, t in enumerate(paras)
                     if re.match(rf"^(ส่วนที่|มิติที่)\s*{D}", t)]
        head = paras[:generated[0]] if generated else paras
        tail = paras[generated[-1] + 1:] if generated else []
        if head:  # the lead-in "ประกอบด้วย ๓ ส่วน ดังนี้" once, in the digits the plan wrote
            head[-1] = re.sub(rf"(ประกอบด้วย\s*{D}\s*ส่วน\s*ดังนี้)\s*ประกอบด้วย\s*{D}\s*ส่วน\s*ดังนี้$",
                              r"\1", head[-1])
        return tuple(head), tuple(tail)

    # ------------------------------------------------------------------ Part 1

    def part1(self, lo: int, hi: int, projects: Sequence[m.Project]) -> dict:
        sec = re.compile(rf"^({D})\s*\.\s*(การประเมินความเสี่ยง|หลักการและเหตุผล|วัตถุประสงค์|เป้าหมาย|ประโยชน์)")
        bounds: dict[int, int] = {}
        for i in range(lo, hi):
            it = self.items[i]
            if isinstance(it, Line):
                mt = sec.match(it.text)
                if mt and "\t" not in it.text:
                    key = {"การประเมินความเสี่ยง": 1, "หลักการและเหตุผล": 2, "วัตถุประสงค์": 3,
                           "เป้าหมาย": 4, "ประโยชน์": 5}[mt.group(2)]
                    bounds.setdefault(key, i)
        order = sorted(bounds.items(), key=lambda kv: kv[1])
        span = {k: (i + 1, order[j + 1][1] if j + 1 < len(order) else hi)
                for j, (k, i) in enumerate(order)}
        out: dict = {}
        if 1 in span:
            out["risks"] = self.risks(*span[1], projects)
        if 2 in span:
            out["rationale"] = tuple(e.text for e in entries(self.lines(*span[2]), labels=False)
                                     if e.text not in ("", "-"))
        for key, name in ((3, "objectives"), (4, "targets"), (5, "benefits")):
            if key in span:
                lines = self.lines(*span[key])
                if key == 4:
                    lines = self.targets_before_table(lines)
                out[name] = tuple(e.text for e in entries(lines) if e.text not in ("", "-"))
        if 4 in span:
            for t in self.tables(*span[4]):
                rows = self.target_rows(t)
                if rows:
                    out["target_table"] = rows
        return out

    def risks(self, lo: int, hi: int, projects: Sequence[m.Project]) -> tuple[m.RiskItem, ...]:
        rows: list[list[str]] = []
        places: list[Place] = []
        for t in self.tables(lo, hi):
            for row in t.rows:
                cells = [self.norm.text(c.text).strip() for c in row]
                if not any(cells):
                    continue
                if any("Risk" in c or c.startswith("ขั้นตอน") for c in cells[:4]) and number_of(cells[0]) is None:
                    continue  # a header row (repeated on every page)
                if number_of(cells[0]) is None and rows:  # the row goes on over a page break
                    for k, c in enumerate(cells):
                        if c and k < len(rows[-1]):
                            rows[-1][k] = join_text(rows[-1][k], c) if rows[-1][k] else c
                    continue
                rows.append(cells + [""] * (5 - len(cells)))
                places.append(row[0].place)
        out = []
        for cells, place in zip(rows, places):
            level = None
            for lv in (m.RiskLevel.VERY_HIGH, m.RiskLevel.MEDIUM, m.RiskLevel.HIGH, m.RiskLevel.LOW):
                if lv.value in cells[3]:
                    level = lv
                    break
            if level is None:
                level = m.RiskLevel.MEDIUM
                self.find("guessed", place, f"ระดับความเสี่ยง \"{cells[3]}\" อ่านไม่ได้ ใช้ \"ปานกลาง\"",
                          f"risk level \"{cells[3]}\" not understood; \"ปานกลาง\" assumed", "ปานกลาง")
            measures = []
            for text in split_numbered(cells[4]):
                measures.append(self.measure(text, place, projects))
            out.append(m.RiskItem(process_step=cells[1], risk_issues=tuple(split_numbered(cells[2])),
                                  risk_level=level, control_measures=tuple(measures)))
        return tuple(out)

    def measure(self, text: str, place: Place, projects: Sequence[m.Project]) -> m.ControlMeasure:
        best, score = None, 0.0
        for p in projects:
            r = similarity(text, p.name, max(0.75, score))
            if r > score:
                best, score = p, r
        if best is not None and score >= 0.75:
            if squash(best.name) != squash(text):
                self.find("measure-name", place,
                          f"มาตรการควบคุม \"{text}\" เขียนต่างจากชื่อโครงการ \"{best.name}\"",
                          f"control measure \"{text}\" names project \"{best.name}\" differently",
                          f"project: {best.id}")
            return m.ControlMeasure(project=best.id)
        return m.ControlMeasure(text=text)

    def targets_before_table(self, lines: list[Line]) -> list[Line]:
        """The targets' lines before a targets table that reached the text as lines (its columns
        lost: ``pdftotext -layout`` text, Word text without tabs); that table is not read, and
        the report says so."""
        for k, ln in enumerate(lines):
            if _TARGET_HEAD.match(ln.text) and len(_YEAR_COLUMN.findall(ln.text)) >= 2:
                self.find("not-read", ln.place,
                          "ตารางค่าเป้าหมายเป็นข้อความ (ไม่แบ่งคอลัมน์) จึงไม่ได้อ่าน: "
                          "พิมพ์ลงในแผนเอง หรือนำเข้าจากไฟล์ Word (.docx) แทน",
                          "the targets table is plain text (its columns are lost), so it was not "
                          "read: type it into the plan file, or import the Word file (.docx) instead",
                          "target_table: []")
                return lines[:k]
        return lines

    def target_rows(self, t: TableBlock) -> tuple[m.TargetRow, ...]:
        head = [c.text for c in t.rows[0]] if t.rows else []
        if not head or "เป้าหมาย" not in head[0]:
            return ()
        years = [_year_of(h) for h in head[1:]]
        out = []
        for row in t.rows[1:]:
            cells = [self.norm.text(c.text).strip() for c in row]
            if not cells or not cells[0]:
                continue
            values = {y: v for y, v in zip(years, cells[1:]) if y and v not in ("", "-")}
            out.append(m.TargetRow(label=cells[0], values=values))
        return tuple(out)

    # ------------------------------------------------------------------ Part 2

    def part2(self, lo: int, hi: int) -> list[Part2Row]:
        out: list[Part2Row] = []
        walk = _Part2Walk()
        for it in self.items[lo:hi]:
            if isinstance(it, Line):
                walk.heading(it.text)
                continue
            for row in it.rows:
                out.extend(self._part2_row(row, walk))
        return out

    def _part2_row(self, row, walk: "_Part2Walk") -> list[Part2Row]:
        """The projects of one row of Part 2's table (none for a heading, header or total row)."""
        grid = []
        c = 0
        for cell in row:
            grid.append((c, cell))
            c += cell.span
        texts = {g: self.norm.text(cell.text).strip() for g, cell in grid}
        if walk.header(texts):
            return []
        cols = walk.cols
        cell_at = {g: cell for g, cell in grid}
        walk.place(texts, cell_at)
        first_texts = [texts.get(cols.get(k), "") for k in ("dim", "mission")]
        if any(t.startswith("รวม") for t in first_texts if t):
            return []  # "รวม" / "รวมทั้งสิ้น": derived, checked against the plan later
        ptext_cell = cell_at.get(cols["project"])
        if ptext_cell is None:
            return []
        lines = [self.norm.text(x).strip() for x in ptext_cell.lines if x.strip()]
        names = split_projects(lines)
        if not names:
            return []
        amounts = self._part2_amounts(names, texts, cell_at, cols["years"], ptext_cell)
        remark = texts.get(cols["remark"], "") if cols.get("remark") is not None else ""
        out = []
        for k, (num, name) in enumerate(names):
            budget = {y: v[k] for y, v in amounts.items() if v[k] is not None}
            out.append(Part2Row(num, name, ptext_cell.place, walk.dim, walk.mission, budget,
                                remark if len(names) == 1 else ""))
        return out

    def _part2_amounts(self, names, texts: dict[int, str], cell_at: dict, years: dict[int, int],
                       ptext_cell) -> dict[int, list[Decimal | None]]:
        """Each year's amount for each project of a row (None: unreadable); a cell with one amount
        or dashes for several projects is a guess, reported."""
        amounts: dict[int, list[Decimal | None]] = {}
        for g, y in years.items():
            toks = AMOUNT_TOKEN.findall(arabic(texts.get(g, "")))
            vals = [parse_amount(x) for x in toks]
            place = cell_at[g].place if g in cell_at else ptext_cell.place
            if len(vals) == len(names):
                amounts[y] = vals
            elif vals and all(v == 0 for v in vals) and len(names) > 1:
                amounts[y] = [Decimal(0)] * len(names)
                self.find("guessed", place,
                          f"ช่องงบประมาณปี {y} มี \"-\" {len(vals)} ตัว สำหรับ {len(names)} โครงการ",
                          f"the {y} budget cell holds {len(vals)} dashes for {len(names)} projects",
                          "no budget for each")
            elif len(vals) == 1 and len(names) > 1:
                amounts[y] = vals * len(names)
                self.find("guessed", place,
                          f"ช่องงบประมาณปี {y} มีจำนวนเงินเดียวสำหรับ {len(names)} โครงการ",
                          f"the {y} budget cell holds one amount for {len(names)} projects",
                          "the same amount for each")
            else:
                amounts[y] = [None] * len(names)
                if vals or texts.get(g):
                    self.find("guessed", place,
                              f"อ่านงบประมาณปี {y} ไม่ได้: \"{texts.get(g, '')}\"",
                              f"cannot read the {y} budget: \"{texts.get(g, '')}\"",
                              "Part 3's budget")
        return amounts

    # ------------------------------------------------------------------ Part 3

    def part3(self, lo: int, hi: int) -> list[Sheet]:
        w = _Part3Walk(self.lines(lo, hi))
        self.sub_items: list[m.SubItem] = []
        while w.k < len(w.lines):
            ln = w.lines[w.k]
            if self._part3_dimension(w, ln) or self._part3_code_heading(w, ln) or self._part3_sheet(w, ln):
                continue
            if w.sheets:
                self._part3_field(w, ln, w.sheets[-1])
            w.k += 1
        self.heading_titles = w.heading_titles
        return w.sheets

    def _part3_dimension(self, w: "_Part3Walk", ln: Line) -> bool:
        """A dimension heading (มิติที่ …): True when ``ln`` starts one."""
        md = _DIM.match(ln.text)
        if not (md and md.group(1) != "มิติ" and self._heading_ahead(w.lines, w.k)):
            return False
        text, after = self._heading_text(w.lines, w.k)
        md = _DIM.match(text)
        w.dim = str(number_of(md.group(2)))
        w.mission = w.sub = None
        w.pending_subs = []
        if md.group(1) == "มติที่":
            self.find("dimension-misspelt", ln.place, f"หัวข้อเขียน \"{text}\" (มติ แทน มิติ)",
                      f"the heading reads \"{text}\" (\"มติ\" for \"มิติ\")",
                      f"มิติที่ {md.group(2)}")
        w.field = None
        w.k = after
        return True

    def _part3_code_heading(self, w: "_Part3Walk", ln: Line) -> bool:
        """A mission (1.1) or sub-item (1.1.1) heading: True when ``ln`` starts one."""
        mc = _CODE_HEAD.match(ln.text)
        if not (mc and self._heading_ahead(w.lines, w.k) and not _SHEET.match(ln.text)):
            return False
        text, after = self._heading_text(w.lines, w.k)
        mc = _CODE_HEAD.match(text)
        code = arabic(mc.group(1))
        title = mc.group(2).strip()
        level = code.count(".")
        w.heading_titles[code] = (title, ln.place)
        if level == 1:
            if w.mission != code and w.dim is not None and code.split(".")[0] != w.dim:
                w.dim = code.split(".")[0]
            w.mission, w.sub, w.pending_subs = code, None, []
            self._check_title(code, title, ln.place)
        else:
            parent = ".".join(code.split(".")[:2])
            if w.mission != parent:
                self.find("heading-missing", ln.place,
                          f"หัวข้อ {_th(code)} ไม่มีหัวข้อภารกิจ {_th(parent)} ก่อนหน้า",
                          f"heading {code} stands without a heading for its mission {parent}",
                          parent)
                w.mission = parent
            w.sub = code
            w.pending_subs.append(code)
            known = self.fw.get(code)
            if known is None or squash(known.title) != squash(title):
                self.sub_items.append(m.SubItem(code, title))
        w.field = None
        w.k = after
        return True

    def _part3_sheet(self, w: "_Part3Walk", ln: Line) -> bool:
        """A project sheet's start (ลำดับที่ …): True when ``ln`` is one."""
        ms = _SHEET.match(ln.text)
        if not ms:
            return False
        number = number_of(ms.group(2)) or 0
        code = w.sub or w.mission or (w.dim + ".1" if w.dim else "1.1")
        sheet = Sheet(number, ln.place, code)
        if len(w.pending_subs) > 1:
            sheet.code_guessed = ",".join(w.pending_subs)
        if not (w.sub or w.mission):
            sheet.code_guessed = "no heading"
        w.sheets.append(sheet)
        w.pending_subs = []
        w.field = None
        w.k += 1
        return True

    def _part3_field(self, w: "_Part3Walk", ln: Line, sheet: Sheet) -> None:
        """A line of a sheet: a field's label (with its value) or more of the current field."""
        text = ln.text
        mf = _FIELD.match(text)
        if mf and (mf.group(2).startswith("ชื่อ") or len(mf.group(3)) <= 45):
            written = number_of(mf.group(1))
            w.field = field = _FIELD_OF[mf.group(2)]  # a repeated label keeps adding to the field
            if written != field:
                self.find("field-number", ln.place,
                          f"ช่อง \"{text}\" ของลำดับที่ {_th(sheet.number)} ควรเป็นข้อ {_th(field)}",
                          f"field \"{text}\" of sheet {sheet.number} should be number {field}",
                          f"field {field}")
            sheet.fields.setdefault(field, [])
            value = (mf.group(4) or "").strip()
            if field == 1:
                sheet.name_place = ln.place
                if not value:
                    value = mf.group(3).strip()
            if field == 9 and mf.group(2) in ("ผลลัพธ์",):
                sheet.fields[9].append(Line("ผลลัพธ์", ln.place))
            if value:
                sheet.fields[field].append(Line(value, ln.place, True))
        elif w.field is not None:
            sheet.fields[w.field].append(ln)

    def _heading_ahead(self, lines: Sequence[Line], k: int) -> bool:
        """A heading is followed by another heading or a sheet start (never by body text); a
        heading may wrap onto two more lines."""
        wrapped = 0
        for j in range(k + 1, min(k + 10, len(lines))):
            t = lines[j].text
            if _SHEET.match(t) or _DIM.match(t):
                return True
            if _CODE_HEAD.match(t):
                wrapped = 0
                continue
            if not lines[j].start and wrapped < 2 and split_label(t)[0] is None and not _FIELD.match(t):
                wrapped += 1
                continue
            return False
        return False

    def _heading_text(self, lines: Sequence[Line], k: int) -> tuple[str, int]:
        """A heading's text with its wrapped lines, and the index after it."""
        text = lines[k].text
        j = k + 1
        while (j < len(lines) and not lines[j].start and not _SHEET.match(lines[j].text)
               and not _DIM.match(lines[j].text) and not _CODE_HEAD.match(lines[j].text)
               and split_label(lines[j].text)[0] is None and j - k <= 2):
            text = join_text(text, lines[j].text)
            j += 1
        return text, j

    def _check_title(self, code: str, title: str, place: Place) -> None:
        known = self.fw.get(code)
        if known is not None and squash(known.title) != squash(title):
            self.find("heading-differs", place,
                      f"หัวข้อภารกิจ {_th(code)} เขียนว่า \"{title}\" กรอบ ป.ป.ช. เขียนว่า \"{known.title}\"",
                      f"mission heading {code} reads \"{title}\"; the NACC framework reads \"{known.title}\"",
                      known.title)

    # ------------------------------------------------------------------ projects

    def projects(self, sheets: list[Sheet], part2: list[Part2Row], first: int, last: int,
                 org: m.Organization) -> tuple[m.Project, ...]:
        plan_years = tuple(range(first, last + 1))
        # sheet numbers: repeated or skipped
        seen: dict[int, Sheet] = {}
        for pos, s in enumerate(sheets, start=1):
            if s.number in seen:
                self.find("number-repeated", s.place,
                          f"\"ลำดับที่ {_th(s.number)}\" ซ้ำ (เป็นแผ่นที่ {_th(pos)} ของส่วนที่ ๓)",
                          f"sheet number {s.number} is used twice (this is sheet {pos} of Part 3)",
                          f"numbered {pos} (numbering is derived)")
            elif s.number != pos:
                self.find("number-repeated", s.place,
                          f"\"ลำดับที่ {_th(s.number)}\" เป็นแผ่นที่ {_th(pos)} ของส่วนที่ ๓ (ลำดับข้ามหรือซ้ำ)",
                          f"sheet number {s.number} is sheet {pos} of Part 3 (a number skipped or repeated)",
                          f"numbered {pos} (numbering is derived)")
            seen.setdefault(s.number, s)
        names = [self.sheet_name(s) for s in sheets]
        self._sheets = sheets
        match = match_names(names, [r.name for r in part2])
        ids: set[str] = set()
        out = []
        for pos, (s, name) in enumerate(zip(sheets, names)):
            p2 = part2[match[pos]] if match.get(pos) is not None else None
            out.append(self.project(s, name, p2, plan_years, ids, org))
        self.check_part2(sheets, names, part2, match, out, plan_years)
        self.check_responsible(sheets, out)
        # Part 2 rows without a sheet: kept, so nothing is lost
        matched = set(match.values())
        for j, r in enumerate(part2):
            if j in matched:
                continue
            kind, guessed = kind_of(r.name)
            pid = unique_id(project_id(r.name), ids)
            code = r.mission or "1.1"
            self.find("part3-missing", r.place,
                      f"โครงการ \"{r.name}\" ในส่วนที่ ๒ ไม่มีแผ่นรายละเอียดในส่วนที่ ๓",
                      f"project \"{r.name}\" of Part 2 has no Part 3 sheet", f"{pid} (Part 2 only)")
            out.append(m.Project(id=pid, kind=kind, name=r.name, code=code,
                                 budget={y: v for y, v in r.budget.items() if v},
                                 remark=r.remark))
        return tuple(out)

    def sheet_name(self, s: Sheet) -> str:
        lines = s.fields.get(1, [])
        name = ""
        for ln in lines:
            name = join_text(name, ln.text) if name else ln.text
        if not name:
            self.find("guessed", s.place, f"ลำดับที่ {_th(s.number)} ไม่มีชื่อโครงการ",
                      f"sheet {s.number} has no project name", "(no name)")
        return name

    def project(self, s: Sheet, name: str, p2: Part2Row | None, plan_years: tuple[int, ...],
                ids: set[str], org: m.Organization) -> m.Project:
        pid = unique_id(project_id(name), ids)
        path = f"projects[{pid}]"
        kind, guessed = kind_of(name)
        if guessed:
            self.find("kind-guessed", s.name_place or s.place,
                      f"ชื่อ \"{name}\" ไม่ขึ้นต้นด้วยประเภท (โครงการ/กิจกรรม/มาตรการ) ใช้ \"{kind.value}\"",
                      f"the name \"{name}\" does not start with its kind; \"{kind.value}\" assumed",
                      kind.value)
            self.guesses.add(f"{path}.kind", "the name has no kind word / ชื่อไม่มีคำบอกประเภท")
        code = s.code
        if s.code_guessed and s.code_guessed != "no heading":
            code = self.choose_sub_item(s, name, s.code_guessed.split(","))
        elif s.code_guessed == "no heading" and p2 is not None and p2.mission:
            code = p2.mission
        rationale = tuple(e.text for e in self.field_entries(s, 2, labels=False) if e.text not in ("", "-"))
        objectives = tuple(e.text for e in self.field_entries(s, 3) if e.text not in ("", "-"))
        target = self.target_group(s, path)
        steps = self.steps(s)
        years = self.years(s, plan_years)
        budget = self.budget(s, years or plan_years)
        responsible = " ".join(e.text for e in self.field_entries(s, 8, labels=False))
        if responsible.strip() in ("-", ""):
            responsible = ""
        outputs, outcomes = self.results(s, path)
        for t in (rationale, objectives, [x.text for x in _walk(steps)], outputs, outcomes, [responsible]):
            for text in t:
                if _PLACEHOLDER.search(text):
                    self.find("placeholder", s.place,
                              f"ลำดับที่ {_th(s.number)} มีข้อความแม่แบบหรือชื่อองค์กรอื่น: \"{_short(text)}\"",
                              f"sheet {s.number} holds template text or another organization's name: "
                              f"\"{_short(text)}\"", "kept as written; edit it")
                    break
        if p2 is not None:
            budget = self.reconcile_budget(s, name, budget, p2, years or plan_years)
        budget = budget or {}
        return m.Project(id=pid, kind=kind, name=name, code=code, rationale=rationale,
                         objectives=objectives, target_group=target, steps=steps, years=years,
                         budget=budget, responsible=responsible, outputs=outputs,
                         outcomes=outcomes, remark=p2.remark if p2 is not None else "")

    def choose_sub_item(self, s: Sheet, name: str, codes: list[str]) -> str:
        """Several sub-item headings with no sheet between: the one whose title's distinctive
        pieces (character 4-grams, weighted by rarity across the sheets) the sheet's name and
        objectives use most; reported as a guess."""
        import math

        if not hasattr(self, "_df"):
            self._df: Counter = Counter()
            for sh in self._sheets:
                self._df.update(set(_grams(" ".join(ln.text for lines in sh.fields.values()
                                                    for ln in lines))))
        n = len(self._sheets)
        body = Counter(_grams(" ".join([name] + [ln.text for ln in s.fields.get(3, [])])))
        best, score = codes[-1], -1.0
        for c in codes:
            title = self.heading_titles.get(c, ("", None))[0] or (
                self.fw.get(c).title if self.fw.get(c) else "")
            idf = {w: math.log((n + 1) / (1 + self._df[w])) for w in set(_grams(title))}
            total = sum(idf.values())
            if not total:
                continue
            sc = sum(v * math.log1p(body[w]) for w, v in idf.items()) / total
            if sc > score:
                best, score = c, sc
        self.find("heading-several", s.place,
                  f"มีหัวข้อภารกิจย่อย {', '.join(_th(c) for c in codes)} ติดกันก่อนลำดับที่ {_th(s.number)} "
                  f"เลือก {_th(best)} ที่ตรงกับชื่อและวัตถุประสงค์มากที่สุด โปรดตรวจ",
                  f"sub-item headings {', '.join(codes)} stand together before sheet {s.number}; "
                  f"{best}, closest to its name and objectives, was chosen: check it", best)
        self.guesses.add(f"projects[{project_id(name)}].code",
                         f"one of {', '.join(codes)}; chosen from the text / เลือกจากเนื้อหา โปรดตรวจ")
        return best

    def field_entries(self, s: Sheet, field: int, labels: bool = True) -> list[Entry]:
        out = entries(s.fields.get(field, []), labels)
        for e in out:
            e.text = self.unlink(e.text, e.place)
            if e.joined:
                self.find("text-joined", e.place,
                          f"ลำดับที่ {_th(s.number)}: รวม {e.joined + 1} บรรทัดเป็นข้อความเดียว \"{_short(e.text)}\"",
                          f"sheet {s.number}: {e.joined + 1} lines joined into one item \"{_short(e.text)}\"",
                          _short(e.text))
        return out

    def unlink(self, text: str, place: Place) -> str:
        if _LINK.search(text):
            self.find("link-markup", place, "ตัดวงเล็บมุม <…> รอบที่อยู่เว็บไซต์",
                      "angle brackets <…> around a web address dropped", _LINK.search(text).group(1))
            text = _LINK.sub(r"\1", text)
        return text

    def target_group(self, s: Sheet, path: str) -> m.TargetGroup | None:
        es = [e for e in self.field_entries(s, 4) if e.text and e.text != "-"]
        if not es:
            return None
        labelled = [e for e in es if e.kind in _NUMBERED]
        text = " ".join(e.text for e in es)
        cats = categories_of(text)
        if cats:
            self.guesses.add(f"{path}.target_group.categories",
                             "judged from the wording / เดาจากถ้อยคำ")
        if len(labelled) > 1 or len(re.findall(rf"จำนวน\s*{D}", text)) > 1:
            self.find("several-targets", es[0].place,
                      f"ลำดับที่ {_th(s.number)} มีกลุ่มเป้าหมายหลายกลุ่ม รวมเป็นข้อความเดียว ไม่ระบุจำนวนรวม",
                      f"sheet {s.number} lists several target groups; kept as one description "
                      "without a total head count", _short(text))
            return m.TargetGroup(description=text, count=None, categories=cats)
        mt = re.match(rf"^(.*?)\s*จำนวน\s*({D}[0-9๐-๙,]*)\s*(\S+)\s*$", text)
        if not mt:
            return m.TargetGroup(description=text, categories=cats)
        unit = mt.group(3)
        count = int(arabic(mt.group(2)).replace(",", ""))
        if unit in m.MONEY_UNITS:
            self.find("head-count-in-baht", es[0].place,
                      f"ลำดับที่ {_th(s.number)} นับกลุ่มเป้าหมายเป็น \"{unit}\": \"{text}\"",
                      f"sheet {s.number} counts its target group in \"{unit}\": \"{text}\"",
                      f"count {count}, unit คน")
            unit = "คน"
        return m.TargetGroup(description=mt.group(1).strip(), count=count, unit=unit, categories=cats)

    def steps(self, s: Sheet) -> tuple[m.Step, ...]:
        es = [e for e in self.field_entries(s, 5) if e.text and not (e.kind is None and e.text == "-")]
        if not es:
            return ()
        indents = {e.indent for e in es}
        top = next((e.kind for e in es if e.kind in _NUMBERED), "num")
        nums = [e.nums[-1] for e in es if e.kind == top]
        flat = (all(e.kind in (top, "bullet") for e in es)
                and nums == list(range(1, len(nums) + 1)))
        if None not in indents and (len(indents) > 1 or flat):
            return build_by_indent(es)
        steps, notes = build_by_labels(es)
        for place, th, en in notes:
            self.find("steps-nesting", place, f"ลำดับที่ {_th(s.number)}: {th}", f"sheet {s.number}: {en}")
        return steps

    def years(self, s: Sheet, plan_years: tuple[int, ...]) -> tuple[int, ...]:
        text = arabic(" ".join(ln.text for ln in s.fields.get(6, [])))
        years: set[int] = set()
        for mt in _RANGE.finditer(text):
            a, b = int(mt.group(1)), int(mt.group(2))
            if 2500 < a <= b < 2700:
                years.update(range(a, b + 1))
        rest = _RANGE.sub(" ", text)
        years.update(int(y) for y in _YEAR.findall(rest) if 2500 < int(y) < 2700)
        if not years or set(plan_years) <= years:
            return ()
        return tuple(sorted(y for y in years if y in plan_years)) or ()

    def budget(self, s: Sheet, years: tuple[int, ...]) -> dict[int, Decimal] | None:
        """The sheet's budget by year; None when an amount in it cannot be read (reported with
        its line: the caller keeps Part 2's figures, nothing is made up)."""
        out: dict[int, Decimal] = {}
        single: Decimal | None = None
        unread: list[Line] = []
        for ln in s.fields.get(7, []):
            t = re.sub(r"^งบประมาณ(?:ดำเนินการ)?\s*:?\s*", "", ln.text.strip())
            my = re.match(rf"^(?:ปี(?:งบประมาณ)?\s*(?:พ\.ศ\.)?\s*)({D}{{4}})\s*:?\s*(.*)$", t)
            v = _amount_in(my.group(2).strip() if my else t)
            if v is None and _NUMBER_WORDS.search(my.group(2) if my else t):
                unread.append(ln)
            elif my and v:
                out[int(arabic(my.group(1)))] = v
            elif not my and v is not None and single is None:
                single = v
        if unread and (my_lines := unread if not out and single is None else [
                ln for ln in unread if re.match(rf"^(?:ปี\S*\s*(?:พ\.ศ\.)?\s*){D}{{4}}", ln.text)]):
            self.unreadable_amount(s, my_lines[0])
            return None
        if out:
            return out
        if single:
            return {y: single for y in years}
        return {}

    def unreadable_amount(self, s: Sheet, ln: Line) -> None:
        self.find("amount-unreadable", ln.place,
                  f"ลำดับที่ {_th(s.number)} อ่านจำนวนเงินงบประมาณ \"{_short(ln.text)}\" ไม่ได้ "
                  "ใช้ตัวเลขของส่วนที่ ๒ (ถ้ามี) แก้เป็นตัวเลข เช่น \"๓๒,๕๘๐ บาท\" หรือ \"ไม่ใช้งบประมาณ\"",
                  f"sheet {s.number}: the budget amount \"{_short(ln.text)}\" cannot be read; Part 2's "
                  "figures are kept (if any); write it in figures, e.g. \"32,580 บาท\", or \"ไม่ใช้งบประมาณ\"",
                  "Part 2's figures")

    def reconcile_budget(self, s: Sheet, name: str, budget: dict[int, Decimal] | None, p2: Part2Row,
                         years: tuple[int, ...]) -> dict[int, Decimal]:
        p2b = {y: v for y, v in p2.budget.items() if v}
        if not s.fields.get(7) or budget is None:
            return p2b  # the sheet gives no budget, or none that can be read: Part 2's
        if p2b != budget:
            def show(b):
                return ", ".join(f"{y}: {v:,}" for y, v in sorted(b.items())) or "ไม่ใช้งบประมาณ"
            self.find("part2-part3-budget", s.place,
                      f"งบประมาณ \"{_short(name)}\": ส่วนที่ ๒ {show(p2b)} / ส่วนที่ ๓ {show(budget)}",
                      f"budget of \"{_short(name)}\": Part 2 {show(p2b)}, Part 3 {show(budget)}",
                      f"Part 3: {show(budget)}")
        return budget

    def results(self, s: Sheet, path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        lines = s.fields.get(9, [])
        outputs: list[Line] = []
        outcomes: list[Line] = []
        target = None
        for ln in lines:
            mt = _SUBHEAD.match(ln.text)
            if mt and len(mt.group(2)) < 3:
                target = outputs if mt.group(1) == "ผลผลิต" else outcomes
                continue
            if mt and mt.group(2):
                target = outputs if mt.group(1) == "ผลผลิต" else outcomes
                target.append(Line(mt.group(2), ln.place, True, indent=ln.indent))
                continue
            if target is None:
                target = outputs
                self.find("guessed", ln.place, f"ลำดับที่ {_th(s.number)}: ช่อง ๙ ไม่มีหัวข้อ \"ผลผลิต\"",
                          f"sheet {s.number}: field 9 has no \"ผลผลิต\" sub-head; read as outputs", "outputs")
                self.guesses.add(f"{path}.outputs", "no sub-head in the source / ไม่มีหัวข้อผลผลิต")
            target.append(ln)

        def texts(ls):
            out = []
            for e in entries(ls):
                e.text = self.unlink(e.text, e.place)
                if e.joined:
                    self.find("text-joined", e.place,
                              f"ลำดับที่ {_th(s.number)}: รวม {e.joined + 1} บรรทัดเป็นข้อความเดียว \"{_short(e.text)}\"",
                              f"sheet {s.number}: {e.joined + 1} lines joined into one item \"{_short(e.text)}\"",
                              _short(e.text))
                if e.text and e.text != "-":
                    out.append(e.text)
            return tuple(out)
        return texts(outputs), texts(outcomes)

    # ------------------------------------------------------------------ checks

    def check_part2(self, sheets, names, part2, match, projects, plan_years) -> None:
        for pos, s in enumerate(sheets):
            j = match.get(pos)
            if j is None:
                if part2:
                    self.find("part2-missing", s.place,
                              f"โครงการ \"{_short(names[pos])}\" (ลำดับที่ {_th(s.number)}) ไม่อยู่ในตารางส่วนที่ ๒",
                              f"project \"{_short(names[pos])}\" (sheet {s.number}) is not in the Part 2 table",
                              "Part 3's sheet")
                continue
            r = part2[j]
            if " ".join(r.name.split()) != " ".join(names[pos].split()):
                self.find("part2-part3-name", r.place,
                          f"ชื่อในส่วนที่ ๒ \"{r.name}\" ต่างจากแผ่นลำดับที่ {_th(s.number)} \"{names[pos]}\"",
                          f"Part 2 names it \"{r.name}\", sheet {s.number} \"{names[pos]}\"",
                          names[pos])
            p = projects[pos]
            if r.mission and p.mission_code != r.mission:
                self.find("part2-part3-code", r.place,
                          f"\"{_short(names[pos])}\": ส่วนที่ ๒ อยู่ภารกิจ {_th(r.mission)} ส่วนที่ ๓ อยู่ {_th(p.code)}",
                          f"\"{_short(names[pos])}\": Part 2 files it under {r.mission}, Part 3 under {p.code}",
                          p.code)
        # order: Part 2 numbers, in Part 3's order, should increase
        seq = [(pos, part2[match[pos]].number) for pos in range(len(sheets))
               if match.get(pos) is not None and part2[match[pos]].number is not None]
        keep = set(_lis([n for _, n in seq]))
        for k, (pos, n) in enumerate(seq):
            if k not in keep:
                r = part2[match[pos]]
                self.find("part2-part3-order", r.place,
                          f"ส่วนที่ ๒ ลำดับ \"{_th(n)}) {_short(r.name)}\" แต่ส่วนที่ ๓ อยู่ที่แผ่นที่ {_th(pos + 1)}",
                          f"Part 2 numbers \"{_short(r.name)}\" {n}), but Part 3 has it as sheet {pos + 1}",
                          "Part 3's order")
        # numbers within Part 2 repeated
        nums = Counter(r.number for r in part2 if r.number is not None)
        for r in part2:
            if r.number is not None and nums[r.number] > 1:
                self.find("number-repeated", r.place, f"ส่วนที่ ๒ ใช้ลำดับ {_th(r.number)}) ซ้ำ",
                          f"Part 2 uses number {r.number}) twice", "numbering is derived")
                nums[r.number] = 0

    def check_responsible(self, sheets: list[Sheet], projects: list[m.Project]) -> None:
        """One unit spelt several ways (e.g. "งานการเจ้าหน้าที่" / "งานกาชาดเจ้าหน้าที่"): reported,
        each sheet kept as written."""
        spell: dict[str, list[int]] = {}
        place: dict[str, Place] = {}
        for s, p in zip(sheets, projects):
            if p.responsible:
                spell.setdefault(p.responsible, []).append(s.number)
                place.setdefault(p.responsible, s.place)
        groups: list[list[str]] = []
        for v in spell:
            for g in groups:
                if any(similarity(v, w, 0.85) >= 0.85 for w in g):
                    g.append(v)
                    break
            else:
                groups.append([v])
        for g in groups:
            if len(g) < 2:
                continue
            g.sort(key=lambda v: (-len(spell[v]), spell[v][0]))
            th = "; ".join(f"\"{v}\" (ลำดับที่ {', '.join(_th(n) for n in spell[v])})" for v in g)
            en = "; ".join(f"\"{v}\" (sheets {', '.join(map(str, spell[v]))})" for v in g)
            for v in g[1:] if len(spell[g[0]]) > len(spell[g[1]]) else g:
                self.find("responsible-variant", place[v],
                          f"หน่วยงานผู้รับผิดชอบเดียวกันเขียนต่างกัน: {th}",
                          f"one responsible unit spelt differently: {en}",
                          f"as written on each sheet; check \"{v}\"")

    def check_counts(self, plan: m.Plan) -> None:
        """Totals and counts the document writes (Part 2 "รวม" rows, the preface's counts) against
        the plan's own (derived) ones."""
        for it in self.items:
            if isinstance(it, TableBlock):
                for row in it.rows:
                    cells = [c.text.strip() for c in row]
                    head = " ".join(cells[:2])
                    if not re.search(r"(^|\s)รวม", head):
                        continue
                    grand = "รวมทั้งสิ้น" in head
                    mc = next((re.search(rf"จำนวน\s*({D}+)\s*โครงการ", c) for c in cells
                               if re.search(rf"จำนวน\s*{D}+\s*โครงการ", c)), None)
                    self._check_total_row(plan, row, cells, grand, mc)

    def _check_total_row(self, plan, row, cells, grand, mc) -> None:
        dim = getattr(self, "_total_dim", 0)
        if not grand:
            dim += 1
            self._total_dim = dim
        code = None if grand else str(dim)
        count = plan.count(code) if code else len(plan.projects)
        if mc is not None and int(arabic(mc.group(1))) != count:
            self.find("count-differs", row[0].place,
                      f"แถว{'รวมทั้งสิ้น' if grand else f'รวมมิติที่ {_th(dim)}'} เขียน {mc.group(0)} แต่มี {_th(count)} โครงการ",
                      f"the {'grand total' if grand else f'dimension {dim} total'} row says "
                      f"{arabic(mc.group(1))} projects; there are {count}", f"{count} (derived)")
        amounts = [parse_amount(re.sub(r"^จำนวน\s*", "", c)) for c in cells if "บาท" in c]
        totals = plan.totals(code)
        for y, v in zip(plan.years, amounts):
            if v is not None and v != totals[y]:
                self.find("total-differs", row[0].place,
                          f"ยอดรวมปี {_th(y)} เขียน {v:,} แต่ผลรวมโครงการเป็น {totals[y]:,}",
                          f"the {y} total reads {v:,}; the projects add up to {totals[y]:,}",
                          f"{totals[y]:,} (derived)")


# --------------------------------------------------------------------------- helpers

def _th(value) -> str:
    from antong_reports.thai.text import thai_digits

    return thai_digits(str(value))


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _strip_title(text: str, org: str) -> str:
    t = _RANGE.sub("", text)
    t = re.sub(r"\(\s*พ\.ศ\.\s*\)|\(\s*\)", "", t)
    if org:
        t = t.replace(org, "")
    return re.sub(r"\s+", " ", t).strip(" ()")


def _year_of(text: str) -> int | None:
    mt = re.search(rf"(?:ปี|พ\.ศ\.)?\s*({D}{{4}})", text or "")
    if not mt:
        return None
    y = int(arabic(mt.group(1)))
    return y if 2500 < y < 2700 else None


def _part2_columns(texts: dict[int, str]) -> dict | None:
    cols: dict = {"years": {}}
    for g, t in texts.items():
        s = squash(t)
        if s == "มิติ" or s.startswith("มิติ") and len(s) < 8:
            cols["dim"] = g
        elif s.startswith("ภารกิจ"):
            cols["mission"] = g
        elif "โครงการ" in s and "project" not in cols:
            cols["project"] = g
        elif s.startswith("หมายเหตุ"):
            cols["remark"] = g
        else:
            y = _year_of(t)
            if y:
                cols["years"][g] = y
    if "project" in cols and cols["years"]:
        return cols
    return None


#: an amount written in words ("สามหมื่น", "๓ หมื่น") or figures: a budget line holding one of
#: these and no amount that can be read is reported, never taken as "no budget"
_NUMBER_WORDS = re.compile(rf"{D}|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน")
_BAHT_AMOUNT = re.compile(rf"(?<![0-9๐-๙,.])({D}{{1,3}}(?:,{D}{{3}})+|{D}+)(?:\.{D}{{1,2}})?\s*บาท")


def _amount_in(text: str) -> Decimal | None:
    """The amount a budget line states: all of it an amount ("32,580", "๓๒,๕๘๐.-", "-",
    "ไม่ใช้งบประมาณ"), or an amount in baht within words ("จำนวน ๓๒,๕๘๐ บาท (สามหมื่น…)")."""
    v = parse_amount(text)
    if v is None:
        mt = _BAHT_AMOUNT.search(text)
        v = parse_amount(mt.group(0)) if mt else None
    return v


def split_numbered(text: str) -> list[str]:
    """"๑. ก ๒. ข" → ["ก", "ข"] (labels 1, 2, … in order); no labels → [text]."""
    text = text.strip()
    if not text or text == "-":
        return []
    marks = list(re.finditer(rf"(?:^|\s)({D}{{1,2}})\.\s", text + " "))
    cuts = []
    want = 1
    for mt in marks:
        if number_of(mt.group(1)) == want:
            cuts.append(mt)
            want += 1
    if len(cuts) < 1 or cuts[0].start() > 0 and text[:cuts[0].start()].strip():
        return [text]
    out = []
    for k, mt in enumerate(cuts):
        end = cuts[k + 1].start() if k + 1 < len(cuts) else len(text)
        piece = text[mt.end():end].strip()
        if piece:
            out.append(piece)
    return out


def split_projects(lines: list[str]) -> list[tuple[int | None, str]]:
    """A Part 2 project cell: one or several "N) name" entries (over lines or in one line)."""
    text = " ".join(lines).strip()
    if not text or text == "-":
        return []
    marks = list(re.finditer(rf"(?:^|\s)({D}{{1,3}})\)\s*", text))
    cuts = []
    for mt in marks:
        n = number_of(mt.group(1))
        if not cuts or n == number_of(cuts[-1].group(1)) + 1:
            if not cuts and mt.start() > 0:
                continue
            cuts.append(mt)
    if not cuts:
        return [(None, text)]
    out = []
    for k, mt in enumerate(cuts):
        end = cuts[k + 1].start() if k + 1 < len(cuts) else len(text)
        out.append((number_of(mt.group(1)), text[mt.end():end].strip()))
    return out


def similarity(a: str, b: str, at_least: float = 0.0) -> float:
    """difflib's ratio of the texts without spaces; 0 when cheaper upper bounds show it is below
    ``at_least``."""
    a, b = squash(a), squash(b)
    if a == b:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < at_least or sm.quick_ratio() < at_least:
        return 0.0
    return sm.ratio()


def match_names(sheets: list[str], part2: list[str]) -> dict[int, int]:
    """Sheet position → Part 2 row, by name: exact first, then the most similar (≥ 0.6)."""
    out: dict[int, int] = {}
    used: set[int] = set()
    index: dict[str, list[int]] = {}
    for j, n in enumerate(part2):
        index.setdefault(squash(n), []).append(j)
    for i, n in enumerate(sheets):
        for j in index.get(squash(n), []):
            if j not in used:
                out[i] = j
                used.add(j)
                break
    pairs = []
    for i, a in enumerate(sheets):
        if i in out:
            continue
        for j, b in enumerate(part2):
            if j in used:
                continue
            r = similarity(a, b, 0.6)
            if r >= 0.6:
                pairs.append((r, -abs(i - j), i, j))
    for r, _, i, j in sorted(pairs, reverse=True):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


def _lis(seq: list[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out = []
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.append(i)
        i = prev[i]
    return out[::-1]


def kind_of(name: str) -> tuple[m.ProjectKind, bool]:
    s = name.strip().lstrip("“\"'")
    for kind in (m.ProjectKind.PROJECT, m.ProjectKind.ACTIVITY, m.ProjectKind.MEASURE,
                 m.ProjectKind.GUIDELINE):
        if s.startswith(kind.value) or kind is m.ProjectKind.GUIDELINE and s.startswith("แนวปฏิบัติ"):
            return kind, False
    return m.ProjectKind.PROJECT, True


def categories_of(text: str) -> tuple[m.TargetCategory, ...]:
    out = []
    for cat, words in CATEGORY_WORDS:
        if any(w in text + " " for w in words):
            out.append(cat)
    return tuple(out)


def _grams(text: str, n: int = 4) -> list[str]:
    t = squash(text)
    return [t[i:i + n] for i in range(len(t) - n + 1)]


def _walk(steps: Iterable[m.Step]) -> Iterable[m.Step]:
    for s in steps:
        yield from s.walk()


# --------------------------------------------------------------------------- steps

def _node(text: str, bullet: bool = False) -> dict:
    return {"text": text, "bullet": bullet, "steps": []}


def _freeze(nodes: list[dict]) -> tuple[m.Step, ...]:
    return tuple(m.Step(text=n["text"], steps=_freeze(n["steps"]), bullet=n["bullet"])
                 for n in nodes)


def build_by_indent(es: list[Entry]) -> tuple[m.Step, ...]:
    """Nesting from the DOCX indents (where each label starts): deeper, a child; the same, a
    sibling. A "-" item is a bullet step unless it stands at depth 3 or deeper, where every step
    prints "-"."""
    root: list[dict] = []
    stack: list[tuple[int, dict]] = []
    tolerance = 1  # pdftotext -layout may shift a page's columns by a character
    for e in es:
        while stack and stack[-1][0] >= e.indent - tolerance:
            stack.pop()
        node = _node(e.text)
        (stack[-1][1]["steps"] if stack else root).append(node)
        stack.append((e.indent, node))
        node["bullet"] = e.kind == "bullet" and len(stack) < 3
    return _freeze(root)


#: label kinds that number items (a field's first one is its top level)
_NUMBERED = ("num", "sub", "paren", "dot", "kho")


def build_by_labels(es: list[Entry]) -> tuple[tuple[m.Step, ...], list]:
    """Nesting from the labels alone (text sources, Word files typed without indents): the
    field's first numbering style is the top level (typists number "1)", "(1)", "1.", "ข้อ 1" or
    "5.1" alike), say "N)": "N)" top level (a restart at 1 nests under the step before, until the outer numbering
    resumes), "N.M)" and "(N)" under the last top-level step, "-" under the last labelled step,
    an unlabelled line that leads into "-" points a bullet of its own, any other unlabelled line
    continues the item before it."""
    nest = _LabelNesting()
    top = next((e.kind for e in es if e.kind in _NUMBERED), "num")
    for k, e in enumerate(es):
        if e.kind == top:
            nest.numbered(attrs.evolve(e, kind="num", nums=(e.nums[-1],)))
        elif e.kind in _NUMBERED:
            nest.sub_step(e)
        elif e.kind == "bullet":
            nest.bullet(e)
        else:
            nest.unlabelled(e, es[k + 1] if k + 1 < len(es) else None)
    return _freeze(nest.root), nest.notes


class _LabelNesting:
    """The steps nested so far by :func:`build_by_labels`, and its notes."""

    def __init__(self) -> None:
        self.notes: list = []
        self.root: list[dict] = []
        self.top_next = 1
        self.sub_list: list[dict] | None = None  # a restarted numbered run under a top-level step
        self.sub_next = 1
        self.last_level1: dict | None = None  # the last node at depth 2 (N.M), (N), restarted N))
        self.intro: dict | None = None

    def note(self, e: Entry, th: str, en: str) -> None:
        self.notes.append((e.place, th, en))

    def top_level(self, e: Entry, n: int) -> None:
        self.root.append(_node(e.text))
        self.top_next = n + 1
        self.sub_list, self.last_level1, self.intro = None, None, None

    def numbered(self, e: Entry) -> None:
        """"N)": the next top-level step, the next of a restarted run, or a restart at 1."""
        n = e.nums[0]
        if self.sub_list is not None and n == self.sub_next and not (n == self.top_next and n != self.sub_next):
            node = _node(e.text)
            self.sub_list.append(node)
            self.sub_next += 1
            self.last_level1, self.intro = node, None
            return
        if n == self.top_next or not self.root or self.sub_list is not None:
            if self.sub_list is not None and n != self.top_next:
                self.note(e, f"ขั้นตอน {_th(n)}) ต่อจากขั้นตอนย่อย",
                          f"step {n}) follows a nested run; read as top level")
            self.top_level(e, n)
            return
        if n == 1 and self.root:
            self.sub_list = self.root[-1]["steps"]
            node = _node(e.text)
            self.sub_list.append(node)
            self.sub_next = 2
            self.last_level1, self.intro = node, None
            self.note(e, f"เลข ๑) เริ่มใหม่หลังขั้นตอน {_th(self.top_next - 1)}) อ่านเป็นขั้นตอนย่อยของขั้นตอนนั้น",
                      f"numbering restarts at 1) after step {self.top_next - 1}); read as its sub-steps")
            return
        self.root.append(_node(e.text))
        self.note(e, f"ขั้นตอน {_th(n)}) ไม่ต่อเนื่อง (คาดว่า {_th(self.top_next)})",
                  f"step {n}) out of sequence (expected {self.top_next})")
        self.top_next = n + 1
        self.sub_list, self.last_level1, self.intro = None, None, None

    def sub_step(self, e: Entry) -> None:
        """"N.M)", "(N)", "N.": under the last top-level step."""
        kind = e.kind
        parent = self.root[-1] if self.root else None
        if kind == "sub" and self.root and e.nums[0] != self.top_next - 1:
            self.note(e, f"ขั้นตอนย่อย {_th('.'.join(map(str, e.nums)))}) ไม่ตรงกับขั้นตอนก่อนหน้า",
                      f"sub-step {'.'.join(map(str, e.nums))}) does not match the step before")
        node = _node(e.text)
        if parent is None:
            self.root.append(node)
        else:
            parent["steps"].append(node)
            if kind == "paren":
                self.note(e, f"ข้อ ({_th(e.nums[0])}) อ่านเป็นขั้นตอนย่อยของขั้นตอนก่อนหน้า",
                          f"item ({e.nums[0]}) read as a sub-step of the step before")
        self.last_level1, self.intro = node, None
        self.sub_list = None

    def bullet(self, e: Entry) -> None:
        if self.intro is not None:
            self.intro["steps"].append(_node(e.text))
        elif self.last_level1 is not None:
            self.last_level1["steps"].append(_node(e.text))
        elif self.root:
            self.root[-1]["steps"].append(_node(e.text, bullet=True))
        else:
            self.root.append(_node(e.text, bullet=True))

    def unlabelled(self, e: Entry, nxt: Entry | None) -> None:
        """A line that leads into "-" items is a bullet of its own; any other continues the item
        before it."""
        if nxt is not None and nxt.kind == "bullet" and self.root:
            node = _node(e.text, bullet=True)
            self.root[-1]["steps"].append(node)
            self.intro = node
            self.note(e, "ข้อความไม่มีเลขนำหน้าตามด้วยรายการ \"-\" อ่านเป็นหัวข้อย่อยของขั้นตอนก่อนหน้า",
                      "an unlabelled line that leads into \"-\" items read as a sub-step of the step before")
            return
        target = _last_node(self.root)
        if target is None:
            self.root.append(_node(e.text))
            self.top_next = max(self.top_next, 1)
            return
        target["text"] = join_text(target["text"], e.text)
        self.note(e, f"ข้อความไม่มีเลขนำหน้า \"{_short(e.text, 30)}\" ต่อท้ายขั้นตอนก่อนหน้า",
                  f"the unlabelled line \"{_short(e.text, 30)}\" continues the step before")


def _last_node(nodes: list[dict]) -> dict | None:
    if not nodes:
        return None
    last = nodes[-1]
    return _last_node(last["steps"]) or last


# --------------------------------------------------------------------------- ids

def project_id(name: str) -> str:
    """A stable ASCII id from a project's name: its romanised first words (RTGS), or a hash."""
    from antong_reports.sources.importer.ids import romanised_id

    return romanised_id(name)


def unique_id(pid: str, used: set[str]) -> str:
    out, n = pid, 2
    while out in used:
        out = f"{pid}-{n}"
        n += 1
    used.add(out)
    return out


def slug_for(org_name: str, first: int, last: int) -> str:
    from antong_reports.sources.importer.ids import romanised_id

    stem = romanised_id(org_name, words=3, strip_kind=False)
    return f"{stem}-{first}-{last}"
