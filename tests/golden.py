"""Golden hashes of the sample's built files: the layout refactor (and any change meant to keep
the output) must keep them byte-identical.

    python tests/golden.py            # print the current hashes
    python tests/golden.py --update   # rewrite tests/data/golden-hashes.json (a deliberate change)
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "data" / "golden-hashes.json"
#: name of the variant → build settings (keyword arguments of Settings)
VARIANTS = {"default": {}, "arabic-digits": {"thai_digits": False}}


def current() -> dict[str, dict[str, str]]:
    sys.path.insert(0, str(ROOT))
    from antong_reports.build import FORMATS, generate_all
    from antong_reports.common.settings import Settings
    from antong_reports.sources import load_plan

    plan = load_plan(ROOT / "samples" / "angthong-2566-2570.yaml")
    out = {}
    for name, kw in VARIANTS.items():
        files = generate_all(plan, list(FORMATS), Settings(**kw))
        out[name] = {f: hashlib.sha256(data).hexdigest() for f, data in sorted(files.items())}
    return out


if __name__ == "__main__":
    hashes = current()
    text = json.dumps(hashes, indent=2, sort_keys=True) + "\n"
    if "--update" in sys.argv:
        GOLDEN.write_text(text, "utf-8")
    print(text, end="")
