"""Recognising the end of a document: Nơi nhận, the Lưu line and the signature block
(ND30 Phụ lục I mục II.7–II.8), beside each other in a table, in tab-aligned
paragraphs, or the signature above the Nơi nhận.
"""

from __future__ import annotations

import re

from pipeline.importer.parts import RULE_RE, ImportedDocument, Issue, fold, is_upper
from pipeline.importer.reading import Block

RECIPIENTS_RE = re.compile(r"^\s*nơi\s+nhận\s*:?", re.IGNORECASE)
ARCHIVE_RE = re.compile(r"^\s*[-–+•]?\s*lưu\s*:?\s*", re.IGNORECASE)
SAME_AS_ABOVE = "như trên"
NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\s\d.,;:()/]*\s+){1,5}[A-ZĐÀ-Ỹ][^\s\d.,;:()/]*$")
"""A signer's name: two to six capitalised words (nd30.md §3.8: no academic titles)."""
APPENDIX_RE = re.compile(r"^\s*phụ\s+lục\b", re.IGNORECASE)
SIGNATURE_SPAN = 14
"""How many paragraphs above the Nơi nhận a signature block may start."""


def find_closing(blocks: list[Block], start: int) -> tuple[int, int]:
    """Where the closing part starts and ends.

    Args:
        blocks: all paragraphs; start: the first body paragraph.

    Returns:
        ``(first, end)``: the first paragraph of Nơi nhận or of the signature
        block, whichever comes first (``len(blocks)`` when neither is found), and
        the index where an appendix starts (``len(blocks)`` when none).
    """
    end = len(blocks)
    first = next((i for i in range(start, end) if RECIPIENTS_RE.match(blocks[i].text)), None)
    if first is None:
        first = _signature_start(blocks, end - 1, start)
        if first is None:
            return end, end
    elif blocks[first].cell:
        table = blocks[first].cell[0]
        while first > start and blocks[first - 1].cell and blocks[first - 1].cell[0] == table:
            first -= 1
    else:
        above = _signature_start(blocks, first - 1, max(start, first - SIGNATURE_SPAN))
        first = above if above is not None else first
    appendix = next((i for i in range(first + 1, end) if APPENDIX_RE.match(blocks[i].text)
                     and not blocks[i].cell), end)
    return first, appendix


def _signature_start(blocks: list[Block], last: int, lowest: int) -> int | None:
    """Index of the first title line of a signature block ending at or above ``last``."""
    i = last
    while i >= lowest and not blocks[i].text.strip():
        i -= 1
    if i < lowest or not NAME_RE.match(blocks[i].text.strip()):
        return None
    i -= 1
    while i >= lowest and not blocks[i].text.strip():
        i -= 1
    top = None
    while i >= lowest and is_upper(blocks[i].text) and len(blocks[i].text) < 80 and blocks[i].text.strip():
        top = i
        i -= 1
    return top


def read_closing(blocks: list[Block], doc: ImportedDocument) -> list[str]:
    """Fill the Lưu line and the signer; return the Nơi nhận lines as printed (without
    ``- `` and the final ``;``), ``- Như trên`` left out (it comes from Kính gửi).

    Args:
        blocks: the paragraphs of the closing part (from :func:`find_closing`).
        doc: gets ``Lưu``, ``Quyền hạn, chức vụ người ký``, ``Người ký``, claims and issues.
    """
    left_col = next((b.cell[2] for b in blocks if b.cell and RECIPIENTS_RE.match(b.text)), 0)
    left: list[tuple[Block, str]] = []
    right: list[tuple[Block, str]] = []
    for block in blocks:
        if block.cell:
            side = left if block.cell[2] == left_col else right
            side.extend((block, line) for line in block.text.split("\n"))
            continue
        for segment in block.text.split("\t"):
            if not segment.strip():
                continue
            (left if RECIPIENTS_RE.match(segment) or segment.strip().startswith(("-", "–", "+", "•"))
             else right).append((block, segment))
    lines = _recipient_lines(left, doc)
    _signature(right, doc)
    for block in blocks:
        if not block.text.strip() or RULE_RE.match(block.text):
            doc.claimed.add(block.number)
    return lines


def _recipient_lines(left: list[tuple[Block, str]], doc: ImportedDocument) -> list[str]:
    lines: list[str] = []
    for block, text in left:
        text = text.strip()
        if not text:
            continue
        doc.claimed.add(block.number)
        if RECIPIENTS_RE.match(text):
            text = RECIPIENTS_RE.sub("", text).strip()
            if not text:
                continue
        if ARCHIVE_RE.match(text):
            doc.general["Lưu"] = ARCHIVE_RE.sub("", text).rstrip(". ")
            continue
        if not text.startswith(("-", "–", "+", "•")) and lines and not lines[-1].endswith((";", ".")):
            lines[-1] += " " + text  # a long line continued with Enter
            continue
        lines.append(text)
    cleaned = [line.lstrip("-–+• ").rstrip(";,. ") for line in lines]
    if "Lưu" not in doc.general:
        doc.issues.append(Issue(0, "", "không thấy dòng «- Lưu: VT, …» ở cuối nơi nhận; hãy điền mục «Lưu»"))
    same = [line for line in cleaned if fold(line) == SAME_AS_ABOVE]
    if same and "Kính gửi" not in doc.general:
        doc.issues.append(Issue(0, same[0], "«- Như trên;» chỉ in khi có khối Kính gửi (ND30 Phụ lục I mục II.9); "
                                "văn bản này không có Kính gửi nên dòng này không được nhập"))
    return [line for line in cleaned if fold(line) != SAME_AS_ABOVE]


def _signature(right: list[tuple[Block, str]], doc: ImportedDocument) -> None:
    titles: list[str] = []
    name = ""
    for block, text in right:
        text = " ".join(text.split())
        if not text:
            continue
        if is_upper(text) and not name:
            titles.append(text)
        elif NAME_RE.match(text) and not name:
            name = text
        else:
            doc.issues.append(Issue(block.number, block.first_words, "khối chữ ký: cần quyền hạn, chức vụ "
                                    "(in hoa) rồi họ tên người ký; dòng này không được nhập"))
            continue
        doc.claimed.add(block.number)
    if titles:
        doc.general["Quyền hạn, chức vụ người ký"] = "\n".join(titles)
    if name:
        doc.general["Người ký"] = name
    if not (titles and name):
        doc.issues.append(Issue(0, "", "không thấy đủ khối chữ ký (chức vụ in hoa, họ tên người ký); hãy điền "
                                "mục «Quyền hạn, chức vụ người ký» và «Người ký»"))
