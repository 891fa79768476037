"""Stable ASCII ids and slugs derived from Thai names.

An id is the project's kind in English plus the Latin words of its name, or a short hash of the
name when it has none ("measure-no-gift-policy", "project-3f9a1c"): the same name always gives the
same id, so re-importing a plan keeps the ids that progress files refer to.
"""

from __future__ import annotations

import hashlib
import re

from antong_reports.sources.importer.normalize import squash

_KIND = (("โครงการ", "project"), ("กิจกรรม", "activity"), ("มาตรการ", "measure"),
         ("แนวปฏิบัติ", "guideline"))


def _hash(text: str, n: int = 6) -> str:
    return hashlib.sha1(squash(text).encode("utf-8")).hexdigest()[:n]


def romanised_id(name: str, words: int = 4, strip_kind: bool = True) -> str:
    s = name.strip().lstrip("“\"'")
    kind = "project"
    for thai, eng in _KIND:
        if s.startswith(thai):
            kind = eng
            break
    latin = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", s)][:words]
    if not strip_kind:
        return "plan-" + _hash(name)
    if latin:
        return "-".join([kind] + latin)
    return f"{kind}-{_hash(name)}"
