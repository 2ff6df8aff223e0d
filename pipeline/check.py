"""Kiểm tra thể thức Nghị định 30/2020/NĐ-CP của một tệp .docx bất kỳ.

ND30 format checker for any administrative .docx: the documents this tool
generates (plans, reports, công văn, appendices) and documents typed by hand in
Word (letterhead in a table or in tab-separated paragraphs, signature block in a
table or in paragraphs).

API::

    check_document(path) -> list[Finding]     # raises VanbanError for an unreadable file
    findings_text(path, findings) -> str      # human report, Vietnamese, one finding a line
    findings_json({path: findings}) -> str    # machine report (JSON, ensure_ascii=False)

What is read, and how:

* Run and paragraph properties are resolved as Word does: direct formatting →
  character style chain → paragraph style chain (``basedOn``) → table style →
  ``docDefaults``; fonts per slot (ascii, hAnsi, cs; eastAsia for runs with
  ``w:hint="eastAsia"``), theme fonts through ``theme1.xml``; bold/italic/caps are
  toggle properties (an odd number of "on" among the style levels); indents from
  numbering levels sit between the style and direct formatting.
* Places in the document: ``đoạn N`` is the N-th paragraph at the top level of
  the body (the paragraphs python-docx lists as ``Document.paragraphs``, plus those
  inside body-level content controls), in document order; a paragraph inside a
  table is named ``bảng T, ô (hàng, cột)`` with T counted over top-level tables and
  row/column counted from 1; headers, footers and footnotes by part name or number.
* Structure: the letterhead is the first table (when the document starts with
  one) or the first paragraphs, split into segments at tabs and line breaks, each
  segment classified by its text (Quốc hiệu, Tiêu ngữ, ``Số:``, date line, ``V/v``,
  agency names before ``Số:``). Then the type line and abstract (or công văn),
  the ``Kính gửi`` block, the body (up to the block that holds ``Nơi nhận``), the
  Nơi nhận column and the signature column. A document that starts with
  ``Phụ lục`` is checked as a separate appendix (ND30 Phụ lục I Phần I, mục III.1).

Severities: ``lỗi`` for a clear breach of the decree's text, ``cảnh báo`` for
what is practice only or cannot be read reliably from the file.

Rules (id — what — ND30 Phụ lục I Phần I unless noted):

=================  ===================================================================  ==========
kho-giay           A4 portrait (landscape: warning when the body has a data table)     I.1–I.2
le-trang           margins top/bottom 20–25, left 30–35, right 15–20 mm (one finding   I.3
                   per section; a warning in a landscape section)
phong-chu          Times New Roman in the ascii/hAnsi/cs slots (eastAsia with its       I.4
                   hint); one finding per wrong font, with the first place and count
mau-chu            text colour black or automatic                                      I.4
quoc-hieu          «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» (either tone style) present    II.1.a
tieu-ngu           «Độc lập - Tự do - Hạnh phúc» exactly (ASCII hyphens, spaces)        II.1.b
co-quan            issuer present; parent/issuer told apart by bold (warnings)         II.2.b
so-ky-hieu         «Số:» + number (01–09 padded, blank draft accepted) + «/» + symbol    II.3.b–c;
                   without spaces, upper case, no «CV», first group = type abbreviation  Phụ lục III
ngay-thang         «<Địa danh>, ngày DD tháng M năm YYYY», zero rule (pad_day,          II.4.b–c
                   pad_month), draft blanks accepted; in the body: a warning
dia-danh           place written in full (no «TP.»), capital initial                   II.4.a
ten-loai           type line one of ND30's types (not CÔNG VĂN / DANH SÁCH), or V/v     II.5.b; Điều 7
trich-yeu          abstract under the type line; «V/v …» of a công văn                  II.5.b
co-chu, kieu-chu,  size, bold/italic and case of each component (Quốc hiệu 12–13 bold, II.1–II.9,
chu-hoa            Tiêu ngữ 13–14 bold, agencies 12–13 upper, Số 13 (warning), date    I.7, III.1
                   13–14 italic, type 13–14 upper bold, abstract 13–14 bold, V/v 12–13
                   not bold, body 13–14, Nơi nhận 12 bold italic / 11, signer 13–14
                   bold, page number 13–14, appendix «Phụ lục» 14 bold)
can-le             body justified (short lines: warning), date line not right-aligned II.6.e
lui-dau-dong       first-line indent 0,95–1,3 cm (headings and list lines: warning)   II.6.e
khoang-cach-doan   ≥ 6 pt between paragraphs (after + before, contextual spacing)      II.6.e
gian-dong          single to 1,5 lines; «Exactly» below the font size is an error      II.6.e
noi-nhan           «Nơi nhận:», lines «- …;», last «- Lưu: VT, ….», «- Như trên;»      II.9.b, II.9.d
                   first when there is «Kính gửi»
chu-ky             marks TM./KT./TL./TUQ./Q. only, KT. followed by the deputy's title, II.7.b–đ
                   no «PHỤ TRÁCH», no academic titles (warning)
so-trang           PAGE field in the header, centred, not on page 1, not in a footer   I.7
phu-luc            appendix file: «(Kèm theo …)» line                                  III.1.b–c
unicode-nfc        text in precomposed Unicode (NFC)                                   I.4 (TCVN 6909)
kieu-bo-dau        one tone-mark style (hòa/hoà) in the whole document (warning)       nd30.md §8
=================  ===================================================================  ==========

Rules are cited from ND30 Phụ lục I Phần I (the decree's own numbering: mục I =
quy định chung, mục II = thành phần thể thức chính, mục III = thành phần khác),
ND30 Điều 7 and Phụ lục III; the project fact sheet is /work/shared/nd30.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from pipeline.errors import VanbanError
from pipeline.vnformat import (
    DOCUMENT_TYPES,
    doc_number,
    format_number,
    pad_day,
    pad_month,
    type_abbreviation,
)

__all__ = ["Finding", "ERROR", "WARNING", "check_document", "findings_text", "findings_json"]

ERROR = "lỗi"
WARNING = "cảnh báo"

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % _W_NS
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# --------------------------------------------------------------------------- references

_REF_PAPER = "ND30 Phụ lục I Phần I, mục I.1–I.2"
_REF_MARGIN = "ND30 Phụ lục I Phần I, mục I.3"
_REF_FONT = "ND30 Phụ lục I Phần I, mục I.4"
_REF_PAGE_NO = "ND30 Phụ lục I Phần I, mục I.7"
_REF_NATIONAL = "ND30 Phụ lục I Phần I, mục II.1.a"
_REF_MOTTO = "ND30 Phụ lục I Phần I, mục II.1.b"
_REF_AGENCY = "ND30 Phụ lục I Phần I, mục II.2.b"
_REF_NUMBER = "ND30 Phụ lục I Phần I, mục II.3.b–c"
_REF_DATE = "ND30 Phụ lục I Phần I, mục II.4.b–c"
_REF_PLACE = "ND30 Phụ lục I Phần I, mục II.4.a"
_REF_TYPE = "ND30 Phụ lục I Phần I, mục II.5.b"
_REF_TYPE_LIST = "ND30 Điều 7; Phụ lục III mục I"
_REF_SYMBOL_TYPE = "ND30 Phụ lục I Phần I, mục II.3.b; Phụ lục III mục I"
_REF_BODY = "ND30 Phụ lục I Phần I, mục II.6.e"
_REF_DATE_TEXT = "ND30 Phụ lục I Phần I, mục II.4.b (cách ghi ngày trong văn bản)"
_REF_SIGN = "ND30 Phụ lục I Phần I, mục II.7.b, II.7.đ"
_REF_SIGN_NAME = "ND30 Phụ lục I Phần I, mục II.7.c, II.7.đ"
_REF_RECIPIENTS = "ND30 Phụ lục I Phần I, mục II.9.d"
_REF_RECIPIENTS_FIRST = "ND30 Phụ lục I Phần I, mục II.9.b"
_REF_APPENDIX = "ND30 Phụ lục I Phần I, mục III.1.b–c"
_REF_NFC = "ND30 Phụ lục I Phần I, mục I.4 (bộ mã Unicode TCVN 6909:2001; chữ dựng sẵn, NFC)"
_REF_TONE = ("ND30 Phụ lục I Phần I, mục I.4 (TCVN 6909:2001); ND30 không quy định kiểu đặt dấu "
             "nhưng một văn bản phải thống nhất (nd30.md §8)")

# --------------------------------------------------------------------------- the finding


@dataclass(frozen=True)
class Finding:
    """One departure from the ND30 format.

    Attributes:
        rule: short rule id, e.g. ``"le-trang"``, ``"co-chu"``, ``"ngay-thang"``.
        reference: the ND30 source, e.g. ``"ND30 Phụ lục I Phần I, mục I.3"``.
        severity: ``"lỗi"`` (a clear breach) or ``"cảnh báo"`` (practice, or not
            readable reliably).
        where: where it is, e.g. ``"bảng 1, ô (2, 2) «Thanh Hóa, ngày 05 tháng 08…»"``,
            ``"đoạn 12 «Thực hiện…»"`` or ``"trang"``.
        found: what was found (Vietnamese).
        expected: what ND30 expects (Vietnamese).
    """

    rule: str
    reference: str
    severity: str
    where: str
    found: str
    expected: str


# --------------------------------------------------------------------------- small helpers


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _num(value: float, decimals: int = 2) -> str:
    """Vietnamese number: 12,5 / 20 / 1,27."""
    return format_number(round(float(value), decimals))


def _pt(size: float) -> str:
    return _num(size, 1)


def _sizes(sizes: Iterable[float]) -> str:
    return " và ".join(_pt(s) for s in sorted(set(sizes)))


def _mm(twips: float) -> str:
    return f"{_num(twips / 56.6929, 1)} mm"


def _cm(twips: float) -> str:
    return f"{_num(twips / 566.929, 2)} cm"


def _excerpt(text: str, limit: int = 40) -> str:
    """First words of a text for a location: NFC, tabs and breaks as spaces, «…» when cut."""
    flat = " ".join(_nfc(text).replace("\t", " ").replace("\n", " ").split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut + "…"


def _is_on(el: etree._Element | None) -> bool | None:
    """Value of an OOXML on/off element: None when absent."""
    if el is None:
        return None
    val = el.get(W + "val")
    return val is None or val.lower() not in ("0", "false", "off", "none")


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


def _letters(text: str) -> str:
    return "".join(ch for ch in _nfc(text) if ch.isalpha())


def _has_lower(text: str) -> bool:
    return any(ch.islower() for ch in text)


# --------------------------------------------------------------------------- tone-mark styles

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_OLD_STYLE = re.compile(r"(?:[òóỏõọ][ae]|[ùúủũụ]y)$")
_NEW_STYLE = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])$")
_WORD = re.compile(r"[^\W\d_]+")


def _tone_style(word: str) -> str | None:
    """``"cũ"`` for hòa/thủy (mark on the first vowel), ``"mới"`` for hoà/thuỷ, else None.

    Only open syllables ending in oa, oe, uy are ambiguous: hoạch, hoàn, thuyết
    (with a final consonant) are written one way only, and qu + y (quý) is not a
    uy diphthong.
    """
    lower = word.lower()
    if lower.startswith("qu") and lower[-1:] in "yỳýỷỹỵ":
        return None
    if _OLD_STYLE.search(lower):
        return "cũ"
    if _NEW_STYLE.search(lower):
        return "mới"
    return None


def _restyle(word: str, to_old: bool) -> str:
    """Move the tone mark of a final oa/oe/uy to the other vowel: HOÀ ↔ HÒA."""
    decomposed = unicodedata.normalize("NFD", word)
    chars = list(decomposed)
    tone_pos = next((i for i, ch in enumerate(chars) if ch in _TONES), None)
    if tone_pos is None:
        return word
    tone = chars.pop(tone_pos)
    base = "".join(chars)
    # position of the last two vowels of the base (o/u then a/e/y)
    letters = [i for i, ch in enumerate(base) if not unicodedata.combining(ch)]
    if len(letters) < 2:
        return word
    first, second = letters[-2], letters[-1]
    target = first if to_old else second
    # insert after the base letter and any of its own marks (circumflex, horn, breve)
    insert_at = target + 1
    while insert_at < len(base) and unicodedata.combining(base[insert_at]):
        insert_at += 1
    return _nfc(base[:insert_at] + tone + base[insert_at:])


# --------------------------------------------------------------------------- reading the package


@dataclass(frozen=True)
class _RunProps:
    fonts: tuple[tuple[str, str | None], ...]  # (slot, font name or None when unknown)
    size: float
    bold: bool
    italic: bool
    caps: bool
    color: str  # "auto", "000000" or another hex value / description
    vert: str | None


@dataclass
class _Para:
    el: etree._Element
    area: str  # body | table | header | footer | footnote | endnote
    number: int | None = None
    table: int | None = None
    cell: tuple[int, int] | None = None
    part: str | None = None
    note: str | None = None
    pieces: list[tuple[str, _RunProps]] = field(default_factory=list)
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

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def visible(self) -> list[tuple[str, _RunProps]]:
        return [(t, p) for t, p in self.pieces if t.strip() and t not in ("\t", "\n")]

    def where(self, text: str | None = None) -> str:
        excerpt = _excerpt(self.text if text is None else text)
        quoted = f" «{excerpt}»" if excerpt else ""
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
class _Seg:
    """Part of a paragraph between tabs or line breaks (a column of a tab-laid letterhead)."""

    para: _Para
    pieces: list[tuple[str, _RunProps]]
    index: int
    line: int = 0
    col: int = 0

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces).strip()

    def visible(self) -> list[tuple[str, _RunProps]]:
        return [(t, p) for t, p in self.pieces if t.strip()]

    def sizes(self) -> set[float]:
        return {p.size for _, p in self.visible() if not p.vert}

    def all_bold(self) -> bool:
        vis = self.visible()
        return bool(vis) and all(p.bold for _, p in vis)

    def any_bold(self) -> bool:
        return any(p.bold for _, p in self.visible())

    def all_italic(self) -> bool:
        vis = self.visible()
        return bool(vis) and all(p.italic for _, p in vis)

    def any_italic(self) -> bool:
        return any(p.italic for _, p in self.visible())

    def is_upper(self) -> bool:
        """Printed in capitals (real capitals, or w:caps)."""
        return all(p.caps or not _has_lower(t) for t, p in self.visible())

    def where(self) -> str:
        return self.para.where(self.text)

    @property
    def cell_key(self):
        return (self.para.area, self.para.table, self.para.cell, self.para.number)


def _segments(para: _Para) -> list[_Seg]:
    """Split a paragraph into lines (at line breaks) and columns (at tabs); empty ones included."""
    lines: list[list[list[tuple[str, _RunProps]]]] = [[[]]]
    for text, props in para.pieces:
        if text == "\n":
            lines.append([[]])
        elif text == "\t":
            lines[-1].append([])
        else:
            lines[-1][-1].append((text, props))
    segs = []
    for line_no, columns in enumerate(lines):
        for col_no, pieces in enumerate(columns):
            segs.append(_Seg(para, pieces, len(segs), line_no, col_no))
    return segs


def _columns(para: _Para) -> tuple[list[_Seg], list[_Seg]]:
    """Left and right column of a paragraph laid out with tabs (Nơi nhận | chữ ký).

    A line that starts with a tab, with many spaces or in a paragraph indented more than
    5 cm belongs to the right column; otherwise its first column is the left one.
    """
    left: list[_Seg] = []
    right: list[_Seg] = []
    lines: dict[int, list[_Seg]] = {}
    for seg in _segments(para):
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


class _Package:
    """The parts of a .docx and Word's property resolution."""

    def __init__(self, path: Path):
        self.path = path
        self.document = self._open(path)
        part = self.document.part
        self.parts = {}
        for rel in part.rels.values():
            if rel.is_external:
                continue
            kind = rel.reltype.rsplit("/", 1)[-1]
            self.parts.setdefault(kind, rel.target_part)
        self.body_el = self.document.element.body
        self.styles_el = self._xml("styles")
        self.theme_el = self._xml("theme")
        self.numbering_el = self._xml("numbering")
        self.settings_el = self._xml("settings")
        self._styles: dict[str, etree._Element] = {}
        self._default_style: dict[str, str] = {}
        self._chains: dict[tuple, tuple] = {}
        self.doc_rpr = None
        self.doc_ppr = None
        if self.styles_el is not None:
            for style in self.styles_el.iter(W + "style"):
                sid = style.get(W + "styleId")
                kind = style.get(W + "type", "paragraph")
                if sid is not None:
                    self._styles[sid] = style
                if style.get(W + "default") in ("1", "true", "on"):
                    self._default_style.setdefault(kind, sid)
            defaults = self.styles_el.find(W + "docDefaults")
            if defaults is not None:
                self.doc_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
                self.doc_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
        self.default_tab = 720
        if self.settings_el is not None:
            tab = self.settings_el.find(W + "defaultTabStop")
            if tab is not None:
                self.default_tab = _int(tab.get(W + "val"), 720) or 720
        self._theme_fonts = self._read_theme_fonts()

    @staticmethod
    def _open(path: Path):
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        if not path.exists():
            raise VanbanError(f"không tìm thấy tệp {path}")
        if path.is_dir():
            raise VanbanError(f"{path} là một thư mục, không phải tệp .docx")
        try:
            with open(path, "rb") as stream:
                head = stream.read(8)
        except OSError as exc:
            raise VanbanError(f"không mở được tệp {path}: {exc.strerror or exc}") from None
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise VanbanError(
                f"tệp {path} là tệp Word 97–2003 (.doc) hoặc tệp .docx có đặt mật khẩu; "
                "hãy mở trong Word, bỏ mật khẩu nếu có và lưu lại dưới dạng .docx")
        if not zipfile.is_zipfile(path):
            raise VanbanError(f"tệp {path} không phải tệp Word .docx (không phải gói ZIP của Office Open XML)")
        try:
            return docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError,
                OSError, AttributeError, TypeError) as exc:
            raise VanbanError(f"không đọc được tệp {path} như một văn bản Word .docx ({exc})") from None

    def _xml(self, kind: str) -> etree._Element | None:
        part = self.parts.get(kind)
        return self.part_xml(part) if part is not None else None

    @staticmethod
    def part_xml(part) -> etree._Element | None:
        element = getattr(part, "element", None)
        if element is not None:
            return element
        try:
            return etree.fromstring(part.blob)
        except (etree.XMLSyntaxError, ValueError):
            return None

    def _read_theme_fonts(self) -> dict[str, str | None]:
        fonts: dict[str, str | None] = {}
        if self.theme_el is None:
            return fonts
        for prefix, tag in (("major", "majorFont"), ("minor", "minorFont")):
            font = next(self.theme_el.iter(_A + tag), None)
            if font is None:
                continue
            for slot, child in (("HAnsi", "latin"), ("Ascii", "latin"), ("EastAsia", "ea"), ("Bidi", "cs")):
                el = font.find(_A + child)
                name = el.get("typeface") if el is not None else None
                fonts[prefix + slot] = name or None
        return fonts

    # ------------------------------------------------------------------ styles

    def style_chain(self, style_id: str | None, kind: str) -> tuple[etree._Element, ...]:
        """The style and its bases, nearest first (cycles and missing ids stop the chain)."""
        key = (style_id, kind)
        if key not in self._chains:
            self._chains[key] = self._style_chain(style_id, kind)
        return self._chains[key]

    def _style_chain(self, style_id: str | None, kind: str) -> tuple[etree._Element, ...]:
        chain = []
        seen = set()
        sid = style_id if style_id in self._styles else self._default_style.get(kind)
        while sid and sid not in seen and sid in self._styles:
            seen.add(sid)
            style = self._styles[sid]
            chain.append(style)
            based = style.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return tuple(chain)

    def numbering_ppr(self, num_id: str, ilvl: str) -> etree._Element | None:
        if self.numbering_el is None:
            return None
        for num in self.numbering_el.iter(W + "num"):
            if num.get(W + "numId") != num_id:
                continue
            for override in num.iter(W + "lvlOverride"):
                if override.get(W + "ilvl") == ilvl:
                    lvl = override.find(W + "lvl")
                    if lvl is not None and lvl.find(W + "pPr") is not None:
                        return lvl.find(W + "pPr")
            abstract = num.find(W + "abstractNumId")
            if abstract is None:
                return None
            aid = abstract.get(W + "val")
            for anum in self.numbering_el.iter(W + "abstractNum"):
                if anum.get(W + "abstractNumId") == aid:
                    for lvl in anum.iter(W + "lvl"):
                        if lvl.get(W + "ilvl") == ilvl:
                            return lvl.find(W + "pPr")
        return None

    # ------------------------------------------------------------------ run properties

    def run_props(self, rpr: etree._Element | None, char_chain, para_chain, table_chain) -> _RunProps:
        char_levels = [s.find(W + "rPr") for s in char_chain]
        para_levels = [s.find(W + "rPr") for s in para_chain]
        table_levels = [s.find(W + "rPr") for s in table_chain]
        style_groups = (char_levels, para_levels, table_levels)
        levels = [rpr, *char_levels, *para_levels, *table_levels, self.doc_rpr]
        levels = [lv for lv in levels if lv is not None]

        def first(tag: str) -> etree._Element | None:
            for level in levels:
                el = level.find(W + tag)
                if el is not None:
                    return el
            return None

        def toggle(tag: str) -> bool:
            if rpr is not None and rpr.find(W + tag) is not None:
                return bool(_is_on(rpr.find(W + tag)))
            specified = False
            on = 0
            for group in style_groups:
                for level in group:
                    if level is None:
                        continue
                    el = level.find(W + tag)
                    if el is not None:
                        specified = True
                        on += 1 if _is_on(el) else 0
                        break
            if specified:
                return on % 2 == 1
            if self.doc_rpr is not None and self.doc_rpr.find(W + tag) is not None:
                return bool(_is_on(self.doc_rpr.find(W + tag)))
            return False

        size_el = first("sz")
        size = (_int(size_el.get(W + "val"), 20) or 20) / 2 if size_el is not None else 10.0

        hint = None
        for level in levels:
            rfonts = level.find(W + "rFonts")
            if rfonts is not None and rfonts.get(W + "hint"):
                hint = rfonts.get(W + "hint")
                break
        slots = ["ascii", "hAnsi", "cs"]
        if hint == "eastAsia":
            slots.append("eastAsia")
        fonts = []
        for slot in slots:
            theme_attr = W + ("cstheme" if slot == "cs" else slot + "Theme")
            name: str | None = None
            resolved = False
            for level in levels:
                rfonts = level.find(W + "rFonts")
                if rfonts is None:
                    continue
                theme = rfonts.get(theme_attr)
                if theme:
                    name = self._theme_fonts.get(theme)
                    resolved = True
                    break
                if rfonts.get(W + slot):
                    name = rfonts.get(W + slot)
                    resolved = True
                    break
            if not resolved and slot in ("ascii", "hAnsi"):
                name = "Times New Roman"  # Word's built-in default when nothing is set
            fonts.append((slot, name))

        color_el = first("color")
        color = "auto"
        if color_el is not None:
            theme = color_el.get(W + "themeColor")
            tinted = color_el.get(W + "themeTint") or color_el.get(W + "themeShade")
            if theme:
                color = "000000" if theme in ("text1", "dark1") and not tinted else f"màu chủ đề {theme}"
            else:
                color = (color_el.get(W + "val") or "auto").upper()
                color = "auto" if color == "AUTO" else color

        vert_el = first("vertAlign")
        vert = vert_el.get(W + "val") if vert_el is not None else None
        if vert == "baseline":
            vert = None
        return _RunProps(tuple(fonts), size, toggle("b"), toggle("i"), toggle("caps"), color, vert)

    # ------------------------------------------------------------------ paragraphs

    def make_para(self, p_el: etree._Element, table_style: str | None = None, **where) -> _Para:
        para = _Para(p_el, **where)
        ppr = p_el.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        para.style_id = style_el.get(W + "val") if style_el is not None else None
        para_chain = self.style_chain(para.style_id, "paragraph")
        table_chain = self.style_chain(table_style, "table") if table_style is not None else ()
        if table_style is None and para.area == "table":
            table_chain = self.style_chain(None, "table")

        # numbering (direct or from the style)
        num_ppr = None
        for level in [ppr, *[s.find(W + "pPr") for s in para_chain]]:
            if level is None:
                continue
            num_pr = level.find(W + "numPr")
            if num_pr is not None:
                num_id = num_pr.find(W + "numId")
                ilvl = num_pr.find(W + "ilvl")
                nid = num_id.get(W + "val") if num_id is not None else None
                if nid and nid != "0":
                    para.numbered = True
                    num_ppr = self.numbering_ppr(nid, ilvl.get(W + "val") if ilvl is not None else "0")
                break
        levels = [ppr, num_ppr, *[s.find(W + "pPr") for s in para_chain],
                  *[s.find(W + "pPr") for s in table_chain], self.doc_ppr]
        levels = [lv for lv in levels if lv is not None]

        def first(tag: str) -> etree._Element | None:
            for level in levels:
                el = level.find(W + tag)
                if el is not None:
                    return el
            return None

        def attr(tag: str, names: tuple[str, ...]) -> tuple[str, str] | None:
            for level in levels:
                el = level.find(W + tag)
                if el is None:
                    continue
                for name in names:
                    if el.get(W + name) is not None:
                        return name, el.get(W + name)
            return None

        jc = first("jc")
        para.jc = {"start": "left", "end": "right", "both": "both", "distribute": "both",
                   "lowKashida": "both", "mediumKashida": "both", "highKashida": "both",
                   "thaiDistribute": "both"}.get(jc.get(W + "val"), jc.get(W + "val")) if jc is not None else "left"
        found = attr("ind", ("left", "start"))
        para.left = _int(found[1], 0) if found else 0

        # sizes of the paragraph's text, for *Chars units
        runs = list(self._own_runs(p_el))
        char_chain_cache: dict[str | None, tuple] = {}
        pieces: list[tuple[str, _RunProps]] = []
        for run in runs:
            rpr = run.find(W + "rPr")
            rstyle = rpr.find(W + "rStyle") if rpr is not None else None
            rsid = rstyle.get(W + "val") if rstyle is not None else None
            if rsid not in char_chain_cache:
                char_chain_cache[rsid] = self.style_chain(rsid, "character") if rsid else ()
            props = self.run_props(rpr, char_chain_cache[rsid], para_chain, table_chain)
            for text in _run_texts(run):
                pieces.append((text, props))
        para.pieces = pieces
        sizes = [p.size for t, p in pieces if t.strip()] or [self.run_props(None, (), para_chain, table_chain).size]
        size = max(sizes)

        fl = attr("ind", ("firstLine", "hanging", "firstLineChars", "hangingChars"))
        if fl:
            name, value = fl
            number = _int(value, 0) or 0
            if name == "hanging":
                number = -number
            elif name == "firstLineChars":
                number = int(number / 100 * size * 20)
            elif name == "hangingChars":
                number = -int(number / 100 * size * 20)
            para.first_line = number

        for side in ("before", "after"):
            auto = attr("spacing", (side + "Autospacing",))
            lines = attr("spacing", (side + "Lines",))
            value = attr("spacing", (side,))
            if auto and auto[1] in ("1", "true", "on"):
                setattr(para, side, 280)
            elif lines:
                setattr(para, side, int((_int(lines[1], 0) or 0) / 100 * size * 1.15 * 20))
            elif value:
                setattr(para, side, _int(value[1], 0) or 0)
        for level in levels:
            spacing = level.find(W + "spacing")
            if spacing is not None and spacing.get(W + "line") is not None:
                para.line = _int(spacing.get(W + "line"), 240) or 240
                para.line_rule = spacing.get(W + "lineRule") or "auto"
                break
        para.contextual = bool(_is_on(first("contextualSpacing")))
        tabs = []
        for level in levels:
            tabs_el = level.find(W + "tabs")
            if tabs_el is not None:
                for tab in tabs_el.findall(W + "tab"):
                    tabs.append((tab.get(W + "val") or "", _int(tab.get(W + "pos"), 0) or 0))
        para.tab_stops = tuple(tabs)
        return para

    @staticmethod
    def _own_runs(p_el: etree._Element) -> Iterator[etree._Element]:
        """Runs of this paragraph: not deleted, not in a fallback copy, not in a nested text box."""
        for run in p_el.iter(W + "r"):
            node = run.getparent()
            ok = True
            while node is not None and node is not p_el:
                tag = node.tag
                if tag in (W + "del", W + "moveFrom", _MC + "Fallback", W + "p", W + "txbxContent"):
                    ok = False
                    break
                node = node.getparent()
            if ok:
                yield run


def _run_texts(run: etree._Element) -> Iterator[str]:
    """The text pieces of a run; tabs and line breaks as separate "\\t"/"\\n" pieces."""
    buffer = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            buffer.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            if buffer:
                yield "".join(buffer)
                buffer = []
            yield "\t"
        elif tag in (W + "br", W + "cr"):
            if buffer:
                yield "".join(buffer)
                buffer = []
            yield "\n"
        elif tag == W + "noBreakHyphen":
            buffer.append("-")
    if buffer:
        text = "".join(buffer)
        # a newline or tab typed inside w:t (docxtpl can leave them) counts as a break
        for part in re.split(r"([\t\n])", text):
            if part:
                yield part


# --------------------------------------------------------------------------- the document model


@dataclass
class _Block:
    kind: str  # "p" or "tbl"
    paras: list[_Para]
    table: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


class _Model:
    def __init__(self, package: _Package):
        self.pkg = package
        self.blocks: list[_Block] = []
        self.sections: list[etree._Element] = []
        self._para_no = 0
        self._table_no = 0
        self._walk(package.body_el)
        self.other: list[_Para] = []  # headers, footers, notes
        self.headers: dict[str, tuple[str, list[_Para], etree._Element]] = {}
        self._read_notes()

    # ------------------------------------------------------------------ body

    def _walk(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self._para_no += 1
                para = self.pkg.make_para(child, area="body", number=self._para_no)
                self.blocks.append(_Block("p", [para]))
                sect = child.find(f"{W}pPr/{W}sectPr")
                if sect is not None:
                    self.sections.append(sect)
            elif tag == W + "tbl":
                self._table_no += 1
                paras: list[_Para] = []
                self._walk_table(child, self._table_no, paras, None)
                self.blocks.append(_Block("tbl", paras, self._table_no))
            elif tag == W + "sectPr":
                self.sections.append(child)
            elif tag in (W + "sdt", W + "customXml", W + "smartTag"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    self._walk(content)

    def _walk_table(self, tbl: etree._Element, number: int, out: list[_Para], outer) -> None:
        tbl_style_el = tbl.find(f"{W}tblPr/{W}tblStyle")
        tbl_style = tbl_style_el.get(W + "val") if tbl_style_el is not None else None
        rows = [r for r in _children(tbl, "tr")]
        for r_index, row in enumerate(rows, 1):
            for c_index, cell in enumerate(_children(row, "tc"), 1):
                cell_pos = outer or (r_index, c_index)
                for el in _cell_content(cell):
                    if el.tag == W + "p":
                        out.append(self.pkg.make_para(el, table_style=tbl_style, area="table",
                                                      table=number, cell=cell_pos))
                    else:
                        self._walk_table(el, number, out, cell_pos)

    # ------------------------------------------------------------------ headers, footers, notes

    def header_part(self, rid: str) -> tuple[str, list[_Para], etree._Element] | None:
        if rid in self.headers:
            return self.headers[rid]
        try:
            part = self.pkg.document.part.related_parts[rid]
        except KeyError:
            return None
        root = self.pkg.part_xml(part)
        if root is None:
            return None
        name = str(part.partname).rsplit("/", 1)[-1]
        area = "footer" if root.tag == W + "ftr" else "header"
        paras = [self.pkg.make_para(p, area=area, part=name) for p in _all_paras(root)]
        self.headers[rid] = (name, paras, root)
        return self.headers[rid]

    def _read_notes(self) -> None:
        seen: set[str] = set()
        for sect in self.sections:
            for ref in [*sect.findall(W + "headerReference"), *sect.findall(W + "footerReference")]:
                rid = ref.get(_R_ID)
                found = self.header_part(rid) if rid not in seen else None
                seen.add(rid)
                if found:
                    self.other.extend(found[1])
        for kind, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
            part = self.pkg.parts.get(kind)
            root = self.pkg.part_xml(part) if part is not None else None
            if root is None:
                continue
            for note in root.iter(W + tag):
                if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                for p in _all_paras(note):
                    self.other.append(self.pkg.make_para(p, area=tag, note=note.get(W + "id")))

    def all_paras(self) -> list[_Para]:
        paras = [p for block in self.blocks for p in block.paras]
        return paras + self.other


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with this tag, looking through content controls and custom XML."""
    for child in el:
        if child.tag == W + tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _cell_content(cell: etree._Element) -> Iterator[etree._Element]:
    for child in cell:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _cell_content(content)


def _all_paras(root: etree._Element) -> Iterator[etree._Element]:
    """Every paragraph of a header, footer or note, text boxes included, fallback copies not."""
    for p in root.iter(W + "p"):
        node = p.getparent()
        skip = False
        while node is not None:
            if node.tag == _MC + "Fallback":
                skip = True
                break
            node = node.getparent()
        if not skip:
            yield p


def _in_text_box(p_el: etree._Element) -> bool:
    node = p_el.getparent()
    while node is not None:
        if node.tag == W + "txbxContent":
            return True
        node = node.getparent()
    return False


# --------------------------------------------------------------------------- the checker

_NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_NATIONAL_LETTERS = _letters(_NATIONAL)
_MOTTO = "Độc lập - Tự do - Hạnh phúc"
_MOTTO_LETTERS = _letters(_MOTTO).lower()
_NUMBER_RE = re.compile(r"^\s*s[ốô]\b", re.IGNORECASE)
_VV_RE = re.compile(r"^\s*v\s*/\s*v\b", re.IGNORECASE)
_DATE_RE = re.compile(r"ngày.*năm", re.IGNORECASE | re.DOTALL)
_RULE_RE = re.compile(r"^[\s_\-–—.]*$")
_KINH_GUI_RE = re.compile(r"^\s*kính\s+gửi", re.IGNORECASE)
_NOI_NHAN_RE = re.compile(r"^\s*nơi\s+nhận", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"^\s*phụ\s+lục\b", re.IGNORECASE)
_BLANK = r"[\s._…]*"
_DATE_LINE_RE = re.compile(
    rf"^(?P<place>[^,]*?)(?P<comma>\s*,)?\s*ngày(?P<day>{_BLANK}[0-9]*{_BLANK})tháng"
    rf"(?P<month>{_BLANK}[0-9]*{_BLANK})năm(?P<year>{_BLANK}[0-9]*{_BLANK})$",
    re.IGNORECASE)
_LONG_DATE_RE = re.compile(r"\bngày\s+([0-9]{1,3})\s+tháng\s+([0-9]{1,3})\s+năm\s+([0-9]{4})\b", re.IGNORECASE)
_PLACE_ABBR_RE = re.compile(r"(?:^|\s)(?:TP|Tp|tp|T\.P|TX|Tx|tx)\s*\.|(?:^|\s)(?:TP|TX)(?:\s|$)|HCM\b")
_MARK_RE = re.compile(r"^(T/M|K/T|T\.M\.?|K\.T\.?|TUQ|TM|KT|TL|Q|PP|P\.P\.?)(\.?)(?=\s|$)")
_ALLOWED_MARKS = ("TM", "KT", "TL", "TUQ", "Q")
_MIXED_CASE_GROUPS = {abbr for abbr in DOCUMENT_TYPES.values() if abbr != abbr.upper()} | {"TrS"}
_HEADING_RE = re.compile(r"^(Phần|Chương|Mục|Tiểu mục|Điều)\s+[0-9IVXLC]+|^[IVXLC]+\.\s")
_LIST_RE = re.compile(r"^([-+*•–—]|[a-zđ]\)|[0-9]+(\.[0-9]+)*[.)])\s")
_STAMP_RE = re.compile(r"^(DỰ THẢO( (LẦN )?[0-9]+)?|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|MẬT|TỐI MẬT|TUYỆT MẬT)$",
                       re.IGNORECASE)
_AGENCY_HEAD_RE = re.compile(
    r"^(SỞ|BAN|PHÒNG|CỤC|CHI CỤC|TỔNG CỤC|VỤ|VIỆN|TRUNG TÂM|TRƯỜNG|VĂN PHÒNG|THANH TRA|ĐÀI|BÁO|HỘI|"
    r"LIÊN HIỆP|BỆNH VIỆN|BỘ|ỦY BAN|UỶ BAN|UBND|KHO BẠC|CHI NHÁNH|ĐẠI HỌC|CÔNG AN|BỘ CHỈ HUY)\b")
_ACADEMIC_RE = re.compile(r"^(GS|PGS|TS|ThS|TSKH|KS|BS|CN|NCS)\.", re.IGNORECASE)

_INDENT_MIN, _INDENT_MAX = 539, 737  # 0,95–1,3 cm in twips (ND30: 1 cm or 1,27 cm)


class _Checker:
    def __init__(self, model: _Model):
        self.m = model
        self.pkg = model.pkg
        self.findings: list[Finding] = []
        self.groups: dict[tuple, list] = {}
        self.has_addressees = False
        self.doc_kind = "?"
        self.letterhead_parts: dict[str, _Seg | None] = {}
        self.letterhead_in_table = False
        self.number_symbol: str | None = None

    # ------------------------------------------------------------------ recording

    def add(self, rule: str, ref: str, severity: str, where: str, found: str, expected: str) -> None:
        self.findings.append(Finding(rule, ref, severity, where, found, expected))

    def group(self, rule: str, ref: str, severity: str, para: _Para, found: str, expected: str,
              key_extra: str = "") -> None:
        """Collect the same finding over many paragraphs into one (first place + count)."""
        key = (rule, ref, severity, found, expected, key_extra)
        if key not in self.groups:
            self.groups[key] = []
            self.findings.append(None)  # placeholder keeps the order
            self.groups[key].append(len(self.findings) - 1)
        self.groups[key].append(para)

    def finish(self) -> list[Finding]:
        for (rule, ref, severity, found, expected, _extra), entry in self.groups.items():
            slot, paras = entry[0], entry[1:]
            unique = []
            for para in paras:
                if not any(para is other for other in unique):
                    unique.append(para)
            where = unique[0].where()
            if len(unique) > 1:
                more = ", ".join(p.short_where() for p in unique[1:6])
                if len(unique) > 6:
                    more += ", …"
                where += f" và {len(unique) - 1} chỗ khác ({more})"
            self.findings[slot] = Finding(rule, ref, severity, where, found, expected)
        return [f for f in self.findings if f is not None]

    # ------------------------------------------------------------------ entry point

    def run(self) -> list[Finding]:
        self.check_page()
        self.check_fonts()
        blocks = self.m.blocks
        first = next((i for i, b in enumerate(blocks) if not b.empty), None)
        if first is None:
            self.add("noi-dung", "ND30 Điều 8", ERROR, "văn bản", "văn bản không có chữ nào",
                     "văn bản hành chính có đủ các thành phần thể thức")
        elif _APPENDIX_RE.match(_nfc(blocks[first].paras[0].text)) and blocks[first].kind == "p":
            self.doc_kind = "phụ lục"
            self.check_appendix(first)
        else:
            self.check_typed_document(first)
        self.check_page_numbers()
        self.check_text()
        return self.finish()

    # ------------------------------------------------------------------ page

    def check_page(self) -> None:
        sections = self.m.sections or [None]
        # a table of data (not the letterhead or signature layout tables)
        has_table = any(b.kind == "tbl" and len({p.cell[0] for p in b.paras}) >= 3 for b in self.m.blocks)
        for index, sect in enumerate(sections, 1):
            where = "trang" if len(sections) == 1 else f"trang (phần {index} của văn bản)"
            size = sect.find(W + "pgSz") if sect is not None else None
            width = _int(size.get(W + "w"), 12240) if size is not None else 12240
            height = _int(size.get(W + "h"), 15840) if size is not None else 15840
            orient = size.get(W + "orient") if size is not None else None
            short, long_ = sorted((width, height))
            landscape = width > height
            if abs(short - 11906) > 12 or abs(long_ - 16838) > 12:
                self.add("kho-giay", _REF_PAPER, ERROR, where,
                         f"khổ giấy {_mm(width)} × {_mm(height)}",
                         "khổ A4: 210 mm × 297 mm")
            elif width > height or orient == "landscape":
                self.add("kho-giay", _REF_PAPER, WARNING if has_table else ERROR, where,
                         "trang trình bày theo chiều ngang (khổ A4 nằm ngang)",
                         "trình bày theo chiều dài khổ A4; chỉ được xoay ngang khi nội dung có bảng, biểu "
                         "không tách thành phụ lục riêng")
            margins = sect.find(W + "pgMar") if sect is not None else None

            def get(name: str, default: int = 1440) -> int:
                return abs(_int(margins.get(W + name), default)) if margins is not None else default

            gutter = get("gutter", 0)
            values = {"trên": get("top"), "dưới": get("bottom"), "trái": get("left") + gutter,
                      "phải": get("right")}
            limits = {"trên": (1134, 1418), "dưới": (1134, 1418), "trái": (1701, 1985), "phải": (851, 1134)}
            wrong = [name for name, value in values.items()
                     if not limits[name][0] - 3 <= value <= limits[name][1] + 3]
            if wrong:
                found = "; ".join(f"lề {name} {_mm(values[name])}" for name in wrong)
                expected = "; ".join(
                    f"lề {name} {_num(limits[name][0] / 56.6929, 0)}–{_num(limits[name][1] / 56.6929, 0)} mm"
                    for name in wrong)
                if landscape:
                    expected += " (trang nằm ngang: Word xoay lề theo trang, lề đóng gáy có thể nằm ở cạnh khác)"
                self.add("le-trang", _REF_MARGIN, WARNING if landscape else ERROR, where, found, expected)

    # ------------------------------------------------------------------ fonts and colour

    def check_fonts(self) -> None:
        for para in self.m.all_paras():
            for text, props in para.visible():
                for slot, name in props.fonts:
                    if name is None or name.strip().lower() == "times new roman":
                        continue
                    legacy = ""
                    if name.lower().startswith(".vn"):
                        legacy = " (phông TCVN3/ABC: chữ chưa chuyển sang Unicode)"
                    elif name.upper().startswith("VNI"):
                        legacy = " (phông VNI: chữ chưa chuyển sang Unicode)"
                    self.group("phong-chu", _REF_FONT, ERROR, para,
                               f"phông chữ «{name}»{legacy}",
                               "phông chữ Times New Roman (Unicode TCVN 6909:2001) cho toàn bộ văn bản")
                if props.color not in ("auto", "000000"):
                    shown = props.color if props.color.startswith("màu") else f"#{props.color}"
                    self.group("mau-chu", _REF_FONT, ERROR, para, f"chữ màu {shown}",
                               "chữ màu đen (tự động hoặc #000000)")

    # ------------------------------------------------------------------ generic style checks

    def style(self, seg: _Seg, what: str, ref: str, sizes: tuple[float, float] | None,
              bold: bool | None = None, italic: bool | None = None, upper: bool | None = None,
              size_severity: str = ERROR, grouped: bool = False) -> None:
        """Size, bold, italic and case of one component (``grouped``: one finding for many lines)."""
        if not seg.visible():
            return
        if grouped:
            def add(rule, ref_, severity, _where, found, expected):
                self.group(rule, ref_, severity, seg.para, found, expected)
        else:
            add = self.add
        if sizes is not None:
            found_sizes = seg.sizes()
            low, high = sizes
            bad = {s for s in found_sizes if not low - 0.01 <= s <= high + 0.01}
            if bad:
                expected = f"cỡ chữ {_pt(low)}" if low == high else f"cỡ chữ từ {_pt(low)} đến {_pt(high)}"
                add("co-chu", ref, size_severity, seg.where(), f"{what} cỡ chữ {_sizes(found_sizes)}",
                         f"{what} {expected}")
        if bold is True and not seg.all_bold():
            add("kieu-chu", ref, ERROR, seg.where(),
                     f"{what} {'chỉ in đậm một phần' if seg.any_bold() else 'không in đậm'}",
                     f"{what} in đậm")
        if bold is False and seg.any_bold():
            add("kieu-chu", ref, ERROR, seg.where(), f"{what} in đậm", f"{what} không in đậm (chữ đứng)")
        if italic is True and not seg.all_italic():
            add("kieu-chu", ref, ERROR, seg.where(),
                     f"{what} {'chỉ in nghiêng một phần' if seg.any_italic() else 'không in nghiêng'}",
                     f"{what} in nghiêng")
        if italic is False and seg.any_italic():
            add("kieu-chu", ref, ERROR, seg.where(), f"{what} in nghiêng", f"{what} kiểu chữ đứng")
        if upper is True and not seg.is_upper():
            add("chu-hoa", ref, ERROR, seg.where(), f"{what} có chữ thường: «{_excerpt(seg.text, 60)}»",
                     f"{what} viết bằng chữ in hoa")

    # ------------------------------------------------------------------ typed documents

    def check_typed_document(self, first: int) -> None:
        blocks = self.m.blocks
        head, end = self.letterhead(first)
        if head is None:
            self.add("quoc-hieu", _REF_NATIONAL, ERROR, "đầu văn bản",
                     "không tìm thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở đầu văn bản",
                     "Quốc hiệu và Tiêu ngữ ở trên cùng, bên phải trang đầu (ô số 1)")
            return
        vv = self.check_letterhead(head)
        index = end
        # type line and abstract
        index = self.skip_empty(index)
        doc_type = None
        if index < len(blocks) and blocks[index].kind == "p" and self.is_type_line(blocks[index].paras[0]):
            doc_type = self.check_type_line(blocks[index].paras[0], vv is not None)
            index = self.check_abstract(index + 1)
        elif vv is None:
            where = blocks[index].paras[0].where() if index < len(blocks) else "đầu văn bản"
            self.add("ten-loai", _REF_TYPE, ERROR, where,
                     "không thấy tên loại văn bản dưới phần đầu, cũng không có dòng «V/v …» của công văn",
                     "văn bản có tên loại: dòng tên loại (KẾ HOẠCH, BÁO CÁO…) và trích yếu; công văn: "
                     "trích yếu «V/v …» dưới số, ký hiệu")
        self.doc_kind = doc_type or ("công văn" if vv is not None else "?")
        self.check_symbol_type(head, doc_type)
        # addressees (Kính gửi)
        index = self.skip_empty(index)
        index = self.skip_addressees(index)
        # body and signature
        sign_start = self.find_signature(index)
        body_end = sign_start if sign_start is not None else len(blocks)
        body_end, sign_paras_before = self.trailing_signature(index, body_end)
        self.check_body(blocks[index:body_end])
        if sign_start is None:
            self.add("noi-nhan", _REF_RECIPIENTS, ERROR, "cuối văn bản",
                     "không tìm thấy phần «Nơi nhận:»",
                     "«Nơi nhận:» ở góc dưới bên trái, ngang hàng với quyền hạn, chức vụ người ký (ô số 9b)")
            return
        self.check_signature_zone(sign_start, sign_paras_before)
        # an appendix in the same file, after the signature
        for index in range(sign_start + 1, len(blocks)):
            block = blocks[index]
            if block.kind == "p" and _APPENDIX_RE.match(_nfc(block.paras[0].text)):
                self.check_appendix(index)
                break

    def skip_empty(self, index: int) -> int:
        blocks = self.m.blocks
        while index < len(blocks) and blocks[index].kind == "p" and (
                blocks[index].empty or _RULE_RE.match(_nfc(blocks[index].text))):
            index += 1
        return index

    # ------------------------------------------------------------------ letterhead

    def letterhead(self, first: int) -> tuple[list[_Seg] | None, int]:
        """Segments of the letterhead and the index of the first block after it.

        The letterhead is a table at the start (possibly after stamps such as «DỰ THẢO»),
        or the first paragraphs (columns separated by tabs), up to the ``Số:`` and
        date lines and a ``V/v`` line with its continuation lines.
        """
        blocks = self.m.blocks
        segs: list[_Seg] = []
        index = first
        table_mode = False
        seen = {"number": False, "date": False, "vv": False, "national": False}

        def take(new: list[_Seg]) -> None:
            segs.extend(new)
            for seg in new:
                text = _nfc(seg.text)
                seen["number"] = seen["number"] or bool(_NUMBER_RE.match(text))
                seen["date"] = seen["date"] or self.is_date(seg)
                seen["vv"] = seen["vv"] or bool(_VV_RE.match(text))
                seen["national"] = seen["national"] or self.is_national(seg)

        count = 0
        while index < len(blocks) and count < 12:
            block = blocks[index]
            complete = seen["number"] and seen["date"]
            if block.kind == "tbl":
                texts = [_nfc(p.text) for p in block.paras]
                if not complete and (not segs or any(
                        _NUMBER_RE.match(t) or _DATE_RE.search(t) or _VV_RE.match(t) for t in texts)):
                    table_mode = True
                    take([seg for para in block.paras for seg in _segments(para)])
                    index += 1
                    continue
                break
            para = block.paras[0]
            text = " ".join(_nfc(para.text).split())
            if not text or _RULE_RE.match(text) or _STAMP_RE.match(text):
                index += 1
                continue
            if complete:
                if table_mode:
                    break
                if _VV_RE.match(text) and not seen["vv"]:
                    take(_segments(para))
                    index += 1
                    continue
                if seen["vv"] and self.vv_continuation(para):
                    take(_segments(para))
                    index += 1
                    continue
                break
            if (_KINH_GUI_RE.match(text) or self.is_type_line(para) or len(text) > 150
                    or (para.jc == "both" and para.first_line > 0 and len(text) > 80)):
                break
            take(_segments(para))
            index += 1
            count += 1
        if not seen["national"] and not seen["number"]:
            return None, first
        self.letterhead_in_table = table_mode
        return segs, index

    def vv_continuation(self, para: _Para) -> bool:
        text = _nfc(para.text).strip()
        return bool(text) and not _KINH_GUI_RE.match(text) and not self.is_type_line(para) and len(text) < 120 \
            and not (para.jc == "both" and para.first_line > 0)

    @staticmethod
    def is_national(seg: _Seg) -> bool:
        letters = _letters(seg.text).upper()
        letters = letters.replace("HOÀ", "HÒA")
        return letters == _NATIONAL_LETTERS or (letters.startswith("CỘNGH") and letters.endswith("VIỆTNAM")
                                                 and "CHỦNGHĨA" in letters)

    @staticmethod
    def is_motto(seg: _Seg) -> bool:
        return _letters(seg.text).lower() == _MOTTO_LETTERS

    @staticmethod
    def is_date(seg: _Seg) -> bool:
        text = _nfc(seg.text)
        return bool(_DATE_RE.search(text)) and "tháng" in text.lower() and not _NUMBER_RE.match(text)

    def check_letterhead(self, segs: list[_Seg]) -> _Seg | None:
        """Check the letterhead; return the V/v segment (công văn) or None."""
        national = motto = number = date = vv = None
        national_cell = None
        agencies: list[_Seg] = []
        after_number: list[_Seg] = []
        for seg in segs:
            text = _nfc(seg.text)
            if not text or _RULE_RE.match(text):
                continue
            if national is None and self.is_national(seg):
                national, national_cell = seg, seg.cell_key
            elif motto is None and self.is_motto(seg):
                motto = seg
            elif number is None and _NUMBER_RE.match(text):
                number = seg
            elif vv is None and _VV_RE.match(text):
                vv = seg
            elif date is None and self.is_date(seg):
                date = seg
            elif number is None:
                if national_cell is not None and seg.cell_key == national_cell and seg.para.area == "table":
                    continue
                if _STAMP_RE.match(" ".join(text.split())):
                    continue
                agencies.append(seg)
            else:
                after_number.append(seg)
        if vv is not None:
            # V/v wrapped over more paragraphs of the same cell (or the next lines)
            vv_lines = [vv] + [s for s in after_number if s.para.cell == vv.para.cell
                               and s.para.area == vv.para.area]
        else:
            vv_lines = []

        where0 = segs[0].where() if segs else "đầu văn bản"
        # Quốc hiệu
        if national is None:
            self.add("quoc-hieu", _REF_NATIONAL, ERROR, where0, "không tìm thấy Quốc hiệu",
                     f"Quốc hiệu «{_NATIONAL}» ở trên cùng, bên phải trang đầu")
        else:
            text = " ".join(_nfc(national.text).split())
            as_old = " ".join(_restyle(w, True) if _tone_style(w) == "mới" else w for w in text.split(" "))
            if as_old != _NATIONAL and as_old.upper() == _NATIONAL:
                pass  # case only: reported by the case check below
            elif as_old != _NATIONAL:
                self.add("quoc-hieu", _REF_NATIONAL, ERROR, national.where(), f"Quốc hiệu ghi là «{text}»",
                         f"Quốc hiệu đúng nguyên văn «{_NATIONAL}»")
            self.style(national, "Quốc hiệu", _REF_NATIONAL, (12, 13), bold=True, italic=False, upper=True)
        # Tiêu ngữ
        if motto is None:
            self.add("tieu-ngu", _REF_MOTTO, ERROR, national.where() if national else where0,
                     "không tìm thấy Tiêu ngữ", f"Tiêu ngữ «{_MOTTO}» canh giữa dưới Quốc hiệu")
        else:
            text = _nfc(motto.text)
            if text != _MOTTO:
                reasons = []
                if re.search(r"[–—‐‑−]", text):
                    reasons.append("dùng gạch dài (–) thay cho gạch nối (-)")
                if re.search(r"\S-|-\S", text):
                    reasons.append("thiếu dấu cách hai bên gạch nối")
                if text.lower() == _MOTTO.lower() and text != _MOTTO:
                    reasons.append("viết hoa sai: chữ in thường, chỉ viết hoa chữ đầu mỗi cụm từ")
                if "  " in text:
                    reasons.append("thừa dấu cách")
                why = f" ({'; '.join(reasons)})" if reasons else ""
                self.add("tieu-ngu", _REF_MOTTO, ERROR, motto.where(), f"Tiêu ngữ ghi là «{text}»{why}",
                         f"Tiêu ngữ đúng nguyên văn «{_MOTTO}» (gạch nối «-», có dấu cách hai bên)")
            self.style(motto, "Tiêu ngữ", _REF_MOTTO, (13, 14), bold=True, italic=False)
        # Tên cơ quan
        self.check_agencies(agencies, where0)
        # Số, ký hiệu
        if number is None:
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where0, "không tìm thấy dòng «Số: …/…»",
                     "dòng «Số:» + số + «/» + ký hiệu, canh giữa dưới tên cơ quan ban hành (ô số 3)")
        else:
            self.check_number(number)
        # Địa danh, ngày tháng
        if date is None:
            self.add("ngay-thang", _REF_DATE, ERROR, national.where() if national else where0,
                     "không tìm thấy dòng địa danh và ngày tháng năm ban hành",
                     "«<Địa danh>, ngày … tháng … năm …» in nghiêng, dưới Quốc hiệu và Tiêu ngữ (ô số 4)")
        else:
            self.check_date_line(date)
        # V/v
        if vv is not None:
            text = _nfc(vv.text)
            if not text.startswith("V/v "):
                self.add("trich-yeu", _REF_TYPE, ERROR, vv.where(), f"trích yếu công văn bắt đầu «{text[:5]}»",
                         "trích yếu công văn bắt đầu bằng «V/v » (chữ V hoa, v thường)")
            for line in vv_lines:
                self.style(line, "Trích yếu công văn (V/v)", _REF_TYPE, (12, 13), bold=False, italic=False)
        self.letterhead_parts = {"number": number, "date": date, "vv": vv}
        return vv

    def check_agencies(self, agencies: list[_Seg], where0: str) -> None:
        agencies = [a for a in agencies if a.visible()]
        if not agencies:
            self.add("co-quan", _REF_AGENCY, ERROR, where0, "không tìm thấy tên cơ quan ban hành văn bản",
                     "tên cơ quan, tổ chức ban hành (và cơ quan chủ quản, nếu có) ở góc trên bên trái (ô số 2)")
            return
        for seg in agencies:
            self.style(seg, "Tên cơ quan", _REF_AGENCY, (12, 13), italic=False, upper=True)
        pattern = ["B" if a.all_bold() else ("M" if a.any_bold() else "N") for a in agencies]
        text = " / ".join(_excerpt(a.text, 50) for a in agencies)
        if "B" not in pattern and "M" not in pattern:
            seg = agencies[-1]
            self.add("kieu-chu", _REF_AGENCY, ERROR, seg.where(),
                     f"tên cơ quan ban hành không in đậm ({text})",
                     "tên cơ quan ban hành in hoa, đậm; tên cơ quan chủ quản (dòng trên) in hoa, không đậm")
            return
        shape = "".join(pattern)
        if re.fullmatch(r"B{2,}", shape) and _AGENCY_HEAD_RE.match(_nfc(agencies[-1].text)):
            # «UBND TỈNH …» / «SỞ …» both bold: the upper line is a parent agency, not part of the name
            self.add("co-quan", _REF_AGENCY, WARNING, agencies[0].where(),
                     f"mọi dòng tên cơ quan đều in đậm, dòng dưới là một cơ quan khác ({text})",
                     "tên cơ quan chủ quản (dòng trên) in hoa, không đậm; chỉ tên cơ quan ban hành in đậm")
            return
        if re.fullmatch(r"N*B+", shape):
            return
        if "M" in pattern:
            seg = agencies[pattern.index("M")]
            self.add("co-quan", _REF_AGENCY, WARNING, seg.where(),
                     f"dòng tên cơ quan chỉ in đậm một phần ({text})",
                     "tên cơ quan chủ quản in hoa, không đậm; tên cơ quan ban hành in hoa, đậm")
            return
        seg = agencies[0]
        self.add("co-quan", _REF_AGENCY, WARNING, seg.where(),
                 f"không phân biệt được cơ quan chủ quản và cơ quan ban hành: đậm/không đậm xen kẽ ({text})",
                 "cơ quan chủ quản ở trên, in hoa, không đậm; cơ quan ban hành ở dưới, in hoa, đậm")

    def check_number(self, seg: _Seg) -> None:
        text = _nfc(seg.text).strip()
        where = seg.where()
        self.style(seg, "Dòng số, ký hiệu", _REF_NUMBER, (13, 13), italic=False, size_severity=WARNING)
        match = re.match(r"^(?P<word>s[ốô])(?P<colon>\s*:)?(?P<rest>.*)$", text, re.IGNORECASE)
        if match is None:
            return
        if match.group("word") != "Số":
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"chữ «{match.group('word')}»",
                     "từ «Số» viết chữ in thường (chữ S hoa)")
        if not match.group("colon"):
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"«{_excerpt(text, 30)}» thiếu dấu hai chấm sau «Số»",
                     "«Số:» (có dấu hai chấm), ví dụ «Số: 05/KH-SKHCN»")
        rest = match.group("rest")
        ref = re.match(r"^(?P<pre>[\s._…]*)(?P<num>[0-9]*)(?P<mid>[\s._…]*)/(?P<post>\s*)(?P<sym>.*?)\s*$", rest)
        if ref is None:
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where,
                     f"«{_excerpt(text, 40)}» không có «/» giữa số và ký hiệu",
                     "«Số: <số>/<ký hiệu>», ví dụ «Số: 05/KH-SKHCN»")
            return
        num, sym = ref.group("num"), ref.group("sym")
        self.number_symbol = sym
        if num:
            expected = doc_number(int(num)) if int(num) > 0 else None
            if expected is None:
                self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"số văn bản «{num}»",
                         "số văn bản bắt đầu từ 01")
            elif num != expected:
                why = ("số nhỏ hơn 10 phải ghi thêm số 0 phía trước" if int(num) < 10 and len(num) == 1
                       else "thừa số 0 ở đầu")
                self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"«Số: {num}/{sym}» ({why})",
                         f"«Số: {expected}/{sym}»")
            if ref.group("mid") or ref.group("post"):
                self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"«{_excerpt(text, 40)}» có dấu cách quanh «/»",
                         f"số và ký hiệu viết liền: «{num}/{sym}»")
        if not sym:
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, "thiếu ký hiệu văn bản sau «/»",
                     "ký hiệu gồm chữ viết tắt tên loại (hoặc tên cơ quan) và tên cơ quan, nối bằng «-»")
            return
        if re.search(r"\s", sym):
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"ký hiệu «{sym}» có dấu cách",
                     f"ký hiệu viết liền, không cách chữ: «{''.join(sym.split())}»")
        elif re.search(r"[–—‐‑−]", sym):
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"ký hiệu «{sym}» dùng gạch dài",
                     "các nhóm chữ viết tắt nối bằng gạch nối «-»")
        groups = [g for g in re.split(r"[-–—‐‑−/\s]+", sym) if g]
        lower = [g for g in groups if _has_lower(g) and g not in _MIXED_CASE_GROUPS]
        if lower:
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, where, f"ký hiệu «{sym}» có chữ thường ({', '.join(lower)})",
                     "ký hiệu viết chữ in hoa (trừ các chữ viết tắt chính thức QyĐ, CTr, TTr, TrS)")
        if groups and re.fullmatch(r"[0-9]{4}", groups[0]):
            self.number_symbol = None  # a legal normative document: its symbol is not checked against the type
            self.add("so-ky-hieu", _REF_NUMBER, WARNING, where, f"số, ký hiệu có năm ban hành «{sym}»",
                     "số, ký hiệu văn bản hành chính không ghi năm (số có năm là của văn bản quy phạm pháp luật, "
                     "không thuộc phạm vi ND30)")

    def check_symbol_type(self, segs: list[_Seg], doc_type: str | None) -> None:
        number = self.letterhead_parts.get("number")
        sym = self.number_symbol
        if number is None or not sym:
            return
        first = re.split(r"[-–—‐‑−\s]+", sym.strip())[0]
        if doc_type is not None:
            abbr = type_abbreviation(doc_type)
            if abbr and first != abbr:
                self.add("so-ky-hieu", _REF_SYMBOL_TYPE, ERROR, number.where(),
                         f"ký hiệu «{sym}» không bắt đầu bằng chữ viết tắt của {doc_type}",
                         f"ký hiệu bắt đầu bằng «{abbr}-» (chữ viết tắt tên loại {doc_type}), ví dụ «{abbr}-…»")
        elif first.upper() == "CV":
            self.add("so-ky-hieu", _REF_NUMBER, ERROR, number.where(), f"ký hiệu công văn «{sym}» có nhóm «CV»",
                     "công văn không có chữ viết tắt tên loại: ký hiệu là <cơ quan>-<đơn vị soạn thảo hoặc "
                     "lĩnh vực>, ví dụ «UBND-NN»")

    def check_date_line(self, seg: _Seg) -> None:
        text = _nfc(seg.text).strip()
        where = seg.where()
        self.style(seg, "Dòng địa danh, ngày tháng năm", _REF_DATE, (13, 14), bold=False, italic=True)
        if seg.para.area == "table" and seg.para.jc == "right":
            self.add("can-le", _REF_DATE, WARNING, where, "dòng địa danh, ngày tháng năm canh phải",
                     "canh giữa dưới Quốc hiệu và Tiêu ngữ")
        match = _DATE_LINE_RE.match(text)
        if match is None:
            self.add("ngay-thang", _REF_DATE, ERROR, where, f"dòng ngày ghi là «{_excerpt(text, 60)}»",
                     "«<Địa danh>, ngày DD tháng M năm YYYY», ví dụ «Thanh Hóa, ngày 05 tháng 02 năm 2024»")
            return
        place = match.group("place").strip()
        if not place:
            self.add("dia-danh", _REF_PLACE, ERROR, where, "dòng ngày không có địa danh",
                     "địa danh (tên đơn vị hành chính nơi cơ quan đóng trụ sở) trước ngày tháng")
        else:
            if _PLACE_ABBR_RE.search(place):
                self.add("dia-danh", _REF_PLACE, ERROR, where, f"địa danh viết tắt «{place}»",
                         "ghi đầy đủ tên đơn vị hành chính, ví dụ «Thành phố Hồ Chí Minh», không viết «TP.»")
            if place[:1].islower():
                self.add("dia-danh", _REF_PLACE, ERROR, where, f"địa danh «{place}» không viết hoa chữ cái đầu",
                         "các chữ cái đầu của địa danh viết hoa")
            if not match.group("comma"):
                self.add("ngay-thang", _REF_DATE, ERROR, where, f"thiếu dấu phẩy sau địa danh «{place}»",
                         f"«{place}, ngày …»")
        for word in ("ngày", "tháng", "năm"):
            if re.search(rf"\b{word.capitalize()}\b", text):
                self.add("ngay-thang", _REF_DATE, ERROR, where, f"chữ «{word.capitalize()}» viết hoa",
                         f"«{word}» viết thường")
        day_s, month_s, year_s = (match.group(k).strip(" ._…") for k in ("day", "month", "year"))
        day_raw = match.group("day").strip()
        month_raw = match.group("month").strip()
        problems, fixed = [], []
        if day_s:
            day = int(day_s)
            if 1 <= day <= 31:
                if day_s != pad_day(day):
                    problems.append(f"«ngày {day_raw}»")
                    fixed.append(f"«ngày {pad_day(day)}»")
            else:
                problems.append(f"ngày {day_raw} không có thật")
                fixed.append("ngày từ 01 đến 31")
        if month_s:
            month = int(month_s)
            if 1 <= month <= 12:
                if month_s != pad_month(month):
                    problems.append(f"«tháng {month_raw}»")
                    fixed.append(f"«tháng {pad_month(month)}»")
            else:
                problems.append(f"tháng {month_raw} không có thật")
                fixed.append("tháng từ 1 đến 12")
        year_draft = bool(re.search(r"[._…]", match.group("year")))
        if year_s and not year_draft and not re.fullmatch(r"[0-9]{4}", year_s):
            problems.append(f"«năm {match.group('year').strip()}»")
            fixed.append("năm ghi đủ 4 chữ số")
        elif not year_s and not year_draft:
            problems.append("thiếu năm")
            fixed.append("năm ghi đủ 4 chữ số (kể cả ở dự thảo)")
        if problems:
            self.add("ngay-thang", _REF_DATE, ERROR, where, "; ".join(problems),
                     "; ".join(fixed) + " (ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0: «ngày 05 tháng 02», "
                     "«ngày 20 tháng 8»)")
        elif day_s and month_s and len(year_s) == 4:
            import datetime as _dt
            try:
                _dt.date(int(year_s), int(month_s), int(day_s))
            except ValueError:
                self.add("ngay-thang", _REF_DATE, ERROR, where,
                         f"ngày {day_s} tháng {month_s} năm {year_s} không có thật", "một ngày có thật")

    # ------------------------------------------------------------------ type line and abstract

    def is_type_line(self, para: _Para) -> bool:
        text = " ".join(_nfc(para.text).split())
        if not text:
            return False
        if type_abbreviation(text) or text.upper() in ("CÔNG VĂN", "DANH SÁCH", "THƯ CÔNG"):
            return True
        seg = _Seg(para, para.pieces, 0)
        return (para.jc == "center" and len(text) <= 40 and seg.is_upper() and seg.all_bold()
                and not re.search(r"[0-9:;,./]", text) and not self.is_national(seg))

    def check_type_line(self, para: _Para, has_vv: bool) -> str:
        text = " ".join(_nfc(para.text).split())
        seg = _Seg(para, para.pieces, 0)
        upper = text.upper()
        if upper == "CÔNG VĂN":
            self.add("ten-loai", _REF_TYPE_LIST, ERROR, para.where(), "có dòng tên loại «CÔNG VĂN»",
                     "công văn không có dòng tên loại; trích yếu ghi «V/v …» dưới số, ký hiệu")
            return None
        if upper == "DANH SÁCH":
            self.add("ten-loai", _REF_TYPE_LIST, ERROR, para.where(), "tên loại «DANH SÁCH»",
                     "«Danh sách» không phải loại văn bản hành chính; ban hành kèm theo quyết định, kế hoạch, "
                     "công văn… dưới dạng phụ lục")
            return None
        if type_abbreviation(text) is None:
            self.add("ten-loai", _REF_TYPE_LIST, ERROR, para.where(), f"tên loại «{text}»",
                     "một trong các loại văn bản hành chính của ND30 Điều 7 (KẾ HOẠCH, BÁO CÁO, "
                     "QUYẾT ĐỊNH, THÔNG BÁO, TỜ TRÌNH…)")
        self.style(seg, "Tên loại văn bản", _REF_TYPE, (13, 14), bold=True, italic=False, upper=True)
        if has_vv:
            self.add("trich-yeu", _REF_TYPE, WARNING, para.where(),
                     "văn bản có tên loại nhưng trích yếu ghi «V/v …» dưới số, ký hiệu",
                     "«V/v …» chỉ dùng cho công văn; văn bản có tên loại ghi trích yếu dưới tên loại")
        return text

    def check_abstract(self, index: int) -> int:
        blocks = self.m.blocks
        lines: list[_Para] = []
        while index < len(blocks) and blocks[index].kind == "p":
            para = blocks[index].paras[0]
            text = _nfc(para.text).strip()
            if not text or _RULE_RE.match(text):
                break
            if lines and (para.jc != "center" or _KINH_GUI_RE.match(text)):
                break
            if not lines and (_KINH_GUI_RE.match(text) or (para.jc == "both" and para.first_line > 0)):
                break
            lines.append(para)
            index += 1
        if not lines:
            where = blocks[index].paras[0].where() if index < len(blocks) else "sau tên loại"
            self.add("trich-yeu", _REF_TYPE, WARNING, where, "không thấy trích yếu nội dung dưới tên loại",
                     "trích yếu (chữ in thường, đứng, đậm, canh giữa) ngay dưới tên loại văn bản")
        for para in lines:
            self.style(_Seg(para, para.pieces, 0), "Trích yếu", _REF_TYPE, (13, 14), bold=True, italic=False)
        return self.skip_empty(index)

    def skip_addressees(self, index: int) -> int:
        blocks = self.m.blocks
        if index >= len(blocks) or blocks[index].kind != "p":
            return index
        text = _nfc(blocks[index].paras[0].text).strip()
        if not _KINH_GUI_RE.match(text):
            return index
        self.has_addressees = True
        last = text
        first_para = blocks[index].paras[0]
        self.style(_Seg(first_para, first_para.pieces, 0), "Phần «Kính gửi»", _REF_RECIPIENTS, (13, 14),
                   grouped=True)
        index += 1
        while index < len(blocks) and blocks[index].kind == "p":
            line = _nfc(blocks[index].paras[0].text).strip()
            if not line:
                break
            if line.startswith(("-", "–", "+")) and not last.endswith("."):
                para = blocks[index].paras[0]
                self.style(_Seg(para, para.pieces, 0), "Phần «Kính gửi»", _REF_RECIPIENTS, (13, 14),
                           grouped=True)
                last = line
                index += 1
                continue
            break
        return self.skip_empty(index)

    # ------------------------------------------------------------------ body

    def check_body(self, blocks: list[_Block]) -> None:
        previous: _Para | None = None
        for block in blocks:
            if block.kind != "p":
                previous = None
                continue
            para = block.paras[0]
            text = _nfc(para.text)
            if not text.strip() or _RULE_RE.match(text):
                previous = None
                continue
            self.check_body_paragraph(para, previous)
            self.check_text_dates(para)
            previous = para

    def check_body_paragraph(self, para: _Para, previous: _Para | None) -> None:
        text = _nfc(para.text).strip()
        vis = para.visible()
        sizes = {p.size for _, p in vis if not p.vert}
        heading = (bool(vis) and all(p.bold for _, p in vis)) or bool(_HEADING_RE.match(text)) or (
            any(ch.isalpha() for ch in text) and not _has_lower(text) and len(text) < 200)
        listed = para.numbered or bool(_LIST_RE.match(text))
        bad = {s for s in sizes if not 12.99 <= s <= 14.01}
        if bad:
            self.group("co-chu", _REF_BODY, ERROR, para, f"nội dung cỡ chữ {_sizes(sizes)}",
                       "nội dung văn bản cỡ chữ từ 13 đến 14")
        # alignment
        if para.jc != "both":
            names = {"left": "canh trái", "center": "canh giữa", "right": "canh phải"}
            found = f"đoạn văn {names.get(para.jc, para.jc)}"
            if heading:
                if para.jc == "right":
                    self.group("can-le", _REF_BODY, WARNING, para, f"đề mục {names['right']}",
                               "đề mục canh đều hai lề hoặc canh giữa")
            elif len(text) >= 80:
                self.group("can-le", _REF_BODY, ERROR, para, found, "nội dung canh đều cả hai lề")
            elif para.jc != "left":
                self.group("can-le", _REF_BODY, WARNING, para, found, "nội dung canh đều cả hai lề")
        # first-line indent
        if para.jc != "center":
            position = para.left + para.first_line
            raw = para.text
            if raw.startswith("\t") and para.first_line <= 0:
                position = max(position, self.pkg.default_tab) if para.left < self.pkg.default_tab else position
            if raw[:1] == " " and raw[:3] == "   ":
                self.group("lui-dau-dong", _REF_BODY, WARNING, para, "lùi đầu dòng bằng dấu cách",
                           "lùi đầu dòng 1 cm hoặc 1,27 cm bằng định dạng đoạn (First line)")
            elif not _INDENT_MIN <= position <= _INDENT_MAX:
                severity = WARNING if (heading or listed) else ERROR
                what = "đề mục" if heading else ("dòng liệt kê" if listed else "đoạn văn")
                self.group("lui-dau-dong", _REF_BODY, severity, para,
                           f"{what} lùi đầu dòng {_cm(position)}",
                           "chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm" + (" (đề mục có thể khác: chỉ lưu ý)"
                                                                        if severity == WARNING else ""))
        # spacing between paragraphs
        if previous is not None:
            after = previous.after
            before = para.before
            same_style = previous.style_id == para.style_id
            if same_style and previous.contextual:
                after = 0
            if same_style and para.contextual:
                before = 0
            if after + before < 119:
                note = " («Không thêm khoảng cách giữa các đoạn cùng kiểu»)" if (
                    same_style and (previous.contextual or para.contextual)) else ""
                self.group("khoang-cach-doan", _REF_BODY, ERROR, para,
                           f"khoảng cách với đoạn trên {_pt((after + before) / 20)} pt{note}",
                           "khoảng cách giữa các đoạn văn tối thiểu 6 pt (cách trước + cách sau)")
        # line spacing
        size = max(sizes) if sizes else 14.0
        single = size * 1.15 * 20  # Times New Roman: one line ≈ 1,15 × font size
        rule = para.line_rule
        if rule == "auto":
            ratio = para.line / 240
            if ratio < 0.99:
                self.group("gian-dong", _REF_BODY, ERROR, para, f"giãn dòng {_num(ratio, 2)} dòng",
                           "khoảng cách giữa các dòng từ dòng đơn (1) đến 1,5 dòng")
            elif ratio > 1.51:
                self.group("gian-dong", _REF_BODY, ERROR, para, f"giãn dòng {_num(ratio, 2)} dòng",
                           "khoảng cách giữa các dòng từ dòng đơn (1) đến 1,5 dòng")
        elif rule == "exact":
            if para.line < size * 20 - 1:
                self.group("gian-dong", _REF_BODY, ERROR, para,
                           f"giãn dòng cố định (Exactly) {_pt(para.line / 20)} pt, nhỏ hơn cỡ chữ {_pt(size)}",
                           "khoảng cách giữa các dòng tối thiểu là dòng đơn (chữ không bị xén)")
            elif para.line < single * 0.97:
                self.group("gian-dong", _REF_BODY, WARNING, para,
                           f"giãn dòng cố định (Exactly) {_pt(para.line / 20)} pt, dưới một dòng đơn "
                           f"(≈ {_pt(single / 20)} pt với cỡ chữ {_pt(size)})",
                           "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")
            elif para.line > single * 1.5 * 1.03:
                self.group("gian-dong", _REF_BODY, ERROR, para,
                           f"giãn dòng cố định (Exactly) {_pt(para.line / 20)} pt, hơn 1,5 dòng",
                           "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")
        elif rule == "atLeast" and para.line > single * 1.5 * 1.03:
            self.group("gian-dong", _REF_BODY, ERROR, para,
                       f"giãn dòng tối thiểu (At least) {_pt(para.line / 20)} pt, hơn 1,5 dòng",
                       "khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng")

    def check_text_dates(self, para: _Para) -> None:
        """Long dates in the text follow the same zero rule (a warning: ND30 rules only the date line)."""
        for match in _LONG_DATE_RE.finditer(_nfc(para.text)):
            day_s, month_s, year_s = match.groups()
            day, month = int(day_s), int(month_s)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            if day_s != pad_day(day) or month_s != pad_month(month):
                self.add("ngay-thang", _REF_DATE_TEXT, WARNING, para.where(),
                         f"«{match.group(0)}»",
                         f"«ngày {pad_day(day)} tháng {pad_month(month)} năm {year_s}» (quy tắc số 0 như dòng "
                         "ngày ban hành)")

    # ------------------------------------------------------------------ signature and recipients

    def find_signature(self, start: int) -> int | None:
        for index in range(start, len(self.m.blocks)):
            block = self.m.blocks[index]
            for para in block.paras:
                for seg in _segments(para):
                    if _NOI_NHAN_RE.match(_nfc(seg.text)):
                        return index
        return None

    def trailing_signature(self, start: int, end: int) -> tuple[int, list[_Para]]:
        """Signature lines typed just above a Nơi nhận block laid out in paragraphs.

        Returns the index of the first such block and its paragraphs: short paragraphs
        pushed to the right (left indent ≥ 5 cm, right-aligned or after tabs), or one
        small table whose first line is in capitals and bold.
        """
        blocks = self.m.blocks
        if end >= len(blocks) or blocks[end].kind != "p":
            return end, []
        out: list[_Para] = []
        index = end - 1
        first = end
        while index >= start:
            block = blocks[index]
            if block.kind == "tbl":
                filled = [p for p in block.paras if p.text.strip()]
                if not out and 0 < len(filled) <= 6 and _Seg(filled[0], filled[0].pieces, 0).is_upper() \
                        and _Seg(filled[0], filled[0].pieces, 0).all_bold():
                    out = list(block.paras)
                    first = index
                break
            para = block.paras[0]
            text = _nfc(para.text)
            if not text.strip():
                index -= 1
                continue
            if len(text.strip()) < 60 and (para.left >= 2800 or para.jc == "right" or text.startswith("\t")):
                out.insert(0, para)
                first = index
                index -= 1
                continue
            break
        return first, out

    def check_signature_zone(self, start: int, before: list[_Para]) -> None:
        """Split the end of the document into the Nơi nhận column and the signature column."""
        blocks = self.m.blocks
        left: list[_Seg] = []
        right: list[_Seg] = []

        def column(para: _Para, target: list[_Seg]) -> None:
            segs = _segments(para)
            if not para.text.strip():
                target.append(segs[0])  # an empty line: the space for the signature
            else:
                target.extend(s for s in segs if s.text)

        for para in before:
            column(para, right)
        block = blocks[start]
        if block.kind == "tbl":
            cells: dict = {}
            for para in block.paras:
                cells.setdefault(para.cell, []).append(para)
            for paras in cells.values():
                label = next((i for i, p in enumerate(paras)
                              if any(_NOI_NHAN_RE.match(_nfc(s.text)) for s in _segments(p))), None)
                if label is None:
                    for para in paras:
                        column(para, right)
                    continue
                for para in paras[label:]:
                    left.extend(s for s in _segments(para) if s.text)
        else:
            for block in blocks[start:]:
                if block.kind == "tbl":
                    for para in block.paras:
                        column(para, right)
                    continue
                para = block.paras[0]
                text = _nfc(para.text)
                if _APPENDIX_RE.match(text):
                    break
                if not text.strip():
                    right.append(_segments(para)[0])
                    continue
                para_left, para_right = _columns(para)
                if para.left >= 2800 and (_NOI_NHAN_RE.match(text) or text.strip().startswith("-")):
                    para_left, para_right = [s for s in _segments(para) if s.text], []
                left.extend(para_left)
                right.extend(para_right)
        self.check_recipients(left)
        self.check_signer(right)

    def check_recipients(self, segs: list[_Seg]) -> None:
        label = next((s for s in segs if _NOI_NHAN_RE.match(_nfc(s.text))), None)
        if label is None:
            return
        text = _nfc(label.text).strip()
        if text != "Nơi nhận:":
            self.add("noi-nhan", _REF_RECIPIENTS, ERROR, label.where(), f"ghi là «{text}»",
                     "«Nơi nhận:» (chữ in thường, có dấu hai chấm)")
        self.style(label, "Chữ «Nơi nhận»", _REF_RECIPIENTS, (12, 12), bold=True, italic=True)
        entries: list[list[_Seg]] = []
        for seg in segs[segs.index(label) + 1:]:
            line = _nfc(seg.text).strip()
            if not line:
                continue
            previous = _nfc(entries[-1][-1].text).strip() if entries else ""
            if entries and not line.startswith(("-", "–", "+", "•")) and not previous.endswith((";", ".")):
                entries[-1].append(seg)  # a wrapped entry
                continue
            entries.append([seg])
        if not entries:
            self.add("noi-nhan", _REF_RECIPIENTS, ERROR, label.where(), "không có dòng nào dưới «Nơi nhận:»",
                     "mỗi nơi nhận một dòng «- …;», dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»")
            return
        for number, entry in enumerate(entries, 1):
            first = entry[0]
            line = " ".join(_nfc(s.text).strip() for s in entry)
            last = number == len(entries)
            for seg in entry:
                self.style(seg, "Dòng nơi nhận", _REF_RECIPIENTS, (11, 11), italic=False, grouped=True)
            if not line.startswith("-"):
                self.add("noi-nhan", _REF_RECIPIENTS, ERROR, first.where(), f"dòng nơi nhận «{_excerpt(line)}» "
                         "không có gạch đầu dòng", "mỗi dòng nơi nhận bắt đầu bằng «- » sát lề trái")
            elif not line.startswith("- "):
                self.add("noi-nhan", _REF_RECIPIENTS, WARNING, first.where(),
                         f"dòng nơi nhận «{_excerpt(line)}» thiếu dấu cách sau gạch đầu dòng", "«- <nơi nhận>;»")
            if not last:
                if not line.endswith(";"):
                    self.add("noi-nhan", _REF_RECIPIENTS, ERROR, entry[-1].where(),
                             f"dòng nơi nhận kết thúc bằng «{line[-1:]}»" if line else "dòng trống",
                             "mỗi dòng nơi nhận (trừ dòng cuối) kết thúc bằng dấu chấm phẩy «;»")
                continue
            body = line.lstrip("-–• ").strip()
            if not re.match(r"^Lưu\b", body):
                self.add("noi-nhan", _REF_RECIPIENTS, ERROR, first.where(),
                         f"dòng cuối của nơi nhận là «{_excerpt(line)}»",
                         "dòng cuối là «- Lưu: VT, <đơn vị soạn thảo> (<số bản>).»")
                continue
            if not re.match(r"^Lưu\s*:", body):
                self.add("noi-nhan", _REF_RECIPIENTS, ERROR, first.where(), f"«{_excerpt(line)}» thiếu dấu hai chấm "
                         "sau «Lưu»", "«- Lưu: VT, …»")
            if not line.endswith("."):
                self.add("noi-nhan", _REF_RECIPIENTS, ERROR, entry[-1].where(),
                         f"dòng «Lưu» kết thúc bằng «{line[-1:]}», không có dấu chấm",
                         "dòng cuối «- Lưu: VT, …» kết thúc bằng dấu chấm «.»")
            archive = re.sub(r"^Lưu\s*:?\s*", "", body)
            if not re.match(r"^VT\b", archive):
                self.add("noi-nhan", _REF_RECIPIENTS, WARNING, first.where(), f"«{_excerpt(line)}» không bắt đầu "
                         "bằng «VT»", "«- Lưu: VT, <đơn vị soạn thảo>.» (VT: Văn thư)")
            elif re.match(r"^VT\s*;", archive):
                self.add("noi-nhan", _REF_RECIPIENTS, WARNING, first.where(),
                         f"«{_excerpt(line)}»: sau «VT» là dấu chấm phẩy",
                         "«- Lưu: VT, <đơn vị soạn thảo> (<số bản>).»: sau «VT» là dấu phẩy")
        if self.has_addressees:
            first_line = " ".join(_nfc(s.text).strip() for s in entries[0])
            if not re.match(r"^-\s*Như trên\s*;?$", first_line):
                self.add("noi-nhan", _REF_RECIPIENTS_FIRST, ERROR, entries[0][0].where(),
                         f"văn bản có «Kính gửi» nhưng dòng nơi nhận đầu tiên là «{_excerpt(first_line)}»",
                         "dòng đầu tiên dưới «Nơi nhận:» là «- Như trên;»")

    def check_signer(self, segs: list[_Seg]) -> None:
        lines: list[tuple[_Seg, bool]] = []  # (segment, gap before it)
        gap = False
        for seg in segs:
            text = _nfc(seg.text).strip()
            if not text or _RULE_RE.match(text):
                if lines:
                    gap = True
                continue
            if re.match(r"^\(.*\)$", text):  # (Đã ký), (Ký, đóng dấu)
                gap = True
                continue
            lines.append((seg, gap))
            gap = False
        if not lines:
            self.add("chu-ky", _REF_SIGN, WARNING, "khối chữ ký",
                     "không tìm thấy quyền hạn, chức vụ và họ tên người ký",
                     "quyền hạn, chức vụ (in hoa, đậm) và họ tên người ký (đậm) ở góc dưới bên phải")
            return
        name_seg = None
        last, last_gap = lines[-1]
        if not last.is_upper() or (last_gap and len(lines) > 1):
            name_seg = last
            titles = [seg for seg, _ in lines[:-1]]
        else:
            titles = [seg for seg, _ in lines]
        if not titles:
            self.add("chu-ky", _REF_SIGN, ERROR, name_seg.where() if name_seg else "khối chữ ký",
                     "không có dòng quyền hạn, chức vụ của người ký",
                     "chức vụ người ký (in hoa, đậm) phía trên họ tên, ví dụ «GIÁM ĐỐC»")
        for number, seg in enumerate(titles):
            text = _nfc(seg.text).strip()
            self.style(seg, "Quyền hạn, chức vụ người ký", _REF_SIGN, (13, 14), bold=True, italic=False, upper=True)
            if "PHỤ TRÁCH" in text.upper():
                self.add("chu-ky", _REF_SIGN, ERROR, seg.where(), f"chức vụ «{text}»",
                         "cấp phó được giao phụ trách ký như cấp phó ký thay: «KT. <CHỨC VỤ CẤP TRƯỞNG>» / "
                         "«PHÓ <CHỨC VỤ>», không ghi «phụ trách»")
            mark = _MARK_RE.match(text)
            if not mark:
                continue
            token, dot = mark.group(1), mark.group(2)
            clean = token.replace(".", "").replace("/", "")
            if token in ("T/M", "K/T") or "." in token[:-1] or clean in ("PP",):
                self.add("chu-ky", _REF_SIGN, ERROR, seg.where(), f"chữ viết tắt quyền hạn «{token}»",
                         "chỉ dùng «TM.», «KT.», «TL.», «TUQ.», «Q.»")
                continue
            if clean in _ALLOWED_MARKS and not dot:
                self.add("chu-ky", _REF_SIGN, ERROR, seg.where(), f"«{clean}» thiếu dấu chấm",
                         f"«{clean}.» (có dấu chấm), ví dụ «{clean}. GIÁM ĐỐC»")
            if clean == "KT":
                following = titles[number + 1] if number + 1 < len(titles) else None
                if following is None:
                    self.add("chu-ky", _REF_SIGN, ERROR, seg.where(), f"«{text}» không có dòng chức vụ của cấp phó",
                             "«KT. <chức vụ cấp trưởng>» rồi dòng chức vụ của người ký thay, ví dụ «PHÓ GIÁM ĐỐC»")
                elif not re.match(r"^(PHÓ|THỨ)\b", _nfc(following.text).strip().upper()):
                    self.add("chu-ky", _REF_SIGN, WARNING, following.where(),
                             f"sau «{text}» là «{_nfc(following.text).strip()}»",
                             "dòng chức vụ của cấp phó ký thay, ví dụ «PHÓ GIÁM ĐỐC», «THỨ TRƯỞNG»")
        if name_seg is None:
            self.add("chu-ky", _REF_SIGN_NAME, WARNING, titles[-1].where() if titles else "khối chữ ký",
                     "không thấy họ tên người ký", "họ tên người ký (chữ in thường, đậm) dưới chức vụ")
            return
        name = _nfc(name_seg.text).strip()
        self.style(name_seg, "Họ tên người ký", _REF_SIGN_NAME, (13, 14), bold=True, italic=False)
        if not _has_lower(name):
            self.add("chu-hoa", _REF_SIGN_NAME, ERROR, name_seg.where(), f"họ tên người ký viết in hoa «{name}»",
                     "họ tên người ký viết chữ in thường (viết hoa chữ cái đầu)")
        if _ACADEMIC_RE.match(name):
            self.add("chu-ky", _REF_SIGN_NAME, WARNING, name_seg.where(), f"trước họ tên có học hàm, học vị «{name}»",
                     "không ghi học hàm, học vị trước họ tên người ký (trừ ngành được phép)")

    # ------------------------------------------------------------------ appendix

    def check_appendix(self, first: int) -> None:
        blocks = self.m.blocks
        label = blocks[first].paras[0]
        seg = _Seg(label, label.pieces, 0)
        text = _nfc(label.text).strip()
        if not text.startswith("Phụ lục"):
            self.add("chu-hoa", _REF_APPENDIX, ERROR, label.where(), f"ghi là «{text}»",
                     "từ «Phụ lục» (và số thứ tự) viết chữ in thường, trên một dòng riêng")
        self.style(seg, "Dòng «Phụ lục»", _REF_APPENDIX, (14, 14), bold=True, italic=False)
        if label.jc != "center":
            self.add("can-le", _REF_APPENDIX, ERROR, label.where(), "dòng «Phụ lục» không canh giữa",
                     "dòng «Phụ lục» canh giữa")
        index = self.skip_empty(first + 1)
        if index < len(blocks) and blocks[index].kind == "p":
            title = blocks[index].paras[0]
            title_text = _nfc(title.text).strip()
            if not title_text.startswith("("):
                self.style(_Seg(title, title.pieces, 0), "Tên phụ lục", _REF_APPENDIX, (13, 14), bold=True,
                           italic=False, upper=True)
                index = self.skip_empty(index + 1)
        if index < len(blocks) and blocks[index].kind == "p" and _nfc(blocks[index].paras[0].text).strip().startswith(
                "("):
            note = blocks[index].paras[0]
            self.style(_Seg(note, note.pieces, 0), "Dòng «(Kèm theo …)»", _REF_APPENDIX, (13, 14), italic=True)
            self.check_text_dates(note)
        else:
            where = blocks[index].paras[0].where() if index < len(blocks) else label.where()
            self.add("phu-luc", _REF_APPENDIX, WARNING, where, "không thấy dòng «(Kèm theo … số … ngày … của …)»",
                     "dưới tên phụ lục: số, ký hiệu, thời gian ban hành và tên cơ quan ban hành văn bản, in nghiêng")

    # ------------------------------------------------------------------ page numbers

    def check_page_numbers(self) -> None:
        sections = self.m.sections
        if not sections:
            return
        refs: dict[tuple[str, str], str] = {}
        found_any = False
        checked_parts: set[str] = set()
        for index, sect in enumerate(sections, 1):
            for tag, kind in (("headerReference", "header"), ("footerReference", "footer")):
                for ref in sect.findall(W + tag):
                    refs[(kind, ref.get(W + "type") or "default")] = ref.get(_R_ID)
            title_pg = bool(_is_on(sect.find(W + "titlePg")))
            for (kind, htype), rid in sorted(refs.items()):
                part = self.m.header_part(rid)
                if part is None:
                    continue
                name, paras, root = part
                field_paras = [p for p in paras if _has_page_field(p.el)]
                if kind == "footer":
                    if field_paras and name not in checked_parts:
                        checked_parts.add(name)
                        self.add("so-trang", _REF_PAGE_NO, ERROR, field_paras[0].where(),
                                 "số trang đặt ở chân trang", "số trang canh giữa trong phần lề trên (đầu trang)")
                    continue
                if htype == "first":
                    if index == 1 and title_pg and field_paras and "first" not in checked_parts:
                        checked_parts.add("first")
                        self.add("so-trang", _REF_PAGE_NO, ERROR, f"trang 1 — {field_paras[0].where('')}",
                                 "đầu trang riêng của trang đầu có số trang: trang 1 hiển thị số trang",
                                 "không hiển thị số trang ở trang thứ nhất (để trống đầu trang của trang đầu)")
                    continue
                if htype == "even":
                    continue
                if field_paras:
                    found_any = True
                    if index == 1 and not title_pg and "first" not in checked_parts:
                        checked_parts.add("first")
                        self.add("so-trang", _REF_PAGE_NO, ERROR, f"trang 1 — {field_paras[0].where('')}",
                                 "trang 1 hiển thị số trang (phần 1 không bật «Trang đầu khác» — "
                                 "Different First Page)",
                                 "không hiển thị số trang ở trang thứ nhất: bật «Different First Page» và để trống "
                                 "đầu trang của trang đầu")
                    if name in checked_parts:
                        continue
                    checked_parts.add(name)
                    para = field_paras[0]
                    centred = para.jc == "center" or (
                        para.text[:1] == "\t" and any(kind_ == "center" for kind_, _ in para.tab_stops)
                        and not para.text.strip("\t0123456789 "))
                    if not centred and _in_text_box(para.el):
                        self.add("so-trang", _REF_PAGE_NO, WARNING, para.where(""),
                                 "số trang nằm trong hộp văn bản (text box): không đọc được vị trí canh giữa",
                                 "số trang canh giữa theo chiều ngang trong phần lề trên")
                    elif not centred:
                        placed = {"left": "canh trái", "right": "canh phải", "both": "canh đều"}.get(para.jc, para.jc)
                        self.add("so-trang", _REF_PAGE_NO, ERROR, para.where(""), f"số trang {placed}",
                                 "số trang canh giữa theo chiều ngang trong phần lề trên")
                    sizes = _field_sizes(para)
                    if sizes and any(not 12.99 <= s <= 14.01 for s in sizes):
                        self.add("co-chu", _REF_PAGE_NO, ERROR, para.where(""),
                                 f"số trang cỡ chữ {_sizes(sizes)}", "số trang cỡ chữ từ 13 đến 14")
        if not found_any:
            self.add("so-trang", _REF_PAGE_NO, WARNING, "đầu trang",
                     "không thấy trường số trang (PAGE) ở đầu trang",
                     "văn bản nhiều trang đánh số trang từ trang 2, bằng chữ số Ả Rập, canh giữa trong lề trên "
                     "(văn bản một trang không cần)")

    # ------------------------------------------------------------------ text: NFC and tone marks

    def check_text(self) -> None:
        styles: dict[str, list[tuple[_Para, str]]] = {"cũ": [], "mới": []}
        order: list[str] = []
        decomposed: list[tuple[_Para, str]] = []
        for para in self.m.all_paras():
            text = para.text
            if not text:
                continue
            normal = _nfc(text)
            if normal != text:
                bad = next((i for i in range(len(text)) if unicodedata.combining(text[i])), None)
                sample = ""
                if bad is not None:
                    start = bad
                    while start > 0 and unicodedata.combining(text[start]):
                        start -= 1
                    end = bad
                    while end < len(text) and (end == start or unicodedata.combining(text[end])):
                        end += 1
                    chunk = text[start:end]
                    codes = " + ".join(f"U+{ord(ch):04X}" for ch in chunk)
                    sample = f": «{_nfc(chunk)}» gõ thành {len(chunk)} ký tự ({codes})"
                decomposed.append((para, sample))
            for word in _WORD.findall(normal):
                style = _tone_style(word)
                if style:
                    styles[style].append((para, word))
                    if style not in order:
                        order.append(style)
        if decomposed:
            para, sample = decomposed[0]
            where = para.where()
            if len(decomposed) > 1:
                more = ", ".join(p.short_where() for p, _ in decomposed[1:6])
                where += f" và {len(decomposed) - 1} chỗ khác ({more}{', …' if len(decomposed) > 6 else ''})"
            self.add("unicode-nfc", _REF_NFC, ERROR, where, f"chữ tổ hợp (Unicode dạng NFD){sample}",
                     "chữ tiếng Việt dựng sẵn (Unicode NFC): mỗi chữ có dấu là một ký tự, ví dụ «ệ» = U+1EC7")
        if styles["cũ"] and styles["mới"]:
            old, new = len(styles["cũ"]), len(styles["mới"])
            minority = "mới" if new < old else ("cũ" if old < new else order[1])
            majority = "cũ" if minority == "mới" else "mới"
            para, word = styles[minority][0]
            fixed = _restyle(word, to_old=(majority == "cũ"))
            names = {"cũ": "kiểu cũ (dấu trên nguyên âm đầu: hòa, thủy)",
                     "mới": "kiểu mới (dấu trên nguyên âm chính: hoà, thuỷ)"}
            example = styles[majority][0][1]
            minority_paras = []
            for p, _ in styles[minority]:
                if not any(p is q for q in minority_paras):
                    minority_paras.append(p)
            where = para.where()
            if len(minority_paras) > 1:
                more = ", ".join(p.short_where() for p in minority_paras[1:6])
                where += f" và {len(minority_paras) - 1} chỗ khác ({more}{', …' if len(minority_paras) > 6 else ''})"
            self.add("kieu-bo-dau", _REF_TONE, WARNING, where,
                     f"«{word}» đặt dấu {names[minority]}: {len(styles[minority])} từ, trong khi văn bản có "
                     f"{len(styles[majority])} từ {names[majority].split(' (')[0]} (như «{example}»)",
                     f"thống nhất một kiểu đặt dấu trong cả văn bản: «{fixed}» theo {names[majority]}")


def _own(p_el: etree._Element, el: etree._Element) -> bool:
    """True when ``el`` belongs to paragraph ``p_el`` itself (not to a text box inside it)."""
    node = el.getparent()
    while node is not None and node is not p_el:
        if node.tag in (W + "p", W + "txbxContent", _MC + "Fallback", W + "del"):
            return False
        node = node.getparent()
    return True


def _has_page_field(p_el: etree._Element) -> bool:
    for simple in p_el.iter(W + "fldSimple"):
        if _own(p_el, simple) and re.match(r"\s*PAGE\b", simple.get(W + "instr") or "", re.IGNORECASE):
            return True
    instr = " ".join(t.text or "" for t in p_el.iter(W + "instrText") if _own(p_el, t))
    return bool(re.search(r"(^|\s)PAGE(\s|\\|$)", instr))


def _field_sizes(para: _Para) -> set[float]:
    sizes = {p.size for t, p in para.pieces if t.strip() and t.strip().isdigit()}
    if sizes:
        return sizes
    return {p.size for _, p in para.pieces}


# --------------------------------------------------------------------------- public API


def check_document(path: Path) -> list[Finding]:
    """Kiểm tra thể thức ND30 của một tệp .docx.

    Args:
        path: the .docx file (generated by this tool or typed by hand in Word).

    Returns:
        The findings, in document order by component (page, fonts, letterhead,
        type and abstract, body, Nơi nhận, signature, page numbers, text); an empty
        list for a document that follows ND30.

    Raises:
        VanbanError: (Vietnamese message) when the file is missing, is a folder,
            is an old .doc or a password-protected file, or is not a readable .docx.
    """
    path = Path(path)
    package = _Package(path)
    try:
        model = _Model(package)
    except (etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise VanbanError(f"không đọc được nội dung tệp {path} ({exc})") from None
    return _Checker(model).run()


def _counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity == ERROR for f in findings)
    return errors, len(findings) - errors


def findings_text(path: Path, findings: list[Finding]) -> str:
    """Báo cáo kiểm tra cho người đọc: một dòng cho mỗi sai sót và một dòng tổng.

    Each line: ``[lỗi] <rule> — <where>: <found>; cần: <expected> (<reference>)``.
    """
    lines = [f"Kiểm tra thể thức: {path}"]
    for finding in findings:
        lines.append(f"  [{finding.severity}] {finding.rule} — {finding.where}: {finding.found}; "
                     f"cần: {finding.expected} ({finding.reference})")
    errors, warnings = _counts(findings)
    if not findings:
        lines.append("  Không phát hiện sai sót về thể thức.")
    lines.append(f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo.")
    return "\n".join(lines) + "\n"


def findings_json(results: dict[Path, list[Finding]]) -> str:
    """Báo cáo cho máy: JSON (UTF-8, không thoát ký tự tiếng Việt).

    Shape::

        {"files": [{"path": "...", "errors": 1, "warnings": 0,
                    "findings": [{"rule": ..., "reference": ..., "severity": ...,
                                  "where": ..., "found": ..., "expected": ...}]}],
         "errors": 1, "warnings": 0}
    """
    files = []
    total_errors = total_warnings = 0
    for path, findings in results.items():
        errors, warnings = _counts(findings)
        total_errors += errors
        total_warnings += warnings
        files.append({"path": str(path), "errors": errors, "warnings": warnings,
                      "findings": [asdict(f) for f in findings]})
    return json.dumps({"files": files, "errors": total_errors, "warnings": total_warnings},
                      ensure_ascii=False, indent=1)
