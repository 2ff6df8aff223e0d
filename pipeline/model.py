"""The data model of an administrative document, and how it is read from the clerk's tables.

One folder (or workbook) holds one document. Its tables:

=====================  ==========================================================
``thong_tin_chung``    ``Mục`` / ``Giá trị``: letterhead, reference, type, abstract, signer
``noi_dung``           ``Cấp`` / ``In đậm`` / ``Nội dung``: the body, one row per paragraph
``can_cu``             the documents the plan implements (legal basis), ``{căn cứ}`` in the text
``moc_thoi_gian``      named dates and periods, ``{tên}`` in the text
``danh_muc``           named lists (themes, slogans); a row naming one repeats per item
``chu_thich``          footnotes, ``[^n]`` in the text
``noi_nhan``           the Nơi nhận lines, built from the unit registry (see :mod:`pipeline.recipients`)
=====================  ==========================================================

The column headers and keys are the contract with the clerk; they are listed in
the README. Every problem raises :class:`~pipeline.errors.InputError` naming the
file, sheet, row and column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from pipeline import vnformat
from pipeline.errors import InputError, Location
from pipeline.inputs import Row, Source, fold_key
from pipeline.markup import PLACEHOLDER_RE, FootnoteMark, Piece, footnote_keys, parse_inline, placeholders
from pipeline.recipients import RULE_COLS, RULE_OPTIONAL, Recipients, build_recipients
from pipeline.registry import find_registry, load_registry

GENERAL_TABLE = "thong_tin_chung"
BODY_TABLE = "noi_dung"
BASIS_TABLE = "can_cu"
DATES_TABLE = "moc_thoi_gian"
LISTS_TABLE = "danh_muc"
FOOTNOTES_TABLE = "chu_thich"
RECIPIENTS_TABLE = "noi_nhan"

KEY_COL, VALUE_COL = "Mục", "Giá trị"
# Keys of thong_tin_chung: key -> required?
GENERAL_KEYS = {
    "Mẫu": True,
    "Cơ quan chủ quản": False,
    "Cơ quan ban hành": True,
    "Tên loại": False,
    "Ký hiệu": True,
    "Số": False,
    "Ngày ban hành": False,
    "Năm": True,
    "Địa danh": True,
    "Trích yếu": True,
    "Quyền hạn, chức vụ người ký": True,
    "Người ký": True,
    "Lưu": True,
    "Mẫu danh sách nơi nhận": False,
    "Cơ quan ban hành (viết thường)": False,
    "Kính gửi": False,
    "Kế hoạch": False,
    "Gửi từng đơn vị": False,
    "Bỏ qua kiểm tra": False,
}

MULTILINE_KEYS = ("Cơ quan chủ quản", "Cơ quan ban hành", "Quyền hạn, chức vụ người ký", "Kính gửi")
"""Keys whose value may span lines (one line per printed line)."""

LEVEL_COL, BOLD_COL, TEXT_COL = "Cấp", "In đậm", "Nội dung"
BASIS_COLS = ("Loại văn bản", "Số", "Ký hiệu", "Ngày", "Cách ghi ngày", "Cơ quan ban hành", "Trích yếu")
UPDATE_COL = "Cần cập nhật"
DATE_COLS = ("Tên", "Từ ngày", "Đến ngày", "Cách ghi")
LIST_COLS = ("Tên", "Nội dung")
FOOTNOTE_COLS = ("Số", "Nội dung")

BASIS_PLACEHOLDER = "căn cứ"
YEAR_PLACEHOLDER = "năm"
TRUE_MARKS = {"x", "có", "1"}
SIGNING_MARKS = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
"""ND30 Điều 13 and Phụ lục I mục II.7: the signing-authority marks (nd30.md §3.8)."""

DATE_STYLES = {
    "ngày": lambda a, b: vnformat.short_date(a),
    "ngày đầy đủ": lambda a, b: vnformat.long_date(a),
    "tháng": lambda a, b: vnformat.month_year(a),
    "trước": lambda a, b: vnformat.deadline(a),
    "khoảng": vnformat.period,
    "khoảng ngắn": vnformat.short_period,
}
BASIS_DATE_STYLES = {"ngắn": vnformat.short_date,
                     "đầy đủ": lambda d: vnformat.long_date(d).removeprefix("ngày ")}


@dataclass(frozen=True)
class Level:
    """A paragraph level of the body.

    Attributes:
        kind: ``section`` (I.), ``clause`` (1., 1.1., …), ``point`` (a)),
            ``dash`` (-), ``plus`` (+), ``star`` (*) or ``plain``.
        depth: for clauses, 1 for ``1.``, 2 for ``1.1.``, …; 0 otherwise.
    """

    kind: str
    depth: int = 0

    @property
    def style(self) -> str:
        """The template's paragraph style for this level (it must exist in the template)."""
        if self.kind == "clause":
            return f"VB Khoan {self.depth}"
        return LEVEL_STYLES[self.kind]


LEVEL_STYLES = {"section": "VB Muc", "point": "VB Diem", "dash": "VB Gach dau dong",
                "plus": "VB Dau cong", "star": "VB Dau sao", "plain": "VB Doan van", "table": "VB Doan van"}
LITERAL_LABELS = {"dash": "-", "plus": "+", "star": "*"}
ACCEPTED_MARKERS = ("«I.», «1.», «1.1.», «1.1.1.», «a)», «-», «+», «*», «bảng» (một bảng số liệu) "
                    "hoặc để trống (đoạn văn thường); số thứ tự được đánh tự động")


def parse_level(marker: str) -> Level:
    """Read a ``Cấp`` cell.

    Args:
        marker: ``I.``, ``1.``, ``1.1.`` (any depth), ``a)``, ``-``, ``+``, ``*`` or ``""``;
            the final ``.`` or ``)`` may be left out.

    Returns:
        The level. Numbers are not taken from the marker: the body is numbered
        automatically (sections I, II…; clauses restart in each section).

    Raises:
        ValueError: any other marker (message in Vietnamese).
    """
    value = marker.strip()
    if value in ("", "đoạn"):
        return Level("plain")
    if value in ("I", "I."):
        return Level("section")
    if re.fullmatch(r"1(\.1)*\.?", value):
        return Level("clause", value.count("1"))
    if value in ("a", "a)"):
        return Level("point")
    if fold_key(value) == "bảng":
        return Level("table")
    for kind, label in LITERAL_LABELS.items():
        if value == label:
            return Level(kind)
    raise ValueError(f"cấp «{marker}» không hợp lệ; cần một trong: {ACCEPTED_MARKERS}")


@dataclass
class DataTable:
    """A table printed in the body.

    Attributes:
        header: column headers.
        rows: cell texts, row by row (each as long as ``header``).
        widths: relative column widths.
        total_row: the last row is a total (printed bold).
    """

    header: list[str]
    rows: list[list[str]]
    widths: list[int]
    total_row: bool = False


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
        issuer_in_text: the issuer's name as written in a sentence
            (``Sở Khoa học và Công nghệ``), for the appendix's "Kèm theo" line.
        addressees: the Kính gửi recipients (one line each), empty when none.
        named_dates: folded name -> first date of each ``moc_thoi_gian`` row.
        results: for a report or reminder letter, the aggregated responses
            (a :class:`pipeline.results.Results`, made by the loader given to :func:`read_document`).
        file_suffix: added to the output file name (the unit of a per-unit letter).
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
    addressees: list[str] = field(default_factory=list)
    named_dates: dict[str, date] = field(default_factory=dict)
    results: Any = None
    file_suffix: str = ""
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


ResultsLoader = Callable[[Path, Location], Any]
"""Reads a plan and aggregates its responses: ``(plan folder, cell naming it) -> Results``.

The document model does not aggregate (that is the later results stage,
:func:`pipeline.results.load_results`); a document that names its plan
(``Kế hoạch``) gets its results through this loader, so imports run one way.
"""


def read_document(path: Path, results_loader: ResultsLoader) -> AdministrativeDocument:
    """Read and check one document's data.

    Most callers want :func:`pipeline.results.load_document`, which passes the loader.

    Args:
        path: a folder of CSV files or an ``.xlsx`` workbook (see the module docstring).
        results_loader: called for a document that names its plan (report, reminder letter).

    Returns:
        The document, fully validated: every placeholder and footnote resolved.

    Raises:
        InputError: anything missing, malformed or inconsistent, located to the cell.
    """
    source = Source(path)
    general, general_rows = _read_general(source)
    year = _year(general["Năm"], general_rows["Năm"])
    issue_date = general_rows["Ngày ban hành"].date(VALUE_COL) if "Ngày ban hành" in general_rows else None
    if issue_date and issue_date.year != year:
        raise InputError(general_rows["Ngày ban hành"].at(VALUE_COL),
                         f"ngày ban hành thuộc năm {issue_date.year}, khác với «Năm» = {year}")
    number = general.get("Số", "")
    if number:
        number = _checked(vnformat.doc_number, general_rows["Số"].at(VALUE_COL), number)
        if len(number) > 6:
            raise InputError(general_rows["Số"].at(VALUE_COL), f"số văn bản «{number}» quá dài (số thứ tự "
                             "trong năm, nhiều nhất 6 chữ số)")
    _check_format(general, general_rows)

    dates: dict[str, date] = {}
    values = {fold_key(YEAR_PLACEHOLDER): str(year)}
    values.update(_named_dates(source, dates))
    warnings: list[str] = []
    values[fold_key(BASIS_PLACEHOLDER)] = _legal_basis(source, values, bool(number), warnings)
    lists = _named_lists(source, taken=values)
    results = _results(source, general, general_rows, results_loader)
    tables = {}
    if results:
        warnings.extend(results.summary.notes)
        values.update(results.values)
        lists.update(results.lists)
        tables = results.tables
    footnote_table = _footnotes(source)
    body = _body(source, values, lists, tables)
    footnotes = _resolve_footnotes(body, footnote_table, values)
    registry = load_registry(find_registry(source.path if source.path.is_dir() else source.path.parent))
    day = issue_date or date(year, 1, 1)
    recipients = build_recipients(source.table(RECIPIENTS_TABLE, RULE_COLS, RULE_OPTIONAL), registry, day)
    list_template = general.get("Mẫu danh sách nơi nhận", "")
    if list_template and not general.get("Cơ quan ban hành (viết thường)"):
        raise InputError(general_rows["Mẫu danh sách nơi nhận"].at(VALUE_COL),
                         "danh sách nơi nhận cần thêm mục «Cơ quan ban hành (viết thường)», ví dụ "
                         "«Sở Khoa học và Công nghệ», để ghi dòng «Kèm theo …»")
    abstract = _fill_scalars(general["Trích yếu"], values, general_rows["Trích yếu"].at(VALUE_COL))
    archive = re.sub(r"^\s*-?\s*Lưu\s*:\s*", "", general["Lưu"]).rstrip(". ")
    addressees = [line.strip().lstrip("-–• ").rstrip(";. ") for line in general.get("Kính gửi", "").splitlines()
                  if line.strip()]
    return AdministrativeDocument(
        source=Path(path),
        template=general["Mẫu"],
        parent_agency=general.get("Cơ quan chủ quản", ""),
        issuer=general["Cơ quan ban hành"],
        doc_type=general.get("Tên loại", ""),
        symbol=general["Ký hiệu"],
        number=number,
        issue_date=issue_date,
        year=year,
        place=general["Địa danh"],
        abstract=abstract,
        body=body,
        footnotes=footnotes,
        recipients=recipients,
        archive=archive,
        signer=_signer(general_rows),
        list_template=list_template,
        issuer_in_text=general.get("Cơ quan ban hành (viết thường)", ""),
        addressees=addressees,
        named_dates=dates,
        results=results,
        warnings=warnings,
        check_ignore=tuple(code.strip() for code in general.get("Bỏ qua kiểm tra", "").split(";") if code.strip()),
        check_ignore_at=general_rows["Bỏ qua kiểm tra"].at(VALUE_COL) if "Bỏ qua kiểm tra" in general_rows else None,
    )


def _checked(function, location: Location, *args):
    """Call a vnformat function, turning its ValueError into a located InputError."""
    try:
        return function(*args)
    except ValueError as exc:
        raise InputError(location, str(exc)) from None


def _read_general(source: Source) -> tuple[dict[str, str], dict[str, Row]]:
    table = source.table(GENERAL_TABLE, [KEY_COL, VALUE_COL], multiline=[VALUE_COL])
    canonical = {fold_key(key): key for key in GENERAL_KEYS}
    values: dict[str, str] = {}
    rows: dict[str, Row] = {}
    for row in table:
        typed = row.required(KEY_COL)
        key = canonical.get(fold_key(typed))
        if key is None:
            close = difflib.get_close_matches(fold_key(typed), list(canonical), n=1)
            hint = f"; có phải là «{canonical[close[0]]}»?" if close else ""
            raise InputError(row.at(KEY_COL), f"mục «{typed}» không có trong danh sách mục{hint} "
                             "(các mục: " + ", ".join(GENERAL_KEYS) + ")")
        if key in rows:
            raise InputError(row.at(KEY_COL), f"mục «{key}» bị khai hai lần "
                             f"(đã có ở dòng {rows[key].location.row})")
        rows[key] = row
        values[key] = row.text(VALUE_COL)
        if "\n" in values[key] and key not in MULTILINE_KEYS:
            raise InputError(row.at(VALUE_COL), f"mục «{key}» chỉ được có một dòng (không xuống dòng bằng "
                             "Alt+Enter)")
    for key, required in GENERAL_KEYS.items():
        if not required:
            continue
        if key not in rows:
            raise InputError(table.location, f"thiếu dòng «{key}» trong cột «{KEY_COL}»")
        if not values[key]:
            raise InputError(rows[key].at(VALUE_COL), f"mục «{key}» không được để trống")
    return values, rows


def _check_letter_symbol(symbol: str, rows: dict[str, Row]) -> None:
    """A công văn's ký hiệu is ``<issuer>-<drafting unit>``, with no type code (ND30 Phụ lục I mục II.3; trap 4)."""
    location = rows["Ký hiệu"].at(VALUE_COL)
    _checked(vnformat.doc_ref, location, None, symbol)
    first = symbol.split("-")[0]
    if first == "CV" or first in vnformat.DOCUMENT_TYPES.values() or "-" not in symbol:
        raise InputError(location, f"ký hiệu công văn là «<chữ viết tắt cơ quan>-<đơn vị soạn thảo>», "
                         f"ví dụ «SKHCN-VP», không có mã loại văn bản (đang là «{symbol}»)")
    if symbol != symbol.upper():
        raise InputError(location, f"ký hiệu phải viết in hoa: «{symbol.upper()}»")


def _year(text: str, row: Row) -> int:
    if not re.fullmatch(r"\d{4}", text) or not 1945 <= int(text) <= 2100:
        raise InputError(row.at(VALUE_COL), f"«Năm» phải là năm bốn chữ số từ 1945 đến 2100, ví dụ 2024 "
                         f"(đang là «{text}»)")
    return int(text)


def _results(source: Source, general: dict[str, str], rows: dict[str, Row], loader: ResultsLoader):
    """The plan's aggregated responses, for a document that names its plan (``Kế hoạch``)."""
    plan = general.get("Kế hoạch", "")
    per_unit = _flag(rows["Gửi từng đơn vị"], VALUE_COL) if "Gửi từng đơn vị" in rows else False
    if not plan:
        if per_unit:
            raise InputError(rows["Gửi từng đơn vị"].at(VALUE_COL), "«Gửi từng đơn vị» cần mục «Kế hoạch» "
                             "(kế hoạch có các đơn vị phải báo cáo)")
        return None
    location = rows["Kế hoạch"].at(VALUE_COL)
    if Path(plan).name != plan or plan in (".", ".."):
        raise InputError(location, "«Kế hoạch» là tên thư mục dữ liệu của kế hoạch trong cùng thư mục năm, "
                         "ví dụ «ke_hoach»")
    folder = source.path.parent
    results = loader(folder / plan, location)
    results.per_unit = per_unit
    if general.get("Số") and not (results.plan.number and results.plan.issue_date):
        raise InputError(location, "văn bản này đã có số nhưng kế hoạch nó nhắc đến còn là dự thảo (chưa có số, "
                         "ngày): hãy ghi số và ngày ban hành của kế hoạch trước")
    issued = rows["Ngày ban hành"].date(VALUE_COL) if "Ngày ban hành" in rows else None
    if issued and results.plan.issue_date and issued < results.plan.issue_date:
        raise InputError(rows["Ngày ban hành"].at(VALUE_COL), "ngày ban hành trước ngày ban hành của kế hoạch "
                         f"({vnformat.short_date(results.plan.issue_date)})")
    return results


def _check_format(general: dict[str, str], rows: dict[str, Row]) -> None:
    """Refuse data that would print a document against ND30 (nd30.md §3, §5, traps 4–10)."""
    def fail(key: str, message: str) -> None:
        raise InputError(rows[key].at(VALUE_COL), message)

    for key in ("Cơ quan chủ quản", "Cơ quan ban hành", "Tên loại"):
        text = general.get(key, "")
        if text != text.upper():
            fail(key, f"«{key}» phải viết in hoa (ND30 Phụ lục I mục II.2, II.5): «{text.upper()}»")
    doc_type = general.get("Tên loại", "")
    if not doc_type:
        _check_letter_symbol(general["Ký hiệu"], rows)
        return
    if fold_key(doc_type) in ("công văn", "danh sách"):
        fail("Tên loại", f"«{doc_type}» không in thành dòng tên loại: công văn không có dòng tên loại, "
             "danh sách là phụ lục của văn bản khác (ND30 Điều 7)")
    abbreviation = vnformat.type_abbreviation(doc_type)
    if abbreviation is None:
        fail("Tên loại", f"«{doc_type}» không phải tên loại văn bản hành chính theo ND30 (Điều 7), ví dụ: "
             + ", ".join(list(vnformat.DOCUMENT_TYPES)[:6]) + " …")
    symbol = general["Ký hiệu"]
    _checked(vnformat.doc_ref, rows["Ký hiệu"].at(VALUE_COL), None, symbol)
    first, *rest = symbol.split("-")
    if first != abbreviation or not rest:
        fail("Ký hiệu", f"ký hiệu của {doc_type.lower()} phải là «{abbreviation}-<chữ viết tắt cơ quan>», "
             f"ví dụ «{abbreviation}-SKHCN» (ND30 Phụ lục I mục II.3; đang là «{symbol}»)")
    for group in rest:
        if group != group.upper():
            fail("Ký hiệu", f"chữ viết tắt tên cơ quan trong ký hiệu phải viết in hoa: «{group.upper()}»")
    place = general["Địa danh"]
    if re.match(r"(?i)tp\.|t\.p\.|q\.|h\.", place):
        fail("Địa danh", f"địa danh viết đầy đủ, không viết tắt (ND30 Phụ lục I mục II.4): «{place}»")


def _optional_table(source: Source, name: str, columns: tuple[str, ...],
                    optional: tuple[str, ...] = ()) -> list[Row]:
    return source.table(name, columns, optional).rows if source.has_table(name) else []


def _legal_basis(source: Source, values: dict[str, str], final: bool, warnings: list[str]) -> str:
    """Render the legal-basis table as one ``; ``-joined citation string.

    A row marked ``Cần cập nhật`` (left by ``vanban new-year``) is a warning in a
    draft and an error in a final document (one with a number).
    """
    citations: list[str] = []
    rows = _optional_table(source, BASIS_TABLE, BASIS_COLS, (UPDATE_COL,))
    marked = [row for row in rows if _flag(row, UPDATE_COL)]
    if marked and final:
        raise InputError(marked[0].at(UPDATE_COL), "văn bản căn cứ " + ", ".join(
            f"{row.text('Số')}/{row.text('Ký hiệu')} (dòng {row.location.row})" for row in marked)
            + " còn đánh dấu «cần cập nhật» (từ năm trước); hãy thay bằng văn bản của năm nay rồi xoá dấu")
    warnings.extend(f"{row.at(UPDATE_COL)}: văn bản căn cứ {row.text('Số')}/{row.text('Ký hiệu')} còn đánh dấu "
                    "«cần cập nhật» (từ năm trước); hãy thay bằng văn bản của năm nay rồi xoá dấu"
                    for row in marked)
    for row in rows:
        issued = row.date("Ngày")
        if issued is None:
            raise InputError(row.at("Ngày"), "ô này không được để trống")
        style = fold_key(row.text("Cách ghi ngày") or "đầy đủ")
        if style not in BASIS_DATE_STYLES:
            raise InputError(row.at("Cách ghi ngày"), "cần «ngắn» (22/11/2023) hoặc «đầy đủ» "
                             "(20 tháng 11 năm 2023)")
        ref = _checked(vnformat.doc_ref, row.at("Số"), row.required("Số"), row.required("Ký hiệu"))
        text = (f"{row.required('Loại văn bản')} số {ref} ngày {BASIS_DATE_STYLES[style](issued)}"
                f" của {row.required('Cơ quan ban hành')}")
        if row.text("Trích yếu"):
            text += f" về {_fill_scalars(row.text('Trích yếu'), values, row.at('Trích yếu'))}"
        if text in citations:
            raise InputError(row.at("Số"), f"văn bản {ref} đã có ở một dòng trên")
        citations.append(text)
    return "; ".join(citations)


def _named_dates(source: Source, dates: dict[str, date]) -> dict[str, str]:
    """The named dates as printed; fills ``dates`` with each name's first date."""
    values: dict[str, str] = {}
    for row in _optional_table(source, DATES_TABLE, DATE_COLS):
        name = fold_key(row.required("Tên"))
        _unique(values, name, row)
        style = fold_key(row.required("Cách ghi"))
        if style not in DATE_STYLES:
            raise InputError(row.at("Cách ghi"), "cách ghi không hợp lệ; cần một trong: "
                             + ", ".join(f"«{s}»" for s in DATE_STYLES))
        start = row.date("Từ ngày")
        if start is None:
            raise InputError(row.at("Từ ngày"), "ô này không được để trống")
        end = row.date("Đến ngày")
        needs_end = style.startswith("khoảng")
        if needs_end and end is None:
            raise InputError(row.at("Đến ngày"), f"cách ghi «{style}» cần cả ngày kết thúc")
        if not needs_end and end is not None:
            raise InputError(row.at("Đến ngày"), f"cách ghi «{style}» chỉ dùng «Từ ngày»; "
                             "để trống ô này hoặc chọn cách ghi «khoảng»")
        values[name] = _checked(DATE_STYLES[style], row.at("Đến ngày"), start, end)
        dates[name] = start
    return values


def _unique(seen: dict, name: str, row: Row, taken: dict | None = None) -> None:
    """Refuse a name declared twice, or already used by a built-in or a named date."""
    if name in (fold_key(BASIS_PLACEHOLDER), fold_key(YEAR_PLACEHOLDER)):
        raise InputError(row.at("Tên"), f"tên «{row.text('Tên')}» trùng với giá trị có sẵn "
                         f"{{{BASIS_PLACEHOLDER}}} / {{{YEAR_PLACEHOLDER}}}; hãy đặt tên khác")
    if taken and name in taken:
        raise InputError(row.at("Tên"), f"tên «{row.text('Tên')}» đã là một mốc thời gian "
                         f"({DATES_TABLE}); hãy đặt tên khác")
    if name in seen:
        raise InputError(row.at("Tên"), f"tên «{row.text('Tên')}» bị khai hai lần")


def _named_lists(source: Source, taken: dict[str, str]) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for row in _optional_table(source, LISTS_TABLE, LIST_COLS):
        name = fold_key(row.required("Tên"))
        if name not in lists:
            _unique(lists, name, row, taken)
        lists.setdefault(name, []).append(_fill_scalars(row.required("Nội dung"), taken, row.at("Nội dung")))
    return lists


def _footnotes(source: Source) -> dict[str, Row]:
    notes: dict[str, Row] = {}
    for row in _optional_table(source, FOOTNOTES_TABLE, FOOTNOTE_COLS):
        key = row.required("Số")
        if key in notes:
            raise InputError(row.at("Số"), f"chú thích số {key} bị khai hai lần")
        row.required("Nội dung")
        notes[key] = row
    return notes


def _body(source: Source, values: dict[str, str], lists: dict[str, list[str]],
          tables: dict[str, DataTable]) -> list[Paragraph]:
    table = source.table(BODY_TABLE, [LEVEL_COL, TEXT_COL], [BOLD_COL])
    if not table.rows:
        raise InputError(table.location, "phần nội dung không có đoạn nào")
    numbering = _Numbering()
    body = []
    for row in table:
        try:
            level = parse_level(row.text(LEVEL_COL))
        except ValueError as exc:
            raise InputError(row.at(LEVEL_COL), str(exc)) from None
        bold = _flag(row, BOLD_COL)
        if level.kind == "table":
            name = fold_key(row.required(TEXT_COL))
            if name not in tables:
                known = ", ".join(f"«{t}»" for t in tables) or "không có (văn bản chưa gắn với kế hoạch nào)"
                raise InputError(row.at(TEXT_COL), f"không có bảng «{row.text(TEXT_COL)}»; các bảng: {known}")
            body.append(Paragraph(level, "", bold, [], row.location, tables[name]))
            continue
        for text in _expand(row, values, lists):
            try:
                pieces = parse_inline(text)
            except ValueError as exc:
                raise InputError(row.at(TEXT_COL), str(exc)) from None
            label = numbering.label(level, row)
            body.append(Paragraph(level, label, bold, pieces, row.location))
    return body


def _flag(row: Row, column: str) -> bool:
    value = fold_key(row.text(column))
    if value and value not in TRUE_MARKS:
        raise InputError(row.at(column), f"cần «x» hoặc để trống (đang là «{row.text(column)}»)")
    return bool(value)


def _check_names(text: str, values: dict[str, str], lists: dict[str, list[str]],
                 location: Location) -> dict[str, str]:
    """Return ``{folded name: typed name}`` of the placeholders in ``text``, all known.

    Raises:
        InputError: an unknown name (with the closest or all known names), or an
            empty ``{căn cứ}``.
    """
    names = {fold_key(name): name for name in placeholders(text)}
    for key, typed in names.items():
        if key not in values and key not in lists:
            known = sorted(set(values) | set(lists))
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                hint = f"; có phải là «{{{close[0]}}}»?"
            else:
                hint = "; các tên đã khai: " + ", ".join(f"«{{{name}}}»" for name in known)
            raise InputError(location, f"không có mốc thời gian, danh mục hay giá trị nào tên "
                             f"«{typed}»{hint} (khai trong moc_thoi_gian hoặc danh_muc)")
        if key == fold_key(BASIS_PLACEHOLDER) and not values[key]:
            raise InputError(location, f"«{{{typed}}}» đang trống: bảng {BASIS_TABLE} "
                             "(các văn bản căn cứ) chưa có hoặc chưa có dòng nào")
    return names


def _substitute(text: str, values: dict[str, str], item: str | None = None) -> str:
    """Replace each ``{name}`` by its value (a list's name by ``item``)."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(fold_key(match.group(1)), item), text)


def _fill_scalars(text: str, values: dict[str, str], location: Location) -> str:
    """Resolve the placeholders of a one-value field (trích yếu, footnote, list item …).

    Raises:
        InputError: an unknown name, or a list name (lists repeat body rows only).
    """
    _check_names(text, values, {}, location)
    return _substitute(text, values)


def _expand(row: Row, values: dict[str, str], lists: dict[str, list[str]]) -> list[str]:
    """Resolve the placeholders of a body row; a row naming a list repeats once per item."""
    text = row.required(TEXT_COL)
    names = _check_names(text, values, lists, row.at(TEXT_COL))
    list_names = [name for name in names if name in lists]
    if len(list_names) > 1:
        raise InputError(row.at(TEXT_COL), "một dòng chỉ được dùng một danh mục: "
                         + ", ".join(f"{{{names[n]}}}" for n in list_names))
    if list_names:
        return [_substitute(text, values, item) for item in lists[list_names[0]]]
    return [_substitute(text, values)]


class _Numbering:
    """Automatic numbering: I., II. …; 1., 2. … restarting in each section; 1.1. …; a) b) …"""

    def __init__(self) -> None:
        self.section = 0
        self.clauses: list[int] = []
        self.point = 0

    def label(self, level: Level, row: Row) -> str:
        if level.kind == "section":
            self.section += 1
            self.clauses, self.point = [], 0
            return f"{vnformat.roman(self.section)}."
        if level.kind == "clause":
            if len(self.clauses) < level.depth - 1:
                parent = ".".join(["1"] * (level.depth - 1)) + "."
                raise InputError(row.at(LEVEL_COL), f"cấp «{'.'.join(['1'] * level.depth)}.» phải nằm "
                                 f"dưới một đoạn cấp «{parent}»")
            self.clauses = self.clauses[:level.depth]
            if len(self.clauses) < level.depth:
                self.clauses.append(0)
            self.clauses[-1] += 1
            self.point = 0
            return ".".join(str(n) for n in self.clauses) + "."
        if level.kind == "point":
            self.point += 1
            try:
                return f"{vnformat.point_letter(self.point)})"
            except ValueError as exc:
                raise InputError(row.at(LEVEL_COL), str(exc)) from None
        return LITERAL_LABELS.get(level.kind, "")


def _resolve_footnotes(body: list[Paragraph], table: dict[str, Row],
                       values: dict[str, str]) -> dict[str, list[Piece]]:
    """Check that each reference has a footnote and each footnote one reference."""
    used: dict[str, Location] = {}
    for paragraph in body:
        for piece in paragraph.pieces:
            if not isinstance(piece, FootnoteMark):
                continue
            location = paragraph.location.at(column=TEXT_COL)
            if piece.key not in table:
                raise InputError(location, f"chú thích [^{piece.key}] không có trong bảng chú thích "
                                 f"({FOOTNOTES_TABLE}); cần một dòng có «Số» = {piece.key}")
            if piece.key in used:
                raise InputError(location, f"chú thích [^{piece.key}] đã được dùng ở dòng "
                                 f"{used[piece.key].row}; mỗi chú thích chỉ dùng một lần")
            used[piece.key] = location
    notes: dict[str, list[Piece]] = {}
    for key, row in table.items():
        if key not in used:
            raise InputError(row.at("Số"), f"chú thích số {key} không được dùng ở đâu trong nội dung "
                             f"(cần «[^{key}]» trong cột «{TEXT_COL}» của {BODY_TABLE})")
    for key in used:
        row = table[key]
        text = _fill_scalars(row.text("Nội dung"), values, row.at("Nội dung"))
        if footnote_keys(text):
            raise InputError(row.at("Nội dung"), "chú thích không được chứa chú thích khác")
        try:
            notes[key] = parse_inline(text)
        except ValueError as exc:
            raise InputError(row.at("Nội dung"), str(exc)) from None
    return notes


def _signer(rows: dict[str, Row]) -> Signer:
    row = rows["Quyền hạn, chức vụ người ký"]
    lines = [line.strip() for line in row.text(VALUE_COL).splitlines() if line.strip()]
    for line in lines:
        if line != line.upper():
            raise InputError(row.at(VALUE_COL), f"dòng «{line}» phải viết in hoa (ND30 Phụ lục I mục II.7)")
        first = line.split()[0]
        if f"{first}." in SIGNING_MARKS:
            raise InputError(row.at(VALUE_COL), f"thiếu dấu chấm sau quyền hạn ký: viết «{first}.» "
                             f"(dòng «{line}»)")
        if "PHỤ TRÁCH" in line:
            raise InputError(row.at(VALUE_COL), "cấp phó được giao phụ trách vẫn ký «KT.» với chức vụ của mình, "
                             "không ghi «PHỤ TRÁCH» (ND30 Phụ lục I mục II.7)")
        if first.endswith(".") and first not in SIGNING_MARKS:
            raise InputError(row.at(VALUE_COL), f"«{first}» không phải quyền hạn ký hợp lệ; cần một trong "
                             + ", ".join(SIGNING_MARKS))
    if lines and lines[-1].split()[0] in SIGNING_MARKS:
        raise InputError(row.at(VALUE_COL), f"sau dòng «{lines[-1]}» cần dòng chức vụ của người ký, ví dụ "
                         "«KT. GIÁM ĐỐC» rồi «PHÓ GIÁM ĐỐC» (ND30 Phụ lục I mục II.7)")
    return Signer(lines, rows["Người ký"].text(VALUE_COL))
