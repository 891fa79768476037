"""The official 2566–2570 framework: dimensions (มิติ), missions (ภารกิจตามมิติ) and sub-items.

The data ships inside the package (``data/framework-2566-2570.yaml``); each row says whether its
title is confirmed from the NACC handbook or a real plan. A plan may add sub-items the package does
not know (``Plan.sub_items``); validation then warns instead of failing.
"""

from __future__ import annotations

import functools
from importlib import resources

import attrs
import yaml


@attrs.frozen
class FrameworkItem:
    code: str  # "1", "1.1" or "1.1.1"
    title: str
    confirmed: bool = True

    @property
    def level(self) -> int:
        """1 = dimension, 2 = mission, 3 = sub-item."""
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@attrs.frozen
class Framework:
    name: str
    items: tuple[FrameworkItem, ...]

    def get(self, code: str) -> FrameworkItem | None:
        return _index(self).get(code)

    def dimensions(self) -> tuple[FrameworkItem, ...]:
        return tuple(i for i in self.items if i.level == 1)

    def missions(self, dimension: str | None = None) -> tuple[FrameworkItem, ...]:
        return tuple(
            i for i in self.items
            if i.level == 2 and (dimension is None or i.parent_code == dimension)
        )


@functools.lru_cache(maxsize=8)
def _index(fw: Framework) -> dict[str, FrameworkItem]:
    return {i.code: i for i in fw.items}


def code_key(code: str) -> tuple[int, ...]:
    """Sort key for framework codes: "1.10" after "1.9"."""
    return tuple(int(p) for p in code.split("."))


@functools.lru_cache(maxsize=1)
def framework_2566_2570() -> Framework:
    """The framework for the 2566–2570 plans, loaded once."""
    text = resources.files("antong_reports.model").joinpath("data/framework-2566-2570.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    items = []
    for row in data["items"]:
        items.append(FrameworkItem(code=str(row["code"]), title=row["title"],
                                   confirmed=bool(row.get("confirmed", True))))
    items.sort(key=lambda i: code_key(i.code))
    return Framework(name=data["name"], items=tuple(items))
