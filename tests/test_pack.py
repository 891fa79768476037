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
    assert "O26" in flat and "O25" in flat


def test_every_pack_file_passes_its_check(packs):
    base, _ = packs
    for p in (base / "one").iterdir():
        pk.check_file(p)


# --------------------------------------------------------------------------- ITA data

def test_ita_items_by_year():
    items = pk.ita_items()
    assert [i.code for i in items[2566]] == ["O36", "O37", "O38"]
    assert [i.code for i in items[2565]] == ["O39", "O40", "O41"]
    assert [i.code for i in items[2568]] == ["O25", "O26"]
    assert [i.code for i in items[2569]] == ["O23", "O24"]
    codes = lambda kind, years, ita: [i.code for i in pk.items_answered(kind, years, ita)]  # noqa: E731
    assert codes("report_6", (2566,), 2566) == ["O37"]
    assert codes("report_12", (2565,), 2566) == ["O38"]
    assert codes("report_12", (2566,), 2566) == []
    assert codes("year_plan", (2569,), 2569) == ["O23"]
    assert codes("report_12", (2568,), 2569) == ["O24"]
    assert codes("five_year_plan", tuple(range(2566, 2571)), 2569) == ["O23"]
    assert codes("report_12", (2567,), 2567) == []  # no data for that assessment year
    assert codes("report_12", (2567,), None) == []


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


def test_write_pack_replaces_an_earlier_pack(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "old.txt").write_text("x")
    written = pk.write_pack(out, {"m.json": b"{}"}, "p.zip")
    assert sorted(p.name for p in out.iterdir()) == ["m.json", "p.zip"]
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
                                 "--year", "2567", "--ita-year", "2568", "-o", str(out)])
    assert args.handler(args) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == str(out / f"{SLUG}-pack-2567.zip")
    assert f"{SLUG}-report-2567-12m.pdf\t" in "\n".join(printed)
    base, _ = packs
    for name in (f"{SLUG}-report-2567-6m.xlsx", f"{SLUG}-report-2567-12m.docx",
                 f"{SLUG}-report-2567-6m.docx", f"{SLUG}-eplannacc-2567.xlsx"):
        assert (out / name).read_bytes() == (base / "one" / name).read_bytes(), name
    pdf = f"{SLUG}-report-2567-6m.pdf"
    assert pdftotext(out / pdf) == pdftotext(base / "one" / pdf)
