"""Bảng trong văn bản: a :class:`~pipeline.document.model.DataTable` as a Word table that reads well on paper.

:func:`table_xml` is the one way every table of every document is printed (the report's
results, a clerk's data table, the recipient list appendix):

* column widths from the content: each column at least as wide as its longest word at
  the printed size (so no word is ever broken inside a syllable, ``khen thưởn g``), a
  header wraps between its words; the table fills the text width, the room left given
  to the columns by how much text they hold (the CSS "auto" table layout); a width
  declared in the data is kept;
* the font size shrinks (12 pt down to 9 pt) only when the longest words do not fit at 12 pt;
* optional columns with no text in any row are left out;
* every row is kept whole on its page (``w:cantSplit``) and the header row is repeated on
  every page (``w:tblHeader``); a group heading keeps with the row after it;
* numbers right-aligned, group rows merged across all columns (bold), the total row bold.

Text widths are measured with the advance widths of Times New Roman (from Liberation Serif,
metric-compatible, in ``font_metrics.json``, written by ``scripts/make_font_metrics.py``), so
the same data gives the same bytes on every machine; a character not in that table counts
as 1 em (wider than any Vietnamese letter), so an estimate errs on the wide side.
ND30 has no rule on tables; the font is the document's (ND30 Phụ lục I mục I.2, nd30.md §9).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from html import escape as html_escape
from importlib import resources

from pipeline.common.errors import InputError, VanbanError
from pipeline.document.model import DataTable, GroupRow

TEXT_WIDTH = 9354
"""Twips: A4 (210 mm) less the 30 mm and 15 mm margins of the bundled templates (ND30 Phụ lục I mục I.4)."""
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN = 108
"""Twips at each side of a cell's text (Word's default), written into every table."""
SLACK = 40
"""Twips added to a column's narrowest width, for rounding in Word's and LibreOffice's layout."""
SIZES = (24, 23, 22, 21, 20, 19, 18)
"""Font sizes tried, in half-points: 12 pt first, down to 9 pt for a wide table."""
UNKNOWN_EM = 1000
ALIGNMENTS = ("left", "center", "right")


@lru_cache(maxsize=1)
def _metrics() -> dict[str, dict[str, int]]:
    text = resources.files("pipeline.render").joinpath("font_metrics.json").read_text(encoding="utf-8")
    return json.loads(text)


def text_width(text: str, size: int, bold: bool) -> float:
    """The width of ``text`` on one line in Times New Roman.

    Args:
        text: the text (NFC).
        size: the font size in half-points (24 = 12 pt).
        bold: measured in the bold face.

    Returns:
        The width in twips (1/1440 inch): the sum of the characters' advance widths;
        a character the metrics do not hold counts 1 em.
    """
    widths = _metrics()["bold" if bold else "regular"]
    units = sum(widths.get(char, UNKNOWN_EM) for char in text)
    return units / 1000 * size * 10  # half-points → twips: size / 2 pt × 20


def escape(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` escaped, quotes kept, exactly as
    ``xml.sax.saxutils.escape`` (which imports urllib.request, http and ssl: 20 ms of every build)."""
    return html_escape(text, quote=False)


@dataclass(frozen=True)
class Layout:
    """How a table is laid out: the columns kept, their widths and the font size.

    Attributes:
        kept: positions (0-based) of the columns printed.
        widths: twips, one per kept column, adding up to the table's width.
        size: font size in half-points.
    """

    kept: list[int]
    widths: list[int]
    size: int


def kept_columns(table: DataTable) -> list[int]:
    """The positions of the columns to print: all but the optional ones with no text in any row."""
    cells = [row for row in table.rows if not isinstance(row, GroupRow)]
    return [i for i, column in enumerate(table.columns)
            if not column.optional or any(row[i].strip() for row in cells)]


def column_widths(table: DataTable, width: int = TEXT_WIDTH) -> Layout:
    """Lay out ``table`` on ``width`` twips.

    At the largest size of :data:`SIZES` at which every column is at least as wide as its
    longest word (header words bold, total row bold) plus the cell margins: a declared
    ``width_mm`` is kept; if the other columns fit on one line each they get their full
    text width and the room left goes to the left-aligned (text) columns; otherwise each
    gets its narrowest width plus a share of the room left in proportion to how much
    wider its text is (CSS 2.1 §17.5.2.2, automatic table layout).

    Raises:
        InputError (at the table's file) or VanbanError (a computed table): the longest
            words do not fit even at 9 pt: too many columns for the page.
    """
    kept = kept_columns(table)
    for size in SIZES:
        lows, highs = _bounds(table, kept, size)
        fixed = {i: round(table.columns[c].width_mm * TWIPS_PER_MM)
                 for i, c in enumerate(kept) if table.columns[c].width_mm}
        free = width - sum(fixed.values())
        auto = [i for i in range(len(kept)) if i not in fixed]
        if sum(lows[i] for i in auto) <= free and all(fixed[i] >= lows[i] for i in fixed):
            return Layout(kept, _share(lows, highs, fixed, auto, free, table, kept), size)
    lows, _ = _bounds(table, kept, SIZES[-1])
    need = round(sum(lows) / TWIPS_PER_MM)
    message = (f"bảng quá rộng cho trang giấy: ở cỡ chữ {SIZES[-1] // 2} các cột cần ít nhất {need} mm "
               f"(kể cả độ rộng đã khai) mà dòng chữ chỉ rộng {round(width / TWIPS_PER_MM)} mm; hãy bớt cột, "
               "rút ngắn từ dài nhất của tiêu đề hay bớt độ rộng đã khai")
    if table.location is not None:
        raise InputError(table.location, message)
    raise VanbanError(message)


def _bounds(table: DataTable, kept: list[int], size: int) -> tuple[list[float], list[float]]:
    """Narrowest (longest word, header included) and widest (longest body cell on one line) width of
    each kept column: a header wraps between its words rather than widening its column."""
    pad = 2 * CELL_MARGIN + SLACK
    rows = [(table.header, True)] + [(row, table.total_row and index == len(table.rows) - 1)
                                     for index, row in enumerate(table.rows) if not isinstance(row, GroupRow)]
    lows, highs = [], []
    for column in kept:
        texts = [(row[column], bold) for row, bold in rows]
        low = max(text_width(word, size, bold) for text, bold in texts for word in text.split() or [""]) + pad
        lows.append(low)
        highs.append(max([low] + [text_width(text, size, bold) + pad for text, bold in texts[1:]]))
    return lows, highs


def _share(lows: list[float], highs: list[float], fixed: dict[int, int], auto: list[int], free: int,
           table: DataTable, kept: list[int]) -> list[int]:
    widths = [float(fixed.get(i, 0)) for i in range(len(kept))]
    if sum(highs[i] for i in auto) <= free:
        textual = [i for i in auto if table.columns[kept[i]].align == "left"] or auto
        room = free - sum(highs[i] for i in auto)
        weight = sum(highs[i] for i in textual)
        for i in auto:
            widths[i] = highs[i] + (room * highs[i] / weight if i in textual and weight else 0)
    elif auto:
        room = free - sum(lows[i] for i in auto)
        spread = sum(highs[i] - lows[i] for i in auto)
        for i in auto:
            widths[i] = lows[i] + (room * (highs[i] - lows[i]) / spread if spread else room / len(auto))
    result = [int(w) for w in widths]
    if auto:  # whole twips: the rounding goes to the widest automatic column
        result[max(auto, key=lambda i: result[i])] += sum(fixed.values()) + free - sum(result)
    return result


def table_xml(table: DataTable, style_id: str, width: int = TEXT_WIDTH) -> str:
    """The ``<w:tbl>`` of ``table``, laid out by :func:`column_widths`.

    Args:
        table: the table; its header, rows and columns must have equal lengths.
        style_id: the template's table style id (``Table Grid``: the borders).
        width: the text width in twips (default: A4 with 30 mm and 15 mm margins).

    Returns:
        The table XML, to be put among the body's paragraphs (followed by a paragraph,
        so that two tables never join).

    Raises:
        ValueError: a row whose length is not the header's (a program error: data tables
            are checked when read, :mod:`pipeline.document.model.data_tables`).
        InputError, VanbanError: as :func:`column_widths`.
    """
    for row in table.rows:
        if not isinstance(row, GroupRow) and len(row) != len(table.header):
            raise ValueError(f"dòng {row!r} có {len(row)} ô, tiêu đề có {len(table.header)}")
    if len(table.columns) != len(table.header) or any(c.align not in ALIGNMENTS for c in table.columns):
        raise ValueError(f"cần {len(table.header)} cột, mỗi cột canh {ALIGNMENTS}")
    layout = column_widths(table, width)
    rows = [_row([table.header[c] for c in layout.kept], ["center"] * len(layout.kept), layout, bold=True,
                 header=True)]
    aligns = [table.columns[c].align for c in layout.kept]
    for index, row in enumerate(table.rows):
        if isinstance(row, GroupRow):
            rows.append(_merged_row(row, layout))
        else:
            total = table.total_row and index == len(table.rows) - 1
            rows.append(_row([row[c] for c in layout.kept], aligns, layout, bold=total))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in layout.widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{escape(style_id)}"/><w:tblW w:w="{sum(layout.widths)}" '
            'w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
            f'</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def _row(cells: list[str], aligns: list[str], layout: Layout, bold: bool, header: bool = False) -> str:
    props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    xml = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
           + _paragraph(text, align, layout.size, bold, False, False) + "</w:tc>"
           for text, align, w in zip(cells, aligns, layout.widths)]
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(xml)}</w:tr>"


def _merged_row(row: GroupRow, layout: Layout) -> str:
    span = len(layout.widths)
    return (f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{sum(layout.widths)}" w:type="dxa"/>'
            + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + '<w:vAlign w:val="center"/></w:tcPr>'
            + _paragraph(row.text, "left", layout.size, not row.note, row.note, not row.note) + "</w:tc></w:tr>")


def _paragraph(text: str, align: str, size: int, bold: bool, italic: bool, keep_next: bool) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    return (f'<w:p><w:pPr>{keep}<w:spacing w:before="20" w:after="20"/><w:ind w:firstLine="0"/>'
            f'<w:jc w:val="{align}"/></w:pPr><w:r><w:rPr>{props}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            f'</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
