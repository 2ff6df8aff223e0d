"""An estimate of how many pages a document fills, from its text (no rendering).

ND30 asks for page numbers from page 2 only, so a one-page document needs none. The
page count is not stored reliably in a .docx (``docProps/app.xml`` ``<Pages>`` is
whatever the last program wrote: python-docx and docxtpl copy it from the template)
and rendering needs LibreOffice, so the checker estimates it:

* the text area of the first section (page size minus margins and gutter);
* each paragraph fills ``ceil(characters × average width / line width)`` lines, an
  average Times New Roman character being ``0,5 ×`` the font size wide (Vietnamese
  text with its spaces measures 0,45–0,5 em), at the paragraph's line spacing (one
  line = 1,15 × the font size for single spacing), plus its space before and after;
* a table row is as tall as its tallest cell, cells splitting the width equally;
* explicit page breaks (``w:br w:type="page"``, ``w:pageBreakBefore``) start a page.

It is an estimate: it errs towards more pages only when the text nearly fills a page.
"""

from __future__ import annotations

import math

from pipeline.check.elements import Para
from pipeline.check.model import Model
from pipeline.check.ooxml import W, is_on, to_int

CHAR_WIDTH_EM = 0.5  # average width of a Times New Roman character (with spaces), in em
LINE_HEIGHT_EM = 1.15  # one single-spaced line of Times New Roman, in em


def text_area(model: Model) -> tuple[int, int]:
    """(width, height) of the text area in twips (A4 with 30/15/20/20 mm when unreadable)."""
    sect = model.sections[0] if model.sections else None
    size = sect.find(W + "pgSz") if sect is not None else None
    margins = sect.find(W + "pgMar") if sect is not None else None

    def get(el, name: str, default: int) -> int:
        return abs(to_int(el.get(W + name), default) or 0) if el is not None else default

    width = get(size, "w", 11906) - get(margins, "left", 1701) - get(margins, "right", 851) - get(margins, "gutter", 0)
    height = get(size, "h", 16838) - get(margins, "top", 1134) - get(margins, "bottom", 1134)
    return max(width, 1440), max(height, 1440)


def paragraph_height(para: Para, width: int) -> int:
    """Estimated height of ``para`` in twips when set in a column ``width`` twips wide."""
    sizes = [p.size for t, p in para.pieces if t.strip()]
    size = max(sizes) if sizes else 13.0
    text = para.text
    usable = max(width - max(para.left, 0), 720)
    chars = sum(len(part) for part in text.split("\n"))
    lines = max(1, math.ceil(chars * CHAR_WIDTH_EM * size * 20 / usable)) + text.count("\n")
    if para.line_rule == "auto":
        line = size * LINE_HEIGHT_EM * 20 * para.line / 240
    else:
        line = max(para.line, size * 20 if para.line_rule == "atLeast" else 0)
    return int(lines * line + para.before + para.after)


def _page_break_before(para: Para) -> bool:
    ppr = para.el.find(W + "pPr")
    if ppr is not None and is_on(ppr.find(W + "pageBreakBefore")):
        return True
    return any(br.get(W + "type") == "page" for br in para.el.iter(W + "br"))


def estimated_pages(model: Model) -> int:
    """Estimated number of pages of the body (at least 1)."""
    width, height = text_area(model)
    pages, used = 1, 0
    for block in model.blocks:
        if block.kind == "p":
            para = block.paras[0]
            if _page_break_before(para) and used:
                pages, used = pages + 1, 0
            needed = paragraph_height(para, width)
        else:
            rows: dict[tuple[int, int], int] = {}
            columns = max((p.cell[1] for p in block.paras), default=1)
            for para in block.paras:
                key = para.cell
                rows[key] = rows.get(key, 0) + paragraph_height(para, width // columns)
            heights: dict[int, int] = {}
            for (row, _col), value in rows.items():
                heights[row] = max(heights.get(row, 0), value)
            needed = sum(heights.values())
        used += needed
        while used > height:
            pages, used = pages + 1, used - height
    return pages
