"""Output file names: ASCII, valid on Windows and Linux, telling type, number, symbol and date.

A numbered final document and its draft never share a name, so neither overwrites the other.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.document.model import AdministrativeDocument


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
    ``ke-hoach_05_kh-skhcn_2024-02-05.docx``, ``cong-van_du-thao_skhcn-vp_2024_so-tp.docx``
    (a công văn, one of a set of per-unit letters). ASCII only, no character Windows forbids.
    """
    number = document.number.zfill(2) if document.number else "du-thao"
    when = document.issue_date.isoformat() if document.issue_date else str(document.year)
    parts = [ascii_slug(document.doc_type or "cong van"), ascii_slug(number), ascii_slug(document.symbol), when]
    if document.file_suffix:
        parts.append(ascii_slug(document.file_suffix))
    return "_".join(parts) + ".docx"


def recipient_list_filename(document: AdministrativeDocument) -> str:
    """The recipient list appendix's file name: ``phu-luc-noi-nhan_`` + the document's name."""
    return "phu-luc-noi-nhan_" + document_filename(document)
