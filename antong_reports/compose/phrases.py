"""Fixed phrases of the official layout, in one place.

Composers build every sentence from these and from the model; nothing here holds plan data.
"""

from __future__ import annotations

from antong_reports.thai import text as tt

PART_WORD = "ส่วนที่"
PART_TITLES = {
    1: "บทนำ",
    2: "แผนปฏิบัติการป้องกันการทุจริต",
    3: "รายละเอียดโครงการ/กิจกรรม/มาตรการ ตามแผนปฏิบัติการฯ",
}
PART2_SUBTITLE = "โครงการ/กิจกรรม/มาตรการ และจำนวนงบประมาณที่ดำเนินการ แยกตาม ๔ มิติ"
PREFACE = "คำนำ"
CONTENTS = "สารบัญ"
PAGE = "หน้า"

PART1_SECTIONS = (
    "การประเมินความเสี่ยงการทุจริตในองค์กร",
    "หลักการและเหตุผล",
    "วัตถุประสงค์ของการจัดทำแผน",
    "เป้าหมาย",
    "ประโยชน์ของการจัดทำแผน",
)

RISK_COLUMNS = ("ลำดับที่", "ขั้นตอนการดำเนินงาน", "ประเด็นความเสี่ยงการทุจริต", "Risk Score",
                "มาตรการควบคุมความเสี่ยงการทุจริต")
TARGET_TABLE_HEAD = "ค่าเป้าหมาย"

DIMENSION_WORD = "มิติที่"
MISSION_WORD = "ภารกิจ"  # "ภารกิจ ๑.๑": a mission named by its code (Part 2 continuation rows)
PART2_COLUMNS = ("มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ")
PART2_REMARK = "หมายเหตุ"
BUDGET_UNIT = "งบประมาณ (บาท)"
SUBTOTAL = "รวม"
GRAND_TOTAL = "รวมทั้งสิ้น"
PROJECT_UNIT = "โครงการ"
#: the word before a unit stated under a table's caption: "(หน่วย: บาท)"
UNIT_WORD = "หน่วย:"

SEQUENCE = "ลำดับที่"
#: the nine numbered fields of a Part 3 project sheet
PROJECT_FIELDS = (
    "ชื่อโครงการ",
    "หลักการและเหตุผล/ที่มาของโครงการ",
    "วัตถุประสงค์",
    "กลุ่มเป้าหมาย",
    "วิธีดำเนินการ",
    "ระยะเวลาดำเนินการ",
    "งบประมาณดำเนินการ",
    "ผู้รับผิดชอบโครงการ",
    "ผลผลิต/ผลลัพธ์",
)
OUTPUTS = "ผลผลิต"
OUTCOMES = "ผลลัพธ์"
FISCAL_YEAR = "ปีงบประมาณ พ.ศ."


def part_heading(n: int, thai: bool = True) -> str:
    """``"ส่วนที่ ๒"``."""
    return f"{PART_WORD} {tt.digits(n, thai)}"


def year_column(year: int, thai: bool = True) -> str:
    """``"ปี ๒๕๖๖"``."""
    return f"ปี {tt.digits(year, thai)}"


def dimension_heading(code: str, title: str, thai: bool = True) -> str:
    """Part 3 heading ``"มิติที่ ๑ การสร้างวัฒนธรรมสุจริต"``."""
    return f"{DIMENSION_WORD} {tt.digits(code, thai)} {title}"


def coded_title(code: str, title: str, thai: bool = True) -> str:
    """``"๑.๑ การเสริมสร้าง…"`` (missions, sub-items) or ``"๑. การสร้าง…"`` (a dimension cell)."""
    label = tt.digits(code, thai) + ("." if "." not in code else "")
    return f"{label} {title}"


def project_label(n: int, thai: bool = True) -> str:
    """Part 2 numbering ``"๑)"``."""
    return f"{tt.digits(n, thai)})"


def sequence_heading(n: int, thai: bool = True) -> str:
    """Part 3 sheet heading ``"ลำดับที่ ๑"``."""
    return f"{SEQUENCE} {tt.digits(n, thai)}"


def field_label(i: int, thai: bool = True) -> str:
    """``"๕. วิธีดำเนินการ"`` for field 5 of the project sheet."""
    return f"{tt.digits(i, thai)}. {PROJECT_FIELDS[i - 1]}"


def paren_label(i: int, thai: bool = True) -> str:
    """``"(๑)"`` for objectives, targets and benefits of Part 1."""
    return f"({tt.digits(i, thai)})"


def step_label(path: tuple[int, ...], thai: bool = True) -> str:
    """Method step labels: depth 1 ``"๓)"``, depth 2 ``"๓.๑)"``, deeper ``"-"``."""
    if len(path) == 1:
        return f"{tt.digits(path[0], thai)})"
    if len(path) == 2:
        return f"{tt.digits(path[0], thai)}.{tt.digits(path[1], thai)})"
    return "-"


def duration_text(years: tuple[int, ...], thai: bool = True) -> str:
    """``"ปีงบประมาณ พ.ศ. ๒๕๖๖ - ๒๕๗๐"``."""
    return f"{FISCAL_YEAR} {tt.years_text(years, thai)}"


def plan_period(first: int, last: int, thai: bool = True) -> str:
    """``"(พ.ศ. ๒๕๖๖ – ๒๕๗๐)"`` as the cover and titles write it."""
    return f"(พ.ศ. {tt.year_range(first, last, thai, dash=' – ')})"


# --------------------------------------------------------------------------- plan sentences
# Sentences of the preface and of Part 2 that the plan composes from the model's counts.

CONSISTS_OF = "ประกอบด้วย"
AS_FOLLOWS = "ดังนี้"
PROJECT_NAME_SEPARATOR = " : "  # "๑. ชื่อโครงการ : โครงการ…"


def parts_intro(n_parts: int = 3, thai: bool = True) -> str:
    """``"ประกอบด้วย ๓ ส่วน ดังนี้"`` (ends the preface paragraph that leads into the parts)."""
    return f"{CONSISTS_OF} {tt.digits(n_parts, thai)} ส่วน {AS_FOLLOWS}"


def part1_contents(thai: bool = True) -> str:
    """``"ส่วนที่ ๑ บทนำ ประกอบด้วย การประเมิน… และประโยชน์ของการจัดทำแผน"``."""
    names = PART1_SECTIONS
    return (f"{part_heading(1, thai)} {PART_TITLES[1]} {CONSISTS_OF} "
            f"{' '.join(names[:-1])} และ{names[-1]}")


def part2_contents(first: int, last: int, n_dimensions: int, n_projects: int,
                   thai: bool = True) -> str:
    """``"ส่วนที่ ๒ ประกอบด้วย โครงการ/กิจกรรม/มาตรการ และจำนวนงบประมาณที่ดำเนินการใน ๕ ปี
    (พ.ศ. ๒๕๖๖ - ๒๕๗๐) แยกตาม ๔ มิติ รวมทั้งสิ้นจำนวน ๒๗ โครงการ ดังนี้"``."""
    n_years = last - first + 1
    return (f"{part_heading(2, thai)} {CONSISTS_OF} โครงการ/กิจกรรม/มาตรการ "
            f"และจำนวนงบประมาณที่ดำเนินการใน {tt.digits(n_years, thai)} ปี "
            f"(พ.ศ. {tt.year_range(first, last, thai)}) แยกตาม {tt.digits(n_dimensions, thai)} มิติ "
            f"{GRAND_TOTAL}{tt.count_text(n_projects, PROJECT_UNIT, thai)} {AS_FOLLOWS}")


def dimension_count(code: str, title: str, n_projects: int, thai: bool = True) -> str:
    """``"มิติที่ ๑ การสร้างวัฒนธรรมสุจริต จำนวน ๘ โครงการ"``."""
    return f"{dimension_heading(code, title, thai)} {tt.count_text(n_projects, PROJECT_UNIT, thai)}"


def part3_contents(thai: bool = True) -> str:
    """``"ส่วนที่ ๓ ประกอบด้วย รายละเอียดโครงการ/กิจกรรม/มาตรการ ตามแผนปฏิบัติการฯ"``."""
    return f"{part_heading(3, thai)} {CONSISTS_OF} {PART_TITLES[3]}"


def part2_intro(organization: str, title: str, period: str, n_projects: int,
                thai: bool = True) -> str:
    """``"เทศบาลเมืองอ่างทองได้ดำเนินการจัดทำแผน… (พ.ศ. ๒๕๖๖ – ๒๕๗๐) ประกอบด้วยโครงการ/กิจกรรม/
    มาตรการ รวมจำนวน ๒๗ โครงการ ดังนี้"``."""
    return (f"{organization}ได้ดำเนินการจัดทำ{title} {period} {CONSISTS_OF}โครงการ/กิจกรรม/มาตรการ "
            f"{SUBTOTAL}{tt.count_text(n_projects, PROJECT_UNIT, thai)} {AS_FOLLOWS}")


def budget_year_line(year: int, text: str, thai: bool = True) -> str:
    """A project's budget in one year when the years differ: ``"ปี ๒๕๖๖ ๓๒,๕๘๐.๐๐ บาท"``."""
    return f"{year_column(year, thai)} {text}"
