"""The plan model: immutable, typed attrs classes.

Only what a person decides is stored. Everything that can be derived is derived here, once:
the Part 2 order and numbering ๑)…N), projects per dimension and mission, totals per dimension per
fiscal year, grand totals, the plan's year list. Every generator reads these, so the documents
cannot disagree with each other.

Years are Buddhist era (พ.ศ.) throughout; money is :class:`~decimal.Decimal` baht.
"""

from __future__ import annotations

import datetime as _dt
import enum
from decimal import Decimal
from typing import Iterator

import attrs

from antong_reports.thai import text as thaitext
from antong_reports.model.framework import Framework, FrameworkItem, code_key, framework_2566_2570


class OrgKind(str, enum.Enum):
    """Kind of local administrative organization (องค์กรปกครองส่วนท้องถิ่น)."""

    CITY_MUNICIPALITY = "เทศบาลนคร"
    TOWN_MUNICIPALITY = "เทศบาลเมือง"
    SUBDISTRICT_MUNICIPALITY = "เทศบาลตำบล"
    PAO = "อบจ."
    SAO = "อบต."


class ProjectKind(str, enum.Enum):
    """ประเภทงาน of E-PlanNACC, in the form's order (1–4)."""

    PROJECT = "โครงการ"
    ACTIVITY = "กิจกรรม"
    MEASURE = "มาตรการ"
    GUIDELINE = "แนวปฏิบัติงาน"

    @property
    def number(self) -> int:
        return list(ProjectKind).index(self) + 1


class RiskLevel(str, enum.Enum):
    LOW = "ต่ำ"
    MEDIUM = "ปานกลาง"
    HIGH = "สูง"
    VERY_HIGH = "สูงมาก"


class TargetCategory(str, enum.Enum):
    """The nine target-group checkboxes of the E-PlanNACC project form, in the form's order."""

    EXECUTIVE_POLITICIANS = "executive_politicians"
    COUNCIL_MEMBERS = "council_members"
    LOCAL_OFFICIALS = "local_officials"
    CHILDREN_YOUTH = "children_youth"
    CITIZENS = "citizens"
    SCHOOLS = "schools"
    GOVERNMENT_AGENCIES = "government_agencies"
    STATE_ENTERPRISES = "state_enterprises"
    PRIVATE_SECTOR = "private_sector"

    @property
    def label(self) -> str:
        return TARGET_CATEGORY_LABELS[self]


TARGET_CATEGORY_LABELS = {
    TargetCategory.EXECUTIVE_POLITICIANS: "ข้าราชการการเมืองฝ่ายบริหาร",
    TargetCategory.COUNCIL_MEMBERS: "ข้าราชการการเมืองฝ่ายสภาท้องถิ่น",
    TargetCategory.LOCAL_OFFICIALS: "ข้าราชการ/พนักงาน/ลูกจ้าง ส่วนท้องถิ่น",
    TargetCategory.CHILDREN_YOUTH: "เด็กและเยาวชน",
    TargetCategory.CITIZENS: "ประชาชน/ภาคประชาสังคม",
    TargetCategory.SCHOOLS: "สถานศึกษา",
    TargetCategory.GOVERNMENT_AGENCIES: "หน่วยงานภาครัฐ",
    TargetCategory.STATE_ENTERPRISES: "หน่วยงานภาครัฐวิสาหกิจ",
    TargetCategory.PRIVATE_SECTOR: "หน่วยงานภาคธุรกิจเอกชน",
}

#: Units that are money, not people: a head count given in one of these is a mistake.
MONEY_UNITS = frozenset({"บาท", "สตางค์", "baht", "THB", "฿"})


def _tuple(x):
    return tuple(x) if x is not None else ()


@attrs.frozen
class Organization:
    name: str  # "เทศบาลเมืองอ่างทอง"
    kind: OrgKind
    district: str
    province: str
    address: str = ""
    executive_name: str = ""
    executive_title: str = ""  # "นายกเทศมนตรีเมืองอ่างทอง"


@attrs.frozen
class Step:
    """One step of a project's method (วิธีดำเนินการ); steps nest: ๓) → ๓.๑) → "-" bullets.

    A step marked ``bullet`` is printed with "-" at any depth and is not counted in its siblings'
    numbering (plans put "-" points directly under a numbered step).
    """

    text: str
    steps: tuple["Step", ...] = attrs.field(default=(), converter=_tuple)
    bullet: bool = False

    def walk(self) -> Iterator["Step"]:
        yield self
        for s in self.steps:
            yield from s.walk()


@attrs.frozen
class TargetGroup:
    """กลุ่มเป้าหมาย: who, how many, and the E-PlanNACC categories it falls in."""

    description: str
    count: int | None = None
    unit: str = "คน"
    categories: tuple[TargetCategory, ...] = attrs.field(default=(), converter=_tuple)

    def text(self, thai: bool = True) -> str:
        """As the project sheet writes it: "… จำนวน ๑๑๒ คน"."""
        if self.count is None:
            return self.description
        return f"{self.description} {thaitext.count_text(self.count, self.unit, thai)}".strip()


@attrs.frozen
class Project:
    id: str  # stable identifier, referenced by risk rows and progress files
    kind: ProjectKind
    name: str  # the full name as printed ("โครงการ…", "มาตรการ …")
    code: str  # framework mission ("1.1") or sub-item ("1.1.1") code
    rationale: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    target_group: TargetGroup | None = None
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_tuple)
    #: fiscal years the project runs (Buddhist era); empty = the whole plan period
    years: tuple[int, ...] = attrs.field(default=(), converter=_tuple)
    #: budget per fiscal year in baht; a year that is absent uses no budget (ไม่ใช้งบประมาณ)
    budget: dict[int, Decimal] = attrs.field(factory=dict, eq=True, hash=False)
    quarters: tuple[int, ...] = attrs.field(default=(1, 2, 3, 4), converter=_tuple)
    responsible: str = ""
    outputs: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    outcomes: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    remark: str = ""

    @property
    def dimension_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def mission_code(self) -> str:
        return ".".join(self.code.split(".")[:2])

    @property
    def sub_item_code(self) -> str | None:
        return self.code if self.code.count(".") >= 2 else None

    def amount(self, year: int) -> Decimal:
        """Budget in one fiscal year (zero when none)."""
        return self.budget.get(year, Decimal(0))

    @property
    def uses_budget(self) -> bool:
        return any(v for v in self.budget.values())

    @property
    def total_budget(self) -> Decimal:
        return sum(self.budget.values(), Decimal(0))


@attrs.frozen
class ControlMeasure:
    """A control measure in a risk row: a project of the plan (by id) or free text."""

    text: str = ""
    project: str | None = None


@attrs.frozen
class RiskItem:
    process_step: str  # ขั้นตอนการดำเนินงาน
    risk_issues: tuple[str, ...] = attrs.field(converter=_tuple)  # ประเด็นความเสี่ยงการทุจริต
    risk_level: RiskLevel  # Risk Score
    control_measures: tuple[ControlMeasure, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class TargetRow:
    """A row of the target table (ค่าเป้าหมาย) with one value per fiscal year."""

    label: str
    values: dict[int, str] = attrs.field(factory=dict, hash=False)


@attrs.frozen
class SubItem:
    """A sub-item the plan names that the shipped framework does not know (or titles otherwise)."""

    code: str
    title: str


@attrs.frozen
class DimensionGroup:
    """Derived: one dimension with its missions and numbered projects, in Part 2 order."""

    item: FrameworkItem
    missions: tuple["MissionGroup", ...]

    @property
    def projects(self) -> tuple["Numbered", ...]:
        return tuple(n for m in self.missions for n in m.projects)


@attrs.frozen
class MissionGroup:
    item: FrameworkItem
    sub_items: tuple["SubItemGroup", ...]

    @property
    def projects(self) -> tuple["Numbered", ...]:
        return tuple(n for s in self.sub_items for n in s.projects)


@attrs.frozen
class SubItemGroup:
    item: FrameworkItem | None  # None: projects placed directly under the mission
    projects: tuple["Numbered", ...]


@attrs.frozen
class Numbered:
    """A project with its Part 2 number (1-based), which is also its Part 3 "ลำดับที่"."""

    number: int
    project: Project


@attrs.frozen
class Plan:
    slug: str  # ASCII, used for file names
    title: str  # "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"
    organization: Organization
    first_year: int  # first fiscal year, Buddhist era (2566)
    last_year: int  # last fiscal year (2570)
    projects: tuple[Project, ...] = attrs.field(converter=_tuple)
    #: preface paragraphs before the generated description of the three parts
    preface: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    #: preface paragraphs after it
    preface_closing: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    signed_place: str = ""  # who signs the preface (usually the organization)
    signed_month: int = 1
    signed_year: int = 0  # Buddhist era; 0 = the year before the first fiscal year
    risks: tuple[RiskItem, ...] = attrs.field(default=(), converter=_tuple)
    rationale: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    objectives: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    targets: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    target_table: tuple[TargetRow, ...] = attrs.field(default=(), converter=_tuple)
    benefits: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sub_items: tuple[SubItem, ...] = attrs.field(default=(), converter=_tuple)

    # ------------------------------------------------------------------ years and dates

    @property
    def years(self) -> tuple[int, ...]:
        """The plan's fiscal years, Buddhist era."""
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def signed_year_be(self) -> int:
        return self.signed_year or self.first_year - 1

    @property
    def date(self) -> _dt.date:
        """The plan's date (first day of its signing month), common-era date object."""
        return _dt.date(thaitext.ce_year(self.signed_year_be), self.signed_month or 1, 1)

    def project_years(self, project: Project) -> tuple[int, ...]:
        return project.years or self.years

    # ------------------------------------------------------------------ framework

    @property
    def framework(self) -> Framework:
        return framework_2566_2570()

    def framework_item(self, code: str) -> FrameworkItem | None:
        """The framework row for a code, with the plan's own sub-items taking precedence."""
        for s in self.sub_items:
            if s.code == code:
                known = self.framework.get(code)
                return FrameworkItem(code=code, title=s.title,
                                     confirmed=bool(known and known.title == s.title))
        return self.framework.get(code)

    # ------------------------------------------------------------------ derived structure

    def ordered_projects(self) -> tuple[Project, ...]:
        """Projects in Part 2 / Part 3 order: by framework code, file order within a code."""
        indexed = list(enumerate(self.projects))
        indexed.sort(key=lambda ip: (_safe_code_key(ip[1].code), ip[0]))
        return tuple(p for _, p in indexed)

    def numbered(self) -> tuple[Numbered, ...]:
        """Projects numbered ๑)…N) across the plan, in Part 2 order."""
        return tuple(Numbered(i, p) for i, p in enumerate(self.ordered_projects(), start=1))

    def number_of(self, project_id: str) -> int:
        for n in self.numbered():
            if n.project.id == project_id:
                return n.number
        raise KeyError(project_id)

    def project(self, project_id: str) -> Project:
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)

    def groups(self, numbered: "tuple[Numbered, ...] | None" = None) -> tuple[DimensionGroup, ...]:
        """The dimension → mission → sub-item tree of the plan's numbered projects (or of a
        subset of them, e.g. one fiscal year's, keeping their plan-wide numbers).

        Every dimension of the framework appears (an empty dimension still has a "รวม" row);
        missions and sub-items appear when they hold projects.
        """
        if numbered is None:
            numbered = self.numbered()
        dims = []
        for dim in self.framework.dimensions():
            in_dim = [n for n in numbered if n.project.dimension_code == dim.code]
            mission_codes: list[str] = []
            for n in in_dim:
                if n.project.mission_code not in mission_codes:
                    mission_codes.append(n.project.mission_code)
            missions = []
            for mc in mission_codes:
                in_m = [n for n in in_dim if n.project.mission_code == mc]
                sub_codes: list[str | None] = []
                for n in in_m:
                    if n.project.sub_item_code not in sub_codes:
                        sub_codes.append(n.project.sub_item_code)
                subs = tuple(
                    SubItemGroup(
                        item=self.framework_item(sc) if sc else None,
                        projects=tuple(n for n in in_m if n.project.sub_item_code == sc),
                    )
                    for sc in sub_codes
                )
                m_item = self.framework_item(mc) or FrameworkItem(mc, mc, False)
                missions.append(MissionGroup(item=m_item, sub_items=subs))
            dims.append(DimensionGroup(item=dim, missions=tuple(missions)))
        return tuple(dims)

    # ------------------------------------------------------------------ totals

    def projects_in(self, dimension: str | None = None, mission: str | None = None) -> tuple[Project, ...]:
        return tuple(
            p for p in self.ordered_projects()
            if (dimension is None or p.dimension_code == dimension)
            and (mission is None or p.mission_code == mission)
        )

    def total(self, year: int, dimension: str | None = None) -> Decimal:
        """Budget of one fiscal year, for one dimension or the whole plan."""
        return sum((p.amount(year) for p in self.projects_in(dimension)), Decimal(0))

    def totals(self, dimension: str | None = None) -> dict[int, Decimal]:
        """Budget per fiscal year, for one dimension or the whole plan."""
        return {y: self.total(y, dimension) for y in self.years}

    @property
    def grand_total(self) -> Decimal:
        """Budget over the whole period."""
        return sum(self.totals().values(), Decimal(0))

    def count(self, dimension: str | None = None, kind: ProjectKind | None = None) -> int:
        return sum(1 for p in self.projects_in(dimension) if kind is None or p.kind == kind)

    def projects_of_year(self, year: int) -> tuple[Numbered, ...]:
        """The numbered projects that run in one fiscal year."""
        return tuple(n for n in self.numbered() if year in self.project_years(n.project))


def _safe_code_key(code: str) -> tuple[int, ...]:
    try:
        return code_key(code)
    except ValueError:  # invalid codes are reported by validation; sort them last
        return (10**6,)
