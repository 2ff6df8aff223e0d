"""Benchmark: the ND30 format check of a batch of letters, shared vs alone (issue 15).

Run by hand:  python benchmarks/bench_check.py [letters]

``letters`` (default 300) communes are added to a copy of the bundled data
(:mod:`letters_data`) and the reminder letter goes to each (built without the check); then, in
one process and on the same letters, each is checked

- alone: ``check_document(path)`` of each letter's file, nothing shared (``vanban check``);
- shared: ``check_document(path, shared=SharedParts(), data=…)`` with the letter's bytes in
  memory, one :class:`pipeline.check.package.SharedParts` for the batch (what ``vanban build``
  does): the parts a letter shares with the previous one are neither read nor parsed again.

The shared check runs first (after a check of the template, which imports python-docx). It asserts that both give the same
findings for every letter, and prints the CPU time per letter (``time.process_time``: the
machine is shared, so wall time is noisy) and the ratio.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from letters_data import make_year
from pipeline.build import assemble
from pipeline.check import check_document
from pipeline.check.package import SharedParts
from pipeline.common.files import Staged, discard

ROOT = Path(__file__).resolve().parent.parent


def letters(folder: Path, count: int) -> list[Path]:
    """The reminder letters of ``count`` added communes, written to ``folder/letters``."""
    source = make_year(folder, count)
    bundle = assemble([source], folder / "out", ROOT / "templates_docx", check=False)
    target = folder / "letters"
    target.mkdir()
    paths = []
    for path, data in bundle.files.items():
        if path.name.startswith("cong-van_"):
            paths.append(target / path.name)
            paths[-1].write_bytes(data.read() if isinstance(data, Staged) else data)
    discard(bundle.files.values())
    return sorted(paths)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = letters(Path(folder), count)
        blobs = [path.read_bytes() for path in paths]
        check_document(ROOT / "templates_docx" / "cong_van.docx")  # imports python-docx: timed in neither
        shared = SharedParts()
        start = time.process_time()
        batch = [check_document(path, shared=shared, data=blob) for path, blob in zip(paths, blobs)]
        shared_time = time.process_time() - start
        start = time.process_time()
        alone = [check_document(path) for path in paths]
        alone_time = time.process_time() - start
    if alone != batch:
        sys.exit("khác nhau: the shared check's findings differ from the check of each file alone")
    n = len(paths)
    print(f"{n} công văn, {sum(map(len, alone))} phát hiện (findings), the same shared and alone")
    print(f"alone  (check_document(path))          {alone_time:7.2f} s CPU  {alone_time / n * 1000:6.2f} ms/thư")
    print(f"shared (SharedParts, bytes in memory)  {shared_time:7.2f} s CPU  {shared_time / n * 1000:6.2f} ms/thư")
    print(f"alone / shared = {alone_time / shared_time:.1f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
