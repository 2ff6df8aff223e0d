"""Recognising the body: each paragraph's level from its typed marker (``I.``,
``1.``, ``1.1.``, ``a)``, ``-``, ``+``) or Word's automatic number, bold paragraphs,
inline markup, footnotes, and the cited documents of the opening sentence.

The data numbers the body itself (ND30 Phụ lục I mục II.6: sections I, II…,
clauses restarting in each section, points a) b) …). A typed number that this
numbering would not give back (a clause ``1.2.`` with no ``1.`` above it) is kept
in the text of a plain paragraph, so the document prints the same, and the
paragraph is listed in the import report.
"""

from __future__ import annotations

import re
from datetime import date

from pipeline.common import vnformat
from pipeline.importer.parts import RULE_RE, BodyRow, ImportedDocument, Issue
from pipeline.importer.reading import Block
from pipeline.document.model import BASIS_COLS, BASIS_DATE_STYLES, BASIS_PLACEHOLDER

MARKER_RE = re.compile(r"^\s*(?P<marker>[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}(?:\.\d{1,2})+|[a-zđ]\)"
                       r"|[-–—•+*](?=\s))\s*")
DASHES = {"-": "-", "–": "-", "—": "-", "•": "-", "+": "+", "*": "*"}
CITATION_RE = re.compile(
    r"(?P<kind>công văn|kế hoạch|quyết định|chỉ thị|thông báo|hướng dẫn|nghị quyết|chương trình|thông tư|"
    r"nghị định|văn bản|báo cáo|tờ trình)\s+số\s+(?P<num>\d+)/(?P<sym>[^\s,;/]+),?\s+ngày\s+"
    r"(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s+của\s+(?P<issuer>[^;,*]+?)"
    r"(?:\s+về\s+(?P<about>[^;*]+?))?(?=;\s|,\s|\.\s|\.?$)", re.IGNORECASE)


def read_body(blocks: list[Block], footnotes: dict[str, str], doc: ImportedDocument) -> None:
    """Turn the body paragraphs into ``noi_dung`` rows, footnotes and ``can_cu`` rows.

    Args:
        blocks: the paragraphs between the header and the closing part.
        footnotes: footnote id -> markup text (from the .docx).
        doc: gets ``body``, ``footnotes``, ``basis``, claims and issues.
    """
    numbers: dict[str, str] = {}
    tables: set[int] = set()
    depth = -1  # deepest clause level open in the current section (-1: none, 0: a section)
    for block in blocks:
        if not block.text.strip() or (RULE_RE.match(block.text) and block.rule):
            doc.claimed.add(block.number)
            continue
        text = _renumber_notes(block.markup, footnotes, numbers, doc)
        if block.cell:
            if block.cell[0] not in tables:
                tables.add(block.cell[0])
                doc.issues.append(Issue(block.number, block.first_words, "bảng trong nội dung: dữ liệu chưa có "
                                        "cách ghi bảng tự do; các ô được nhập thành đoạn văn thường, theo thứ tự"))
            doc.body.append(BodyRow("", False, " ".join(text.split("\n")), block.number))
            doc.claimed.add(block.number)
            continue
        level, text, typed = _level(block, text)
        level, depth = _checked_level(level, depth, block, text, doc)
        if level == "" and typed:
            text = f"{typed} {text}"
            typed = ""
        if "\n" in text:
            doc.issues.append(Issue(block.number, block.first_words, "xuống dòng trong đoạn (Shift+Enter): dữ liệu "
                                    "mỗi đoạn một dòng, đã nối thành một đoạn"))
            text = " ".join(part.strip() for part in text.split("\n"))
        doc.body.append(BodyRow(level, block.bold, text.strip(), block.number, typed))
        doc.claimed.add(block.number)
    _citations(doc)


def _level(block: Block, text: str) -> tuple[str, str, str]:
    """The ``Cấp`` marker, the text without it, and the number as printed."""
    if block.auto_label:
        marker = block.auto_label
        rest = text
    else:
        plain = MARKER_RE.match(block.text)
        if not plain:
            return "", text, ""
        marker = plain.group("marker")
        rest = _drop_prefix(text, plain.group(0))
    if marker in DASHES:
        return DASHES[marker], rest, marker
    if re.fullmatch(r"[IVXLC]+\.", marker):
        return "I.", rest, marker
    if re.fullmatch(r"[a-zđ]\)", marker):
        return "a)", rest, marker
    digits = re.findall(r"\d+", marker)
    if digits and re.fullmatch(r"[\d.]+", marker):
        return ".".join(["1"] * len(digits)) + ".", rest, marker
    return "", (f"{marker} {rest}" if block.auto_label else text), ""


def _drop_prefix(markup: str, prefix: str) -> str:
    """Remove the typed marker ``prefix`` from the start of ``markup``, keeping any
    bold/italic mark that was opened over it (``**1. Tổ chức** …`` -> ``**Tổ chức** …``)."""
    markup = markup.lstrip()
    marks = re.match(r"^\*{0,3}", markup).group(0)
    body = markup[len(marks):]
    core = prefix.strip().replace("*", "\\*")
    if not body.startswith(core):
        return markup
    rest = body[len(core):]
    if marks and rest.startswith(marks):  # the marker alone was formatted
        return rest[len(marks):].lstrip()
    return marks + rest.lstrip()


def _checked_level(level: str, depth: int, block: Block, text: str, doc: ImportedDocument) -> tuple[str, int]:
    """Keep a level only where the automatic numbering can give it (a clause ``1.1.`` needs a
    ``1.`` above it in the section); otherwise the paragraph stays plain with its number typed."""
    if level == "I.":
        return level, 0
    if level.startswith("1"):
        wanted = level.count("1")
        if wanted <= depth + 1 or (depth == -1 and wanted == 1):
            return level, wanted
        doc.issues.append(Issue(block.number, block.first_words, f"số thứ tự cấp «{level}» không nằm dưới một "
                                "khoản cấp trên; đã nhập thành đoạn văn thường, giữ số như đã gõ"))
        return "", depth
    return level, depth


def _renumber_notes(markup: str, footnotes: dict[str, str], numbers: dict[str, str],
                    doc: ImportedDocument) -> str:
    """Footnote marks ``[^id]`` -> ``[^1]``, ``[^2]`` … in order, with a ``chu_thich`` row each."""
    def renumber(match: re.Match) -> str:
        key = match.group(1)
        if key not in numbers:
            numbers[key] = str(len(numbers) + 1)
            doc.footnotes.append((numbers[key], footnotes.get(key, "")))
        return f"[^{numbers[key]}]"

    return re.sub(r"\[\^([^\]\s]+)\]", renumber, markup)


def _citations(doc: ImportedDocument) -> None:
    """The first paragraph citing documents in the usual form (``công văn số 17713/UBND-NN
    ngày 22/11/2023 của …``, several joined by ``; ``) gets ``{căn cứ}`` and ``can_cu`` rows,
    when the data prints each citation back exactly as written."""
    for row in doc.body:
        matches = list(CITATION_RE.finditer(row.text))
        run = _joined_run(row.text, matches)
        if not run:
            continue
        rows = [_basis_row(match) for match in run]
        if any(r is None for r in rows):
            return
        doc.basis = rows
        row.text = row.text[:run[0].start()] + "{" + BASIS_PLACEHOLDER + "}" + row.text[run[-1].end():]
        return


def _joined_run(text: str, matches: list[re.Match]) -> list[re.Match]:
    """The first citations that follow each other separated by ``; ``."""
    if not matches:
        return []
    run = [matches[0]]
    for match in matches[1:]:
        if text[run[-1].end():match.start()] != "; ":
            break
        run.append(match)
    return run


def _basis_row(match: re.Match) -> dict[str, str] | None:
    typed = match.group("date")
    if "/" in typed:
        try:
            issued = vnformat.parse_date(typed)
        except ValueError:
            return None
        style = "ngắn"
    else:
        day, month, year = (int(n) for n in re.findall(r"\d+", typed))
        try:
            issued = date(year, month, day)
        except ValueError:
            return None
        style = "đầy đủ"
    if BASIS_DATE_STYLES[style](issued) != " ".join(typed.split()) or \
            vnformat.doc_ref(match.group("num"), match.group("sym")) != f"{match.group('num')}/{match.group('sym')}":
        return None  # the data would print it otherwise (zero rule, number padding): keep the text as it is
    values = (match.group("kind"), match.group("num"), match.group("sym"),
              f"{issued.day:02d}/{issued.month:02d}/{issued.year}", style, match.group("issuer").strip(),
              (match.group("about") or "").strip())
    return dict(zip(BASIS_COLS, values))
