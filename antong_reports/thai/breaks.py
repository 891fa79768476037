"""Where a line of Thai may break: the word-break finder of the PDF typesetter and the DOCX.

Pure Python over the segmenter's dictionary (no reportlab, no HarfBuzz), so a DOCX-only build
loads neither. A chunk (text without white space) is segmented with the project's dictionary
segmenter (:func:`antong_reports.thai.text.segment`), and a cut is kept only where a second,
longest-matching pass over the same dictionary agrees, where it falls on a Thai character-cluster
boundary, and where neither side is glued (a line never starts with a combining mark, sara am,
ๆ, ฯ or closing punctuation, nor ends with a leading vowel or opening punctuation). Tokens of
:data:`LONG_TOKEN` letters or more are further cut into dictionary words
(องค์กรปกครองส่วนท้องถิ่น → องค์กร|ปกครอง|ส่วนท้องถิ่น). Each cut has a class
(:data:`BREAK_WORD`, :data:`BREAK_AMBIGUOUS`, ...) the line breaker weighs.

Public API: :func:`break_points`, :func:`word_points`, :func:`find_break_points`.
"""

from __future__ import annotations

import functools
import math
import re

from antong_reports.thai import text as thaitext
from antong_reports.thai.caches import Bounded, memoize

__all__ = ["break_points", "word_points", "find_break_points", "BREAK_SPACE", "BREAK_WORD",
           "BREAK_AMBIGUOUS", "BREAK_FORCED", "NO_LINE_START", "NO_LINE_END", "LONG_TOKEN"]

_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                   "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
#: characters a line may not start with (they belong to what precedes them)
NO_LINE_START = _MARKS | frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f") | frozenset(
    ")]}\u201d\u2019\u00bb,.;:!?%\u2026")
#: characters a line may not end with (they belong to what follows them)
NO_LINE_END = frozenset("([{\u201c\u2018\u00ab") | frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_THAI_RUN = re.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]+")
_REAR_DEP = frozenset("\u0e31\u0e37\u0e40\u0e41\u0e42\u0e43\u0e44\u0e4d")
_FRONT_DEP = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e45"
                       "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")
#: tokens at least this long are cut further into dictionary words
LONG_TOKEN = 16
#: a cut straddled by a dictionary word is not doubtful when the next word is this short
SHORT_WORD = 3
#: no break leaves this many characters or fewer beside a space or the end of a chunk
MIN_EDGE = 3
_MIN_PIECE = 3


def _is_thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e3a" or "\u0e40" <= ch <= "\u0e4e"


class _Matches:
    """Dictionary words of one run of Thai letters: ``ends(i)`` lists the end offsets of the
    dictionary words starting at ``i`` (shortest first), each position walked once."""

    __slots__ = ("text", "trie", "memo")

    def __init__(self, text: str, trie):
        self.text = text
        self.trie = trie
        self.memo: dict[int, tuple[int, ...]] = {}

    def ends(self, i: int) -> tuple[int, ...]:
        got = self.memo.get(i)
        if got is None:
            got = self.memo[i] = self.trie.ends(self.text, i)
        return got


def _longest_bounds(text: str, matches: _Matches) -> set[int]:
    """Token boundaries of a longest-matching segmentation of a run of Thai letters over the
    segmenter's dictionary (a fast equivalent of pythainlp's ``longest`` engine)."""
    n = len(text)
    ends = matches.ends
    starts: list[int] = []       # start offset of each token
    known: list[bool] = []
    i = 0
    while i < n:
        found = ends(i)
        if found:
            j = found[-1]
            for e in reversed(found):
                if e == n or ends(e):
                    j = e
                    break
            if j < n and text[j] in "\u0e46\u0e2f":
                j += 1
            if i and text[i - 1] in _REAR_DEP and starts:
                pass                                  # joins the previous token
            else:
                starts.append(i)
                known.append(True)
            i = j
        else:
            if starts and (text[i] in _FRONT_DEP or text[i - 1] in _REAR_DEP or not known[-1]):
                known[-1] = False
            else:
                starts.append(i)
                known.append(False)
            i += 1
    return set(starts[1:])


@functools.lru_cache(maxsize=1)
def _word_freqs() -> tuple[dict[str, str], float]:
    """Word frequencies of the Thai National Corpus list pythainlp ships, for the words of the
    dictionary (``word: count``), and the corpus' total; read once
    (:func:`antong_reports.thai.lexicon.word_freqs`); counts are parsed when a word is looked up."""
    from antong_reports.thai.lexicon import word_freqs

    with thaitext.long_lived_data():
        return word_freqs(thaitext.word_trie())


@memoize("breaks.word-cost", 16384)
def _word_cost(word: str) -> float:
    """−log relative corpus frequency; a word the corpus lacks costs more than its rarest."""
    freqs, total = _word_freqs()
    count = freqs.get(word, "")
    n = int(count) if count.isdigit() else 0
    return math.log(total / n) if n > 0 else math.log(total) + 5.0


def _dictionary_split(matches: _Matches, s: int, e: int, allowed: set[int]) -> list[int]:
    """Cut points splitting the long token ``text[s:e]`` of a run into its likeliest sequence
    of dictionary words (a unigram model over corpus frequencies; at least two pieces of
    ``_MIN_PIECE`` letters, cut only at ``allowed`` offsets), or ``[]`` if there is none."""
    text = matches.text
    best: dict[int, tuple[float, list[int]]] = {s: (0.0, [])}
    for i in range(s, e):
        if i not in best:
            continue
        cost, cuts = best[i]
        for j in matches.ends(i):
            if j > e:
                break
            if j - i < _MIN_PIECE or (j != e and j not in allowed) or (i == s and j == e):
                continue
            cand = (cost + _word_cost(text[i:j]), cuts + [j])
            old = best.get(j)
            if old is None or cand[0] < old[0]:
                best[j] = cand
    got = best.get(e)
    return got[1][:-1] if got else []


def _dictionary():
    """The segmenter's dictionary (loaded once by :mod:`antong_reports.thai.text`)."""
    return thaitext.word_trie()


@functools.lru_cache(maxsize=1)
def _tcc_pos():
    from antong_reports.thai.segmenter import tcc_pos

    return tcc_pos


#: classes of break opportunities, best first: at a space, between two Thai words, between two
#: Thai words where a dictionary word straddles the cut (a compound the dictionary splits), and
#: inside an over-long word (forced)
BREAK_SPACE, BREAK_WORD, BREAK_AMBIGUOUS, BREAK_FORCED = 0, 1, 2, 3


def _reach(matches: _Matches, starts: set[int]) -> list[int]:
    """``reach[p]``: the furthest end of a dictionary word starting at a cluster start before
    ``p`` (so a cut at ``p`` is straddled by a dictionary word when ``reach[p] > p``)."""
    n = len(matches.text)
    reach = [0] * (n + 1)
    best = 0
    for p in range(n):
        reach[p] = best
        if p in starts:
            found = matches.ends(p)
            if found and found[-1] > best:
                best = found[-1]
    reach[n] = best
    return reach


#: chunk -> its break points
_BREAK_POINTS: Bounded = Bounded("breaks.break-points", 16384)


def break_points(chunk: str) -> tuple[tuple[int, int], ...]:
    """``(offset, class)`` of every place inside a whitespace-free ``chunk`` where a line may
    break: between two Thai words (:data:`BREAK_WORD` or :data:`BREAK_AMBIGUOUS`), or after a
    slash between Thai letters. Cached per distinct chunk."""
    got = _BREAK_POINTS.get(chunk)
    if got is None:
        got = _BREAK_POINTS.put(chunk, find_break_points(chunk))
    return got


#: chunk -> all its break points (near its ends too): each distinct chunk is searched once,
#: whether the PDF (MIN_EDGE) or the DOCX (0) asks
_ALL_POINTS: Bounded = Bounded("breaks.all-points", 16384)


def find_break_points(chunk: str, min_edge: int = MIN_EDGE) -> tuple[tuple[int, int], ...]:
    """:func:`break_points` of ``chunk``, keeping none closer than ``min_edge`` characters to
    its ends."""
    points = _ALL_POINTS.get(chunk)
    if points is None:
        points = _ALL_POINTS.put(chunk, _search(chunk))
    if not min_edge:
        return points
    # a break this close to a space gains nothing and splits short phrases (ใน|ปี, ประเทศ|ไทย)
    end = len(chunk) - min_edge
    return tuple(pc for pc in points if min_edge < pc[0] < end)


def _search(chunk: str) -> tuple[tuple[int, int], ...]:
    """Every break point of ``chunk`` (see :func:`break_points`), sorted."""
    if not _THAI_RUN.search(chunk):
        return ()
    trie = _dictionary()
    bounds: set[int] = set()
    pos = 0
    for piece in thaitext.segment(chunk):
        pos += len(piece)
        bounds.add(pos)
    tcc_pos = _tcc_pos()
    out: list[tuple[int, int]] = []
    for m in _THAI_RUN.finditer(chunk):
        a, b = m.span()
        if b - a < 2:
            continue
        run = m.group()
        tcc = tcc_pos(run)
        matches = _Matches(run, trie)
        cuts = sorted(p for p in (_longest_bounds(run, matches) & tcc) if a + p in bounds)
        # cut long tokens into dictionary words
        edges = [0] + cuts + [len(run)]
        extra: list[int] = []
        for s, e in zip(edges, edges[1:]):
            if e - s >= LONG_TOKEN:
                extra.extend(_dictionary_split(matches, s, e, {p for p in tcc if s < p < e}))
        extra_set = set(extra)
        reach = None
        points = sorted(set(cuts) | extra_set)
        for k, p in enumerate(points):
            if 0 < p < len(run) and run[p] not in NO_LINE_START and run[p - 1] not in NO_LINE_END:
                if p in extra_set:
                    cls = BREAK_AMBIGUOUS       # inside a dictionary word: only when needed
                else:
                    if reach is None:
                        reach = _reach(matches, tcc | {0})
                    # a straddling dictionary word makes the cut doubtful, unless what follows
                    # is a short word (เกี่ยวข้อง|กับ)
                    nxt = points[k + 1] if k + 1 < len(points) else len(run)
                    doubtful = reach[p] > p and nxt - p > SHORT_WORD
                    cls = BREAK_AMBIGUOUS if doubtful else BREAK_WORD
                out.append((a + p, cls))
    slash = chunk.find("/", 1)
    while slash != -1:
        i = slash + 1
        if (i < len(chunk) and _is_thai_letter(chunk[i]) and _is_thai_letter(chunk[i - 2])
                and chunk[i] not in NO_LINE_START):
            out.append((i, BREAK_WORD))
        slash = chunk.find("/", i)
    return tuple(sorted((p, c) for p, c in out if 0 < p < len(chunk)))


#: the name the DOCX renderer knows it by
_find_break_points = find_break_points


@memoize("breaks.word-points", 16384)
def word_points(chunk: str) -> tuple[int, ...]:
    """Every place inside a whitespace-free ``chunk`` between two Thai words (class
    :data:`BREAK_WORD`), near its edges too (ลำดับ|ที่): the break opportunities a narrow table
    cell of another program may need."""
    return tuple(p for p, c in find_break_points(chunk, 0) if c == BREAK_WORD)

