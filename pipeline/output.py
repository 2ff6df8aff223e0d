"""Writing generated files safely: Windows-safe names, no half-written files,
no earlier output overwritten unless the clerk asks.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import VanbanError
from pipeline.model import AdministrativeDocument

NEW, UNCHANGED, REPLACED = "mới", "không đổi", "ghi đè"


class OutputConflict(VanbanError):
    """An existing output would change and ``--force`` was not given."""


@dataclass
class Written:
    """What happened to one output file: ``status`` is NEW, UNCHANGED or REPLACED."""

    path: Path
    status: str


def ascii_slug(text: str) -> str:
    """Return ``text`` as a lower-case ASCII file-name part: ``Kế hoạch`` → ``ke-hoach``.

    Vietnamese letters lose their marks (``đ`` → ``d``); anything that is not a
    letter, digit or ``-`` becomes ``-``. The result is valid on Windows and Linux.
    """
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "van-ban"


def document_filename(document: AdministrativeDocument) -> str:
    """The output file name: type, number or ``du-thao``, symbol, date or year.

    Examples: ``ke-hoach_du-thao_kh-skhcn_2024.docx``,
    ``ke-hoach_05_kh-skhcn_2024-02-05.docx``. ASCII only, no character Windows forbids.
    """
    number = document.number.zfill(2) if document.number else "du-thao"
    when = document.issue_date.isoformat() if document.issue_date else str(document.year)
    parts = [ascii_slug(document.doc_type), ascii_slug(number), ascii_slug(document.symbol), when]
    return "_".join(parts) + ".docx"


def recipient_list_filename(document: AdministrativeDocument) -> str:
    """The recipient list appendix's file name: ``phu-luc-noi-nhan_`` + the document's name."""
    return "phu-luc-noi-nhan_" + document_filename(document)


def write_all(files: dict[Path, bytes], force: bool = False) -> list[Written]:
    """Write every file, or none if one would overwrite a different earlier output.

    Args:
        files: target path -> content.
        force: replace existing files whose content differs.

    Returns:
        One :class:`Written` per file, in the given order.

    Raises:
        OutputConflict: before anything is written, when an existing file would
            change and ``force`` is false.
    """
    conflicts = [path for path, data in files.items()
                 if path.exists() and path.read_bytes() != data]
    if conflicts and not force:
        raise OutputConflict("các tệp sau đã có và sẽ bị thay đổi; không ghi đè khi chưa được phép "
                             "(thêm --force để ghi đè): " + ", ".join(str(p) for p in conflicts))
    results = []
    for path, data in files.items():
        if path.exists() and path.read_bytes() == data:
            results.append(Written(path, UNCHANGED))
            continue
        status = REPLACED if path.exists() else NEW
        atomic_write(path, data)
        results.append(Written(path, status))
    return results


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A crash leaves either the old file or the new one, never a partial file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
