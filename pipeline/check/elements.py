"""What the reading layer hands to the rules: runs, paragraphs, segments and blocks.

A :class:`Para` is one paragraph as Word shows it (automatic list labels included,
see :mod:`pipeline.check.numbering`) with its effective formatting; a :class:`Seg`
is the part of a paragraph between tabs and line breaks (one column of a letterhead
laid out with tabs); a :class:`Block` is a top-level paragraph or table of the body.
No rule lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from pipeline.check.text import excerpt, has_lower


@dataclass(frozen=True)
class RunProps:
    fonts: tuple[tuple[str, str | None], ...]  # (slot, font name or None when unknown)
    size: float
    bold: bool
    italic: bool
    caps: bool
    color: str  # "auto", "000000" or another hex value / description
    vert: str | None


@dataclass
class Para:
    el: etree._Element
    area: str  # body | table | header | footer | footnote | endnote
    number: int | None = None
    table: int | None = None
    cell: tuple[int, int] | None = None
    part: str | None = None
    note: str | None = None
    pieces: list[tuple[str, RunProps]] = field(default_factory=list)
    style_id: str | None = None
    jc: str = "left"
    left: int = 0
    first_line: int = 0
    before: int = 0
    after: int = 0
    line: int = 240
    line_rule: str = "auto"
    contextual: bool = False
    numbered: bool = False
    tab_stops: tuple[tuple[str, int], ...] = ()
    text: str = ""  # the text as Word shows it: the pieces' texts joined (set with the pieces)
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    """What is worked out from ``pieces`` alone (:func:`segments`, :meth:`visible` …), worked out
    once: the paragraphs of a batch that resolve to the same pieces share it (never changed but
    by adding what a pure function of the pieces gives)."""

    def visible(self) -> list[tuple[str, RunProps]]:
        """The pieces with text (not blank, not a tab or line break); the list is shared: do not change it."""
        vis = self.derived.get("visible")
        if vis is None:
            vis = self.derived["visible"] = [(t, p) for t, p in self.pieces if t.strip() and t not in ("\t", "\n")]
        return vis

    def where(self, text: str | None = None) -> str:
        shown = excerpt(self.text if text is None else text)
        quoted = f" «{shown}»" if shown else ""
        if self.area == "body":
            return f"đoạn {self.number}{quoted}"
        if self.area == "table":
            return f"bảng {self.table}, ô ({self.cell[0]}, {self.cell[1]}){quoted}"
        if self.area == "header":
            return f"đầu trang ({self.part}){quoted}"
        if self.area == "footer":
            return f"chân trang ({self.part}){quoted}"
        if self.area == "footnote":
            return f"chú thích {self.note}{quoted}"
        if self.area == "endnote":
            return f"chú thích cuối {self.note}{quoted}"
        return f"hộp văn bản{quoted}"

    def short_where(self) -> str:
        if self.area == "body":
            return f"đoạn {self.number}"
        if self.area == "table":
            return f"bảng {self.table} ô ({self.cell[0]}, {self.cell[1]})"
        return self.where("")


@dataclass
class Seg:
    """Part of a paragraph between tabs or line breaks (a column of a tab-laid letterhead)."""

    para: Para
    pieces: list[tuple[str, RunProps]]
    index: int
    line: int = 0
    col: int = 0
    text: str = field(init=False)  # the pieces' texts joined, stripped
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    """What is worked out from ``pieces`` alone, once (shared like :attr:`Para.derived`)."""

    def __post_init__(self) -> None:
        text = self.derived.get("text")
        if text is None:
            text = self.derived["text"] = "".join(t for t, _ in self.pieces).strip()
        self.text = text

    def once(self, name: str, work: Callable[[Seg], object]) -> object:
        """``work(self)``, a pure function of the pieces, worked out once for segments with these pieces."""
        try:
            return self.derived[name]
        except KeyError:
            value = self.derived[name] = work(self)
            return value

    def visible(self) -> list[tuple[str, RunProps]]:
        """The pieces with text (not blank); the list is shared: do not change it."""
        return self.once("visible", lambda seg: [(t, p) for t, p in seg.pieces if t.strip()])

    def sizes(self) -> set[float]:
        """The font sizes of the visible text (superscripts and subscripts left out); shared: do not change it."""
        return self.once("sizes", lambda seg: {p.size for _, p in seg.visible() if not p.vert})

    def all_bold(self) -> bool:
        return self.once("all_bold", lambda seg: bool(seg.visible()) and all(p.bold for _, p in seg.visible()))

    def any_bold(self) -> bool:
        return self.once("any_bold", lambda seg: any(p.bold for _, p in seg.visible()))

    def all_italic(self) -> bool:
        return self.once("all_italic", lambda seg: bool(seg.visible()) and all(p.italic for _, p in seg.visible()))

    def any_italic(self) -> bool:
        return self.once("any_italic", lambda seg: any(p.italic for _, p in seg.visible()))

    def is_upper(self) -> bool:
        """Printed in capitals (real capitals, or w:caps)."""
        return self.once("is_upper", lambda seg: all(p.caps or not has_lower(t) for t, p in seg.visible()))

    def where(self) -> str:
        return self.para.where(self.text)

    @property
    def cell_key(self):
        return (self.para.area, self.para.table, self.para.cell, self.para.number)


def segments(para: Para) -> list[Seg]:
    """Split a paragraph into lines (at line breaks) and columns (at tabs); empty ones included.

    The split is worked out once per :attr:`Para.derived` (the paragraphs of a batch resolved
    alike share it, with what their segments work out); the segments are new for each call."""
    split = para.derived.get("segments")
    if split is None:
        split = para.derived["segments"] = _split(para.pieces)
    return [Seg(para, pieces, index, line, col, derived) for index, (pieces, line, col, derived) in enumerate(split)]


def _split(pieces: list[tuple[str, RunProps]]) -> list[tuple[list, int, int, dict]]:
    """(pieces, line, column, what is derived from them) of each segment of ``pieces``."""
    lines: list[list[list[tuple[str, RunProps]]]] = [[[]]]
    for text, props in pieces:
        if text == "\n":
            lines.append([[]])
        elif text == "\t":
            lines[-1].append([])
        else:
            lines[-1][-1].append((text, props))
    return [(column, line_no, col_no, {}) for line_no, columns in enumerate(lines)
            for col_no, column in enumerate(columns)]


def columns(para: Para) -> tuple[list[Seg], list[Seg]]:
    """Left and right column of a paragraph laid out with tabs (Nơi nhận | chữ ký).

    A line that starts with a tab, with many spaces or in a paragraph indented more than
    5 cm belongs to the right column; otherwise its first column is the left one.
    """
    left: list[Seg] = []
    right: list[Seg] = []
    lines: dict[int, list[Seg]] = {}
    for seg in segments(para):
        lines.setdefault(seg.line, []).append(seg)
    for segs in lines.values():
        first = segs[0]
        raw = "".join(t for t, _ in first.pieces)
        if not first.text or raw.startswith(" " * 8) or para.left >= 2800:
            right.extend(s for s in segs if s.text)
        else:
            left.append(first)
            right.extend(s for s in segs[1:] if s.text)
    return left, right


@dataclass
class Block:
    kind: str  # "p" or "tbl"
    paras: list[Para]
    table: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def empty(self) -> bool:
        return not self.text.strip()
