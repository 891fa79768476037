"""The prepared word list and word frequencies the package ships give exactly what pythainlp's
own files give, are made reproducibly from them, and are ignored when made from other files."""

from __future__ import annotations

from antong_reports.thai import lexicon
from antong_reports.thai.segmenter import corpus_file, read_corpus


def _raw(name: str) -> bytes:
    return corpus_file(name).read_bytes()


def _words_as_before() -> list[str]:
    """The dictionary as the segmenter made it before anything was prepared."""
    words = {w.strip() for w in read_corpus(lexicon.WORDS)}
    words.discard("")
    return sorted(words)


def _freqs_as_before() -> tuple[dict[str, str], float]:
    with open(corpus_file(lexicon.FREQS), encoding="utf-8") as f:
        freqs = dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)
    return freqs, float(sum(int(v) for v in freqs.values() if v.isdigit()))


def test_the_words_are_pythainlps_words():
    assert lexicon.sorted_words() == _words_as_before()


def test_the_frequencies_are_the_corpus_counts_of_the_dictionary_words():
    words = frozenset(_words_as_before())
    freqs, total = _freqs_as_before()
    got, got_total = lexicon.word_freqs(words)
    assert got_total == total
    assert got == {w: c for w, c in freqs.items() if w in words}
    assert len(got) > 20_000


def test_the_shipped_files_are_made_from_the_installed_pythainlp_reproducibly():
    """(After a pythainlp upgrade: ``python -m antong_reports.thai.lexicon``.)"""
    texts = lexicon.prepare(_raw(lexicon.WORDS), _raw(lexicon.FREQS))
    for source, text in texts.items():
        shipped = lexicon.prepared_path(source).read_bytes()
        assert shipped == text.encode("utf-8"), (
            f"{lexicon.prepared_path(source).name} was not made from the installed pythainlp's "
            f"{source}: run python -m antong_reports.thai.lexicon")


def test_a_prepared_file_made_from_another_word_list_is_ignored(tmp_path, monkeypatch):
    other = lexicon.prepare("ก\nข\n".encode(), "ก\t1\n".encode())
    for source, text in other.items():
        (tmp_path / source).write_text(text, encoding="utf-8")
    monkeypatch.setattr(lexicon, "prepared_path", lambda source: tmp_path / source)
    assert lexicon.sorted_words() == _words_as_before()
    words = frozenset(_words_as_before())
    freqs, total = _freqs_as_before()
    assert lexicon.word_freqs(words) == ({w: c for w, c in freqs.items() if w in words}, total)


def test_a_missing_prepared_file_falls_back_to_pythainlps(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "prepared_path", lambda source: tmp_path / "absent" / source)
    assert lexicon.sorted_words() == _words_as_before()
