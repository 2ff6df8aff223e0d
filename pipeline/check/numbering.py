"""Word's automatic numbering and bullets, rendered as Word displays them.

A paragraph with ``w:numPr`` (directly or through its style) shows a label that is
not in its runs: the level's ``w:lvlText`` with ``%1``…``%9`` replaced by the
counters of levels 1–9 in each level's ``w:numFmt`` (``decimal`` 1, ``decimalZero``
01, ``lowerLetter`` a, ``upperLetter`` A, ``lowerRoman`` i, ``upperRoman`` I,
``bullet``: the text itself, ``none``: nothing). Counters follow Word:

* paragraphs whose ``w:num`` instances share one ``w:abstractNum`` continue one
  sequence; a ``w:lvlOverride/w:startOverride`` restarts the level the first time
  its ``w:num`` is used;
* a level starts at ``w:start`` (1 when absent) and restarts whenever a higher level
  advances (``w:lvlRestart`` is not modelled: Word's default);
* bullets drawn from the Symbol or Wingdings private-use area (U+F0B7…) are read as
  the character they show (•, ▪, ➢, ✓, -).

The label is followed by its ``w:suff`` separator, read as one space (a tab after a
label shows as blank space up to the hanging indent, not as a column; ``nothing``:
no separator). Source: ECMA-376 Part 1, §17.9 (Numbering).
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from lxml import etree

from pipeline.check.ooxml import W, to_int
from pipeline.common.vnformat import roman

# Symbol / Wingdings glyphs in the private-use area that Word uses for bullets
_PRIVATE_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf02d": "-", "\uf0a8": "□",
                    "\uf076": "❖", "\uf0e0": "➔", "\uf06f": "o", "\uf0a6": "◦"}


def _letter(value: int) -> str:
    """Word's letter numbering: a…z, then aa…zz, aaa… (the letter repeated)."""
    if value <= 0:
        return ""
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_counter(value: int, fmt: str) -> str:
    """A counter in a ``w:numFmt``: ``format_counter(4, "upperRoman") == "IV"``; unknown formats as decimal."""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letter(value)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        if not 1 <= value <= 3999:  # no Roman numeral: shown as a number, as LibreOffice shows it
            return str(value)
        text = roman(value)
        return text.lower() if fmt == "lowerRoman" else text
    if fmt == "none":
        return ""
    return str(value)


class _Lists(NamedTuple):
    abstract_of: dict[str, str]  # numId → abstractNumId
    overrides: dict[str, dict[str, etree._Element]]  # numId → ilvl → w:lvlOverride
    levels: dict[str, dict[str, etree._Element]]  # abstractNumId → ilvl → w:lvl


class Numbering:
    """The numbering part of a document and the running counters of its lists.

    ``label(num_id, ilvl)`` must be called once per numbered paragraph, in document
    order: it advances the counters and returns the displayed label (``"1."``,
    ``"a)"``, ``"-"``) with its separator, or ``""`` when the level shows nothing.
    """

    def __init__(self, root: etree._Element | None):
        self._root = root
        self._counters: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()

    @cached_property
    def _lists(self) -> _Lists:
        """The list definitions of the part, indexed on first use (most letters have no list)."""
        lists = _Lists({}, {}, {})
        if self._root is None:
            return lists
        for anum in self._root.iter(W + "abstractNum"):
            lists.levels[anum.get(W + "abstractNumId")] = {lvl.get(W + "ilvl"): lvl for lvl in anum.iter(W + "lvl")}
        for num in self._root.iter(W + "num"):
            num_id = num.get(W + "numId")
            abstract = num.find(W + "abstractNumId")
            if abstract is not None:
                lists.abstract_of[num_id] = abstract.get(W + "val")
            lists.overrides[num_id] = {o.get(W + "ilvl"): o for o in num.iter(W + "lvlOverride")}
        return lists

    def level(self, num_id: str, ilvl: str) -> etree._Element | None:
        """The ``w:lvl`` shown for this list and level (an override's own level first)."""
        override = self._lists.overrides.get(num_id, {}).get(ilvl)
        if override is not None and override.find(W + "lvl") is not None:
            return override.find(W + "lvl")
        return self._lists.levels.get(self._lists.abstract_of.get(num_id), {}).get(ilvl)

    def ppr(self, num_id: str, ilvl: str) -> etree._Element | None:
        """The level's paragraph properties (its indents), or None."""
        lvl = self.level(num_id, ilvl)
        return lvl.find(W + "pPr") if lvl is not None else None

    def _start(self, num_id: str, ilvl: str) -> int:
        lvl = self.level(num_id, ilvl)
        start = lvl.find(W + "start") if lvl is not None else None
        return to_int(start.get(W + "val"), 1) if start is not None else 1

    def label(self, num_id: str, ilvl: str) -> str:
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return ""
        key = self._lists.abstract_of.get(num_id, "num:" + num_id)
        counters = self._counters.setdefault(key, {})
        level = to_int(ilvl, 0) or 0
        if num_id not in self._used:
            self._used.add(num_id)
            for o_ilvl, override in self._lists.overrides.get(num_id, {}).items():
                start = override.find(W + "startOverride")
                if start is not None:
                    counters[to_int(o_ilvl, 0) or 0] = (to_int(start.get(W + "val"), 1) or 0) - 1
        counters[level] = counters[level] + 1 if level in counters else self._start(num_id, ilvl)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt_el = lvl.find(W + "numFmt")
        fmt = fmt_el.get(W + "val") if fmt_el is not None else "decimal"
        text_el = lvl.find(W + "lvlText")
        pattern = text_el.get(W + "val") if text_el is not None else ""
        if fmt == "none" or not pattern:
            return ""
        if fmt == "bullet":
            text = "".join(_PRIVATE_BULLETS.get(ch, ch) for ch in pattern)
        else:
            text = pattern
            for number in range(1, 10):
                if f"%{number}" in text:
                    value = counters.get(number - 1, self._start(num_id, str(number - 1)))
                    level_el = self.level(num_id, str(number - 1))
                    level_fmt = level_el.find(W + "numFmt") if level_el is not None else None
                    shown = format_counter(value, level_fmt.get(W + "val") if level_fmt is not None else "decimal")
                    text = text.replace(f"%{number}", shown)
        suffix = lvl.find(W + "suff")
        return text if suffix is not None and suffix.get(W + "val") == "nothing" else text + " "
