"""The tables and chart composed once from the model (Part 2, budget summary, kind counts)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from antong_reports.compose import tables as ct
from antong_reports.thai import text as tt
from antong_reports.compose.tree import Chart, Table
from antong_reports.model.plan import ProjectKind
from antong_reports.common.settings import Settings

THAI = Settings()
ARABIC = Settings(thai_digits=False)


def _rows(table: Table, kind: str):
    return [r for r in table.rows if r.kind == kind]


def _grid_cell(table: Table, r: int, c: int):
    entry = table.grid()[r][c]
    assert entry is not None
    return entry


def _row_index(table: Table, kind: str, key: str) -> int:
    for i, row in enumerate(table.rows):
        if row.kind == kind and row.key == key:
            return i
    raise KeyError((kind, key))


# --------------------------------------------------------------------------- Part 2, general

@pytest.mark.parametrize("settings", [THAI, ARABIC])
def test_part2_grid_is_complete(mini_plan, settings):
    table = ct.part2_table(mini_plan, settings)
    grid = table.grid()  # raises on overlapping spans or spans leaving the grid
    assert table.name == "part2-budget"
    assert table.header_rows == 2
    assert table.ncols == 3 + len(mini_plan.years) + 1
    for r, line in enumerate(grid):
        assert all(entry is not None for entry in line), f"hole in row {r}"


def test_part2_header(mini_plan):
    table = ct.part2_table(mini_plan, THAI)
    h1, h2 = table.rows[:2]
    assert h1.kind == h2.kind == "header"
    assert [c.text for c in h1.cells] == ["มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ",
                                          "ปี ๒๕๖๖", "ปี ๒๕๖๗", "ปี ๒๕๖๘", "ปี ๒๕๖๙", "ปี ๒๕๗๐",
                                          "หมายเหตุ"]
    assert [c.rowspan for c in h1.cells] == [2, 2, 2, 1, 1, 1, 1, 1, 2]
    assert [c.text for c in h2.cells] == ["งบประมาณ (บาท)"] * 5
    # the second header row's cells sit under the year columns
    grid = table.grid()
    for c in range(3, 8):
        r0, c0, cell = grid[1][c]
        assert (r0, c0) == (1, c) and cell.text == "งบประมาณ (บาท)"
    assert grid[1][0][0] == 0 and grid[1][8][0] == 0


def test_part2_mini_rows(mini_plan):
    table = ct.part2_table(mini_plan, THAI)
    kinds = [(r.kind, r.key) for r in table.rows]
    assert kinds == [("header", ""), ("header", ""), ("body", "p1"), ("subtotal", "1"),
                     ("body", "p2"), ("subtotal", "2"), ("subtotal", "3"), ("subtotal", "4"),
                     ("total", "total")]
    p1 = table.rows[2]
    assert p1.cells[0].text == "๑. การสร้างวัฒนธรรมสุจริต"
    assert p1.cells[0].rowspan == 2  # over its project and its "รวม" row
    assert p1.cells[1].text.startswith("๑.๑ การเสริมสร้างจิตสำนึก")
    assert p1.cells[2].text == "๑) โครงการอบรมคุณธรรม"
    assert [c.text for c in p1.cells[3:8]] == ["๑๐,๐๐๐", "๑๐,๐๐๐", "-", "-", "-"]
    assert [c.value for c in p1.cells[3:8]] == [Decimal(10000)] * 2 + [Decimal(0)] * 3
    sub1 = table.rows[3]
    assert [c.text for c in sub1.cells[:3]] == ["รวม", "จำนวน ๑ โครงการ", "จำนวน ๑๐,๐๐๐ บาท"]
    assert sub1.cells[1].value == 1
    # a dimension without projects still has its subtotal row, dimension cell included
    sub3 = table.rows[6]
    assert sub3.cells[0].text.startswith("๓. ") and sub3.cells[0].rowspan == 1
    assert [c.text for c in sub3.cells[1:4]] == ["รวม", "จำนวน ๐ โครงการ", "จำนวน ๐ บาท"]
    total = table.rows[-1]
    assert total.cells[0].text == "รวมทั้งสิ้น" and total.cells[0].colspan == 2
    assert total.cells[1].text == "จำนวน ๒ โครงการ" and total.cells[1].value == 2
    assert [c.value for c in total.cells[2:7]] == [mini_plan.total(y) for y in mini_plan.years]


def test_part2_arabic_digits(mini_plan):
    table = ct.part2_table(mini_plan, ARABIC)
    text = "\n".join(c.text for r in table.rows for c in r.cells)
    assert "ปี 2566" in text and "1) โครงการอบรมคุณธรรม" in text and "10,000" in text
    assert not tt.has_thai_digit(text)


def test_part2_single_year(mini_plan):
    table = ct.part2_table(mini_plan, THAI, years=[2567])
    table.grid()
    assert table.ncols == 5
    assert [c.text for c in table.rows[0].cells] == ["มิติ", "ภารกิจตามมิติ",
                                                     "โครงการ/กิจกรรม/มาตรการ", "ปี ๒๕๖๗", "หมายเหตุ"]
    assert len(table.rows[1].cells) == 1
    assert table.rows[-1].cells[2].value == Decimal(10000)


def test_part2_subset_keeps_plan_numbers(mini_plan):
    only_p2 = [n for n in mini_plan.numbered() if n.project.id == "p2"]
    table = ct.part2_table(mini_plan, THAI, numbered=only_p2)
    table.grid()
    bodies = _rows(table, "body")
    assert [r.key for r in bodies] == ["p2"]
    assert bodies[0].cells[2].text == "๒) มาตรการเปิดเผยข้อมูล"
    assert len(_rows(table, "subtotal")) == 4
    assert table.rows[-1].cells[1].text == "จำนวน ๑ โครงการ"
    assert all(c.value == 0 for c in table.rows[-1].cells[2:7])


def test_part2_remark_and_widths(mini_plan):
    p1 = mini_plan.project("p1")
    projects = tuple(attrs.evolve(p, remark="ใช้งบกองทุน") if p is p1 else p
                     for p in mini_plan.projects)
    plan = attrs.evolve(mini_plan, projects=projects)
    table = ct.part2_table(plan, THAI)
    assert table.rows[2].cells[-1].text == "ใช้งบกองทุน"
    assert len(table.widths) == table.ncols
    # the project column is the widest; every year column has the same width
    assert max(table.widths) == table.widths[2]
    assert len(set(table.widths[3:-1])) == 1


# --------------------------------------------------------------------------- Part 2, sample

def test_part2_sample_structure(sample_plan):
    table = ct.part2_table(sample_plan, THAI)
    grid = table.grid()
    bodies = _rows(table, "body")
    assert len(bodies) == len(sample_plan.projects) == 27
    assert [r.key for r in bodies] == [n.project.id for n in sample_plan.numbered()]
    labels = [r.cells[-len(sample_plan.years) - 2].text.split(")")[0] for r in bodies]
    assert labels == [tt.thai_digits(i) for i in range(1, 28)]
    # each body row's project cell starts with its continuous number
    for i, row in enumerate(table.rows):
        if row.kind != "body":
            continue
        r0, c0, cell = grid[i][2]
        assert r0 == i and cell.text.startswith(f"{tt.thai_digits(sample_plan.number_of(row.key))}) ")
        # column 0 is covered by a cell whose text is the project's dimension
        dim = sample_plan.project(row.key).dimension_code
        assert grid[i][0][2].text.startswith(tt.thai_digits(dim) + ". ")
        mission = sample_plan.project(row.key).mission_code
        assert grid[i][1][2].text.startswith(tt.thai_digits(mission) + " ")


def test_part2_sample_totals(sample_plan):
    table = ct.part2_table(sample_plan, THAI)
    years = sample_plan.years
    subs = _rows(table, "subtotal")
    assert [r.key for r in subs] == ["1", "2", "3", "4"]
    for i, row in enumerate(table.rows):
        if row.kind != "subtotal":
            continue
        grid_row = table.grid()[i]
        count_cell = grid_row[2][2]
        amount_cells = [grid_row[3 + k][2] for k in range(len(years))]
        n = sample_plan.count(row.key)
        assert count_cell.value == n and count_cell.text == tt.count_text(n)
        for y, cell in zip(years, amount_cells):
            assert cell.value == sample_plan.total(y, row.key)
            assert cell.text == tt.amount_total(sample_plan.total(y, row.key))
    total = table.rows[-1]
    assert total.cells[1].text == "จำนวน ๒๗ โครงการ"
    assert [c.text for c in total.cells[2:2 + len(years)]] == ["จำนวน ๓๓๙,๑๖๐ บาท"] * 5
    assert [c.value for c in total.cells[2:2 + len(years)]] == [Decimal(339160)] * 5
    # the first dimension's subtotal as the official plan prints it
    assert subs[0].cells[1].text == "จำนวน ๘ โครงการ"
    assert subs[0].cells[2].text == "จำนวน ๗๕,๑๖๐ บาท"


def test_part2_sample_body_amounts_sum_to_subtotals(sample_plan):
    """The amounts printed in the body rows add up to the printed subtotals (what a workbook's
    SUM formulas will compute)."""
    table = ct.part2_table(sample_plan, THAI)
    grid = table.grid()
    years = sample_plan.years
    running = [Decimal(0)] * len(years)
    subtotal_sums = [Decimal(0)] * len(years)
    for i, row in enumerate(table.rows):
        cells = [grid[i][3 + k][2] for k in range(len(years))]
        if row.kind == "body":
            for k, c in enumerate(cells):
                assert isinstance(c.value, Decimal)
                assert c.text == tt.amount(c.value)
                running[k] += c.value
        elif row.kind == "subtotal":
            assert [c.value for c in cells] == running
            subtotal_sums = [a + b for a, b in zip(subtotal_sums, running)]
            running = [Decimal(0)] * len(years)
        elif row.kind == "total":
            assert [c.value for c in cells] == subtotal_sums


def test_part2_mission_merge_sample(sample_plan):
    table = ct.part2_table(sample_plan, THAI)
    grid = table.grid()
    # a mission cell (column 1 of a body row) spans exactly the body rows of its projects
    starts = {(r0, c0) for line in grid for (r0, c0, _) in line}
    for i, row in enumerate(table.rows):
        if row.kind != "body" or (i, 1) not in starts:
            continue
        cell = grid[i][1][2]
        covered = [table.rows[i + k] for k in range(cell.rowspan)]
        assert all(r.kind == "body" for r in covered)
        codes = {sample_plan.project(r.key).mission_code for r in covered}
        assert codes == {sample_plan.project(row.key).mission_code}
        assert sample_plan.projects_in(mission=codes.pop()) == tuple(
            sample_plan.project(r.key) for r in covered)
    # every project row of one dimension, and its "รวม" row, share one dimension cell
    seen = {}
    for i, row in enumerate(table.rows):
        if row.kind in ("body", "subtotal"):
            dim = sample_plan.project(row.key).dimension_code if row.kind == "body" else row.key
            seen.setdefault(dim, set()).add(grid[i][0][:2])
    assert sorted(seen) == ["1", "2", "3", "4"]
    assert all(len(v) == 1 for v in seen.values())


# --------------------------------------------------------------------------- summaries

def test_budget_summary(mini_plan):
    table = ct.budget_summary_table(mini_plan, THAI)
    table.grid()
    assert table.name == "budget-summary"
    assert [c.text for c in table.rows[0].cells] == ["มิติ", "ปี ๒๕๖๖", "ปี ๒๕๖๗", "ปี ๒๕๖๘",
                                                     "ปี ๒๕๖๙", "ปี ๒๕๗๐", "รวม"]
    bodies = _rows(table, "body")
    assert [r.key for r in bodies] == ["1", "2", "3", "4"]
    assert bodies[0].cells[0].text == "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต"
    assert [c.value for c in bodies[0].cells[1:]] == [Decimal(10000)] * 2 + [Decimal(0)] * 3 + [
        Decimal(20000)]
    assert bodies[0].cells[-1].text == "๒๐,๐๐๐"
    total = table.rows[-1]
    assert total.kind == "total" and total.cells[0].text == "รวมทั้งสิ้น"
    assert total.cells[-1].value == mini_plan.grand_total == Decimal(20000)


def test_budget_summary_sample(sample_plan):
    table = ct.budget_summary_table(sample_plan, THAI)
    total = table.rows[-1]
    assert [c.value for c in total.cells[1:6]] == [Decimal(339160)] * 5
    assert total.cells[-1].value == Decimal(339160 * 5)
    for row in _rows(table, "body"):
        assert row.cells[-1].value == sum(sample_plan.totals(row.key).values())
    # the column sums equal the total row
    for k in range(1, 7):
        assert sum(r.cells[k].value for r in _rows(table, "body")) == total.cells[k].value


def test_kind_count(mini_plan):
    table = ct.kind_count_table(mini_plan, THAI)
    table.grid()
    assert [c.text for c in table.rows[0].cells] == ["มิติ", "โครงการ", "กิจกรรม", "มาตรการ",
                                                     "แนวปฏิบัติงาน", "รวม"]
    d1, d2 = _rows(table, "body")[:2]
    assert [c.value for c in d1.cells[1:]] == [1, 0, 0, 0, 1]
    assert [c.value for c in d2.cells[1:]] == [0, 0, 1, 0, 1]
    assert [c.text for c in d2.cells[1:]] == ["-", "-", "๑", "-", "๑"]
    assert [c.value for c in table.rows[-1].cells[1:]] == [1, 0, 1, 0, 2]


def test_kind_count_sample(sample_plan):
    table = ct.kind_count_table(sample_plan, THAI)
    total = table.rows[-1]
    assert total.cells[-1].value == 27
    assert [c.value for c in total.cells[1:5]] == [sample_plan.count(None, k) for k in ProjectKind]
    for row in _rows(table, "body"):
        assert row.cells[-1].value == sample_plan.count(row.key)


def test_budget_chart(mini_plan):
    chart = ct.budget_chart(mini_plan, THAI)
    assert isinstance(chart, Chart)
    assert chart.categories == ("มิติที่ ๑", "มิติที่ ๒", "มิติที่ ๓", "มิติที่ ๔")
    assert [s[0] for s in chart.series] == ["ปี ๒๕๖๖", "ปี ๒๕๖๗", "ปี ๒๕๖๘", "ปี ๒๕๖๙", "ปี ๒๕๗๐"]
    assert chart.series[0][1] == (10000.0, 0.0, 0.0, 0.0)
    assert chart.series[2][1] == (0.0, 0.0, 0.0, 0.0)
    assert chart.title and chart.value_label
    arabic = ct.budget_chart(mini_plan, ARABIC)
    assert arabic.categories[0] == "มิติที่ 1" and arabic.series[0][0] == "ปี 2566"


def test_budget_chart_sample(sample_plan):
    chart = ct.budget_chart(sample_plan, THAI)
    for _, values in chart.series:
        assert sum(values) == 339160.0
        assert values[0] == 75160.0
