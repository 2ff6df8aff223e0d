"""Reading a .docx into the paragraphs a reader sees, in reading order.

What Word shows is not what its XML holds paragraph by paragraph: a word may be
split over several runs (proofing marks, bookmarks, revision ids), tracked
changes are stored beside the text, list numbers live in ``numbering.xml``,
footnotes in their own part. This module undoes all of that: each paragraph
becomes a :class:`Block` with its displayed text, its inline formatting as the
project's markup (:mod:`pipeline.document.markup`), its automatic number (from
:mod:`pipeline.importer.numbering`), and where it sits (a table cell or not).

Tracked changes are *accepted*: inserted and moved-to text is kept, deleted and
moved-from text is dropped (the count is reported to the clerk).
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.common.errors import InputError, Location
from pipeline.importer.numbering import ListNumbering

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}pPr", f"{W}rPr", f"{W}proofErr", f"{W}bookmarkStart",
           f"{W}bookmarkEnd", f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}instrText",
           f"{W}delText", f"{W}fldChar", f"{W}lastRenderedPageBreak"}
"""Elements whose content is not displayed text (or is deleted by a tracked change)."""
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TRACKED = (f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo")


@dataclass
class Block:
    """One displayed paragraph.

    Attributes:
        number: its position among all paragraphs read (1-based), as the clerk counts them.
        text: the displayed text (soft line breaks as ``\\n``, tabs as ``\\t``), NFC.
        markup: the same with ``**bold**``, ``*italic*`` and ``[^n]`` footnote marks
            (``n`` = the footnote's id in the file), literal ``*{}`` escaped.
        bold: every visible character is bold.
        centered: the paragraph is centred.
        auto_label: the number Word prints before it (``1.``, ``a)``, ``-``), "" when none.
        cell: ``(table, row, column)`` for a paragraph in a table (tables counted
            from 1 in reading order, rows and columns from 0), ``None`` otherwise.
        rule: the paragraph draws a horizontal rule (bottom border or a drawn line).
    """

    number: int
    text: str
    markup: str
    bold: bool = False
    centered: bool = False
    auto_label: str = ""
    cell: tuple[int, int, int] | None = None
    rule: bool = False

    @property
    def first_words(self) -> str:
        """The first words of the paragraph, for the import report."""
        words = self.text.split()
        return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


@dataclass
class DocxContent:
    """What :func:`read_docx` found.

    Attributes:
        blocks: every paragraph of the main text, in reading order.
        footnotes: footnote id -> markup text, for real Word footnotes.
        tracked_changes: how many tracked insertions/deletions/moves were accepted.
    """

    blocks: list[Block]
    footnotes: dict[str, str]
    tracked_changes: int


def read_docx(path: Path) -> DocxContent:
    """Read the displayed paragraphs of a Word document.

    Args:
        path: a ``.docx`` file (Word, LibreOffice, or vanban's output).

    Returns:
        The paragraphs in reading order (table cells row by row), the footnotes
        and the number of tracked changes accepted.

    Raises:
        InputError: the file is missing, not a .docx, or damaged.
    """
    location = Location(Path(path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            document = etree.fromstring(archive.read("word/document.xml"))
            numbering = archive.read("word/numbering.xml") if "word/numbering.xml" in names else None
            styles = archive.read("word/styles.xml") if "word/styles.xml" in names else None
            notes = archive.read("word/footnotes.xml") if "word/footnotes.xml" in names else None
    except FileNotFoundError:
        raise InputError(location, "không tìm thấy tệp") from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise InputError(location, f"không đọc được tệp Word .docx ({exc}); hãy mở bằng Word và lưu lại "
                         "dưới dạng .docx") from None
    reader = _Reader(ListNumbering(numbering, styles))
    body = document.find(f"{W}body")
    reader.container(body if body is not None else document, None)
    footnotes: dict[str, str] = {}
    if notes is not None:
        for note in etree.fromstring(notes).iter(f"{W}footnote"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            parts = [_paragraph_markup(p)[1] for p in note.iter(f"{W}p")]
            footnotes[note.get(f"{W}id")] = " ".join(part for part in parts if part).strip()
    tracked = sum(1 for tag in TRACKED for _ in document.iter(tag))
    return DocxContent(reader.blocks, footnotes, tracked)


class _Reader:
    """Walks the body, numbering paragraphs and tables as it goes."""

    def __init__(self, numbering: ListNumbering) -> None:
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0

    def container(self, element, cell: tuple[int, int, int] | None) -> None:
        for child in element:
            if child.tag == f"{W}p":
                self.paragraph(child, cell)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}moveTo"):
                content = child.find(f"{W}sdtContent")
                self.container(content if content is not None else child, cell)

    def table(self, table) -> None:
        self.tables += 1
        number = self.tables
        for r, row in enumerate(_children(table, "tr")):
            for c, cell in enumerate(_children(row, "tc")):
                self.container(cell, (number, r, c))

    def paragraph(self, p, cell: tuple[int, int, int] | None) -> None:
        text, markup, bold = _paragraph_markup(p)
        ppr = p.find(f"{W}pPr")
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        centered = jc is not None and jc.get(f"{W}val") == "center"
        rule = (ppr is not None and ppr.find(f"{W}pBdr/{W}bottom") is not None
                and ppr.find(f"{W}pBdr/{W}bottom").get(f"{W}val") not in ("nil", "none")) or _has_line(p)
        if _deleted_mark(ppr) and not text:
            return  # a paragraph removed as a tracked change
        label = self.numbering.label(p) if text.strip() else ""
        self.blocks.append(Block(len(self.blocks) + 1, text, markup, bold, centered, label, cell,
                                 rule))
        for box in p.iter(f"{W}txbxContent"):  # text boxes, read once (not the VML copy Word keeps as fallback)
            if not any(parent.tag == f"{MC}Fallback" for parent in box.iterancestors()):
                self.container(box, cell)


def _children(element, name: str):
    """Direct children ``w:name``, also inside tracked insertions and content controls."""
    for child in element:
        if child.tag == f"{W}{name}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}ins", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            yield from _children(content if content is not None else child, name)


def _deleted_mark(ppr) -> bool:
    return ppr is not None and ppr.find(f"{W}rPr/{W}del") is not None


def _has_line(p) -> bool:
    """A drawn line (DrawingML or VML shape) anchored in the paragraph."""
    return any(True for _ in p.iter("{urn:schemas-microsoft-com:vml}line")) or any(
        el.get("prst") == "line" for el in p.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}prstGeom"))


def _flag(rpr, name: str) -> bool:
    """Whether a run property (``b``, ``i``) is on: present and not ``0``/``false``."""
    if rpr is None:
        return False
    el = rpr.find(f"{W}{name}")
    if el is None:
        return False
    return el.get(f"{W}val") not in ("0", "false", "off")


def _runs(p):
    """Yield the displayed runs of ``p``, also inside hyperlinks, fields, content controls and tracked insertions."""
    for child in p:
        tag = child.tag
        if tag == f"{W}r":
            yield child
        elif tag in SKIPPED or tag == f"{W}p":
            continue
        else:  # w:ins, w:moveTo, w:hyperlink, w:smartTag, w:fldSimple, w:sdt/sdtContent …
            yield from _runs(child)


def _paragraph_markup(p) -> tuple[str, str, bool]:
    """The displayed text of a paragraph, its markup form, and whether it is bold throughout."""
    pieces: list[tuple[str, bool, bool]] = []
    for run in _runs(p):
        rpr = run.find(f"{W}rPr")
        bold, italic = _flag(rpr, "b"), _flag(rpr, "i")
        vanish = rpr is not None and rpr.find(f"{W}vanish") is not None
        for node in run:
            if node.tag == f"{W}t" and not vanish:
                pieces.append((node.text or "", bold, italic))
            elif node.tag == f"{W}tab":
                pieces.append(("\t", bold, italic))
            elif node.tag in (f"{W}br", f"{W}cr"):
                pieces.append(("\n", bold, italic))
            elif node.tag == f"{W}noBreakHyphen":
                pieces.append(("-", bold, italic))
            elif node.tag == f"{W}footnoteReference":
                pieces.append((f"\x00{node.get(f'{W}id')}\x00", bold, italic))
    visible = [(t, b, i) for t, b, i in pieces if t.strip() and not t.startswith("\x00")]
    all_bold = bool(visible) and all(b for _, b, _ in visible)
    markup = runs_markup(pieces, all_bold)
    plain = "".join("" if t.startswith("\x00") else t for t, _, _ in pieces)
    return unicodedata.normalize("NFC", plain), markup, all_bold


def _escape(text: str) -> str:
    return text.replace("*", "\\*").replace("{", "\\{").replace("}", "\\}") \
        if any(ch in text for ch in "*{}") else text


def runs_markup(pieces: list[tuple[str, bool, bool]], all_bold: bool) -> str:
    """Join runs into ``**``/``*`` markup; bold over the whole paragraph is left out
    (it is the ``In đậm`` column). Marks are kept off spaces at the
    edges of a run, so ``**word** next`` never becomes ``**word **next``."""
    merged: list[list] = []
    for text, bold, italic in pieces:
        if text.startswith("\x00"):
            merged.append([f"[^{text.strip(chr(0))}]", None, None])
            continue
        bold = bold and not all_bold
        if not text.strip() and merged and merged[-1][1] is not None:
            merged[-1][0] += text  # a space between runs takes the formatting before it
            continue
        if merged and merged[-1][1] == bold and merged[-1][2] == italic:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic])
    out: list[str] = []
    for text, bold, italic in merged:
        if bold is None:
            out.append(text)
            continue
        mark = ("**" if bold else "") + ("*" if italic else "")
        core = text.strip()
        if not mark or not core:
            out.append(_escape(text))
            continue
        lead = text[:len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        out.append(f"{lead}{mark}{_escape(core)}{mark[::-1]}{trail}")
    return unicodedata.normalize("NFC", "".join(out))
