"""Benchmark: import a 30-page Word document (issue 13: under 2 seconds).

Run by hand:  python benchmarks/bench_import.py [copies]
Makes the real 2024 plan typed by hand (tests/fixtures/importer/make_fixtures.py, table letterhead,
runs split by proofing marks, footnotes) with its body repeated ``copies`` times (default 8: 33 pages
in LibreOffice), imports it into a temporary data folder under a copy of the registry, and prints the
first and the best of 5 runs of ``pipeline.importer.import_docx`` (reading, recognising, checking the
data back with the document model, writing).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "importer"))

import make_fixtures  # noqa: E402

from pipeline.importer import import_docx  # noqa: E402


def main(copies: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for name in ("don_vi.csv", "khoi_don_vi.csv"):
            shutil.copy(ROOT / "data" / name, folder / name)
        source = make_fixtures.plan(folder / "ke_hoach_dai.docx", "table", False, "border", "table", True, copies)
        times = []
        for run in range(5):
            start = time.perf_counter()
            outcome = import_docx(source, folder / "2024" / f"run{run}")
            times.append(time.perf_counter() - start)
        rows = len(outcome.document.body)
        print(f"{copies} copies of the plan body: {rows} paragraphs, {len(outcome.document.issues)} report lines")
        print(f"first run {times[0]:.2f} s, best of 5 {min(times):.2f} s (target: under 2 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
