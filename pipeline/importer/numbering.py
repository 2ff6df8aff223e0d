"""Word's automatic list numbering: the number it prints before a paragraph.

A numbered paragraph holds no number in its text: it names a list (``w:numId``)
and a level (``w:ilvl``), directly or through its paragraph style, and
``numbering.xml`` says how that level is written (``%1.``, ``%1.%2.``, ``%1)``,
a bullet) and counted (start value, restart after a higher level). This module
counts the way Word does (ECMA-376 Part 1, §17.9) for the formats
administrative documents use: decimal, upper/lower Roman, lower/upper letter and
bullets.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.common import vnformat

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET_LABELS = {"-": "-", "\u2013": "-", "\u2014": "-", "+": "+", "*": "*", "\u2022": "-", "\u00b7": "-",
                 "o": "-", "\uf02d": "-", "\uf0b7": "-", "\uf0a7": "-", "\uf0d8": "-", "\uf02b": "+"}
"""Bullet characters as printed (Symbol/Wingdings private-use code points included) -> the marker they stand for."""


def _letter(n: int) -> str:
    """``a``…``z`` then ``aa`` … as Word writes ``lowerLetter``."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": vnformat.roman,
    "lowerRoman": lambda n: vnformat.roman(n).lower(),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
}


class ListNumbering:
    """Counts the automatic numbers of a document's paragraphs, in reading order.

    Args:
        numbering_xml: the bytes of ``word/numbering.xml`` (``None`` when the file has none).
        styles_xml: the bytes of ``word/styles.xml``, for numbering set in a paragraph style.
    """

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # abstract id -> ilvl -> (fmt, text, start)
        self.nums: dict[str, str] = {}                                  # numId -> abstract id
        self.overrides: dict[str, dict[int, int]] = {}                  # numId -> ilvl -> start
        self.style_numbering: dict[str, tuple[str, int]] = {}           # style id -> (numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering_xml:
            self._read_numbering(etree.fromstring(numbering_xml))
        if styles_xml:
            self._read_styles(etree.fromstring(styles_xml))

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{W}lvl"):
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = int(_val(lvl.find(f"{W}start")) or 1)
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (fmt, text, start)
            self.levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            self.nums[num_id] = _val(num.find(f"{W}abstractNumId"))
            self.overrides[num_id] = {int(o.get(f"{W}ilvl", "0")): int(_val(o.find(f"{W}startOverride")))
                                      for o in num.findall(f"{W}lvlOverride")
                                      if o.find(f"{W}startOverride") is not None}

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
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [0] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                counters[level] = start - 1
        fmt, text, start = levels[ilvl]
        counters[ilvl] = max(counters[ilvl], start - 1) + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        if fmt == "bullet":
            return BULLET_LABELS.get(text.strip(), "-")
        if fmt == "none":
            return text.strip()

        def number(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            value = counters[level] or level_start
            return FORMATS.get(level_fmt, str)(value)

        return re.sub(r"%(\d)", number, text).strip()


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")
