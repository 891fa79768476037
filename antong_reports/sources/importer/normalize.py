"""Normalisation of imported text: digits for reading numbers, sara am, doubled marks, page
furniture of extracted text (page numbers, running titles, "#####" decorations), wrapped lines.

Texts the plan stores keep the document's digits (Thai or Arabic, as written); numbers the
importer *reads* (years, amounts, counts, codes, sheet numbers) accept Thai, Arabic and mixed
digits ("๒๕66").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
D = r"[0-9๐-๙]"  # one digit, Thai or Arabic

#: Thai combining marks that are never written twice in a row
_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
_DOUBLED = re.compile(f"([{_MARKS}])\\1+")
#: sara am decomposed: nikhahit (+ tone mark) + sara aa
_SARA_AM = re.compile("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32")
#: spaces PDF extraction puts inside Thai words: before a mark or a following vowel, after a
#: leading vowel — no Thai word or sentence holds one there
_SPACE_IN_WORD = re.compile("(?<=[\u0e01-\u0e2e\u0e30-\u0e3a\u0e47-\u0e4e]) +(?=[\u0e30-\u0e33\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
                            "|(?<=[\u0e40-\u0e44]) +(?=[\u0e01-\u0e2e])")
#: full-width forms of ASCII punctuation and digits ("：", "（", "）", "１") as typed with a
#: Chinese/Japanese input method or left by extraction
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_TO_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \u00a0\u2002-\u200a\u202f\u3000]+")


def arabic(text: str) -> str:
    """Thai digits as Arabic ones (for reading numbers only)."""
    return text.translate(_TO_ARABIC)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Normalizer:
    """Fixes characters and counts every fix, so the report can say how many were made."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def text(self, s: str) -> str:
        if not s:
            return s
        out = _ZERO_WIDTH.sub("", s)
        if out != s:
            self.counts["zero-width"] += len(s) - len(out)
        s = out
        if "\u0e4d" in s:
            s, n = _SARA_AM.subn("\\1\\2\u0e33", s)
            self.counts["sara-am"] += n
        if " " in s and _SPACE_IN_WORD.search(s):
            s, n = _SPACE_IN_WORD.subn("", s)
            self.counts["space-in-word"] += n
        if _FULL_WIDTH.search(s):
            self.counts["full-width"] += len(_FULL_WIDTH.findall(s))
            s = s.translate(_TO_HALF_WIDTH)
        if _DOUBLED.search(s):
            self.counts["doubled-mark"] += sum(len(m.group(0)) - 1 for m in _DOUBLED.finditer(s))
            s = _DOUBLED.sub("\\1", s)
        s = unicodedata.normalize("NFC", s) if not s.isascii() and _needs_nfc(s) else s
        s = _SPACES.sub(" ", s.replace("\t", "\t"))
        return s


_COMBINING = re.compile("[\u0300-\u036f]")


def _needs_nfc(s: str) -> bool:
    return _COMBINING.search(s) is not None


# --------------------------------------------------------------------------- numbers

_AMOUNT = re.compile(rf"^(?:จำนวน\s*)?({D}{{1,3}}(?:,{D}{{3}})+|{D}+)(?:\.({D}{{1,2}})|\.-|\.)?\s*(?:บาท)?(?:\.-)?$")
NO_BUDGET_WORDS = ("ไม่ใช้งบประมาณ", "ไม่ใช้งบ", "ไม่มีงบประมาณ", "ไม่ได้ใช้งบประมาณ")
DASHES = ("-", "–", "—", "−", "")


def parse_amount(text: str) -> Decimal | None:
    """"32,580", "32580", "32,580.-", "๓๒,๕๘๐ บาท", "๓๒,๕๘๐.๐๐" → Decimal; "-" and
    "ไม่ใช้งบประมาณ" → 0; anything else → None."""
    t = text.strip()
    if t in DASHES or t.startswith(NO_BUDGET_WORDS):
        return Decimal(0)
    m = _AMOUNT.match(arabic(t).replace(" ,", ",").replace(", ", ","))
    if not m:
        return None
    whole = m.group(1).replace(",", "")
    frac = m.group(2) or ""
    try:
        return Decimal(f"{whole}.{frac}" if frac and frac.strip("0") else whole)
    except InvalidOperation:
        return None


AMOUNT_TOKEN = re.compile(rf"(?:{D}{{1,3}}(?:,{D}{{3}})+|{D}+)(?:\.{D}{{1,2}}|\.-)?|[-–—]")


def number_of(text: str) -> int | None:
    """The integer a label or heading holds ("๒๕66" → 2566)."""
    t = arabic(text.strip())
    return int(t) if t.isdigit() else None


# --------------------------------------------------------------------------- page furniture

PAGE_NUMBER = re.compile(rf"^\s*(?:-\s*{D}+\s*-|หน้า\s*{D}+|{D}+|[กขคงจ]|\(?{D}+\)?|page\s*{D}+)\s*$", re.I)
#: page numbers no plan text looks like ("- 12 -", "หน้า 12", "หน้า 12/80", "Page 3 of 80"):
#: dropped wherever they stand (text copied out of a PDF viewer has no form feeds)
PAGE_MARK = re.compile(rf"^\s*(?:-\s*{D}+\s*-|(?:หน้า(?:ที่)?|page)\s*{D}+(?:\s*(?:/|จาก|of)\s*{D}+)?)\s*$", re.I)
DECORATION = re.compile(r"^\s*(?:#{3,}|\*{3,}|={3,}|_{3,}|-{5,})\s*$")


def drop_page_furniture(lines: list[str], counts: Counter) -> list[str]:
    """Blank out what pdftotext and copy-paste leave between pages: page numbers next to a form
    feed (anywhere when no text reads so: "- 12 -", "หน้า 12"), running titles and footers (the
    same line next to at least half the page breaks or such page numbers), decorations
    ("#####"). Lines are blanked (not removed), so line numbers stay those of the file."""
    out = [l.replace("\f", "") for l in lines]
    breaks = [i for i, l in enumerate(lines) if "\f" in l]
    marks = [i for i, l in enumerate(out) if PAGE_MARK.match(l)]
    near = _near_pages(out, breaks, marks)
    tops: Counter[str] = Counter(s for seen in near.values() for s in seen)
    pages = len(breaks) + len(marks)
    running = {j for seen in near.values() for s, js in seen.items() if tops[s] * 2 >= pages
               for j in js} if pages >= 3 else set()
    for i, l in enumerate(out):
        s = l.strip()
        if not s:
            continue
        if DECORATION.match(s):
            out[i] = ""
            counts["decoration"] += 1
        elif PAGE_MARK.match(s) or breaks and PAGE_NUMBER.match(s) and _next_to_break(i, breaks):
            out[i] = ""
            counts["page-number"] += 1
        elif i in running:
            out[i] = ""
            counts["running-title"] += 1
    return out


def _near_pages(out: list[str], breaks: list[int],
                marks: list[int]) -> dict[int, dict[str, set[int]]]:
    """For each page break (the lines after it) and page number (the lines around it): the
    texts there and their line indices."""
    near: dict[int, dict[str, set[int]]] = {}
    spans = [(i, range(i, min(len(out), i + 3))) for i in breaks]
    spans += [(i, range(max(0, i - 2), min(len(out), i + 3))) for i in marks]
    for i, span in spans:
        seen: dict[str, set[int]] = {}
        for j in span:
            s = out[j].strip()
            if s and not PAGE_MARK.match(s):
                seen.setdefault(s, set()).add(j)
        near[i] = seen
    return near


def _next_to_break(i: int, breaks: list[int]) -> bool:
    return any(-2 <= i - b <= 2 for b in breaks)
