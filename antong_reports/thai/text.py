"""Thai text utilities: digits, amounts, Buddhist-era dates, baht text and word segmentation.

Every place in the project that turns a number, a year, a date or an amount into Thai text goes
through this module, so the documents cannot format the same value two ways.

Conventions pinned here (tests hold them):

* Amounts are :class:`~decimal.Decimal` baht, never float.
* ``amount(32580)`` → ``"๓๒,๕๘๐"``: thousands separators, no decimals (the Part 2 table);
  ``amount_baht(32580)`` → ``"๓๒,๕๘๐.๐๐ บาท"`` (the project sheet); ``None`` is
  ``"ไม่ใช้งบประมาณ"``; zero in a table cell is ``"-"``.
* Baht text follows the Thai government convention: a final 1 after tens is ``เอ็ด``
  (101 = หนึ่งร้อยเอ็ดบาทถ้วน), a lone 1 is ``หนึ่ง``; the millions group repeats the rule
  (1,000,001 = หนึ่งล้านเอ็ดบาทถ้วน); satang are rounded half-up to 2 places; an amount below one
  baht has no baht part (0.50 = ห้าสิบสตางค์); zero is ``ศูนย์บาทถ้วน``.
"""

from __future__ import annotations

import datetime as _dt
import bisect
import contextlib
import functools
import gc
import os
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from antong_reports.thai.caches import memoize

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

BE_OFFSET = 543

MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

NO_BUDGET = "ไม่ใช้งบประมาณ"
DASH = "-"


# --------------------------------------------------------------------------- digits

def thai_digits(text: object) -> str:
    """Replace Arabic digits with Thai digits (``"2566"`` → ``"๒๕๖๖"``)."""
    return str(text).translate(_TO_THAI)


def arabic_digits(text: object) -> str:
    """Replace Thai digits with Arabic digits (``"๒๕๖๖"`` → ``"2566"``)."""
    return str(text).translate(_TO_ARABIC)


#: what may surround the digits of an amount as officers type it: a currency sign before, the
#: unit after, and the ".-" that closes a whole-baht amount ("50,000.-", "๕๐,๐๐๐ บาท")
_AMOUNT_UNITS = ("บาท", "baht", "Baht", "BAHT", "THB")


def amount_digits(text: str) -> str:
    """The digits of an amount typed as text, with Arabic digits and without what may surround
    them: ``" ๕๐,๐๐๐.- บาท "`` → ``"50,000"``, ``"฿1,200.50"`` → ``"1,200.50"`` (the rest is left
    for the caller to check)."""
    t = arabic_digits(text).strip()
    if t.startswith("฿"):
        t = t[1:].lstrip()
    for unit in _AMOUNT_UNITS:
        if t.endswith(unit):
            t = t[: -len(unit)].rstrip()
            break
    if t.endswith((".-", ".–")):
        t = t[:-2].rstrip()
    return t


def digits(text: object, thai: bool = True) -> str:
    """Digits in the chosen style: Thai (the official layout) or Arabic."""
    return thai_digits(text) if thai else arabic_digits(text)


def has_thai_digit(text: str) -> bool:
    return any(c in THAI_DIGITS for c in text)


def has_arabic_digit(text: str) -> bool:
    return any(c in ARABIC_DIGITS for c in text)


def mixed_digits(text: str) -> bool:
    """True when one text holds both Thai and Arabic digits (a validation warning)."""
    return has_thai_digit(text) and has_arabic_digit(text)


def number(n: int, thai: bool = True) -> str:
    """An integer as the plan writes it: ``27`` → ``"๒๗"``, ``1000`` → ``"๑,๐๐๐"``."""
    return digits(f"{n:,}", thai)


# --------------------------------------------------------------------------- amounts

def to_decimal(value: object) -> Decimal:
    """Decimal from an int, a Decimal or a string of Thai or Arabic digits (commas allowed)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise TypeError("amounts are Decimal, never float")
    if isinstance(value, str):
        return Decimal(arabic_digits(value).replace(",", "").strip())
    raise TypeError(f"not an amount: {value!r}")


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def amount(value: object, thai: bool = True, zero: str = DASH) -> str:
    """A whole-baht amount for a table cell: ``32580`` → ``"๓๒,๕๘๐"``; zero or None → ``"-"``.

    Amounts with satang keep two decimals (``"๑,๒๓๔.๕๐"``).
    """
    if value is None:
        return zero
    d = to_decimal(value)
    if d == 0:
        return zero
    if d == d.to_integral_value():
        text = f"{int(d):,}"
    else:
        text = f"{_q2(d):,.2f}"
    return digits(text, thai)


def amount_baht(value: object | None, thai: bool = True) -> str:
    """An amount as the project sheet writes it: ``"๓๒,๕๘๐.๐๐ บาท"``; None → ``"ไม่ใช้งบประมาณ"``."""
    if value is None:
        return NO_BUDGET
    return digits(f"{_q2(to_decimal(value)):,.2f}", thai) + " บาท"


def amount_total(value: object, thai: bool = True) -> str:
    """A total as the Part 2 table writes it: ``"จำนวน ๓๓๙,๑๖๐ บาท"`` (zero → ``"จำนวน ๐ บาท"``)."""
    return "จำนวน " + amount(value, thai, zero=digits("0", thai)) + " บาท"


def count_text(n: int, unit: str = "โครงการ", thai: bool = True) -> str:
    """``"จำนวน ๒๗ โครงการ"``."""
    return f"จำนวน {number(n, thai)} {unit}"


# --------------------------------------------------------------------------- baht text

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")


def _words_below_million(n: int, *, after_higher: bool) -> str:
    """Words for 0 < n < 1,000,000. ``after_higher``: a higher group precedes (1 → เอ็ด)."""
    out = []
    text = str(n)
    width = len(text)
    for i, ch in enumerate(text):
        d = int(ch)
        place = width - i - 1
        if d == 0:
            continue
        if place == 0 and d == 1 and (width > 1 or after_higher):
            out.append("เอ็ด")
        elif place == 1 and d == 1:
            out.append("สิบ")
        elif place == 1 and d == 2:
            out.append("ยี่สิบ")
        else:
            out.append(_DIGIT_WORDS[d] + _PLACES[place])
    return "".join(out)


def _integer_words(n: int) -> str:
    if n == 0:
        return _DIGIT_WORDS[0]
    groups = []
    while n:
        groups.append(n % 1_000_000)
        n //= 1_000_000
    out = []
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        higher = idx < len(groups) - 1
        if g:
            out.append(_words_below_million(g, after_higher=higher))
        if idx > 0:
            out.append("ล้าน")
    return "".join(out)


def baht_text(value: object) -> str:
    """Baht text: ``Decimal("21000000.25")`` → ``"ยี่สิบเอ็ดล้านบาทยี่สิบห้าสตางค์"``."""
    d = _q2(to_decimal(value))
    if d < 0:
        return "ลบ" + baht_text(-d)
    baht = int(d)
    satang = int((d - baht) * 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    out = ""
    if baht:
        out = _integer_words(baht) + "บาท"
    if satang:
        out += _integer_words(satang) + "สตางค์"
    else:
        out += "ถ้วน"
    return out


# --------------------------------------------------------------------------- years and dates

def be_year(ce_year: int) -> int:
    """Buddhist-era year of a common-era year (2023 → 2566)."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """Common-era year of a Buddhist-era year (2566 → 2023)."""
    return be - BE_OFFSET


def fiscal_year(date: _dt.date) -> int:
    """Thai fiscal year (Buddhist era) of a date: 1 Oct – 30 Sep, named by the later year."""
    y = date.year + (1 if date.month >= 10 else 0)
    return be_year(y)


def fiscal_year_bounds(fy_be: int) -> tuple[_dt.date, _dt.date]:
    """First and last day (common-era dates) of a Buddhist-era fiscal year."""
    y = ce_year(fy_be)
    return _dt.date(y - 1, 10, 1), _dt.date(y, 9, 30)


def month_name(month: int, short: bool = False) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, got {month}")
    return (MONTHS_SHORT if short else MONTHS_FULL)[month - 1]


def thai_date(date: _dt.date, short: bool = False, thai: bool = True) -> str:
    """``date(2022, 9, 15)`` → ``"๑๕ กันยายน ๒๕๖๕"`` (short: ``"๑๕ ก.ย. ๒๕๖๕"``)."""
    return digits(f"{date.day} {month_name(date.month, short)} {be_year(date.year)}", thai)


def thai_month_year(month: int, year_be: int, short: bool = False, thai: bool = True) -> str:
    """``(9, 2565)`` → ``"กันยายน ๒๕๖๕"``."""
    return digits(f"{month_name(month, short)} {year_be}", thai)


def year_range(first: int, last: int, thai: bool = True, dash: str = " - ") -> str:
    """``(2566, 2570)`` → ``"๒๕๖๖ - ๒๕๗๐"``; a single year stays single."""
    if first == last:
        return digits(str(first), thai)
    return digits(f"{first}{dash}{last}", thai)


def years_text(years: Iterable[int], thai: bool = True) -> str:
    """A set of years written compactly: consecutive runs as ranges, the rest with commas."""
    ys = sorted(set(years))
    runs: list[tuple[int, int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return ", ".join(year_range(a, b, thai) for a, b in runs)


THAI_LETTER_NUMERALS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"


def thai_letter(n: int) -> str:
    """Front-matter page label: 1 → ``"ก"``, 2 → ``"ข"`` …"""
    if not 1 <= n <= len(THAI_LETTER_NUMERALS):
        raise ValueError(f"no Thai letter numeral for {n}")
    return THAI_LETTER_NUMERALS[n - 1]


# --------------------------------------------------------------------------- segmentation

_THAI_RE = re.compile(r"[\u0E00-\u0E7F]")


def is_thai(ch: str) -> bool:
    return bool(_THAI_RE.match(ch))


def _prepare_pythainlp_env() -> None:
    # pythainlp creates ~/pythainlp-data on import unless told it is read-only; we never download.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


@contextlib.contextmanager
def collector_paused(freeze: bool = False):
    """Pause the cyclic garbage collector for a block that allocates much and frees little
    (building a dictionary, laying out a document). ``freeze``: afterwards move what exists out of
    the collector's generations (``gc.freeze``), for data that lives as long as the process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze:
            gc.freeze()


def long_lived_data():
    """Build data that lives as long as the process (dictionaries, word lists, fonts)."""
    return collector_paused(freeze=True)


class WordDictionary:
    """The segmenter's dictionary: a sorted word list with a prefix tree grown on demand.

    It answers what pythainlp's ``newmm`` engine asks of a dictionary (``prefixes``, ``len``) with
    exactly the results of pythainlp's ``Trie`` over the same words (each word stripped of
    surrounding white space, empty words ignored), but it is built in a few milliseconds: a node's
    children are made, by bisecting the sorted list, the first time a lookup passes through it,
    so only the few thousand nodes the texts reach are ever made (a full trie of the ~62,000
    words has ~500,000 nodes and takes longer to build than the documents take to segment).
    Once the tree has made :attr:`MAX_NODES` nodes it starts again from a new root (the same
    answers), so a process that segments texts for ever keeps it bounded.
    """

    __slots__ = ("words", "_root", "_set", "_nodes")
    #: nodes the prefix tree grows to before it starts again (the sample plan makes ~25,000)
    MAX_NODES = 100_000

    class _Node:
        __slots__ = ("end", "children", "lo", "hi", "depth")

        def __init__(self, lo: int, hi: int, depth: int, end: bool = False):
            self.end = end              # the node's prefix is a word
            self.children = None        # char -> node, made on first use
            self.lo = lo                # words[lo:hi] start with the node's prefix
            self.hi = hi
            self.depth = depth          # length of the prefix

    def __init__(self, words: Iterable[str]):
        words = {w.strip() for w in words}
        words.discard("")
        self._set = frozenset(words)
        self.words: list[str] = sorted(words)
        self._new_root()

    @classmethod
    def from_sorted(cls, words: list[str]) -> "WordDictionary":
        """The dictionary of ``words``, already stripped, distinct, non-empty and sorted
        (:func:`antong_reports.thai.lexicon.sorted_words`)."""
        self = cls.__new__(cls)
        self._set = frozenset(words)
        self.words = words
        self._new_root()
        return self

    def _new_root(self) -> None:
        self._root = self._Node(0, len(self.words), 0)
        self._nodes = 1

    def node_count(self) -> int:
        """Nodes of the prefix tree made since it last started from its root."""
        return self._nodes

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._set

    def __iter__(self):
        return iter(self.words)

    def _expand(self, node: "WordDictionary._Node") -> dict:
        words = self.words
        d = node.depth
        lo, hi = node.lo, node.hi
        if lo < hi and len(words[lo]) == d:      # the prefix itself (sorts first)
            lo += 1
        kids = {}
        make = self._Node
        upper = bisect.bisect_right
        while lo < hi:
            w = words[lo]
            nxt = upper(words, w[:d + 1] + "\U0010ffff", lo + 1, hi)
            kids[w[d]] = make(lo, nxt, d + 1, len(w) == d + 1)
            lo = nxt
        node.children = kids
        self._nodes += len(kids)
        if self._nodes > self.MAX_NODES:
            self._new_root()        # the walk under way goes on in the old tree, then it is freed
        return kids

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text`` has at ``start``, shortest first (as ``Trie.prefixes``).

        (The walk of :meth:`ends`, inlined: the segmenter calls this at every position, and
        building the words from :meth:`ends` costs it an eighth more time.)"""
        out = []
        node = self._root
        i = start
        n = len(text)
        while i < n:
            kids = node.children
            if kids is None:
                kids = self._expand(node)
            node = kids.get(text[i])
            if node is None:
                break
            i += 1
            if node.end:
                out.append(text[start:i])
        return out

    def ends(self, text: str, start: int = 0) -> tuple[int, ...]:
        """End offsets of the words that ``text`` has at ``start``, shortest first."""
        out = []
        node = self._root
        i = start
        n = len(text)
        while i < n:
            kids = node.children
            if kids is None:
                kids = self._expand(node)
            node = kids.get(text[i])
            if node is None:
                break
            i += 1
            if node.end:
                out.append(i)
        return tuple(out)


@functools.lru_cache(maxsize=1)
def word_dictionary() -> WordDictionary:
    """pythainlp's Thai word list (``thai_words()``, read from its data file without importing
    pythainlp) as the segmenter's dictionary (built once per process)."""
    from antong_reports.thai.lexicon import sorted_words

    with long_lived_data():
        return WordDictionary.from_sorted(sorted_words())


@memoize("text.segment", 16384)
def _segment_cached(text: str) -> tuple[str, ...]:
    from antong_reports.thai.segmenter import newmm

    return tuple(t for t in newmm(text, word_dictionary()) if t)


def segment(text: str) -> tuple[str, ...]:
    """Split text into words with pythainlp's ``newmm`` algorithm over its Thai word list
    (:mod:`antong_reports.thai.segmenter`, the same words without importing pythainlp;
    dictionary loaded once; each distinct text segmented once).

    The pieces concatenate back to exactly ``text``.
    """
    if not text:
        return ()
    pieces = _segment_cached(text)
    if "".join(pieces) != text:  # the segmenter must never lose or add characters
        raise AssertionError("segmentation changed the text")
    return pieces


def word_trie() -> WordDictionary:
    """The dictionary :func:`segment` uses (built once), for other passes over the same
    dictionary (e.g. a second segmentation used to choose line-break points)."""
    return word_dictionary()


# --------------------------------------------------------------------------- no-break rules

NBSP = "\u00a0"
WORD_JOINER = "\u2060"
ZWSP = "\u200b"
#: words a number follows and may not be parted from at a line end ("พ.ศ. ๒๕๖๖", "ร้อยละ ๕๐",
#: "มิติที่ ๑"), and units that follow a number ("๓๒,๕๘๐ บาท", "๕๐ คน")
NUMBER_PREFIXES = ("พ.ศ.", "ค.ศ.", "ร้อยละ", "ที่", "ข้อ", "มาตรา", "ปี", "เดือน", "รอบ",
                   "ไตรมาส", "ฉบับ", "หน้า")
NUMBER_UNITS = ("บาท", "สตางค์", "คน", "ครั้ง", "โครงการ", "กิจกรรม", "มาตรการ", "ราย", "แห่ง",
                "หน่วย", "ชั่วโมง", "วัน", "เดือน", "ปี", "เรื่อง", "ฉบับ", "ชุด", "หลัง", "ระดับ",
                "ส่วน", "มิติ", "ด้าน", "ข้อ", "ภารกิจ", "ไตรมาส", "เล่ม", "ช่องทาง", "หมู่บ้าน",
                "ชุมชน", "ประเภท", "คะแนน", "เปอร์เซ็นต์", "%")
_NUM = r"[0-9\u0e50-\u0e59][0-9\u0e50-\u0e59,.]*"
_NUM_ALT = "|".join(map(re.escape, sorted(NUMBER_UNITS, key=len, reverse=True)))
_PRE_ALT = "|".join(map(re.escape, sorted(NUMBER_PREFIXES, key=len, reverse=True)))
# the space(s) to glue: prefix␣number, number␣unit, number␣–␣number (a range of years)
_DIGIT = "[0-9\u0e50-\u0e59]"
_GLUE = re.compile(rf"(?:{_PRE_ALT})( +)(?={_NUM})"
                   rf"|{_DIGIT}( +)(?:{_NUM_ALT})"
                   rf"|{_DIGIT}( +)[–-] *(?={_NUM})")


def _glue(m: re.Match) -> str:
    text, start = m.group(), m.start()
    for g in range(1, 4):
        if m.group(g):
            a, b = m.span(g)
            text = text[:a - start] + NBSP * (b - a) + text[b - start:]
    return text


def no_break(text: str) -> str:
    """``text`` with the spaces a line must not break at made no-break spaces (U+00A0): between
    "พ.ศ." (and the other :data:`NUMBER_PREFIXES`) and the number after it, between a number and
    its unit (:data:`NUMBER_UNITS`), and before the dash of a range of numbers ("๒๕๖๖ –": no
    line starts with the dash). Copied or searched, the text reads the same (a no-break space is a space)."""
    if " " not in text:
        return text
    return _GLUE.sub(_glue, text)


def unbreakable(name: str) -> str:
    """A name that must not break across lines (an organization's name): a word joiner
    (U+2060, invisible, zero width) at each place inside it a line could otherwise break,
    spaces made no-break spaces."""
    name = name.replace(" ", NBSP)
    pieces = [p for p in segment(name)]
    out = []
    for i, piece in enumerate(pieces):
        if i and piece[:1] != NBSP and out[-1][-1:] != NBSP:
            out.append(WORD_JOINER)
        out.append(piece)
    return "".join(out)


def strip_break_marks(text: str) -> str:
    """Text read back from a document: the zero-width marks of line breaking removed (U+200B,
    U+2060, U+FEFF), no-break spaces as plain spaces."""
    return text.translate(_MARKS_OUT)


_MARKS_OUT = {0x200B: None, 0x2060: None, 0xFEFF: None, 0x00A0: " "}
