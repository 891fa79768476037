"""Judging the line ends of a PDF someone else laid out (LibreOffice converting our DOCX).

The lines come from ``pdftotext -raw`` (content order: one line of a paragraph or a table cell
after the other). Where one line ends with a Thai letter and the next starts with one, the pair is
looked up in the document's own paragraph texts (the DOCX read back, break marks stripped): found
there, it is a line end inside a paragraph, judged at that place by ICU's line breaker (a word
boundary?) and grapheme breaker (inside a letter cluster?). Pairs not found in one paragraph (a
cell's last line followed by the next cell's first) are not line ends and are left out.
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

ZW = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"), None)
CONTEXT = 12


def is_thai_letter(ch: str) -> bool:
    """A Thai consonant, vowel or mark (not a digit, not ฯ/ๆ)."""
    return "\u0e01" <= ch <= "\u0e4e" and ch not in "\u0e2f\u0e46\u0e3f"


def pdf_lines(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [unicodedata.normalize("NFC", line.translate(ZW)).replace("\u0e4d\u0e32", "\u0e33")
            for line in out.replace("\f", "\n").split("\n")]


def judge(pdf: Path, paragraphs: list[str]):
    """(Thai–Thai line ends, not ICU line-break points, inside a cluster, examples)."""
    import icu

    texts = [p.translate(ZW).replace("\u00a0", " ") for p in paragraphs if p.strip()]
    corpus = "\n".join(texts)
    line_bi = icu.BreakIterator.createLineInstance(icu.Locale("th"))
    char_bi = icu.BreakIterator.createCharacterInstance(icu.Locale("th"))
    # ICU over the whole corpus at once: paragraphs are separated by newlines (hard breaks)
    line_bi.setText(corpus)
    char_bi.setText(corpus)
    breaks, clusters = set(line_bi), set(char_bi)
    lines = [line.replace("\u00a0", " ") for line in pdf_lines(pdf)]
    ends = bad = inside = 0
    examples = []
    for a, b in zip(lines, lines[1:]):
        a, b = a.rstrip(), b.lstrip()
        if not a or not b or not (is_thai_letter(a[-1]) and is_thai_letter(b[0])):
            continue
        tail, head = a[-CONTEXT:], b[:CONTEXT]
        at = corpus.find(tail + head)
        if at < 0:
            continue
        ends += 1
        cut = at + len(tail)
        if cut not in clusters:
            inside += 1
            examples.append("cluster: " + tail + "|" + head)
        elif cut not in breaks:
            bad += 1
            examples.append(tail + "|" + head)
    return ends, bad, inside, examples
