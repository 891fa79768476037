"""``antong-reports import``: the command as a user runs it — outputs, the findings report, other
editions and bad input refused with the file named and nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from antong_reports.cli import main
from antong_reports.sources.reader import load_plan

from import_helpers import shown

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "angthong-plan-2566-2570.txt"
SAMPLE = HERE.parent / "samples" / "angthong-2566-2570.yaml"


def test_import_writes_plan_and_report(tmp_path, capsys):
    out, report = tmp_path / "plan.yaml", tmp_path / "report.json"
    assert main(["import", str(REFERENCE), "-o", str(out), "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "ขัดกันเอง/contradiction" in printed and "dimension-misspelt" in printed
    assert "line 155" in printed and "kept" in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "report.json"]
    plan = load_plan(out)
    assert len(plan.projects) == 27
    assert main(["validate", str(out)]) == 0
    doc = json.loads(report.read_text("utf-8"))
    assert doc["projects"] == 27 and doc["file"] == str(REFERENCE)
    codes = {f["code"] for f in doc["findings"]}
    assert {"part2-part3-name", "number-repeated", "head-count-in-baht"} <= codes
    first = next(f for f in doc["findings"] if f["code"] == "field-number")
    assert first["where"] == {"line": 207} and first["message_th"] and first["message_en"]
    assert sum(doc["counts"].values()) == len(doc["findings"])


def test_import_to_stdout(capsys):
    assert main(["import", str(REFERENCE)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# แผนปฏิบัติการ")
    assert "projects:" in captured.out and "# เดา/guessed" in captured.out
    assert "part2-part3-order" in captured.err


def test_import_is_deterministic(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert main(["import", str(REFERENCE), "-o", str(a)]) == 0
    assert main(["import", str(REFERENCE), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_yaml_and_workbook_sources_go_to_the_plan_loader(tmp_path):
    out = tmp_path / "again.yaml"
    assert main(["import", str(SAMPLE), "-o", str(out)]) == 0
    assert shown(load_plan(out)) == shown(load_plan(SAMPLE))


# --------------------------------------------------------------------------- refused

def _refused(tmp_path, capsys, name: str, data: bytes, code: int, *words: str):
    src = tmp_path / name
    src.write_bytes(data)
    out, report = tmp_path / "out" / "plan.yaml", tmp_path / "out" / "report.json"
    assert main(["import", str(src), "-o", str(out), "--report", str(report)]) == code
    err = capsys.readouterr().err
    assert str(src) in err
    for w in words:
        assert w in err, (w, err)
    assert "nothing was written" in err
    assert not (tmp_path / "out").exists()
    return err


def test_old_edition_is_refused(tmp_path, capsys):
    text = REFERENCE.read_text("utf-8").replace("2566 - 2570", "2561 - 2564").replace(
        "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต", "มิติที่ ๑ การสร้างสังคมที่ไม่ทนต่อการทุจริต")
    _refused(tmp_path, capsys, "old.txt", text.encode(), 1, "2561", "old-edition")


def test_old_dimension_names_alone_are_recognised(tmp_path, capsys):
    text = REFERENCE.read_text("utf-8").replace("มติที่ ๒ การบริหารราชการด้วยความโปร่งใส",
                                                "มติที่ ๒ การบริหารราชการเพื่อป้องกันการทุจริต")
    _refused(tmp_path, capsys, "old-dims.txt", text.encode(), 1, "2561–2564")


def test_one_year_plan_is_refused(tmp_path, capsys):
    text = ("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\nเทศบาลตำบลตัวอย่าง\n\n"
            "คำนำ\n\nเทศบาลตำบลตัวอย่างจัดทำแผนประจำปี\n\nส่วนที่ ๓\n\nโครงการที่ ๑\n\n"
            "๑. ชื่อโครงการ : โครงการอบรม\n")
    _refused(tmp_path, capsys, "one-year.txt", text.encode(), 1, "one-year", "2567")


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", ("empty",)),
    ("blank.txt", b"\n\n   \n", ("empty",)),
    ("letter.txt", "เรียน นายกเทศมนตรี\n\nขอเชิญประชุม\n".encode(), ("not-a-plan",)),
    ("tis.txt", REFERENCE.read_text("utf-8").replace("–", "-").encode("cp874", "replace"),
     ("tis-620", "TIS-620")),
    ("encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ("encrypted-or-legacy",)),
    ("text.docx", "แผน".encode(), ("not-a-zip",)),
    ("empty.docx", b"", ("empty",)),
])
def test_bad_input_is_refused(tmp_path, capsys, name, data, words):
    _refused(tmp_path, capsys, name, data, 1, *words)


def _docx(document: bytes, extra: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", document)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_dtd_and_external_entities_are_refused(tmp_path, capsys):
    xxe = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    _refused(tmp_path, capsys, "xxe.docx", _docx(xxe.encode()), 1, "xml-dtd")


def test_zip_bomb_is_refused(tmp_path, capsys):
    body = f'<w:document {W}><w:body>'.encode() + b" " * (8 * 1024 * 1024) + b"</w:body></w:document>"
    _refused(tmp_path, capsys, "bomb.docx", _docx(body), 1, "zip-too-large")


def test_word_file_without_a_plan(tmp_path, capsys):
    doc = f'<w:document {W}><w:body><w:p><w:r><w:t>สวัสดี</w:t></w:r></w:p></w:body></w:document>'
    _refused(tmp_path, capsys, "hello.docx", _docx(doc.encode()), 1, "not-a-plan")


def test_missing_file_and_unknown_type_exit_2(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nothing.docx"), "-o", str(tmp_path / "x.yaml")]) == 2
    assert "file-not-found" in capsys.readouterr().err
    odd = tmp_path / "plan.odt"
    odd.write_bytes(b"x")
    assert main(["import", str(odd), "-o", str(tmp_path / "x.yaml")]) == 2
    assert not (tmp_path / "x.yaml").exists()


def test_existing_output_is_kept_when_refused(tmp_path, capsys):
    out = tmp_path / "plan.yaml"
    out.write_text("keep me", "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["import", str(bad), "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "keep me"
