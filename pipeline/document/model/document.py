"""Mô hình dữ liệu của một văn bản hành chính.

The dataclasses of a read document: :class:`AdministrativeDocument`, its body
:class:`Paragraph` s and :class:`DataTable` s (with their :class:`Column` s and
:class:`GroupRow` s), its :class:`Signer`, and the
:data:`ResultsLoader` through which a report gets its plan's results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from pipeline.common import vnformat
from pipeline.common.errors import Location
from pipeline.document.markup import Piece
from pipeline.document.model.levels import Level
from pipeline.document.recipients import Recipients


@dataclass(frozen=True)
class Column:
    """How one column of a :class:`DataTable` is printed.

    Attributes:
        align: ``"left"`` (text), ``"center"`` (STT, dates) or ``"right"`` (numbers).
        width_mm: a fixed width in millimetres, ``None`` for a width from the content
            (:func:`pipeline.render.tables.column_widths`).
        optional: left out of the printed table when no row has text in it
            (an address column no unit has filled in).
    """

    align: str = "left"
    width_mm: float | None = None
    optional: bool = False


@dataclass(frozen=True)
class GroupRow:
    """A row merged across all columns: a group heading (bold), or a note (italic).

    Attributes:
        text: the row's text, e.g. ``I. CÁC SỞ, BAN, NGÀNH CẤP TỈNH``.
        note: printed italic and not bold (``(Không liệt kê từng đơn vị …)``).
    """

    text: str
    note: bool = False


@dataclass
class DataTable:
    """A table printed in a document: the report's results, a data table, the recipient list.

    Attributes:
        header: column headers, printed bold on the first row and repeated on every page.
        rows: row by row, either the cell texts (as long as ``header``, already written in
            Vietnamese form: ``1.234,5``) or a :class:`GroupRow`.
        columns: one :class:`Column` per header cell.
        total_row: the last row is a total (printed bold).
        location: where the table was read from (file, sheet), for errors; ``None`` for a
            table the program computed.
    """

    header: list[str]
    rows: list[list[str] | GroupRow]
    columns: list[Column]
    total_row: bool = False
    location: Location | None = None


@dataclass
class Paragraph:
    """A body paragraph, numbered and with placeholders resolved.

    Attributes:
        level: its level (gives the template style).
        label: the number or mark printed before the text: ``II.``, ``1.2.``, ``a)``, ``-``, or "".
        bold: the whole paragraph (label included) is bold.
        pieces: the text as formatted runs and footnote marks.
        location: the row it came from.
        table: for a ``bảng`` row, the table printed there.
    """

    level: Level
    label: str
    bold: bool
    pieces: list[Piece]
    location: Location
    table: DataTable | None = None


@dataclass
class Signer:
    """The signature block (ND30 Phụ lục I mục II.7; nd30.md §3.8).

    Attributes:
        title_lines: upper-case lines, authority mark first when any:
            ``["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]``.
        name: the signer's full name, no academic titles.
    """

    title_lines: list[str]
    name: str


@dataclass
class AdministrativeDocument:
    """Everything a template needs to print one document.

    Attributes:
        source: the folder or workbook it was read from.
        template: the template file name (in ``templates_docx/``).
        parent_agency: cơ quan chủ quản, "" when the issuer has none.
        issuer: cơ quan ban hành; may hold line breaks.
        doc_type: tên loại, e.g. ``KẾ HOẠCH``.
        symbol: ký hiệu, e.g. ``KH-SKHCN``.
        number: the document number as typed, "" for a draft.
        issue_date: the issue date, ``None`` for a draft.
        year: the year of the document (shown in a draft date line).
        place: địa danh.
        abstract: trích yếu.
        body: the numbered paragraphs.
        footnotes: footnote key -> formatted pieces, in order of first reference.
        recipients: the Nơi nhận lines and the units behind them.
        archive: the archive line's content, e.g. ``VT; VP``.
        signer: the signature block.
        list_template: template of the recipient list appendix, "" for none.
        authority: thẩm quyền ban hành, the line above a quyết định's căn cứ
            (``GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ``; ND30 Phụ lục III Mẫu 1.2), "" if none.
        bases: the legal bases of a quyết định, one citation each, without «Căn cứ» and
            the final punctuation (``Nghị định số 30/2020/NĐ-CP ngày …``).
        proposer: who proposes a quyết định (``Chánh Văn phòng Sở``), "" if none.
        issuer_in_text: the issuer's name as written in a sentence
            (``Sở Khoa học và Công nghệ``), for the appendix's "Kèm theo" line.
        addressees: the Kính gửi recipients (one line each), empty when none.
        named_dates: folded name -> first date of each ``moc_thoi_gian`` row.
        results: for a report or reminder letter, the aggregated responses
            (a :class:`pipeline.results.facts.Results`, made by the loader given to :func:`read_document`).
        file_suffix: added to the output file name (the unit of a per-unit letter).
        invitation: for a Giấy mời, the meeting and the invited units
            (:class:`pipeline.document.invitation.Invitation`), else ``None``.
        list_title: the title of the recipient list appendix when it is not the
            default ``DANH SÁCH NƠI NHẬN <TÊN LOẠI>`` (a reminder's list of the units
            that have not reported).
        warnings: things the clerk should see that do not stop a draft.
        check_ignore: ND30 checker rules to leave out for this document (codes such
            as ``ND30-905`` or old short ids), from «Bỏ qua kiểm tra»; checked
            against the rule book when the document is checked.
        check_ignore_at: where «Bỏ qua kiểm tra» was read, for an unknown code.
    """

    source: Path
    template: str
    parent_agency: str
    issuer: str
    doc_type: str
    symbol: str
    number: str
    issue_date: date | None
    year: int
    place: str
    abstract: str
    body: list[Paragraph]
    footnotes: dict[str, list[Piece]]
    recipients: Recipients
    archive: str
    signer: Signer
    list_template: str = ""
    issuer_in_text: str = ""
    authority: str = ""
    bases: list[str] = field(default_factory=list)
    proposer: str = ""
    addressees: list[str] = field(default_factory=list)
    named_dates: dict[str, date] = field(default_factory=dict)
    results: Any = None
    file_suffix: str = ""
    list_title: str = ""
    invitation: Any = None
    warnings: list[str] = field(default_factory=list)
    check_ignore: tuple[str, ...] = ()
    check_ignore_at: Location | None = None

    @property
    def is_letter(self) -> bool:
        """A công văn: no type line, the abstract printed as ``V/v …`` (ND30 Phụ lục I mục II.5)."""
        return not self.doc_type

    @property
    def addressee_lines(self) -> list[str]:
        """The Kính gửi block: ``Kính gửi:\tX.`` for one, else ``Kính gửi:\t- X;`` … ``\t- Y.``
        (ND30 Phụ lục I mục II.9; nd30.md §3.7, trap 16)."""
        if len(self.addressees) == 1:
            return [f"Kính gửi:\t{self.addressees[0]}."]
        lines = [f"- {name};" for name in self.addressees]
        if lines:
            lines[-1] = lines[-1][:-1] + "."
        return [("Kính gửi:\t" if i == 0 else "\t") + line for i, line in enumerate(lines)]

    @property
    def basis_lines(self) -> list[str]:
        """A quyết định's căn cứ block: ``Căn cứ …;`` per basis, then ``Theo đề nghị của ….``;
        the last line ends with a full stop (nd30.md §3.6: căn cứ in italics, «;» after each, «.» after the last; ND30 Phụ lục III Mẫu 1.2)."""
        lines = [f"Căn cứ {basis};" for basis in self.bases]
        if self.proposer:
            lines.append(f"Theo đề nghị của {self.proposer};")
        if lines:
            lines[-1] = lines[-1][:-1] + "."
        return lines

    @property
    def number_line(self) -> str:
        """``Số: 05/KH-SKHCN``, or ``Số:      /KH-SKHCN`` for a draft (ND30 Phụ lục I mục II.3)."""
        return vnformat.number_line(self.number or None, self.symbol)

    @property
    def date_line(self) -> str:
        """``Thanh Hóa, ngày 05 tháng 02 năm 2024``, or the blank draft form (ND30 Phụ lục I mục II.4)."""
        return vnformat.date_line(self.place, self.issue_date, self.year)

    @property
    def recipient_lines(self) -> list[str]:
        """The Nơi nhận lines with ND30 punctuation: ``- X;`` … ``- Lưu: VT; VP.`` (nd30.md §3.7)."""
        first = ["- Như trên;"] if self.addressees else []  # ND30: Kính gửi recipients (trap 15)
        return first + [f"- {entry};" for entry in self.recipients.lines] + [f"- Lưu: {self.archive}."]

    @property
    def reference_day(self) -> date:
        """The day the recipients are taken on: the issue date, or 1 January of the year for a draft."""
        return self.issue_date or date(self.year, 1, 1)


ResultsLoader = Callable[[Path, Location, bool], Any]
"""Reads a plan and aggregates its responses: ``(plan folder, cell naming it, counts written
with two digits) -> Results``.

The document model does not aggregate (that is the later results stage,
:func:`pipeline.results.facts.load_results`); a document that names its plan
(``Kế hoạch``) gets its results through this loader, so imports run one way.
"""
