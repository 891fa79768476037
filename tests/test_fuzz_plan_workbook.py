"""The plan workbook edited at random as an officer might (issue 11's reader, issue 12's rule): any
value of any type typed into any cell the reader looks at, rows and columns inserted or deleted,
sheets renamed, moved or removed. Reading either gives a plan (then validated) or the project's
own errors, each naming the file and a place — never another exception, never a place-less
issue for a cell.

The default profile runs a few examples; ``--hypothesis-profile=long`` runs 10,000."""

from __future__ import annotations

import datetime as dt
import functools
import io
import tempfile
from pathlib import Path

from hypothesis import given, strategies as st
from openpyxl import load_workbook

from antong_reports.sources import plan_workbook as L

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini.yaml"


@functools.lru_cache(maxsize=1)
def _mini_bytes() -> bytes:
    from antong_reports.render.plan_workbook import plan_workbook
    from antong_reports.sources import load_plan

    return plan_workbook(load_plan(MINI))


_TEXT = st.lists(st.sampled_from(
    list("0123456789๐๑๒๓๔๕๖๗๘๙,.-–+=()#!?/ \n\t'\"") + ["บาท", "ไตรมาส", "ก", "p1", "p2", "2566",
                                                      "1.1.1", "✓", "ตัวอย่าง", "=SUM(F7:F8)",
                                                      "\u200b", "\u00a0", "รวม"]),
    max_size=12).map("".join)
_VALUES = st.one_of(
    st.none(), _TEXT, st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2999, 1, 1)),
    st.sampled_from(["=1+1", "=A1", "#N/A", "9" * 200, "ก" * 2000]))
_SHEETS = st.sampled_from(list(L.READ_SHEETS))


@st.composite
def _edit(draw):
    kind = draw(st.sampled_from(["cell"] * 8 + ["insert_rows", "delete_rows", "insert_cols",
                                                "delete_cols", "rename", "move", "remove"]))
    return (kind, draw(_SHEETS), draw(st.integers(1, 12)), draw(st.integers(1, 30)), draw(_VALUES))


def _apply(wb, edit) -> None:
    kind, sheet, row, col, value = edit
    if sheet not in wb.sheetnames:
        return
    ws = wb[sheet]
    if kind == "cell":
        cell = ws.cell(row, col)
        if type(cell).__name__ != "MergedCell":
            cell.value = value
    elif kind in ("insert_rows", "delete_rows"):
        getattr(ws, kind)(row)
    elif kind in ("insert_cols", "delete_cols"):
        getattr(ws, kind)(col)
    elif kind == "rename":
        ws.title = sheet + (" " if row % 2 else "x")
    elif kind == "move":
        wb.move_sheet(sheet, offset=-1)
    else:
        wb.remove(ws)


@given(st.lists(_edit(), min_size=1, max_size=6))
def test_any_edit_reads_or_is_refused_with_places(edits):
    from antong_reports.validate import check_file

    wb = load_workbook(io.BytesIO(_mini_bytes()))
    for edit in edits:
        _apply(wb, edit)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.xlsx"
        try:
            wb.save(path)
        except (ValueError, TypeError):   # openpyxl itself refuses the value (e.g. a control char)
            return
        _plan, issues = check_file(path)
    for issue in issues:
        assert issue.file == str(path), str(issue)
        assert issue.message_th and issue.message_en, str(issue)
        if issue.is_error:
            assert issue.fix_th and issue.fix_en, str(issue)
