"""``vanban import FILE.docx [FOLDER]``: a Word document -> a document data folder."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.common.errors import InputError, VanbanError
from pipeline.importer.named_dates import apply_named_dates, parse_named_date
from pipeline.importer.parts import ImportedDocument, Issue
from pipeline.importer.reading import read_docx
from pipeline.importer.recognise import recognise
from pipeline.importer.tables import REPORT_NAME, csv_bytes, report_bytes, table_rows
from pipeline.common.files import Written, write_all
from pipeline.data.registry import Registry, find_registry, load_registry
from pipeline.results.facts import load_document

VERIFY_PASSES = 4


@dataclass
class ImportOutcome:
    """What an import did: the document recognised, the files written (with their status)."""

    document: ImportedDocument
    written: list[Written]


def default_folder(docx: Path) -> Path:
    """The data folder beside the .docx, named after it: ``ke_hoach.docx`` -> ``ke_hoach``."""
    return docx.with_suffix("")


def nearest_registry(folder: Path) -> Registry | None:
    """The unit registry for a folder that may not exist yet, ``None`` when there is none."""
    existing = next((p for p in [folder, *folder.resolve().parents] if p.is_dir()), None)
    try:
        return load_registry(find_registry(existing)) if existing else None
    except InputError as exc:
        if "không tìm thấy danh bạ" in str(exc):
            return None
        raise


def import_docx(docx: Path, folder: Path, force: bool = False, dates: tuple[str, ...] = ()) -> ImportOutcome:
    """Read ``docx`` and write its data tables and import report into ``folder``.

    Args:
        docx: the Word document.
        folder: the document data folder to write (created if missing).
        force: replace files already in ``folder`` whose content would change.
        dates: named dates to recognise in the body, ``"tên=ngày"`` each (see :mod:`.named_dates`).

    Returns:
        The recognised document and the files written.

    Raises:
        InputError: the .docx cannot be read; a named date is malformed.
        OutputConflict, OutputError: see :func:`pipeline.common.files.write_all` (nothing is written then).
    """
    named = [parse_named_date(option) for option in dates]
    content = read_docx(docx)
    registry = nearest_registry(folder)
    doc = recognise(content, registry)
    doc.dates = apply_named_dates(doc, named)
    _verify(doc, folder)
    files = {folder / f"{name}.csv": csv_bytes(cols, rows) for name, (cols, rows) in table_rows(doc).items()}
    files[folder / REPORT_NAME] = report_bytes(doc.issues)
    return ImportOutcome(doc, write_all(files, force=force))


def _verify(doc: ImportedDocument, folder: Path) -> None:
    """Read the data back with the document model, as a build will, and compare each body
    paragraph's number with the one printed in the source: a paragraph the automatic
    numbering would number otherwise becomes a plain paragraph with its number typed."""
    for _ in range(VERIFY_PASSES):
        model = _load_written(doc, folder)
        if model is None:
            return
        changed = False
        for row, paragraph in zip(doc.body, model.body):
            typed = row.label_typed
            if row.level and paragraph.label.rstrip(".") != typed.rstrip(".") and row.level not in ("-", "+", "*"):
                row.text = f"{typed} {row.text}"
                row.level = ""
                doc.issues.append(Issue(row.source, " ".join(row.text.split()[:8]), f"số thứ tự «{typed}» khác số "
                                        f"được đánh tự động («{paragraph.label}»); đã nhập thành đoạn văn thường, "
                                        "giữ số như đã gõ"))
                changed = True
        if not changed:
            return


def _load_written(doc: ImportedDocument, folder: Path):
    """The document model of ``doc`` written to a temporary folder beside ``folder``
    (so that the same registry is found); ``None`` with an issue when it cannot be read."""
    parent = next(p for p in [folder.parent.resolve(), *folder.parent.resolve().parents] if p.is_dir())
    temp = Path(tempfile.mkdtemp(prefix=".vanban-nhap-", dir=parent))
    try:
        for name, (cols, rows) in table_rows(doc).items():
            (temp / f"{name}.csv").write_bytes(csv_bytes(cols, rows))
        return load_document(temp)
    except VanbanError as exc:
        message = str(exc).replace(str(temp), str(folder))
        doc.issues.append(Issue(0, "", f"dữ liệu nhập được chưa dựng lại được văn bản: {message}"))
        return None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
