"""pythainlp's word list and word frequencies, prepared once so that a build reads them fast.

The segmenter's dictionary is pythainlp's ``words_th.txt`` (each line stripped, empty lines
dropped, sorted) and the cost of a dictionary word is its count in ``tnc_freq.txt`` (the Thai
National Corpus). Making these from pythainlp's files costs a build ~0.1 s (sorting 62,000 words,
reading 106,000 counts of which only the 26,000 of dictionary words are ever looked up). The
package ships them prepared (``thai/data/words.txt``, ``thai/data/word-freqs.txt``), each made by
:func:`prepare` from pythainlp's file and headed by that file's SHA-256: a build checks the
installed pythainlp's file against it (a few milliseconds) and uses the prepared data only when
it was made from exactly that file, else makes it from the file as before. Same words, same
costs, whichever way.

Regenerate after a pythainlp upgrade: ``python -m antong_reports.thai.lexicon``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from antong_reports.thai.segmenter import corpus_file

__all__ = ["sorted_words", "word_freqs", "prepare", "prepared_path"]

WORDS, FREQS = "words_th.txt", "tnc_freq.txt"
_PREPARED = {WORDS: "words.txt", FREQS: "word-freqs.txt"}
_MAGIC = "# antong-reports lexicon"


def prepared_path(source: str) -> Path:
    return Path(__file__).resolve().parent / "data" / _PREPARED[source]


def _header(raw: bytes, **fields: str) -> str:
    """The first line of a prepared file: the SHA-256 of the file it was made from, and more."""
    extra = "".join(f" {k}={v}" for k, v in fields.items())
    return f"{_MAGIC} sha256={hashlib.sha256(raw).hexdigest()}{extra}\n"


def _words_from(raw: bytes) -> list[str]:
    """The dictionary words of a ``words_th.txt`` (as pythainlp's ``get_corpus``: UTF-8, BOM
    skipped, non-empty lines; then each stripped, empty ones dropped), sorted."""
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    words = {w.strip() for w in text.splitlines() if w}
    words.discard("")
    return sorted(words)


def _freqs_from(raw: bytes) -> tuple[dict[str, str], float]:
    """``{word: count}`` and the total count of a ``tnc_freq.txt`` (``word\\tcount`` lines)."""
    text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    freqs = dict(line.split("\t", 1) for line in text.split("\n") if "\t" in line)
    return freqs, float(sum(int(v) for v in freqs.values() if v.isdigit()))


def _read_prepared(source: str, raw: bytes) -> tuple[dict[str, str], str] | None:
    """The prepared file of ``source`` (its header fields and body) if it was made from
    exactly ``raw``, else None."""
    try:
        text = prepared_path(source).read_text(encoding="utf-8")
    except OSError:
        return None
    head, _, body = text.partition("\n")
    if not head.startswith(_MAGIC + " "):
        return None
    fields = dict(p.split("=", 1) for p in head[len(_MAGIC):].split() if "=" in p)
    if fields.get("sha256") != hashlib.sha256(raw).hexdigest():
        return None
    return fields, body


def sorted_words() -> list[str]:
    """The segmenter's dictionary words, sorted (prepared, or made from pythainlp's file)."""
    raw = corpus_file(WORDS).read_bytes()
    got = _read_prepared(WORDS, raw)
    if got is None:
        return _words_from(raw)
    words = got[1].split("\n")
    words.pop()                     # the body ends with a line end
    return words


def word_freqs(dictionary) -> tuple[dict[str, str], float]:
    """Corpus counts of the words of ``dictionary`` (what the line breaker looks up) and the
    corpus' total count (prepared, or made from pythainlp's file)."""
    raw = corpus_file(FREQS).read_bytes()
    got = _read_prepared(FREQS, raw)
    if got is None:
        freqs, total = _freqs_from(raw)
        return {w: c for w, c in freqs.items() if w in dictionary}, total
    fields, body = got
    lines = body.split("\n")
    lines.pop()
    return dict(line.split("\t", 1) for line in lines), float(fields["total"])


def prepare(words_raw: bytes, freqs_raw: bytes) -> dict[str, str]:
    """The prepared files' texts, made from pythainlp's ``words_th.txt`` and ``tnc_freq.txt``."""
    words = _words_from(words_raw)
    known = frozenset(words)
    freqs, total = _freqs_from(freqs_raw)
    kept = sorted((w, c) for w, c in freqs.items() if w in known)
    return {
        WORDS: _header(words_raw) + "".join(w + "\n" for w in words),
        FREQS: _header(freqs_raw, total=repr(total)) + "".join(f"{w}\t{c}\n" for w, c in kept),
    }


def main() -> None:
    texts = prepare(corpus_file(WORDS).read_bytes(), corpus_file(FREQS).read_bytes())
    for source, text in texts.items():
        path = prepared_path(source)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        print(f"{path}: {text.count(chr(10)) - 1} lines")


if __name__ == "__main__":
    main()
