"""Benchmark: converting 50 documents to PDF in one LibreOffice run (what `vanban build
--pdf` does) against one LibreOffice start per document (issue 5: at least 5 times faster).

Run by hand:  python benchmarks/bench_pdf.py [count]
Uses the bundled 2024 plan, rendered once and converted `count` times under different names.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.data.tables import named_source
from pipeline.export.pdf import convert_to_pdf
from pipeline.results.facts import load_document
from pipeline.render.docx import render_document

ROOT = Path(__file__).resolve().parents[1]


def main(count: int) -> None:
    document = load_document(named_source(ROOT / "data" / "2024", "ke_hoach"))  # folder or workbook
    data = render_document(document, ROOT / "templates_docx" / "ke_hoach.docx")
    files = {f"van_ban_{i:03d}.docx": data for i in range(count)}
    start = time.perf_counter()
    convert_to_pdf(files)
    batch = time.perf_counter() - start
    start = time.perf_counter()
    for name, content in files.items():
        convert_to_pdf({name: content})
    single = time.perf_counter() - start
    print(f"{count} documents: one LibreOffice run {batch:.1f} s; one start per document {single:.1f} s; "
          f"{single / batch:.1f} times faster")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
