"""Benchmark of the Thai typesetting layer: the whole reference plan text on A4, Sarabun 11 pt.

    python benchmarks/bench_pdfthai.py [--runs N] [--libreoffice]

Prints, for typesetting tests/data/angthong-plan-2566-2570.txt (one paragraph per line, justified):
the whole process (a fresh Python that imports, loads the dictionary, typesets and writes the PDF;
median of N), the phases inside one process (imports, dictionary, words = segmentation + break
points + shaping, layout + drawing + writing), a warm rebuild in the same process, the peak RSS
and the page count. With --libreoffice it also times LibreOffice converting a DOCX of the same
text to PDF, for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "angthong-plan-2566-2570.txt"

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate
from antong_reports.thai import typeset as pdfthai
from antong_reports.thai import text as thaitext
rl_config.useA85 = 0      # binary Flate streams, as the renderer writes them
t1 = time.perf_counter()
pdfthai.break_points("การทดสอบภาษาไทย")   # loads the dictionary as the typesetter does
t2 = time.perf_counter()
src, out = sys.argv[1], sys.argv[2]
paras = [p.strip() for p in open(src, encoding="utf-8").read().splitlines() if p.strip()]
style = pdfthai.paragraph_style("body", size=11, first_line_indent=1.25 * cm)
def build(path):
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, **pdfthai.doc_kwargs())
    story = [pdfthai.Paragraph(p, style) for p in paras]
    t = time.perf_counter()
    doc.build(story)
    return t, doc.page
t3 = time.perf_counter()
t_words, pages = build(out)
t4 = time.perf_counter()
w0 = time.perf_counter()
build(out + ".warm.pdf")
w1 = time.perf_counter()
print(json.dumps({
    "imports": t1 - t0, "dictionary": t2 - t1, "words": t_words - t3, "layout_draw_write": t4 - t_words,
    "first_build": t4 - t2, "warm_build": w1 - w0, "pages": pages, "paragraphs": len(paras),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

ONCE = r"""
import sys
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate
from antong_reports.thai import typeset as pdfthai
rl_config.useA85 = 0
src, out = sys.argv[1], sys.argv[2]
paras = [p.strip() for p in open(src, encoding="utf-8").read().splitlines() if p.strip()]
style = pdfthai.paragraph_style("body", size=11, first_line_indent=1.25 * cm)
doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                        topMargin=2 * cm, bottomMargin=2 * cm, **pdfthai.doc_kwargs())
doc.build([pdfthai.Paragraph(p, style) for p in paras])
"""


def _time_process(code: str, *args: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a fresh Python running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, cwd=ROOT)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _libreoffice(tmp: Path, runs: int) -> float | None:
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    import docx
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Sarabun"
    normal.font.size = Pt(11)
    for p in REFERENCE.read_text(encoding="utf-8").splitlines():
        if p.strip():
            document.add_paragraph(p.strip())
    src = tmp / "reference.docx"
    document.save(src)
    times = []
    for k in range(runs):
        out = tmp / f"lo{k}"
        cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/lo-profile",
               "--convert-to", "pdf", "--outdir", str(out), str(src)]
        if k == 0:   # first start creates the profile: not counted
            subprocess.run(cmd, check=True, capture_output=True)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--libreoffice", action="store_true",
                    help="also time LibreOffice converting a DOCX of the same text")
    args = ap.parse_args()
    if not REFERENCE.exists():
        sys.exit(f"missing {REFERENCE}")
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        out = str(tmp / "reference.pdf")
        detail = json.loads(subprocess.run(
            [sys.executable, "-c", CHILD, str(REFERENCE), out], check=True, cwd=ROOT,
            capture_output=True, text=True).stdout)
        runs = [_time_process(ONCE, str(REFERENCE), out) for _ in range(args.runs)]
        whole = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        size = Path(out).stat().st_size
        print(f"Thai typesetting of the reference text ({env_note})")
        print(f"  paragraphs {detail['paragraphs']}, pages {detail['pages']}, PDF {size / 1024:.0f} KiB")
        print(f"  whole process (median of {args.runs}): {statistics.median(whole):.2f} s "
              f"(min {min(whole):.2f}, max {max(whole):.2f}); CPU {statistics.median(cpu):.2f} s "
              f"(load average {os.getloadavg()[0]:.1f})")
        print(f"  in-process: imports {detail['imports']:.2f} s, dictionary {detail['dictionary']:.2f} s, "
              f"words {detail['words']:.2f} s, layout+draw+write {detail['layout_draw_write']:.2f} s")
        print(f"  warm rebuild in the same process: {detail['warm_build']:.2f} s")
        print(f"  peak RSS: {detail['peak_rss_mb']:.0f} MiB")
        if args.libreoffice:
            lo = _libreoffice(tmp, args.runs)
            if lo is None:
                print("  LibreOffice: soffice not found")
            else:
                ratio = lo / statistics.median(whole)
                print(f"  LibreOffice DOCX→PDF of the same text (median): {lo:.2f} s; "
                      f"typesetting process is {ratio:.2f}× faster")


if __name__ == "__main__":
    main()
