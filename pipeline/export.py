"""Export for dispatch: PDF with LibreOffice, and the bundle's manifest.

PDFs are made by LibreOffice (headless), the whole batch in ONE process, with a
profile directory of its own (so it works while the clerk has LibreOffice open),
under a timeout; each expected PDF is checked to exist. Fonts: Times New Roman
where installed, else the metric-compatible Liberation Serif; LibreOffice embeds
the fonts it uses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.errors import VanbanError
from pipeline.spreadsheet import csv_cell

PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""LibreOffice's PDF export with PDF/A-2b (archiving)."""

WINDOWS_SOFFICE = [("LibreOffice", "program", "soffice.exe"), ("LibreOffice", "program", "soffice.com")]


class ExportError(VanbanError):
    """LibreOffice missing, failing or too slow (message in Vietnamese)."""


def find_soffice() -> Path:
    """Locate LibreOffice's ``soffice``: ``$VANBAN_SOFFICE``, the PATH, then the usual
    Windows install folders.

    Raises:
        ExportError: not found; the message names the package to install.
    """
    configured = os.environ.get("VANBAN_SOFFICE")
    if configured and Path(configured).is_file():
        return Path(configured)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for root in filter(None, (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"))):
        for parts in WINDOWS_SOFFICE:
            candidate = Path(root, *parts)
            if candidate.is_file():
                return candidate
    raise ExportError("không tìm thấy LibreOffice để xuất PDF. Trên Debian/Ubuntu: "
                      "sudo apt-get install libreoffice-writer-nogui fonts-liberation2; trên Windows: cài "
                      "LibreOffice từ libreoffice.org (hoặc đặt biến VANBAN_SOFFICE là đường dẫn soffice.exe)")


def font_warnings() -> list[str]:
    """Warn when neither Times New Roman nor Liberation Serif is installed (the PDF
    would fall back to another font and lose the ND30 layout)."""
    names = _installed_fonts()
    if names is None or {"times new roman", "liberation serif"} & names:
        return []
    return ["máy này không có phông Times New Roman hay Liberation Serif: PDF sẽ dùng phông khác, sai thể "
            "thức; hãy cài phông (Debian: fonts-liberation2)"]


def _installed_fonts() -> set[str] | None:
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found = set()
        if (fonts / "times.ttf").exists():
            found.add("times new roman")
        if list(fonts.glob("LiberationSerif*")):
            found.add("liberation serif")
        return found
    if not shutil.which("fc-list"):
        return None
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, encoding="utf-8",
                             errors="replace", check=False).stdout
    return {name.strip().lower() for line in listing.splitlines() for name in line.split(",")}


def convert_to_pdf(documents: dict[str, bytes], pdfa: bool = False, timeout: float = 300) -> dict[str, bytes]:
    """Convert .docx files to PDF in one LibreOffice run.

    Args:
        documents: file name (``x.docx``) -> .docx bytes.
        pdfa: produce PDF/A-2b for archiving.
        timeout: seconds for the whole batch.

    Returns:
        file name with ``.pdf`` -> PDF bytes, for every input.

    Raises:
        ExportError: LibreOffice missing, failing, timing out, or a PDF not produced.
    """
    if not documents:
        return {}
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="vanban-pdf-") as scratch:
        folder = Path(scratch)
        (folder / "in").mkdir()
        for name, data in documents.items():
            (folder / "in" / name).write_bytes(data)
        command = [str(soffice), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", PDFA_FILTER if pdfa else "pdf", "--outdir",
                   str(folder / "out"), *[str(folder / "in" / name) for name in documents]]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ExportError(f"LibreOffice chưa xuất xong PDF sau {timeout:.0f} giây; không ghi tệp nào") from None
        except OSError as exc:
            raise ExportError(f"không chạy được LibreOffice ({soffice}): {exc.strerror or exc}") from None
        pdfs = {}
        for name in documents:
            pdf = folder / "out" / (Path(name).stem + ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = result.stderr.decode("utf-8", "replace").strip()[-300:]
                raise ExportError(f"LibreOffice không tạo được PDF cho {name} (mã thoát {result.returncode})"
                                  + (f": {detail}" if detail else ""))
            pdfs[pdf.name] = pdf.read_bytes()
        return pdfs


def page_count(pdf: bytes) -> int:
    """Number of pages of a PDF written by LibreOffice (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@dataclass
class ManifestEntry:
    """One file of the bundle (field names are the manifest's Vietnamese column headers)."""

    tep: str
    loai_van_ban: str
    so_ky_hieu: str
    ngay_ban_hanh: str
    so_trang: str
    sha256: str


MANIFEST_HEADERS = {"tep": "Tệp", "loai_van_ban": "Loại văn bản", "so_ky_hieu": "Số, ký hiệu",
                    "ngay_ban_hanh": "Ngày ban hành", "so_trang": "Số trang", "sha256": "SHA-256"}


def manifest_entry(name: str, data: bytes, kind: str, reference: str, issued: str, pages: int | None) -> ManifestEntry:
    """The manifest line of one output file (``pages`` None when unknown, for a .docx without PDF)."""
    return ManifestEntry(name, kind, reference, issued, "" if pages is None else str(pages),
                         hashlib.sha256(data).hexdigest())


def manifest_files(entries: list[ManifestEntry]) -> dict[str, bytes]:
    """The manifest as ``danh_muc_tep.csv`` (UTF-8 with BOM, for Excel; a text Excel would take for a
    formula gets a leading ``'``, :func:`pipeline.spreadsheet.csv_cell`) and ``danh_muc_tep.json``."""
    rows = [asdict(entry) for entry in sorted(entries, key=lambda e: e.tep)]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(MANIFEST_HEADERS), lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADERS)
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    as_json = [{MANIFEST_HEADERS[key]: value for key, value in row.items()} for row in rows]
    return {"danh_muc_tep.csv": buffer.getvalue().encode("utf-8-sig"),
            "danh_muc_tep.json": (json.dumps(as_json, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
