"""Benchmark: 200 documents to PDF on unoserver conversion servers (`vanban build --pdf-server`),
on the first server alone against all the servers given (issue 15: a large batch spread over machines).

Run by hand, with the servers started as the README says:
    python benchmarks/bench_pdf_servers.py 127.0.0.1:2003 127.0.0.1:2013 [--count 200]
Uses the documents of the bundled 2024 year (plan, its list, report, reminder letters), rendered
once and sent `count` times under different names; every PDF is checked
(:func:`pipeline.export.pdf.check_pdf`), so a run that finishes converted the batch correctly.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.build import assemble
from pipeline.cli import find_documents
from pipeline.export.pdf_servers import PdfServer, convert_on_servers

ROOT = Path(__file__).resolve().parents[1]


def documents(count: int) -> dict[str, bytes]:
    """``count`` .docx files cycling over the bundled 2024 documents."""
    with tempfile.TemporaryDirectory() as output:
        bundle = assemble(find_documents(ROOT / "data" / "2024"), Path(output), ROOT / "templates_docx")
    made = [data for path, data in sorted(bundle.files.items()) if path.suffix == ".docx"
            and not path.name.startswith("mau-")]
    return {f"van_ban_{i:03d}.docx": made[i % len(made)] for i in range(count)}


def timed(files: dict[str, bytes], servers: list[PdfServer]) -> float:
    start = time.perf_counter()
    pdfs = convert_on_servers(files, servers)
    assert len(pdfs) == len(files)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("servers", nargs="+", type=PdfServer.parse)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    files = documents(args.count)
    alone = timed(files, args.servers[:1])
    spread = timed(files, args.servers)
    print(f"{len(files)} documents, every PDF checked: 1 server {alone:.1f} s, "
          f"{len(args.servers)} servers {spread:.1f} s ({alone / spread:.2f} times faster)")


if __name__ == "__main__":
    main()
