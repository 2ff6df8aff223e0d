"""Recognising the top of a document: letterhead, number, place and date, type,
abstract (``V/v`` for a công văn) and Kính gửi (ND30 Phụ lục I mục II.1–II.5, II.9).

The letterhead may be a borderless two-column table, tab-aligned paragraphs or
paragraphs one under the other; rules may be paragraph borders, drawn lines or
typed underscores. So the parts are found by their text (``Số:``, ``…, ngày …
tháng … năm …``, the national motto, upper-case agency lines), not by position.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.common import vnformat
from pipeline.importer.parts import RULE_RE, ImportedDocument, Issue, fold, is_upper
from pipeline.importer.reading import Block

NUMBER_RE = re.compile(r"Số\s*:?\s*(\d*)\s*/\s*([^\s/,;]+)")
DATE_RE = re.compile(r"([^\t\n,]*?)\s*,\s*ngày\s*([\d.…\s]*?)\s*tháng\s*([\d.…\s]*?)\s*năm\s*(\d{4})")
MOTTO_RE = re.compile(r"(?i)c[ộô]ng\s+h[òoà]a\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam|"
                      r"đ[ộo]c\s+l[ậa]p\s*[-–—]\s*t[ựu]\s+do\s*[-–—]\s*h[ạa]nh\s+ph[úu]c")
SUBJECT_RE = re.compile(r"^\s*V/[vV]\s*:?\s*")
ADDRESSEE_RE = re.compile(r"^\s*kính\s+gửi\s*:?\s*", re.IGNORECASE)
SEGMENT_SPLIT = re.compile(r"[\t\n]|\s{3,}")
LETTERHEAD_SPAN = 40
"""The letterhead is looked for in the first paragraphs only."""
SUBJECT_LINE = 90
"""A line of a công văn's abstract is short (it sits under the number, 6-7 cm wide)."""
LINE_LIMIT = 160
"""A longer paragraph is body text, not a letterhead line."""
TYPES = {fold(name): name for name in vnformat.DOCUMENT_TYPES}


def read_header(blocks: list[Block], doc: ImportedDocument) -> int:
    """Fill ``doc.general`` with the letterhead, reference, type, abstract and Kính gửi.

    Args:
        blocks: the document's paragraphs (:func:`pipeline.importer.reading.read_docx`).
        doc: the document being recognised; gets ``general`` values, claimed
            paragraphs and issues.

    Returns:
        The index in ``blocks`` of the first paragraph after the header (the body starts there).
    """
    end = _letterhead_end(blocks)
    agency: list[tuple[str, bool]] = []
    subject: list[str] = []
    for block in blocks[:end]:
        _letterhead_block(block, doc, agency, subject)
    _agencies(agency, doc)
    i = end
    i = _skip_blank(blocks, i)
    if i < len(blocks) and not subject and fold(blocks[i].text) in TYPES:
        doc.general["Tên loại"] = TYPES[fold(blocks[i].text)]
        doc.claimed.add(blocks[i].number)
        i = _skip_blank(blocks, i + 1)
        while i < len(blocks) and blocks[i].text.strip() and not RULE_RE.match(blocks[i].text) \
                and (blocks[i].bold or blocks[i].centered) and not ADDRESSEE_RE.match(blocks[i].text):
            subject.append(blocks[i].text)
            doc.claimed.add(blocks[i].number)
            i += 1
    if subject:
        doc.general["Trích yếu"] = " ".join(" ".join(subject).split())
    else:
        doc.issues.append(Issue(0, "", "không thấy trích yếu (dòng dưới tên loại, hoặc «V/v …» dưới số của "
                                "công văn); hãy điền mục «Trích yếu» trong thong_tin_chung"))
    i = _skip_blank(blocks, i)
    return _addressees(blocks, i, doc)


def _letterhead_end(blocks: list[Block]) -> int:
    """Index just after the letterhead: the last number/date/motto paragraph among the
    first ones, extended to the end of its table."""
    last = -1
    for index, block in enumerate(blocks[:LETTERHEAD_SPAN]):
        if fold(block.text) in TYPES or ADDRESSEE_RE.match(block.text) or len(block.text) > LINE_LIMIT:
            break  # the letterhead is above the type line, the Kính gửi and the body
        if NUMBER_RE.search(block.text) or DATE_RE.search(block.text) or MOTTO_RE.search(block.text):
            last = index
    if last < 0:
        return 0
    table = blocks[last].cell[0] if blocks[last].cell else None
    while table is not None and last + 1 < len(blocks) and blocks[last + 1].cell \
            and blocks[last + 1].cell[0] == table:
        last += 1
    nxt = last + 1  # a công văn typed without a table: «V/v …» under the number line
    while nxt < len(blocks) and not blocks[nxt].text.strip():
        nxt += 1
    if nxt < len(blocks) and SUBJECT_RE.match(blocks[nxt].text):
        last = nxt
        while last + 1 < len(blocks) and _continues_subject(blocks[nxt], blocks[last + 1]):
            last += 1  # the abstract typed over several paragraphs (Enter at each line's end)
    return last + 1


def _continues_subject(first: Block, block: Block) -> bool:
    """A paragraph right under a «V/v …» line, aligned like it, short, not Kính gửi nor a numbered line."""
    text = block.text.strip()
    return bool(text) and block.centered == first.centered and len(text) < SUBJECT_LINE and \
        not ADDRESSEE_RE.match(text) and not DATE_RE.search(text) and not re.match(r"[IVX\d]+\.|[-+]\s", text)


def _letterhead_block(block: Block, doc: ImportedDocument, agency: list[tuple[str, bool]],
                      subject: list[str]) -> None:
    text = block.text
    found = False
    number = NUMBER_RE.search(text)
    if number:
        doc.general["Số"] = number.group(1)
        doc.general["Ký hiệu"] = number.group(2)
        text = text[:number.start()] + "\t" + text[number.end():]
        found = True
    dated = DATE_RE.search(text)
    if dated:
        _date_line(dated, block, doc)
        text = text[:dated.start()] + "\t" + text[dated.end():]
        found = True
    text, mottos = MOTTO_RE.subn("\t", text)
    found = found or bool(mottos)
    for segment in SEGMENT_SPLIT.split(text):
        segment = segment.strip()
        if RULE_RE.match(segment):
            continue
        if SUBJECT_RE.match(segment):
            subject.append(SUBJECT_RE.sub("", segment))
        elif subject and not is_upper(segment):
            subject.append(segment)  # the abstract of a công văn over several lines
        elif is_upper(segment) and not subject:
            agency.append((segment, block.bold))
        else:
            doc.issues.append(Issue(block.number, block.first_words, "phần đầu văn bản: cần tên cơ quan (in hoa), "
                                    "«Số: …/…», «…, ngày … tháng … năm …» hoặc «V/v …»; dòng này không được nhập"))
            continue
        found = True
    if found or not block.text.strip():
        doc.claimed.add(block.number)


def _date_line(match: re.Match, block: Block, doc: ImportedDocument) -> None:
    doc.general["Địa danh"] = " ".join(match.group(1).split())
    doc.general["Năm"] = match.group(4)
    doc.general["Ngày ban hành"] = ""
    day, month = re.sub(r"\D", "", match.group(2)), re.sub(r"\D", "", match.group(3))
    if not (day and month):
        return  # a draft: day and month left blank
    try:
        issued = date(int(match.group(4)), int(month), int(day))
    except ValueError:
        doc.issues.append(Issue(block.number, block.first_words, "ngày ban hành không có thật; đã để trống "
                                "«Ngày ban hành» (dự thảo)"))
        return
    doc.general["Ngày ban hành"] = f"{issued.day:02d}/{issued.month:02d}/{issued.year}"


def _agencies(lines: list[tuple[str, bool]], doc: ImportedDocument) -> None:
    """Parent agency (not bold) and issuer (bold, maybe over two lines) (ND30 Phụ lục I mục II.2)."""
    if not lines:
        doc.issues.append(Issue(0, "", "không thấy tên cơ quan ban hành (in hoa, ở góc trái trên cùng); "
                                "hãy điền mục «Cơ quan ban hành»"))
        return
    texts = [text for text, _ in lines]
    if len(lines) > 1 and not all(bold for _, bold in lines):
        doc.general["Cơ quan chủ quản"] = texts[0]
        texts = texts[1:]
    doc.general["Cơ quan ban hành"] = "\n".join(texts)


def _skip_blank(blocks: list[Block], i: int) -> int:
    while i < len(blocks) and (not blocks[i].text.strip() or RULE_RE.match(blocks[i].text)):
        i += 1
    return i


def _addressees(blocks: list[Block], i: int, doc: ImportedDocument) -> int:
    """The Kính gửi block: ``Kính gửi: X.`` or ``Kính gửi:`` then ``- X;`` lines (ND30 Phụ lục I mục II.9)."""
    if i >= len(blocks) or not ADDRESSEE_RE.match(blocks[i].text):
        return i
    names = []
    first = ADDRESSEE_RE.sub("", blocks[i].text).strip()
    doc.claimed.add(blocks[i].number)
    if first:
        names.append(first)
    i += 1
    while i < len(blocks) and blocks[i].text.strip().startswith(("-", "–", "+", "•")) and \
            (not names or names[-1].rstrip().endswith((";", ",")) or names[0].lstrip().startswith("-")):
        names.append(blocks[i].text.strip())
        doc.claimed.add(blocks[i].number)
        i += 1
    cleaned = [name.strip().lstrip("-–•+ \t").rstrip(";,. ") for name in names]
    doc.general["Kính gửi"] = "\n".join(name for name in cleaned if name)
    return i
