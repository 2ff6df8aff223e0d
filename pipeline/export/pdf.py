"""Export for dispatch: PDF with LibreOffice, and the bundle's manifest.

PDFs are made by LibreOffice (headless), the whole batch in ONE process, with a
profile directory of its own (so it works while the clerk has LibreOffice open),
under a timeout, its process tree contained (:mod:`pipeline.export.processes`); each PDF
is checked to be a real PDF of its document (:func:`check_pdf`). Fonts: Times New Roman
where installed, else the metric-compatible Liberation Serif; LibreOffice embeds
the fonts it uses.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from pipeline.common.errors import VanbanError
from pipeline.common.files import Staged
from pipeline.export.processes import run_contained, scratch_folder
from pipeline.common.spreadsheet import csv_cell, csv_file

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
    """Convert .docx files to PDF in one LibreOffice run, and check each PDF.

    LibreOffice runs in a scratch folder of its own (:func:`pipeline.export.processes.scratch_folder`:
    the documents' copies, its profile, the PDFs), in a process group of its own; on
    timeout or interruption its whole process tree is ended, and the scratch folder
    is removed in every case.

    Args:
        documents: file name (``x.docx``) -> .docx bytes.
        pdfa: produce PDF/A-2b for archiving.
        timeout: seconds for the whole batch.

    Returns:
        file name with ``.pdf`` -> PDF bytes, for every input; each checked by :func:`check_pdf`.

    Raises:
        ExportError: LibreOffice missing, failing, timing out, or a PDF not produced or
            not valid (nothing is written then).
    """
    if not documents:
        return {}
    soffice = find_soffice()
    with scratch_folder() as folder:
        (folder / "in").mkdir()
        for name, data in documents.items():
            (folder / "in" / name).write_bytes(data)
        command = [str(soffice), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", PDFA_FILTER if pdfa else "pdf", "--outdir",
                   str(folder / "out"), *[str(folder / "in" / name) for name in documents]]
        try:
            result = run_contained(command, timeout, folder)
        except subprocess.TimeoutExpired:
            raise ExportError(f"LibreOffice chưa xuất xong PDF sau {timeout:.0f} giây nên đã bị dừng; "
                              "không ghi tệp nào") from None
        except OSError as exc:
            raise ExportError(f"không chạy được LibreOffice ({soffice}): {exc.strerror or exc}") from None
        pdfs = {}
        for name, data in documents.items():
            pdf = folder / "out" / (Path(name).stem + ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = result.stderr.decode("utf-8", "replace").strip()[-300:]
                raise ExportError(f"LibreOffice không tạo được PDF cho {name} (mã thoát {result.returncode})"
                                  + (f": {detail}" if detail else ""))
            pdfs[pdf.name] = pdf.read_bytes()
            check_pdf(name, data, pdfs[pdf.name])
        return pdfs


def check_pdf(name: str, docx: bytes, pdf: bytes) -> int:
    """Check that ``pdf`` is a real PDF of the document ``docx``: it starts with
    ``%PDF-``, can be read (:mod:`pypdf`), has at least one page, and the text of its
    first pages holds each of the document's first :data:`FIRST_WORDS` words (compared without case,
    spaces or line breaks, so that column order and line wrapping do not matter).

    Args:
        name: the .docx file name, for the message.
        docx: the .docx bytes the PDF was made from.
        pdf: the PDF bytes.

    Returns:
        The page count.

    Raises:
        ExportError: in Vietnamese, naming the document and what is wrong.
    """
    problem = f"PDF mà LibreOffice tạo từ {name}"
    if not pdf.startswith(b"%PDF-"):
        raise ExportError(f"{problem} không phải tệp PDF (không bắt đầu bằng «%PDF-»); không ghi tệp nào")
    from pypdf import PdfReader  # here: a build without PDF never loads pypdf
    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        text = "".join(page.extract_text() or "" for page in reader.pages[:TEXT_PAGES])
    except Exception as exc:  # pypdf raises many kinds on a damaged file  # noqa: BLE001
        raise ExportError(f"{problem} bị hỏng, không đọc được ({exc}); không ghi tệp nào") from None
    if pages == 0:
        raise ExportError(f"{problem} không có trang nào; không ghi tệp nào")
    words = first_words(docx)
    found = _folded("".join(text.split()))
    missing = [word for word in words if _folded(word) not in found]
    if missing:
        raise ExportError(f"{problem} không chứa đúng chữ của văn bản: thiếu các chữ "
                          + ", ".join(f"«{word}»" for word in missing) + f" trong {len(words)} chữ đầu "
                          f"«{' '.join(words)}» (LibreOffice thiếu phông hoặc xuất nhầm); không ghi tệp nào")
    return pages


FIRST_WORDS, TEXT_PAGES = 20, 3
"""How many of a document's first words its PDF must contain, within how many first pages
(:func:`check_pdf`)."""


def first_words(docx: bytes, count: int = FIRST_WORDS) -> list[str]:
    """The first ``count`` words of a .docx's body, paragraph by paragraph (table cells included)."""
    body = Document(io.BytesIO(docx)).element.body
    words: list[str] = []
    for paragraph in body.iter(qn("w:p")):
        words += "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).split()
        if len(words) >= count:
            break
    return words[:count]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def is_pdfa(pdf: bytes) -> bool:
    """Whether a PDF declares PDF/A conformance (the ``pdfaid:part`` of its XMP metadata)."""
    return b"pdfaid:part" in pdf


def page_count(pdf: bytes) -> int:
    """Number of pages of a PDF (read with :mod:`pypdf`)."""
    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(pdf)).pages)


@dataclass
class ManifestEntry:
    """One file of the bundle (field names are the manifest's Vietnamese column headers).

    ``sha256_nguon`` is, for a PDF, the SHA-256 of the .docx it was made from (empty
    for a .docx): a PDF whose value differs from its .docx's ``sha256`` is stale.
    """

    tep: str
    loai_van_ban: str
    so_ky_hieu: str
    ngay_ban_hanh: str
    so_trang: str
    sha256: str
    sha256_nguon: str = ""


MANIFEST_HEADERS = {"tep": "Tệp", "loai_van_ban": "Loại văn bản", "so_ky_hieu": "Số, ký hiệu",
                    "ngay_ban_hanh": "Ngày ban hành", "so_trang": "Số trang", "sha256": "SHA-256",
                    "sha256_nguon": "SHA-256 của .docx nguồn"}
MANIFEST_JSON, MANIFEST_CSV = "danh_muc_tep.json", "danh_muc_tep.csv"


def manifest_entry(name: str, data: bytes | Staged, kind: str, reference: str, issued: str, pages: int | None,
                   source: bytes | Staged | None = None) -> ManifestEntry:
    """The manifest line of one output file (``pages`` None when unknown, for a .docx
    without PDF; ``source`` the .docx a PDF was made from; a content may be staged on
    disk, :class:`pipeline.common.files.Staged`)."""
    return ManifestEntry(name, kind, reference, issued, "" if pages is None else str(pages),
                         sha256(data), "" if source is None else sha256(source))


def sha256(data: bytes | Staged) -> str:
    """The SHA-256 of ``data`` (or of a staged file's content) as 64 lower-case hex digits."""
    return data.sha256 if isinstance(data, Staged) else hashlib.sha256(data).hexdigest()


def manifest_files(entries: list[ManifestEntry]) -> dict[str, bytes]:
    """The manifest as ``danh_muc_tep.json`` and ``danh_muc_tep.csv`` (UTF-8 with BOM, for
    Excel; a text Excel would take for a formula gets a leading ``'``,
    :func:`pipeline.common.spreadsheet.csv_cell`), in this order: the JSON is the one
    :func:`read_manifest` trusts."""
    rows = [asdict(entry) for entry in sorted(entries, key=lambda e: e.tep)]
    as_json = [{MANIFEST_HEADERS[key]: value for key, value in row.items()} for row in rows]
    return {MANIFEST_JSON: (json.dumps(as_json, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
            MANIFEST_CSV: csv_file([list(MANIFEST_HEADERS.values()),
                                    *([csv_cell(row[key]) for key in MANIFEST_HEADERS] for row in rows)])}


def read_manifest(folder: Path) -> tuple[dict[str, ManifestEntry], list[str]]:
    """The manifest an earlier run left in ``folder`` (``danh_muc_tep.json``).

    Returns:
        file name -> entry (empty when there is no manifest), and Vietnamese warnings
        (a damaged manifest is ignored with a warning: its PDFs then count as not made
        by vanban). A manifest from before the ``SHA-256 của .docx nguồn`` column
        gives entries with an empty source, so their PDFs count as stale.
    """
    path = folder / MANIFEST_JSON
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        keys = {header: key for key, header in MANIFEST_HEADERS.items()}
        entries = [ManifestEntry(**{keys[h]: str(v) for h, v in row.items() if h in keys}) for row in rows]
    except FileNotFoundError:
        return {}, []
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        return {}, [f"không đọc được danh mục {path} của lần chạy trước ({exc}); các PDF đã có coi như "
                    "không rõ nguồn gốc"]
    return {entry.tep: entry for entry in entries}, []
