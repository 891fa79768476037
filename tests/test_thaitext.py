"""Thai text utilities: digits, amounts, dates, fiscal years and baht text, pinned and as properties."""

from __future__ import annotations

import os
import datetime as dt
from pathlib import Path
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antong_reports.thai import text as t

# --------------------------------------------------------------------------- digits

@pytest.mark.parametrize("arabic,thai", [
    ("2566", "๒๕๖๖"), ("0123456789", "๐๑๒๓๔๕๖๗๘๙"), ("ข้อ 3.1)", "ข้อ ๓.๑)"), ("", ""),
    ("ไม่มีตัวเลข", "ไม่มีตัวเลข"),
])
def test_digits(arabic, thai):
    assert t.thai_digits(arabic) == thai
    assert t.arabic_digits(thai) == arabic
    assert t.digits(arabic, thai=True) == thai and t.digits(thai, thai=False) == arabic


def test_mixed_digits():
    assert t.mixed_digits("อบรม ๑ ครั้ง 50 คน")
    assert not t.mixed_digits("อบรม ๑ ครั้ง ๕๐ คน")
    assert not t.mixed_digits("อบรม 1 ครั้ง 50 คน")
    assert not t.mixed_digits("อบรม")


def test_number():
    assert t.number(27) == "๒๗"
    assert t.number(1000) == "๑,๐๐๐"
    assert t.number(1000, thai=False) == "1,000"


@given(st.text())
def test_digit_round_trip(text):
    no_thai = t.arabic_digits(text)
    assert t.arabic_digits(t.thai_digits(no_thai)) == no_thai
    no_arabic = t.thai_digits(text)
    assert t.thai_digits(t.arabic_digits(no_arabic)) == no_arabic
    assert len(t.thai_digits(text)) == len(text)
    assert not t.has_arabic_digit(t.thai_digits(text))


# --------------------------------------------------------------------------- amounts

@pytest.mark.parametrize("value,table,sheet", [
    (32580, "๓๒,๕๘๐", "๓๒,๕๘๐.๐๐ บาท"),
    (Decimal("32580.00"), "๓๒,๕๘๐", "๓๒,๕๘๐.๐๐ บาท"),
    (Decimal("1234.5"), "๑,๒๓๔.๕๐", "๑,๒๓๔.๕๐ บาท"),
    (339160, "๓๓๙,๑๖๐", "๓๓๙,๑๖๐.๐๐ บาท"),
    (0, "-", "๐.๐๐ บาท"),
    (None, "-", "ไม่ใช้งบประมาณ"),
    ("๓๒,๕๘๐", "๓๒,๕๘๐", "๓๒,๕๘๐.๐๐ บาท"),
])
def test_amounts(value, table, sheet):
    assert t.amount(value) == table
    assert t.amount_baht(value) == sheet


def test_amount_styles():
    assert t.amount(32580, thai=False) == "32,580"
    assert t.amount_baht(32580, thai=False) == "32,580.00 บาท"
    assert t.amount_baht(None) == t.NO_BUDGET == "ไม่ใช้งบประมาณ"
    assert t.amount(0, zero="ไม่ใช้งบประมาณ") == "ไม่ใช้งบประมาณ"
    assert t.amount_total(339160) == "จำนวน ๓๓๙,๑๖๐ บาท"
    assert t.amount_total(0) == "จำนวน ๐ บาท"
    assert t.count_text(27) == "จำนวน ๒๗ โครงการ"


def test_to_decimal_refuses_floats_and_booleans():
    with pytest.raises(TypeError):
        t.to_decimal(1.5)
    with pytest.raises(TypeError):
        t.to_decimal(True)
    assert t.to_decimal("๑,๐๐๐.๕๐") == Decimal("1000.50")


amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


@given(amounts)
def test_amount_round_trip(value):
    for thai in (True, False):
        table = t.amount(value, thai=thai)
        assert (t.to_decimal(table) if value else Decimal(0)) == value
        sheet = t.amount_baht(value, thai=thai)
        assert sheet.endswith(" บาท")
        assert t.to_decimal(sheet[: -len(" บาท")]) == value
        assert sheet.count(".") == 1 and len(sheet.split(".")[1]) == len("00 บาท")


@given(st.lists(amounts, max_size=30))
def test_totals_of_formatted_amounts(values):
    total = sum(values, Decimal(0))
    parsed = sum((t.to_decimal(t.amount_baht(v)[:-4]) for v in values), Decimal(0))
    assert parsed == total
    assert t.to_decimal(t.amount_total(total)[len("จำนวน "):-len(" บาท")]) == total


# --------------------------------------------------------------------------- baht text

@pytest.mark.parametrize("value,text", [
    ("0", "ศูนย์บาทถ้วน"),
    ("0.01", "หนึ่งสตางค์"),
    ("0.50", "ห้าสิบสตางค์"),
    ("1", "หนึ่งบาทถ้วน"),
    ("11", "สิบเอ็ดบาทถ้วน"),
    ("21", "ยี่สิบเอ็ดบาทถ้วน"),
    ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
    ("1000000", "หนึ่งล้านบาทถ้วน"),
    ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
    ("21000000.25", "ยี่สิบเอ็ดล้านบาทยี่สิบห้าสตางค์"),
    ("75160", "เจ็ดหมื่นห้าพันหนึ่งร้อยหกสิบบาทถ้วน"),
    ("264000", "สองแสนหกหมื่นสี่พันบาทถ้วน"),
    ("339160", "สามแสนสามหมื่นเก้าพันหนึ่งร้อยหกสิบบาทถ้วน"),
    ("1695800", "หนึ่งล้านหกแสนเก้าหมื่นห้าพันแปดร้อยบาทถ้วน"),
    ("20", "ยี่สิบบาทถ้วน"),
    ("10.10", "สิบบาทสิบสตางค์"),
    ("1.21", "หนึ่งบาทยี่สิบเอ็ดสตางค์"),
])
def test_baht_text(value, text):
    assert t.baht_text(Decimal(value)) == text


_WORDS = {"ศูนย์": 0, "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
          "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
_PLACES = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000}


def _below_million(words: str) -> int:
    total, pending, i = 0, None, 0
    vocab = sorted([*_WORDS, *_PLACES], key=len, reverse=True)
    while i < len(words):
        token = next(v for v in vocab if words.startswith(v, i))
        i += len(token)
        if token in _WORDS:
            pending = _WORDS[token]
        else:
            total += (1 if pending is None else pending) * _PLACES[token]
            pending = None
    return total + (pending or 0)


def _words_to_int(words: str) -> int:
    value = 0
    for part in words.split("ล้าน"):
        value = value * 1_000_000 + _below_million(part)
    return value


def parse_baht_text(text: str) -> Decimal:
    """An independent reader of baht text, to check the writer."""
    baht, satang = 0, 0
    if "บาท" in text:
        head, rest = text.split("บาท")
        baht = _words_to_int(head)
    else:
        rest = text
    if rest != "ถ้วน":
        assert rest.endswith("สตางค์")
        satang = _words_to_int(rest[: -len("สตางค์")])
    return Decimal(baht) + Decimal(satang) / 100


@given(amounts)
@settings(max_examples=300)
def test_baht_text_reads_back(value):
    text = t.baht_text(value)
    assert parse_baht_text(text) == value
    assert text.endswith("ถ้วน") == (value == value.to_integral_value())
    assert "หนึ่งสิบ" not in text and "สองสิบ" not in text


def test_baht_text_rounds_satang_half_up():
    assert t.baht_text(Decimal("0.005")) == "หนึ่งสตางค์"
    assert t.baht_text(Decimal("1.999")) == "สองบาทถ้วน"


# --------------------------------------------------------------------------- years and dates

def test_years():
    assert t.be_year(2023) == 2566 and t.ce_year(2566) == 2023
    assert t.year_range(2566, 2570) == "๒๕๖๖ - ๒๕๗๐"
    assert t.year_range(2566, 2566) == "๒๕๖๖"
    assert t.years_text([2566, 2567, 2568, 2570]) == "๒๕๖๖ - ๒๕๖๘, ๒๕๗๐"


@pytest.mark.parametrize("date,fy", [
    (dt.date(2022, 9, 30), 2565),
    (dt.date(2022, 10, 1), 2566),
    (dt.date(2023, 9, 30), 2566),
    (dt.date(2023, 10, 1), 2567),
    (dt.date(2023, 1, 1), 2566),
    (dt.date(2022, 12, 31), 2566),
])
def test_fiscal_year(date, fy):
    assert t.fiscal_year(date) == fy


def test_fiscal_year_bounds():
    assert t.fiscal_year_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_fiscal_year_contains_its_dates(date):
    first, last = t.fiscal_year_bounds(t.fiscal_year(date))
    assert first <= date <= last
    assert (last - first).days in (364, 365)


@pytest.mark.parametrize("date,full,short", [
    (dt.date(2022, 9, 15), "๑๕ กันยายน ๒๕๖๕", "๑๕ ก.ย. ๒๕๖๕"),
    (dt.date(2023, 1, 1), "๑ มกราคม ๒๕๖๖", "๑ ม.ค. ๒๕๖๖"),
    (dt.date(2023, 2, 28), "๒๘ กุมภาพันธ์ ๒๕๖๖", "๒๘ ก.พ. ๒๕๖๖"),
    (dt.date(2023, 12, 31), "๓๑ ธันวาคม ๒๕๖๖", "๓๑ ธ.ค. ๒๕๖๖"),
])
def test_thai_dates(date, full, short):
    assert t.thai_date(date) == full
    assert t.thai_date(date, short=True) == short
    assert t.thai_date(date, thai=False) == t.arabic_digits(full)


def test_month_names():
    assert t.thai_month_year(9, 2565) == "กันยายน ๒๕๖๕"
    assert [t.month_name(m, short=True) for m in (3, 4, 6)] == ["มี.ค.", "เม.ย.", "มิ.ย."]
    with pytest.raises(ValueError):
        t.month_name(13)


def test_thai_letter():
    assert [t.thai_letter(n) for n in (1, 2, 3)] == ["ก", "ข", "ค"]


# --------------------------------------------------------------------------- segmentation

def test_segment_keeps_text():
    text = "แผนปฏิบัติการป้องกันการทุจริต ๒๕๖๖"
    pieces = t.segment(text)
    assert "".join(pieces) == text and len(pieces) > 2
    assert t.segment("") == ()
    assert t.segment(text) is t.segment(text)  # segmented once


REFERENCE_TEXT = Path(__file__).parent / "data" / "angthong-plan-2566-2570.txt"


@pytest.fixture(scope="module")
def pythainlp_trie():
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()))


def test_dictionary_answers_as_pythainlp_trie(pythainlp_trie):
    """Every prefix query over the reference text (and over every dictionary word followed by a
    letter) gets exactly the words pythainlp's Trie gives."""
    d = t.word_dictionary()
    assert len(d) == len(pythainlp_trie)
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    for start in range(len(text)):
        expected = pythainlp_trie.prefixes(text, start)
        assert d.prefixes(text, start) == expected
        assert d.ends(text, start) == tuple(start + len(w) for w in expected)
    for word in sorted(pythainlp_trie)[::7]:
        probe = "x" + word + "ก"
        assert d.prefixes(probe, 1) == pythainlp_trie.prefixes(probe, 1)
        assert word in d


def test_segment_same_as_pythainlp_tokenizer(pythainlp_trie):
    """The segmentation of the whole reference text, paragraph by paragraph and as one text, is
    token for token pythainlp's newmm over its own Trie of the same words."""
    from pythainlp.tokenize import word_tokenize

    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    whole = [w for w in word_tokenize(text, custom_dict=pythainlp_trie, engine="newmm") if w]
    assert list(t._segment_cached(text)) == whole
    for line in text.splitlines():
        if line:
            expected = tuple(w for w in word_tokenize(line, custom_dict=pythainlp_trie,
                                                      engine="newmm") if w)
            assert t.segment(line) == expected


@given(st.text(alphabet="กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮะัาำิีึืุูเแโใไ็่้๊๋์ 0123456789.,",
               max_size=40))
@settings(max_examples=300, deadline=None)
def test_dictionary_prefixes_property(pythainlp_trie, text):
    d = t.word_dictionary()
    for start in range(len(text)):
        assert d.prefixes(text, start) == pythainlp_trie.prefixes(text, start)


_MIXED = ("กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮะัาำิีึืุูเแโใไ็่้๊๋์ๆฯ๐๑๒ "
          "0123456789.,:-/()abcXYZ\n\t")


@given(st.lists(st.one_of(st.text(alphabet=_MIXED, max_size=12),
                          st.sampled_from(sorted(t.word_dictionary())[::97])), max_size=8))
@settings(max_examples=400, deadline=None)
def test_segmenter_port_is_pythainlp_newmm(pythainlp_trie, parts):
    """antong_reports.thai.segmenter (newmm, both cluster rule sets, number rejoining) gives
    exactly what pythainlp gives, on text mixing dictionary words, letters, marks, digits,
    formatted numbers, Latin letters and spaces."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.tokenize.tcc import tcc_pos
    from pythainlp.tokenize.tcc_p import tcc_pos_array

    from antong_reports.thai import segmenter

    text = "".join(parts)
    assert segmenter.newmm(text, t.word_dictionary()) == word_tokenize(
        text, custom_dict=pythainlp_trie, engine="newmm", keep_whitespace=True,
        join_broken_num=True)
    assert segmenter.tcc_pos(text) == tcc_pos(text)
    assert segmenter.tcc_pos_array(text) == tcc_pos_array(text)


def test_segmenting_does_not_import_pythainlp():
    """The dictionary, the segmenter and the break points need pythainlp's data files only."""
    import subprocess
    import sys

    code = ("import sys; from antong_reports.thai import text, typeset; "
            "assert len(text.segment('องค์กรปกครองส่วนท้องถิ่นที่มีความโปร่งใส')) > 3; "
            "typeset.break_points('การบริหารงานบุคคลขององค์กรปกครองส่วนท้องถิ่น'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pythainlp'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def _run_without_home(home: str, code: str) -> "subprocess.CompletedProcess[str]":
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")}
    env["HOME"] = home
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=300)


def test_segmentation_needs_no_writable_home(tmp_path):
    """pythainlp is used read-only and offline: with HOME where no directory can be created, even
    by root (/proc), segmentation, the PDF typesetting layer and a whole build still work."""
    out = tmp_path / "out"
    code = (
        "from antong_reports.thai import text as thaitext, typeset as pdfthai; "
        "assert ''.join(thaitext.segment('องค์กรปกครองส่วนท้องถิ่น')) == 'องค์กรปกครองส่วนท้องถิ่น'; "
        "from antong_reports.cli import main; "
        f"raise SystemExit(main(['build', '--format', 'pdf', '-o', {str(out)!r}]))"
    )
    proc = _run_without_home("/proc", code)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "angthong-2566-2570-plan.pdf", "angthong-2566-2570-summary.pdf"]


def test_segmentation_writes_nothing_to_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    proc = _run_without_home(str(home), "from antong_reports.thai import text as thaitext; "
                                        "print(len(thaitext.segment('ทดสอบการตัดคำภาษาไทย')))")
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 1
    assert list(home.iterdir()) == []


def test_no_break_glues_years_numbers_and_units():
    from antong_reports.thai.text import NBSP, no_break, strip_break_marks, unbreakable, WORD_JOINER
    assert no_break("(พ.ศ. ๒๕๖๖ – ๒๕๗๐) เพื่อ") == f"(พ.ศ.{NBSP}๒๕๖๖{NBSP}– ๒๕๗๐) เพื่อ"
    assert no_break("งบ ๓๒,๕๘๐ บาท ให้") == f"งบ ๓๒,๕๘๐{NBSP}บาท ให้"
    assert no_break("มิติที่ ๑ การ") == f"มิติที่{NBSP}๑ การ"
    assert no_break("ปี 2567 คน") == f"ปี{NBSP}2567{NBSP}คน"
    assert no_break("๓ บางอย่าง") == "๓ บางอย่าง"  # not a unit
    name = unbreakable("เทศบาลเมืองอ่างทอง")
    assert WORD_JOINER in name and strip_break_marks(name) == "เทศบาลเมืองอ่างทอง"
    assert strip_break_marks("ก\u200bข\u00a0ค\u2060ง") == "กข คง"
