"""The upload pack: contents, manifest, ITA items, checks, atomic writing and determinism."""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from antong_reports import cli

from conftest import pdftotext

from antong_reports import pack as pk
from antong_reports.render import progress_workbook as ptw
from antong_reports.sources import progress_workbook as pt

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "angthong-2566-2570.yaml"
SAMPLE_PROGRESS = ROOT / "samples" / "angthong-progress-2567.yaml"
SLUG = "angthong-2566-2570"

EXPECTED = [
    f"{SLUG}-plan.docx", f"{SLUG}-plan.pdf", f"{SLUG}-budget.xlsx", f"{SLUG}-summary.pdf",
    f"{SLUG}-plan-2567.docx", f"{SLUG}-plan-2567.pdf",
    f"{SLUG}-report-2567-6m.docx", f"{SLUG}-report-2567-6m.pdf", f"{SLUG}-report-2567-6m.xlsx",
    f"{SLUG}-report-2567-12m.docx", f"{SLUG}-report-2567-12m.pdf", f"{SLUG}-report-2567-12m.xlsx",
    f"{SLUG}-eplannacc-2567.xlsx", f"{SLUG}-index-2567.pdf",
]


_MAKE = ("import sys; from antong_reports.pack import make_pack; "
         "make_pack(sys.argv[1], [sys.argv[2]], 2567, 2568, sys.argv[3])")


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """The sample's pack made twice, as two runs of the command are: in two fresh processes."""
    base = tmp_path_factory.mktemp("packs")
    for name in ("one", "two"):
        subprocess.run([sys.executable, "-c", _MAKE, str(SAMPLE), str(SAMPLE_PROGRESS),
                        str(base / name)], check=True, cwd=ROOT)
    manifest = json.loads((base / "one" / pk.MANIFEST).read_text("utf-8"))
    return base, manifest


def test_pack_contents(packs):
    base, manifest = packs
    names = sorted(p.name for p in (base / "one").iterdir())
    assert names == sorted(EXPECTED + [pk.MANIFEST, f"{SLUG}-pack-2567.zip"])
    assert all(n.isascii() for n in names)
    assert [f["name"] for f in manifest["files"]] == EXPECTED
    # nothing left beside the pack
    assert sorted(p.name for p in base.iterdir()) == ["one", "two"]


def test_pack_is_byte_identical_across_runs(packs):
    base, _ = packs
    one, two = base / "one", base / "two"
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in two.iterdir())
    for p in one.iterdir():
        assert p.read_bytes() == (two / p.name).read_bytes(), p.name


def test_manifest_sizes_hashes_and_items(packs):
    base, manifest = packs
    folder = base / "one"
    assert manifest["fiscal_year"] == 2567 and manifest["ita_year"] == 2568
    assert manifest["progress"]["illustrative"] is True
    assert [r["round"] for r in manifest["progress"]["rounds"]] == [6, 12]
    for entry in manifest["files"]:
        data = (folder / entry["name"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["purpose_th"] and entry["purpose_en"]
    ita = {e["name"]: e["ita"] for e in manifest["files"]}
    # ITA 2568: O25 asks for the plan of FY 2568 (the five-year plan holds it), O26 for the
    # results of FY 2567 (the annual report)
    assert ita[f"{SLUG}-plan.pdf"] == ["O25"]
    assert ita[f"{SLUG}-report-2567-12m.pdf"] == ["O26"]
    assert ita[f"{SLUG}-report-2567-6m.pdf"] == []
    assert ita[f"{SLUG}-plan-2567.pdf"] == []
    assert [i["code"] for i in manifest["ita_items"]] == ["O25", "O26"]
    assert [i["confirmed"] for i in manifest["ita_items"]] == [False, False]
    assert manifest["ita_group"] == "local" and manifest["ita_overrides"] == []
    text = json.dumps(manifest)
    assert "T0" not in text  # no timestamps besides the plan's and the reports' dates


def test_zip_holds_the_folder(packs):
    base, _ = packs
    folder = base / "one"
    with zipfile.ZipFile(folder / f"{SLUG}-pack-2567.zip") as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == [f"{SLUG}-pack-2567/{n}" for n in EXPECTED + [pk.MANIFEST]]
        assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}
        for i in infos:
            assert z.read(i) == (folder / Path(i.filename).name).read_bytes()


def test_index_page(packs, poppler):
    base, _ = packs
    text = pdftotext(base / "one" / f"{SLUG}-index-2567.pdf")
    flat = "".join(text.split())
    assert "ตัวอย่าง" in flat
    assert "รายการเอกสารสำหรับระบบE-PlanNACCและการประเมินITA" in flat
    for name in EXPECTED[:-1]:
        assert name in flat, name
    assert "O26(ยังไม่ยืนยัน)" in flat and "O25(ยังไม่ยืนยัน)" in flat


def test_every_pack_file_passes_its_check(packs):
    base, _ = packs
    for p in (base / "one").iterdir():
        pk.check_file(p)


# --------------------------------------------------------------------------- ITA data

def test_ita_register_codes_as_recorded():
    """Each assessment year's codes per agency group, as recorded with their sources."""
    from antong_reports.model import ita

    reg = ita.register()
    got = {(y, g): [(i.code, i.kind, i.fiscal_year, i.confirmed) for i in items]
           for y, groups in reg.years.items() for g, items in groups.items()}
    assert got == {
        (2565, "local"): [("O39", "plan", 0, False), ("O40", "report-6m", 0, False),
                          ("O41", "report-12m", -1, False)],
        (2566, "local"): [("O36", "plan", 0, True), ("O37", "report-6m", 0, True),
                          ("O38", "report-12m", -1, True)],
        (2568, "local"): [("O25", "plan", 0, False), ("O26", "report-12m", -1, False)],
        (2568, "central"): [("O25", "plan", 0, False), ("O26", "report-12m", -1, False)],
        (2569, "local"): [("O23", "plan", 0, False), ("O24", "report-12m", -1, False)],
        (2569, "central"): [("O23", "plan", 0, False), ("O24", "report-12m", -1, False)],
        (2569, "education"): [("O22", "plan", 0, False)],
    }
    for groups in reg.years.values():
        for items in groups.values():
            assert all(i.title and i.source and i.contents for i in items)
    assert "local" in reg.items(2569)[0].source or "no list" in reg.items(2569)[0].source
    assert reg.contents["report-6m"].count("ตุลาคม – มีนาคม") == 1
    assert reg.contents["report-12m"].count("ตุลาคม – กันยายน") == 1
    items = ita.resolve_items(2569)
    codes = lambda kind, years, ita_year, items: [  # noqa: E731
        i.code for i in pk.items_answered(kind, years, items, ita_year)]
    assert codes("plan", (2569,), 2569, items) == ["O23"]
    assert codes("report-12m", (2568,), 2569, items) == ["O24"]
    assert codes("report-12m", (2569,), 2569, items) == []
    assert codes("plan", tuple(range(2566, 2571)), 2569, items) == ["O23"]
    i2566 = ita.resolve_items(2566)
    assert codes("report-6m", (2566,), 2566, i2566) == ["O37"]
    assert codes("report-12m", (2565,), 2566, i2566) == ["O38"]
    assert ita.resolve_items(2567) == () and ita.resolve_items(None) == ()
    assert pk.ita_label(items[0]) == "O23 (ยังไม่ยืนยัน)" and pk.ita_label(i2566[0]) == "O36"


def test_ita_overrides():
    from antong_reports.model import ita

    assert ita.parse_override("plan=o22") == ("plan", "O22")
    for bad in ("plan", "report_6=O1", "plan=", "plan=O 2", "plan=โอ๒"):
        with pytest.raises(ValueError, match="KIND=CODE"):
            ita.parse_override(bad)
    items = ita.resolve_items(2569, "local", {"plan": "O22", "report-6m": "O25"})
    assert [(i.code, i.kind, i.fiscal_year, i.confirmed, i.overridden) for i in items] == [
        ("O22", "plan", 0, True, True), ("O24", "report-12m", -1, False, False),
        ("O25", "report-6m", 0, True, True)]
    assert items[0].title == ita.register().items(2569)[0].title  # the register's title is kept
    assert items[2].source == ita.OVERRIDE_SOURCE


def test_override_recorded_in_the_manifest(sample_plan):
    from antong_reports.model import ita

    files = [pk.PackFile("a-plan.pdf", b"x", "แผน", "plan", "plan", (2566, 2567, 2568, 2569, 2570)),
             pk.PackFile("a-report-2568-12m.pdf", b"y", "รายงาน", "report", "report-12m", (2568,))]
    overrides = {"plan": "O22"}
    items = ita.resolve_items(2569, "local", overrides)
    m = pk.manifest_data(sample_plan, None, files, 2568, 2569, items, "local", overrides)
    assert m["ita_group"] == "local"
    assert m["ita_overrides"] == [{"kind": "plan", "code": "O22", "register_code": "O23"}]
    assert [(i["code"], i["confirmed"], i["overridden"], i["fiscal_year"]) for i in m["ita_items"]] == [
        ("O22", True, True, 2569), ("O24", False, False, 2568)]
    assert m["ita_items"][0]["source"] == ita.OVERRIDE_SOURCE
    assert [f["ita"] for f in m["files"]] == [["O22"], ["O24"]]


def test_pack_warnings_name_what_assessors_miss(sample_plan):
    from antong_reports.common.settings import Settings
    from antong_reports.model import ita
    from antong_reports.sources.progress_file import load_progress

    import attrs

    pf = load_progress(SAMPLE_PROGRESS)
    files = [pk.PackFile("a-plan.pdf", b"x", "แผน", "plan", "plan", sample_plan.years)]
    six = attrs.evolve(pf.select(2567, 6), reports=())  # no date, no annual round
    got = pk.pack_warnings(sample_plan, six, files, 2567, 2568, ita.resolve_items(2568), Settings())
    assert [w.code for w in got] == ["ita-item-unanswered", "report-undated", "missing-report-12m"]
    assert "O26" in got[0].message_en and "2567" in got[0].message_en
    assert got[2].message_th.startswith("ชุดเอกสารไม่มีรายงานผลการดำเนินการป้องกันการทุจริตประจำปี")
    import datetime as dt
    from antong_reports.model.progress import RoundInfo

    early = attrs.evolve(pf, reports=(RoundInfo(2567, 6, dt.date(2024, 3, 15)),
                                      RoundInfo(2567, 12, dt.date(2024, 10, 31))))
    files.append(pk.PackFile("a-report.pdf", b"y", "รายงาน", "r", "report-12m", (2567,)))
    got = pk.pack_warnings(sample_plan, early, files, 2567, 2568, ita.resolve_items(2568), Settings())
    assert [w.code for w in got] == ["report-dated-early"]
    assert got[0].message_en == "the 6-month report is dated 2024-03-15, before its round ends (2024-03-31)"
    assert pk.pack_warnings(sample_plan, pf, files, 2567, 2568, ita.resolve_items(2568), Settings()) == []


def test_reports_state_their_period_and_date_in_thai(packs, poppler):
    """The 6-month report covers October–March, the annual October–September; each prints its
    Buddhist-era signing date."""
    base, _ = packs
    six = " ".join(pdftotext(base / "one" / f"{SLUG}-report-2567-6m.pdf").split())
    twelve = " ".join(pdftotext(base / "one" / f"{SLUG}-report-2567-12m.pdf").split())
    assert "๑ ตุลาคม ๒๕๖๖ – ๓๑ มีนาคม ๒๕๖๗" in six and "วันที่ ๓๐ เมษายน ๒๕๖๗" in six
    assert "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗" in twelve and "วันที่ ๓๑ ตุลาคม ๒๕๖๗" in twelve
    assert "ยังไม่ดำเนินการ" not in six + twelve


# --------------------------------------------------------------------------- checks

def test_check_file_rejects_bad_files(tmp_path):
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n")
    with pytest.raises(pk.PackError, match="limit"):
        pk.check_file(big, max_bytes=1000)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(pk.PackError, match="does not open"):
        pk.check_file(broken)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook><unclosed></workbook>")
    bad_xml = tmp_path / "bad.xlsx"
    bad_xml.write_bytes(buf.getvalue())
    with pytest.raises(pk.PackError, match="does not open"):
        pk.check_file(bad_xml)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(b"%PDF-1.4\n1 0 obj")
    with pytest.raises(pk.PackError, match="not a complete PDF"):
        pk.check_file(cut)


def test_check_file_rejects_unembedded_fonts(tmp_path, poppler):
    from reportlab.pdfgen import canvas

    path = tmp_path / "helvetica.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(100, 100, "Helvetica is not embedded")
    c.save()
    with pytest.raises(pk.PackError, match="not embedded"):
        pk.check_file(path)


# --------------------------------------------------------------------------- atomic writing

def _failing(plan, formats, settings):
    raise RuntimeError("the PDF generator broke")


def test_failing_generator_leaves_no_partial_pack(tmp_path):
    out = tmp_path / "pack"
    with pytest.raises(pk.PackError, match="the PDF generator broke"):
        pk.make_pack(SAMPLE, [SAMPLE_PROGRESS], 2567, 2568, out, generate=_failing)
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_earlier_pack(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "old.txt").write_text("earlier pack")
    with pytest.raises(pk.PackError):
        pk.make_pack(SAMPLE, [SAMPLE_PROGRESS], 2567, 2568, out, generate=_failing)
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]
    assert (out / "old.txt").read_text() == "earlier pack"


def test_failing_check_leaves_no_partial_pack(tmp_path):
    out = tmp_path / "pack"
    files = {"a.pdf": b"%PDF-1.4 truncated"}
    with pytest.raises(pk.PackError):
        pk.write_pack(out, files, "a.zip")
    assert list(tmp_path.iterdir()) == []


def test_write_pack_into_a_folder_keeps_what_is_not_its_own(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "old.txt").write_text("x")
    written = pk.write_pack(out, {"m.json": b"{}"}, "p.zip")
    assert sorted(p.name for p in out.iterdir()) == ["m.json", "old.txt", "p.zip"]
    assert (out / "old.txt").read_text() == "x"
    assert [p.name for p in written] == ["m.json", "p.zip"]
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]


# --------------------------------------------------------------------------- inputs

def test_invalid_progress_blocks_the_pack(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_PROGRESS.read_text("utf-8").replace("round: 12", "round: 9", 1), "utf-8")
    from antong_reports.common.errors import ProgressInvalid

    with pytest.raises(ProgressInvalid) as exc:
        pk.make_pack(SAMPLE, [bad], 2567, 2568, tmp_path / "pack", generate=_failing)
    assert any(i.code == "bad-round" for i in exc.value.issues)
    assert [p.name for p in tmp_path.iterdir()] == ["bad.yaml"]


def test_year_outside_plan(tmp_path):
    with pytest.raises(pk.PackError, match="outside the plan"):
        pk.make_pack(SAMPLE, [], 2580, None, tmp_path / "pack")


def test_merge_progress_files(sample_plan):
    from antong_reports.sources.progress_file import load_progress

    pf = load_progress(SAMPLE_PROGRESS)
    six, twelve = pf.select(2567, 6), pf.select(2567, 12)
    merged = pk.merge_progress([six, twelve])
    assert merged.records == pf.records and merged.reports == pf.reports
    assert pk.merge_progress([]) is None
    import attrs

    with pytest.raises(pk.PackError, match="different plans"):
        pk.merge_progress([six, attrs.evolve(twelve, plan="other")])


# --------------------------------------------------------------------------- command line

def _parser():
    parser = argparse.ArgumentParser(prog="antong-reports")
    sub = parser.add_subparsers(dest="command")
    pk.add_subparsers(sub)
    cli.add_progress_template_parser(sub)
    return parser


def test_cli_progress_template(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    args = _parser().parse_args(["progress-template", str(SAMPLE), "--year", "2567", "--round", "6",
                                 "-o", str(out)])
    assert args.handler(args) == 0
    assert out.exists() and capsys.readouterr().out.strip() == str(out)
    from antong_reports.sources import load_plan
    back = pt.read_progress_workbook(out, load_plan(SAMPLE))
    assert back.records == () and back.reports[0].year == 2567
    args = _parser().parse_args(["progress-template", str(SAMPLE), "--year", "2580", "--round", "6",
                                 "-o", str(tmp_path / "x.xlsx")])
    assert args.handler(args) == 2
    assert "outside the plan" in capsys.readouterr().err


def test_cli_pack_usage_errors(tmp_path, capsys):
    args = _parser().parse_args(["pack", str(SAMPLE), "--year", "2580", "-o", str(tmp_path / "p")])
    assert args.handler(args) == 2
    assert "outside the plan" in capsys.readouterr().err
    missing = tmp_path / "missing.yaml"
    args = _parser().parse_args(["pack", str(SAMPLE), "--progress", str(missing), "--year", "2567",
                                 "-o", str(tmp_path / "p")])
    assert args.handler(args) == 1
    assert "cannot read the file" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
    args = _parser().parse_args(["pack", str(SAMPLE), "--year", "2567", "--ita-item", "report_6=O1",
                                 "-o", str(tmp_path / "p")])
    assert args.handler(args) == 2
    assert "--ita-item must be KIND=CODE" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_cli_pack_from_a_filled_workbook_and_yaml(packs, tmp_path, capsys, sample_plan):
    """Round 6 typed into the progress workbook, round 12 in YAML: the same reports as the YAML
    file with both rounds gives."""
    from test_progress import fill_template

    from antong_reports.sources.progress_file import dump_progress_yaml, load_progress

    pf = load_progress(SAMPLE_PROGRESS).resolved(sample_plan)
    book = tmp_path / "round6.xlsx"
    book.write_bytes(ptw.template_workbook(sample_plan, 2567, 6))
    fill_template(book, pf, 2567, 6)
    twelve = tmp_path / "round12.yaml"
    twelve.write_text(dump_progress_yaml(pf.select(2567, 12)), "utf-8")
    out = tmp_path / "pack"
    args = _parser().parse_args(["pack", str(SAMPLE), "--progress", str(book), "--progress", str(twelve),
                                 "--year", "2567", "--ita-year", "2568", "--ita-item", "plan=O24",
                                 "-o", str(out)])
    assert args.handler(args) == 0
    printed = capsys.readouterr().out.splitlines()
    assert f"{SLUG}-plan.pdf\t" in printed[1] and printed[1].endswith("\tO24")
    assert any(line.endswith("\tO26 (unconfirmed)") for line in printed)
    manifest = json.loads((out / pk.MANIFEST).read_text("utf-8"))
    assert manifest["ita_overrides"] == [{"kind": "plan", "code": "O24", "register_code": "O25"}]
    assert printed[-1] == str(out / f"{SLUG}-pack-2567.zip")
    assert f"{SLUG}-report-2567-12m.pdf\t" in "\n".join(printed)
    base, _ = packs
    for name in (f"{SLUG}-report-2567-6m.xlsx", f"{SLUG}-report-2567-12m.docx",
                 f"{SLUG}-report-2567-6m.docx", f"{SLUG}-eplannacc-2567.xlsx"):
        assert (out / name).read_bytes() == (base / "one" / name).read_bytes(), name
    pdf = f"{SLUG}-report-2567-6m.pdf"
    assert pdftotext(out / pdf) == pdftotext(base / "one" / pdf)
