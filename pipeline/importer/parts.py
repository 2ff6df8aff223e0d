"""What the importer recognises in a document, before it is written as tables.

Shared by the recognisers (:mod:`~pipeline.importer.header`, :mod:`~pipeline.importer.body`,
:mod:`~pipeline.importer.closing`) and the writer (:mod:`~pipeline.importer.tables`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

RULE_RE = re.compile(r"^[\s_\-–—=.…*~]*$")
"""A line typed as a rule (``_______``, ``------``) or an empty one."""


def fold(text: str) -> str:
    """Comparison form: NFC, lower case, single spaces, typographic dashes as ``-``."""
    text = unicodedata.normalize("NFC", text).replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


def is_upper(text: str) -> bool:
    """Upper-case text with at least one letter (an agency line, a title line)."""
    return any(ch.isalpha() for ch in text) and text == text.upper()


@dataclass
class Issue:
    """One line of the import report.

    Attributes:
        paragraph: the paragraph's number in the source (1-based, reading order), 0 for the whole file.
        first_words: its first words.
        expected: what was expected there and what was done, in Vietnamese.
    """

    paragraph: int
    first_words: str
    expected: str


@dataclass
class BodyRow:
    """One row of ``noi_dung``: ``Cấp`` marker (``I.``, ``1.1.``, ``a)``, ``-`` … or ""),
    ``In đậm`` and the markup text; ``source`` is the paragraph number it came from and
    ``label_typed`` the number printed there (``II.``, ``1.2.``, ``b)``), "" for none."""

    level: str
    bold: bool
    text: str
    source: int = 0
    label_typed: str = ""


@dataclass
class ImportedDocument:
    """A document as recognised from a .docx.

    Attributes:
        general: ``thong_tin_chung`` key -> value, in the README's order.
        body: the body rows.
        basis: ``can_cu`` rows (column -> value).
        dates: ``moc_thoi_gian`` rows of the named dates the clerk asked for.
        footnotes: ``(Số, Nội dung)`` rows of ``chu_thich``.
        recipients: ``noi_nhan`` rows (column -> value).
        recipient_lines: the Nơi nhận lines as printed (without ``- ``, ``;`` and ``- Như trên``).
        written_lines: Nơi nhận lines kept as written (no registry match): they go
            into a registry of their own beside the data.
        issues: what was not recognised, for the import report.
        tracked_changes: tracked changes accepted while reading.
        claimed: paragraph numbers that went into the data (the rest are in the report or empty).
    """

    general: dict[str, str] = field(default_factory=dict)
    body: list[BodyRow] = field(default_factory=list)
    basis: list[dict[str, str]] = field(default_factory=list)
    dates: list[dict[str, str]] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    recipients: list[dict[str, str]] = field(default_factory=list)
    recipient_lines: list[str] = field(default_factory=list)
    written_lines: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    tracked_changes: int = 0
    claimed: set[int] = field(default_factory=set)
