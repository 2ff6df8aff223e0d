"""The reading layer of the template checker: a part's paragraphs, rows and cells named
as a clerk finds them in Word, the part's text as docxtpl sees it, and the location
markers that survive docxtpl's patching. No rule lives here.

How a location survives docxtpl's patching: before patching, a processing
instruction ``<?vbloc …?>`` is put in front of every paragraph, table row and cell
of a copy of the part. docxtpl's regular expressions treat it as one more XML tag
(so it changes nothing they do), and what is left of it afterwards says which
paragraph, row or cell each piece of the patched text came from.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from docx.opc.oxml import parse_xml
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, T, TBL, TR, TC = (f"{{{W_NS}}}{name}" for name in ("p", "t", "tbl", "tr", "tc"))
TXBX = f"{{{W_NS}}}txbxContent"
NOTES = (f"{{{W_NS}}}footnote", f"{{{W_NS}}}endnote")
HIDDEN_TEXT = (f"{{{W_NS}}}delText", f"{{{W_NS}}}instrText", f"{{{W_NS}}}delInstrText")
REVISIONS = tuple(f"{{{W_NS}}}{name}" for name in ("ins", "del", "moveFrom", "moveTo"))
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

PARA, HIDDEN = "\ue000", "\ue001"  # paragraph boundary / hidden text in the text stream


@dataclass
class Place:
    """A paragraph, row or cell of a part: its order in the part and how to name it."""

    order: int
    position: str           # "đoạn 7", "bảng 1, hàng 2, ô 1", "đầu trang (header), đoạn 1"
    text: str | None = None  # a paragraph's text as Word shows it; None for rows and cells
    short: str = ""          # position without the part label, for "… đóng ở đoạn 9"

    @property
    def where(self) -> str:
        """The place with the paragraph's first words: ``đoạn 7 «Kính gửi: {{ line }}…»``."""
        return self.position if self.text is None else f"{self.position} {quote_text(self.text)}"


def quote_text(text: str, limit: int = 40) -> str:
    """``«first words…»`` of a paragraph's text (at most ``limit`` characters), or ``(đoạn trống)``."""
    text = " ".join(text.replace(PARA, " ").replace(HIDDEN, "").split())
    if not text:
        return "(đoạn trống)"
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[:cut if cut > limit // 2 else limit].rstrip() + "…"
    return f"«{text}»"


def short_tag(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with ``…``."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def nearest(element, tags: tuple[str, ...]):
    """The closest ancestor of ``element`` whose tag is one of ``tags``, or None."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return parent
        parent = parent.getparent()
    return None


class Layout:
    """Paragraphs, rows and cells of one part, named as a clerk finds them in Word,
    and the part's text as docxtpl sees it (``PARA`` between paragraphs, ``HIDDEN`` for
    tracked-deleted text and field codes)."""

    def __init__(self, root, label: str):
        self.root = root
        self.label = label
        self.places: dict[str, Place] = {}   # "p3", "r1", "c4" → place
        self.ids: dict = {}                    # element → its id
        self.paragraphs: list = []             # paragraph elements, document order
        self.cell_of: dict[str, object] = {}   # paragraph id → its w:tc (or None)
        self.row_of: dict[str, object] = {}
        self._name()
        self.stream, self.owner = self._text()

    def _prefix(self, position: str) -> str:
        return f"{self.label}, {position}" if self.label else position

    def _name(self) -> None:
        elements = [el for el in self.root.iter(P, TBL, TR, TC, TXBX, *NOTES)]
        count: dict = {}
        per_container: dict = {}
        for el in elements:
            if el.tag == P:
                key = nearest(el, (TC, TXBX, *NOTES))
                per_container[key] = per_container.get(key, 0) + 1
        labels: dict = {}

        def next_number(key) -> int:
            count[key] = count.get(key, 0) + 1
            return count[key]

        order = 0
        for el in elements:
            order += 1
            if el.tag == TBL:
                container = nearest(el, (TC, TXBX, *NOTES))
                number = next_number(("tbl", container))
                labels[el] = (f"{labels[container]} › " if container is not None else "") + f"bảng {number}"
                continue
            if el.tag in NOTES:  # Word numbers the notes it shows, not its separators
                shown = el.get(f"{{{W_NS}}}type") in (None, "normal")
                labels[el] = f"chú thích thứ {next_number('note')}" if shown else "dấu phân cách chú thích"
                continue
            if el.tag == TXBX:
                outer = nearest(el, (P,))
                labels[el] = (labels.get(outer, "") + " › " if outer is not None else "") + "khung chữ (text box)"
                continue
            if el.tag == TR:
                table = nearest(el, (TBL,))
                labels[el] = f"{labels.get(table, 'bảng ?')}, hàng {next_number(('tr', table))}"
                kind = "r"
            elif el.tag == TC:
                row = nearest(el, (TR,))
                labels[el] = f"{labels.get(row, 'hàng ?')}, ô {next_number(('tc', row))}"
                kind = "c"
            else:
                container = nearest(el, (TC, TXBX, *NOTES))
                number = next_number(("p", container))
                if container is None:
                    labels[el] = f"đoạn {number}"
                elif per_container.get(container, 0) > 1 or container.tag == TXBX:
                    labels[el] = f"{labels[container]}, đoạn {number}"
                else:
                    labels[el] = labels[container]
                kind = "p"
            ident = f"{kind}{order}"
            self.ids[el] = ident
            text = None
            if kind == "p":
                self.paragraphs.append(el)
                text = "".join(t.text or "" for t in el.iter(T) if nearest(t, (P,)) is el)
                self.cell_of[ident] = nearest(el, (TC,))
                self.row_of[ident] = nearest(el, (TR,))
            self.places[ident] = Place(order, self._prefix(labels[el]), text, labels[el])

    def _text(self) -> tuple[str, list[str | None]]:
        chars: list[str] = []
        owner: list[str | None] = []
        stack: list[str] = []

        def emit(text: str, who: str | None) -> None:
            chars.append(text)
            owner.extend([who] * len(text))

        for event, el in etree.iterwalk(self.root, events=("start", "end")):
            if el.tag == P:
                if event == "start":
                    stack.append(self.ids[el])
                    emit(PARA, stack[-1])
                else:
                    stack.pop()
                    emit(PARA, stack[-1] if stack else None)
            elif event == "start" and stack and el.text:
                if el.tag == T:
                    emit(el.text.replace(PARA, "").replace(HIDDEN, ""), stack[-1])
                elif el.tag in HIDDEN_TEXT:
                    emit(HIDDEN, stack[-1])
        return "".join(chars), owner

    def mark(self) -> None:
        """Put a ``<?vbloc id?>`` before every paragraph, row and cell (and after a
        paragraph nested in another, to resume the outer one)."""
        for el, ident in self.ids.items():
            el.addprevious(etree.ProcessingInstruction("vbloc", ident))
            if el.tag == P:
                outer = nearest(el, (P,))
                if outer is not None:
                    el.addnext(etree.ProcessingInstruction("vbloc", self.ids[outer]))


def template_parts(document) -> list[tuple[str, object]]:
    """The XML parts of a python-docx ``document`` a template fills, as ``(label, root)``:
    a copy of the body (label ""), the headers and footers (``đầu trang của trang đầu
    (header)``, with the section when there are several) and the footnotes."""
    body = copy.deepcopy(document._element.body)
    parts = [("", body)]
    kinds = {"default": "", "first": " của trang đầu", "even": " của trang chẵn"}
    references: dict[str, tuple[int, str]] = {}
    sections = list(body.iter(f"{{{W_NS}}}sectPr"))
    for number, section in enumerate(sections, start=1):
        for reference in section:
            if reference.tag in (f"{{{W_NS}}}headerReference", f"{{{W_NS}}}footerReference"):
                rid = reference.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                references[rid] = (number, reference.get(f"{{{W_NS}}}type", "default"))
    rels = document.part.rels
    for rid in sorted(rels, key=lambda key: (len(key), key)):
        rel = rels[rid]
        if rel.reltype not in (HEADER_REL, FOOTER_REL) or not rel.target_part.blob:
            continue
        name = "đầu trang" if rel.reltype == HEADER_REL else "chân trang"
        english = "header" if rel.reltype == HEADER_REL else "footer"
        if rid in references:
            number, kind = references[rid]
            label = f"{name}{kinds.get(kind, '')} ({english})"
            if len(sections) > 1:
                label += f" của phần (section) {number}"
        else:
            label = f"{name} ({english}, {Path(str(rel.target_part.partname)).name})"
        parts.append((label, parse_xml(rel.target_part.blob)))
    for part in document.part.package.parts:
        if part.content_type == FOOTNOTES_TYPE:
            blob = part.blob
            parts.append(("phần chú thích cuối trang (footnotes)", parse_xml(blob)))
    return parts
