"""Benchmark: one letter per unit (issue 15) — the product against a naive docxtpl loop and
against the re-zip floor, in one process, on the same template and data.

Run by hand:  python benchmarks/bench_letters.py [letters] [--communes]

``letters`` (default 1,000) communes of the national list (``vietnam-provinces``) are added to a
copy of the bundled data (:mod:`letters_data`), none of them has reported, and the reminder
letter ``data/2024/don_doc`` (``Gửi từng đơn vị`` = ``x``) goes to each. Timed:

- naive: for each letter, ``DocxTemplate(template)``, ``render`` (same context as the product,
  same sandbox and filters), ``save`` to its own file — what a docxtpl user writes; no format
  check (as the product's letters, the files reach the disk's cache, not forced to the disk);
- floor: for each letter, writing the parts of one letter into a new zip (deflating each part:
  what any .docx writer must at least do without copying compressed parts);
- product: ``pipeline.build.assemble`` on that source, with the ND30 format check: reading the
  plan, registry and responses, checking the template, rendering, checking every letter
  (documents staged to disk above :data:`pipeline.build.BATCH_IN_MEMORY`).

``--communes`` instead runs ``vanban build`` (a separate process) on the reminder letter's source
with all 3,321 communes added (one letter each, plus the bundled ones; the plan, registry and
responses are read as for any reminder) and prints its wall time, CPU time and peak memory
(resident set, sampled from the operating system; vanban's and its check process's together).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate

from letters_data import make_year
from pipeline.build import assemble
from pipeline.render.docx import TemplateFile, find_template, make_environment, render_document
from pipeline.results.facts import load_documents

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates_docx"


class _Contexts(TemplateFile):
    """A template that records the context it is asked to fill, instead of filling it."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.contexts: list[dict] = []

    def render(self, context, properties, stamp, footnotes=()) -> bytes:
        self.contexts.append(context)
        return b""


def naive(template: Path, contexts: list[dict], folder: Path) -> float:
    folder.mkdir()
    start = time.perf_counter()
    for number, context in enumerate(contexts):
        tpl = DocxTemplate(str(template))
        tpl.render(context, jinja_env=make_environment(), autoescape=True)
        tpl.save(folder / f"{number}.docx")
    return time.perf_counter() - start


def floor(letter: bytes, count: int) -> float:
    with zipfile.ZipFile(io.BytesIO(letter)) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    start = time.perf_counter()
    for _ in range(count):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in parts:
                target.writestr(info, data)
    return time.perf_counter() - start


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the check process; POSIX counts them)."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def letters(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = make_year(Path(folder), count)
        documents = load_documents(source)
        template = find_template(documents[0], documents[0].template, TEMPLATES)
        recorder = _Contexts(template)
        for document in documents:
            render_document(document, recorder)
        letter = render_document(documents[0], template)
        n = len(documents)
        print(f"{n} thư (letters), mẫu {template.name}, {len(letter) // 1024} KB mỗi thư")
        times = {"naive docxtpl loop (no check)": naive(template, recorder.contexts, Path(folder) / "naive"),
                 "re-zip floor (deflate every part)": floor(letter, n)}
        start, cpu = time.perf_counter(), _cpu()
        bundle = assemble([source], Path(folder) / "out", TEMPLATES)
        times["vanban (assemble, check on)"] = time.perf_counter() - start
        cpu = _cpu() - cpu
        from pipeline.common.files import discard
        discard(bundle.files.values())
    for name, seconds in times.items():
        print(f"{name:36} {seconds:8.2f} s  {seconds / n * 1000:7.1f} ms/thư")
    product = times["vanban (assemble, check on)"]
    print(f"{'vanban CPU (threads + check process)':36} {cpu:8.2f} s  {cpu / n * 1000:7.1f} ms/thư")
    print(f"naive / vanban = {times['naive docxtpl loop (no check)'] / product:.1f}×; "
          f"vanban / floor = {product / times['re-zip floor (deflate every part)']:.1f}×")


def communes() -> None:
    import psutil

    with tempfile.TemporaryDirectory() as folder:
        source = make_year(Path(folder), 3321)
        command = [sys.executable, "-m", "pipeline", "build", str(source), "-o", str(Path(folder) / "out"), "-q"]
        start = time.perf_counter()
        process = psutil.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
        peak = 0
        cpu: dict[int, float] = {}  # per process: vanban and its check process
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                resident = 0
                for member in tree:
                    resident += member.memory_info().rss
                    times = member.cpu_times()
                    cpu[member.pid] = times.user + times.system
                peak = max(peak, resident)
            except psutil.Error:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        written = len(list((Path(folder) / "out").glob("cong-van_*.docx")))
    print(f"vanban build, 3,321 xã/phường/đặc khu: exit {process.returncode}, {written} công văn, "
          f"{seconds:.1f} s wall, ≥ {sum(cpu.values()):.1f} s CPU, peak RSS {peak / 2**20:.0f} MB "
          "(vanban and its check process together, sampled every 50 ms)")


if __name__ == "__main__":
    if "--communes" in sys.argv:
        communes()
    else:
        letters(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
