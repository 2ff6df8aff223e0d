"""Shared fixtures: the bundled 2024 data, a writable copy of it, and a CLI runner."""

from __future__ import annotations

import atexit
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.document.workbook import workbook_to_folder

ROOT = Path(__file__).resolve().parents[1]


def _committed_data() -> Path:
    """The bundled ``data/`` as committed (``git archive HEAD data``), unpacked into a
    temporary folder removed at exit: what a clerk edits or adds in the checkout's
    ``data/`` (a changed signer, a ``data/2025``) never changes a test. Outside a git
    checkout (an unpacked source archive), ``data/`` itself."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", "HEAD", "data"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return DATA
    target = Path(tempfile.mkdtemp(prefix="vanban-test-data-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # Python before 3.10.12: our own repository's archive
            tar.extractall(target)
    return _as_csv_folders(target / "data")


def _as_csv_folders(data: Path) -> Path:
    """Turn each document the bundle keeps as a workbook (``2024/ke_hoach.xlsx``) into its CSV
    folder (``vanban convert``, lossless), the form the tests edit cell by cell; the
    workbook form itself is tested from these folders in ``test_workbook.py``."""
    books = [*data.glob("*/*.xlsx"), *data.glob("examples/*/*.xlsx"), *data.glob("examples/*/*/*.xlsx")]
    for book in sorted(books):
        if book.parent.name != "responses":
            folder = book.with_suffix("")
            folder.mkdir()
            for name, content in workbook_to_folder(book).items():
                (folder / name).write_bytes(content)
            book.unlink()
    return data


DATA = _committed_data()
DATA_2024 = DATA / "2024"
PLAN_2024 = DATA_2024 / "ke_hoach"
TEMPLATES = ROOT / "templates_docx"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


REGISTRY_FILES = ("don_vi.csv", "khoi_don_vi.csv", "co_quan.csv")
"""The unit registry and the agency profile that sits beside it."""
BUNDLED_DATA = (*REGISTRY_FILES, "2024", "examples")
"""What ``data/`` holds in the repository. Tests read nothing else there: a clerk's
``data/2025`` (made by ``vanban new-year``) or ``output/`` must not change their result."""
EXPLICIT_2024 = FIXTURES / "explicit_2024"
"""The 2024 documents' ``thong_tin_chung.csv`` with every value written in the document
(as before the agency profile ``data/co_quan.csv``): the same documents, byte for byte."""


def copy_data(target: Path) -> Path:
    """Copy the bundled ``data/`` (:data:`BUNDLED_DATA`) into ``target``; returns ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BUNDLED_DATA:
        source = DATA / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def bundled_data_files() -> list[Path]:
    """Every file of the bundled ``data/`` (:data:`BUNDLED_DATA`), sorted."""
    files = []
    for name in BUNDLED_DATA:
        source = DATA / name
        files += sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    return files


def copy_registry(data_dir: Path) -> None:
    """Copy the bundled unit registry and agency profile into ``data_dir`` (a ``data/`` folder)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in REGISTRY_FILES:
        shutil.copy(DATA / name, data_dir / name)


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A writable copy of the 2024 plan data: ``<tmp>/data/2024/ke_hoach``, with the
    unit registry and agency profile in ``<tmp>/data``; its ``thong_tin_chung.csv`` gives
    every value itself (:data:`EXPLICIT_2024`), so tests edit the rows they name."""
    target = tmp_path / "data" / "2024" / "ke_hoach"
    shutil.copytree(PLAN_2024, target)
    shutil.copy(EXPLICIT_2024 / "ke_hoach" / "thong_tin_chung.csv", target)
    copy_registry(tmp_path / "data")
    return target


def run_vanban(*args: str):
    """Run the ``vanban`` CLI in-process; returns click's Result (exit_code, output, stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def folder_files(folder: Path) -> dict[str, bytes]:
    """The files directly in ``folder``, by name, with their bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def render_failing_at(number: int, error: BaseException):
    """A stand-in for ``pipeline.build.render_document`` that raises ``error`` at its ``number``-th
    document (1 = the first) and renders the others."""
    from pipeline.render.docx import render_document

    calls = []

    def render(document, template):
        calls.append(document)
        if len(calls) == number:
            raise error
        return render_document(document, template)
    return render


def fake_soffice(folder: Path, body: str) -> Path:
    """A stand-in for LibreOffice's ``soffice`` (a POSIX script) in ``folder``: ``body`` is Python
    run with ``args`` (soffice's arguments), ``outdir``, ``inputs`` and ``pids`` (the file
    ``folder/pids``, to note process ids in)."""
    script = folder / "soffice"
    script.write_text(f"#!{sys.executable}\nimport os, subprocess, sys, time\nargs = sys.argv[1:]\n"
                      "outdir = args[args.index('--outdir') + 1]\ninputs = args[args.index('--outdir') + 2:]\n"
                      f"pids = {str(folder / 'pids')!r}\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return script


SLEEPER = ("child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'] + args)\n"
           "open(pids, 'w').write(f'{os.getpid()} {child.pid}')\n"
           "time.sleep(120)\n")
"""A stand-in LibreOffice that hangs, with a child process (given the same arguments, so
that its command line names the scratch folder like LibreOffice's own helpers)."""


def noted_pids(folder: Path) -> list[int]:
    """The process ids a :data:`SLEEPER` noted in ``folder/pids``."""
    return [int(pid) for pid in (folder / "pids").read_text().split()]


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
