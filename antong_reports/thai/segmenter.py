"""Thai word segmentation without importing pythainlp: its ``newmm`` engine, its two Thai
character cluster (TCC) rule sets and its formatted-number rejoining, over the word lists it
ships.

This is a port of pythainlp 5.4's ``tokenize.newmm`` (with ``tokenize.tcc_p``'s improved TCC
rules), ``tokenize.tcc.tcc_pos`` and ``tokenize._utils.rejoin_formatted_num``, giving the same
words for the same text and dictionary (tests/test_thaitext.py compares them with pythainlp on
the reference plan's text and on generated strings). What it does differently only saves work:

* importing ``pythainlp`` costs a build ~0.1–0.4 s (it loads its utilities, soundex, …); this
  module imports only ``re`` and ``heapq``, and reads pythainlp's data files (the word list
  ``words_th.txt``, the corpus frequencies ``tnc_freq.txt``) from its installed folder, found
  without importing it;
* clusters are matched in place (``pattern.match(text, pos)``) instead of on a copy of the rest
  of the text at every cluster;
* dictionary lookups ask the dictionary for end offsets (:meth:`WordDictionary.ends`) instead of
  building each prefix as a string.

pythainlp stays a dependency: its word list and frequencies are the dictionary.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from heapq import heappop, heappush
from pathlib import Path

__all__ = ["corpus_file", "newmm", "tcc_pos", "tcc_pos_array", "rejoin_formatted_num"]


def corpus_file(name: str) -> Path:
    """A data file of pythainlp's ``corpus`` folder (found without importing pythainlp)."""
    spec = importlib.util.find_spec("pythainlp")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pythainlp is not installed (pip install pythainlp)")
    return Path(list(spec.submodule_search_locations)[0]) / "corpus" / name


def read_corpus(name: str) -> frozenset[str]:
    """pythainlp's ``get_corpus(name)``: the file's non-empty lines (UTF-8, BOM skipped)."""
    text = corpus_file(name).read_text(encoding="utf-8-sig")
    return frozenset(filter(None, text.splitlines()))


# --------------------------------------------------------------------------- clusters

def _tcc_pattern(rules: str, k: str) -> re.Pattern[str]:
    """The cluster rules, each a regular expression, or (last) any one character."""
    return re.compile("|".join(
        rules.replace("k", k).replace("c", "[ก-ฮ]").replace("t", "[่-๋]?")
        .replace("d", "อูอุ".replace("อ", "")).split()) + "|(?s:.)")


#: pythainlp.tokenize.tcc_p: the improved TCC rules newmm cuts at
_TCC_NEWMM = _tcc_pattern("""\
เc็ck
เcctาะk
เccีtยะk
เccีtย(?=[เ-ไก-ฮ]|$)k
เcc็ck
เcิc์ck
เcิtck
เcีtยะ?k
เcืtอะ?k
เc[ิีุู]tย(?=[เ-ไก-ฮ]|$)k
เctา?ะ?k
cัtวะk
c[ัื]tc[ุิะ]?k
c[ิุู]์
c[ะ-ู]tk
cรรc์
c็
ct[ะาำ]?k
ck
แc็c
แcc์
แctะ
แcc็c
แccc์
โctะ
[เ-ไ]ct
ก็
อึ
หึ
""", "(cc?[dิ]?[์])?")

#: pythainlp.tokenize.tcc: the original TCC rules (the typesetter's cluster boundaries)
_TCC_PLAIN = _tcc_pattern("""\
c[ั]([่-๋]c)?
c[ั]([่-๋]c)?k
เc็ck
เcctาะk
เccีtยะk
เccีtย(?=[เ-ไก-ฮ]|$)k
เc[ิีุู]tย(?=[เ-ไก-ฮ]|$)k
เcc็ck
เcิc์ck
เcิtck
เcีtยะ?k
เcืtอะk
เcื
เctา?ะ?k
c[ึื]tck
c[ะ-ู]tk
c[ิุู]์
cรรc์
c็
ct[ะาำ]?k
แc็ck
แcc์k
แctะk
แcc็ck
แccc์k
โctะk
[เ-ไ]ctk
ก็
อึ
หึ
""", "(cc?[d|ิ]?[์])?")


def _cluster_ends(text: str, pattern: re.Pattern[str]) -> list[int]:
    """End offsets of the clusters of ``text``: at each place the first rule that matches, else
    one character (no rule matches empty, so one ``finditer`` over "rules or any character" is
    the same walk as matching the rules at each place in a loop)."""
    return [m.end() for m in pattern.finditer(text)]


def tcc_pos(text: str) -> set[int]:
    """End offsets of the Thai character clusters of ``text`` (pythainlp's ``tcc.tcc_pos``)."""
    if not text or not isinstance(text, str):
        return set()
    return set(_cluster_ends(text, _TCC_PLAIN))


def tcc_pos_array(text: str) -> bytearray:
    """``arr[i] == 1`` where a cluster of newmm's rules ends at ``i`` (``tcc_p.tcc_pos_array``)."""
    if not text or not isinstance(text, str):
        return bytearray(1)
    arr = bytearray(len(text) + 1)
    for p in _cluster_ends(text, _TCC_NEWMM):
        arr[p] = 1
    return arr


# --------------------------------------------------------------------------- newmm

_PAT_NONTHAI = re.compile(
    r"""(?x)
[-a-zA-Z]+|        # Latin characters
\d+([,\.]\d+)*|    # numbers
[ \t]+|            # spaces
\r?\n|             # newlines
[^\u0E00-\u0E7F \t\r\n]+  # other non-Thai characters, and stops matching until space/newline
"""
)
_PAT_THAI_TWOCHARS = re.compile("[ก-ฮ]{,2}$")
_MAX_GRAPH_SIZE = 50


def _bfs_paths_graph(graph, start: int, goal: int):
    visited = {start}
    queue = [(start, [start])]
    while queue:
        (vertex, path) = queue.pop(0)
        for pos in graph[vertex]:
            if pos == goal:
                yield [*path, pos]
            elif pos not in visited:
                visited.add(pos)
                queue.append((pos, [*path, pos]))


def _find_skip_end(text: str, begin_pos: int, valid_poss: bytearray, ends) -> int:
    len_text = len(text)
    m = _PAT_NONTHAI.match(text, begin_pos)
    if m:
        return m.end()
    twochars = _PAT_THAI_TWOCHARS.match
    for pos in range(begin_pos + 1, len_text):
        if valid_poss[pos]:
            for end in ends(text, pos):
                if valid_poss[end] and not twochars(text[pos:end]):
                    return pos      # a Thai word longer than two letters starts here
            if _PAT_NONTHAI.match(text, pos):
                return pos
    return len_text


def _onecut(text: str, dictionary):
    ends = dictionary.ends
    graph: defaultdict[int, list[int]] = defaultdict(list)
    graph_size = 0
    valid_poss = tcc_pos_array(text)
    len_text = len(text)
    pos_list = [0]
    end_pos = 0
    while pos_list[0] < len_text:
        begin_pos = heappop(pos_list)
        for end in ends(text, begin_pos):
            if valid_poss[end]:
                graph[begin_pos].append(end)
                graph_size += 1
                if end not in pos_list:
                    heappush(pos_list, end)
                if graph_size > _MAX_GRAPH_SIZE:
                    break
        len_pos_list = len(pos_list)
        if len_pos_list == 1:
            only = graph.get(end_pos) if graph_size == 1 else None
            if only is not None and only[0] == pos_list[0]:
                path = [end_pos, only[0]]       # one word: what the search would find
            else:
                path = next(_bfs_paths_graph(graph, end_pos, pos_list[0]))
            graph_size = 0
            graph.clear()
            for pos in path[1:]:
                yield text[end_pos:pos]
                end_pos = pos
        elif len_pos_list == 0:
            end_pos = _find_skip_end(text, begin_pos, valid_poss, ends)
            graph_size = 0
            graph.clear()
            yield text[begin_pos:end_pos]
            heappush(pos_list, end_pos)


_DIGITS_WITH_SEPARATOR = re.compile(r"(\d+[\.\,:])+\d+")


def rejoin_formatted_num(segments: list[str]) -> list[str]:
    """Formatted numbers (``1,234.5``, ``12:00``) split by the segmenter, joined again."""
    original = "".join(segments)
    matching_results = _DIGITS_WITH_SEPARATOR.finditer(original)
    tokens_joined = []
    pos = 0
    segment_idx = 0
    match = next(matching_results, None)
    while segment_idx < len(segments) and match:
        token = segments[segment_idx]
        if pos >= match.start():
            connected_token = ""
            while pos < match.end() and segment_idx < len(segments):
                connected_token += segments[segment_idx]
                pos += len(segments[segment_idx])
                segment_idx += 1
            if connected_token:
                tokens_joined.append(connected_token)
            match = next(matching_results, None)
        else:
            tokens_joined.append(token)
            segment_idx += 1
            pos += len(token)
    tokens_joined += segments[segment_idx:]
    return tokens_joined


def newmm(text: str, dictionary) -> list[str]:
    """pythainlp's ``word_tokenize(text, custom_dict=dictionary, engine="newmm",
    keep_whitespace=True, join_broken_num=True)``. ``dictionary`` answers ``ends(text, i)``:
    the end offsets of its words starting at ``i``, shortest first."""
    if not text or not isinstance(text, str):
        return []
    return rejoin_formatted_num(list(_onecut(text, dictionary)))
