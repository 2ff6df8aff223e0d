"""Word's automatic list numbering as the importer needs it: the marker before a paragraph.

A numbered paragraph holds no number in its text: it names a list (``w:numId``)
and a level (``w:ilvl``), directly or through its paragraph style. Counting and
writing the number the way Word does is :class:`pipeline.check.numbering.Numbering`
(the format checker reads documents as displayed with it); this module adds what an
import needs on top: the list named through a paragraph style (``basedOn`` chain),
and a bullet read as the level marker it stands for (``-``, ``+``), not as its glyph.
"""

from __future__ import annotations

from lxml import etree

from pipeline.check.numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET_LABELS = {"-": "-", "\u2013": "-", "\u2014": "-", "+": "+", "*": "*", "\u2022": "-", "\u00b7": "-",
                 "o": "-", "\uf02d": "-", "\uf0b7": "-", "\uf0a7": "-", "\uf0d8": "-", "\uf02b": "+"}
"""Bullet characters as printed (Symbol/Wingdings private-use code points included) -> the marker they stand for."""


class ListNumbering:
    """Counts the automatic numbers of a document's paragraphs, in reading order.

    Args:
        numbering_xml: the bytes of ``word/numbering.xml`` (``None`` when the file has none).
        styles_xml: the bytes of ``word/styles.xml``, for numbering set in a paragraph style.
    """

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None) -> None:
        self.numbering = Numbering(etree.fromstring(numbering_xml) if numbering_xml else None)
        self.style_numbering: dict[str, tuple[str, int]] = {}           # style id -> (numId, ilvl)
        if styles_xml:
            self._read_styles(etree.fromstring(styles_xml))

    def _read_styles(self, root) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str, int]] = {}
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                based[style_id] = _val(parent)
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and num_pr.find(f"{W}numId") is not None:
                own[style_id] = (_val(num_pr.find(f"{W}numId")), int(_val(num_pr.find(f"{W}ilvl")) or 0))
        for style_id in set(based) | set(own):
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based.get(current)
            if current in own:
                self.style_numbering[style_id] = own[current]

    def label(self, paragraph) -> str:
        """The number Word prints before ``paragraph`` (a ``w:p``), "" for none.

        Call it for every non-empty paragraph in reading order: it advances the counters.
        Bullets are returned as the marker they stand for (``-``, ``+``).
        """
        ppr = paragraph.find(f"{W}pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            style = ppr.find(f"{W}pStyle")
            if style is not None and _val(style) in self.style_numbering:
                num_id, ilvl = self.style_numbering[_val(style)]
            num_pr = ppr.find(f"{W}numPr")
            if num_pr is not None:
                if num_pr.find(f"{W}numId") is not None:
                    num_id = _val(num_pr.find(f"{W}numId"))
                if num_pr.find(f"{W}ilvl") is not None:
                    ilvl = int(_val(num_pr.find(f"{W}ilvl")))
        if not num_id or num_id == "0":
            return ""
        level = self.numbering.level(num_id, str(ilvl))
        shown = self.numbering.label(num_id, str(ilvl))
        if level is not None and _val(level.find(f"{W}numFmt")) == "bullet":
            return BULLET_LABELS.get((_val(level.find(f"{W}lvlText")) or "").strip(), "-")
        return shown.strip()


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")
