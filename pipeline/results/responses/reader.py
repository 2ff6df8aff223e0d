"""Đọc cả thư mục báo cáo của các đơn vị.

:func:`read_responses` and its :class:`_Reader`: reads every file of the folder,
matches each row to a unit of the registry, reads its values and resolves units
that sent more than once.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from pipeline.common.errors import InputError, Location
from pipeline.data.indicators import Indicator
from pipeline.data.tables import cell_text, fold_key, read_date
from pipeline.data.registry import Registry, Unit
from pipeline.results.responses.files import (CSV_SUFFIX, IGNORED_NAMES, WORKBOOK_SUFFIXES, _FileProblem, _Table,
                                      _is_hidden, _read_csv, _read_workbook, _unsupported)
from pipeline.results.responses.headers import (CODE_HEADER, HEADER_SEARCH_ROWS, NAME_HEADER, _CODE, _CONTACT, _Form,
                                        _HIGHLIGHTS, _Header, _NAME, _SENT, _find_header, _is_numbering_row)
from pipeline.results.responses.records import Response, ResponseErrors, ResponseSet
from pipeline.results.responses.text import _column_letter, _is_blank, _key, _one_line, _preview
from pipeline.results.responses.values import _DASHES, _number


_TOTAL_WORDS = ("tổng", "tổng cộng", "cộng", "tổng số", "tổng hợp", "tổng cộng chung", "tổng số chung",
                "toàn tỉnh", "tổng toàn tỉnh")
"""A row named like this (with no unit code) is a total row of a combined sheet."""


def read_responses(folder: Path, indicators: list[Indicator], registry: Registry) -> ResponseSet:
    """Read every returned form in ``folder``.

    Args:
        folder: the folder the clerk saved the returned files in. Read: ``.xlsx``,
            ``.xlsm`` (every sheet whose first 10 rows hold a recognisable header;
            other sheets are skipped with a note) and ``.csv``. Ignored: Office lock
            files ``~$…``, hidden files, ``Thumbs.db``/``desktop.ini``, ``README*``,
            ``*.md`` and ``*.txt``. Any other file (``.xls``, ``.pdf``, ``.docx`` …)
            or a subfolder is a problem.
        indicators: the plan's indicators, in table order; every one must have a column.
        registry: the unit registry; rows are matched to its units by code (exact,
            then digit strings compared as integers: ``4`` is ``00004``), else by full
            or short name (NFC, case, spaces and tone-mark position ignored).

    Returns:
        The responses, one per unit in registry order (latest ``Ngày gửi`` wins; if
        equal or missing, the one read later: files by name, then sheets, then rows),
        the superseded submissions and the notes (legacy encoding, skipped sheets,
        total and column-numbering rows, a code read by name, units that sent twice).

    Raises:
        ResponseErrors: at least one problem in any file (each an :class:`InputError`
            naming file, sheet, row and column): missing folder, no file, unsupported
            or unreadable file, no usable sheet, missing columns, a value that is not a
            number or a valid day-first date, an unknown or contradictory unit, a row
            with data but no unit.
    """
    return _Reader(indicators, registry).read(Path(folder))


_TOTAL_KEYS = frozenset(_key(word) for word in _TOTAL_WORDS)


class _Reader:
    """One reading of a folder: collects submissions, problems and notes."""

    def __init__(self, indicators: Sequence[Indicator], registry: Registry):
        self.form = _Form(indicators)
        self.indicators = list(indicators)
        self.registry = registry
        self.problems: list[InputError] = []
        self.notes: list[str] = []
        self.submissions: list[Response] = []  # in reading order: files by name, sheets, rows
        self.by_folded_code: dict[str, list[Unit]] = {}
        self.by_number: dict[int, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in registry.units.values():
            self.by_folded_code.setdefault(fold_key(unit.code), []).append(unit)
            if re.fullmatch(r"[0-9]+", unit.code):
                self.by_number.setdefault(int(unit.code), []).append(unit)
            for name in {_key(unit.full_name), _key(unit.short_name)}:
                self.by_name.setdefault(name, []).append(unit)

    # ---- folder and files

    def read(self, folder: Path) -> ResponseSet:
        if not folder.is_dir():
            what = "đây là một tệp, không phải thư mục" if folder.exists() else "không tìm thấy thư mục này"
            raise ResponseErrors([InputError(Location(folder), f"{what}; cần thư mục chứa các tệp báo cáo "
                                             "kết quả các đơn vị gửi về")])
        files = []
        for path in sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name)):
            name = path.name
            if name.startswith("~$"):
                opened = folder / name[2:]
                what = f"tệp {opened}" if opened.is_file() else "một tệp trong thư mục"
                self.notes.append(f"bỏ qua tệp khoá {path}: {what} có thể đang được mở trong Excel; hãy lưu "
                                  "và đóng tệp trước khi tổng hợp để đọc được số liệu mới nhất")
                continue
            if _is_hidden(path) or name.casefold() in IGNORED_NAMES:
                continue
            if path.is_dir():
                self.problems.append(InputError(Location(path), "thư mục con không được đọc; các tệp báo cáo phải "
                                                f"nằm ngay trong thư mục {folder}; hãy chuyển các tệp cần tổng "
                                                "hợp ra ngoài, hoặc chuyển thư mục con đi nơi khác"))
                continue
            suffix = path.suffix.lower()
            if name.casefold().startswith("readme") or suffix in (".md", ".txt"):
                continue
            files.append(path)
        if not files and not self.problems:
            self.problems.append(InputError(Location(folder), "thư mục không có tệp báo cáo nào (.xlsx, .xlsm "
                                            "hoặc .csv)"))
        for path in files:
            try:
                self._read_file(path)
            except _FileProblem as exc:
                self.problems.append(exc.problem)
            except OSError as exc:
                self.problems.append(InputError(Location(path), "không mở được tệp (có thể tệp đang được mở "
                                                f"trong chương trình khác): {exc.strerror or exc}"))
        if self.problems:
            raise ResponseErrors(self.problems, self.notes)
        return self._resolve()

    def _read_file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:
            tables = _read_workbook(path)
        elif suffix == CSV_SUFFIX:
            tables = [_read_csv(path, self.form)]
            if tables[0].legacy_encoding:
                self.notes.append(f"tệp {path} đọc theo bảng mã Windows-1258")
        else:
            raise _FileProblem(InputError(Location(path), _unsupported(suffix)))
        headers = [(table, _find_header(table.rows, self.form)) for table in tables]
        usable = [(table, header) for table, header in headers if header]
        if not usable:
            raise _FileProblem(InputError(Location(path), self._no_header_message(tables)))
        rows_read = 0
        for table, header in headers:
            if header is None:
                self.notes.append(f"{table.location}: không có dòng tiêu đề của mẫu báo cáo trong "
                                  f"{HEADER_SEARCH_ROWS} dòng đầu nên không đọc trang tính này")
                continue
            count = self._read_table(table, header)
            if count == 0 and len(usable) > 1:
                self.notes.append(f"{table.location}: có dòng tiêu đề nhưng không có dòng số liệu nào")
            rows_read += count
        if rows_read == 0:
            raise _FileProblem(InputError(Location(path), "tệp có dòng tiêu đề nhưng không có dòng số liệu "
                                          "nào của đơn vị (mẫu còn trống); đề nghị đơn vị điền số liệu và "
                                          "gửi lại"))

    def _no_header_message(self, tables: list[_Table]) -> str:
        example = self.indicators[0].header if self.indicators else ""
        where = f"{HEADER_SEARCH_ROWS} dòng đầu"
        if tables and tables[0].location.sheet is not None:
            where += " của trang tính nào (" + ", ".join(f"«{t.location.sheet}»" for t in tables) + ")"
        message = (f"không tìm thấy dòng tiêu đề của mẫu báo cáo trong {where}; cần một dòng có cột "
                   f"«{CODE_HEADER}» hoặc «{NAME_HEADER}» và các cột chỉ tiêu như «{example}»")
        if any(t.legacy_encoding for t in tables):
            message += (" (tệp được đọc theo bảng mã Windows-1258; nếu chữ tiếng Việt trong tệp bị lỗi phông "
                        "thì hãy lưu lại từ Excel dạng «CSV UTF-8 (Comma delimited)»)")
        return message

    # ---- one table

    def _read_table(self, table: _Table, header: _Header) -> int:
        """Read the rows below ``header``; returns how many unit rows it found."""
        loc = table.location
        header_loc = loc.at(row=header.excel_row)
        columns = header.columns
        usable = True
        for name, hits in header.duplicates:
            texts = " và ".join(f"«{text}» (cột {_column_letter(column)})" for column, text in hits)
            self.problems.append(InputError(header_loc.at(column=hits[-1][1], letter=_column_letter(hits[-1][0])),
                                            f"các cột {texts} đều được hiểu là cột «{self.form.expected[name]}»; "
                                            "hãy xoá hoặc đổi tên cho chỉ còn một cột"))
            usable = False
        duplicated = {name for name, _ in header.duplicates}
        if not {_CODE, _NAME} & (set(columns) | duplicated):
            self.problems.append(InputError(header_loc, f"dòng tiêu đề không có cột «{CODE_HEADER}» hay "
                                            f"«{NAME_HEADER}»; cần ít nhất một trong hai cột để biết số liệu "
                                            "là của đơn vị nào"))
            return sum(1 for row in table.rows[header.excel_row:] if not all(_is_blank(v) for v in row))
        unmatched = self._unmatched_headers(table, header)
        for indicator in self.indicators:
            if indicator.code not in columns and indicator.code not in duplicated:
                close = difflib.get_close_matches(_key(indicator.header), list(unmatched), n=1, cutoff=0.6)
                hint = f" (có cột «{unmatched[close[0]]}», có phải là cột này?)" if close else ""
                self.problems.append(InputError(
                    header_loc.at(column=indicator.header),
                    f"thiếu cột «{indicator.header}»{hint}; nếu đơn vị không có số liệu thì vẫn giữ cột "
                    "và để trống hoặc ghi 0"))
                usable = False
        start = header.row + header.span
        if start < len(table.rows) and _is_numbering_row(table.rows[start], len(columns)):
            self.notes.append(f"{loc.at(row=start + 1)}: bỏ qua dòng đánh số cột ({_preview(table.rows[start])})")
            start += 1
        count = 0
        for index in range(start, len(table.rows)):
            row = table.rows[index]
            if all(_is_blank(value) for value in row):
                continue
            count += 1
            self._read_row(table, index, columns, usable)
        return count

    def _unmatched_headers(self, table: _Table, header: _Header) -> dict[str, str]:
        used = {column for column, _ in header.columns.values()}
        texts = {}
        for r in range(header.row, header.row + header.span):
            for column, value in enumerate(table.rows[r]):
                text = _one_line(cell_text(value))
                if text and column not in used:
                    texts[_key(text)] = text
        return texts

    def _cell(self, table: _Table, index: int, columns: dict[str, tuple[int, str]], name: str) -> Any:
        """The raw cell of field ``name`` in row ``index`` (None when the column is absent).

        Raises:
            ValueError: a formula cell saved without its calculated value.
        """
        if name not in columns:
            return None
        column = columns[name][0]
        row = table.rows[index]
        value = row[column] if column < len(row) else None
        if value is None and (index, column) in table.uncalculated:
            raise ValueError("ô có công thức nhưng tệp không lưu kết quả tính (tệp không được lưu bằng Excel); "
                             "hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại")
        return value

    def _read_row(self, table: _Table, index: int, columns: dict[str, tuple[int, str]], usable: bool) -> None:
        row_loc = table.location.at(row=index + 1)
        before = len(self.problems)

        def cell(name: str, convert=lambda v: v) -> Any:
            try:
                return convert(self._cell(table, index, columns, name))
            except ValueError as exc:
                self.problems.append(InputError(row_loc.at(column=columns[name][1], letter=_column_letter(columns[name][0])), str(exc)))
                return None

        code = _one_line(cell_text(cell(_CODE))).lstrip("'‘’`").strip()
        name = _one_line(cell_text(cell(_NAME)))
        if not code and (_key(name) in _TOTAL_KEYS or not name and self._is_total(table.rows[index])):
            self.notes.append(f"{row_loc}: bỏ qua dòng tổng cộng ({_preview(table.rows[index])})")
            return
        if not code and not name:
            if len(self.problems) == before:
                column = columns.get(_CODE, columns.get(_NAME))
                self.problems.append(InputError(
                    row_loc.at(column=column[1], letter=_column_letter(column[0])) if column else row_loc,
                    f"dòng này có dữ liệu ({_preview(table.rows[index])}) nhưng không có mã đơn vị hay tên đơn "
                    "vị; hãy ghi mã đơn vị theo danh bạ (hoặc tên đơn vị), hoặc xoá dòng nếu không phải số liệu "
                    "của đơn vị nào"))
            return
        sent = cell(_SENT, read_date) if _SENT in columns else None
        unit = self._identify(code, name, sent, row_loc, columns)
        values: dict[str, int | Decimal] = {}
        texts: dict[str, str] = {}
        for indicator in self.indicators:
            if indicator.text and indicator.code in columns:
                text = cell_text(cell(indicator.code)).strip()
                if text and text not in _DASHES:
                    texts[indicator.code] = text
            elif indicator.code in columns:
                number = cell(indicator.code, lambda v, i=indicator: _number(v, i))
                if number is not None:
                    values[indicator.code] = number
        highlights = cell_text(cell(_HIGHLIGHTS)) if _HIGHLIGHTS in columns else ""
        contact = _one_line(cell_text(cell(_CONTACT))) if _CONTACT in columns else ""
        if usable and unit is not None and len(self.problems) == before:
            self.submissions.append(Response(unit, sent, values, highlights, contact, row_loc, texts))

    @staticmethod
    def _is_total(row: Sequence[Any]) -> bool:
        """Whether the first text of a row without unit says it is a total (``Tổng cộng``)."""
        for value in row:
            if not _is_blank(value):
                return _key(cell_text(value)) in _TOTAL_KEYS
        return False

    # ---- units

    def _identify(self, code: str, name: str, sent: date | None, row_loc: Location,
                  columns: dict[str, tuple[int, str]]) -> Unit | None:
        """The registry unit of a row: by code first, else by name; problems appended."""
        code_loc = row_loc.at(column=columns[_CODE][1], letter=_column_letter(columns[_CODE][0])) if _CODE in columns else row_loc
        name_loc = row_loc.at(column=columns[_NAME][1], letter=_column_letter(columns[_NAME][0])) if _NAME in columns else row_loc
        by_code: list[Unit] = []
        if code:
            if code in self.registry.units:
                by_code = [self.registry.units[code]]
            else:
                by_code = self.by_folded_code.get(fold_key(code), [])
                if not by_code and re.fullmatch(r"[0-9]+", code):
                    by_code = self.by_number.get(int(code), [])
            if len(by_code) > 1:
                self.problems.append(InputError(code_loc, f"mã «{code}» có thể là của nhiều đơn vị ("
                                                + ", ".join(u.code for u in by_code) + "); hãy ghi đủ mã như "
                                                "trong danh bạ, kể cả các số 0 ở đầu"))
                return None
        by_name: list[Unit] = []
        if name:
            by_name = self.by_name.get(_key(name), [])
            if len(by_name) > 1 and sent is not None:
                valid = [u for u in by_name if u.valid_on(sent)]
                by_name = valid if len(valid) == 1 else by_name
        if by_code:
            unit = by_code[0]
            if by_name and unit not in by_name:
                other = by_name[0]
                self.problems.append(InputError(code_loc, f"mã «{code}» là của «{unit.full_name}» nhưng tên "
                                                f"«{name}» là của «{other.full_name}» (mã {other.code}); hãy sửa "
                                                "mã hoặc tên cho cùng một đơn vị"))
                return None
            return unit
        if len(by_name) > 1:
            self.problems.append(InputError(name_loc, f"tên «{name}» là của nhiều đơn vị ("
                                            + ", ".join(u.code for u in by_name) + "); hãy ghi mã đơn vị"))
            return None
        if by_name:
            unit = by_name[0]
            if code:
                self.notes.append(f"{code_loc}: mã «{code}» không có trong danh bạ đơn vị; đã nhận theo tên "
                                  f"«{name}» là đơn vị {unit.code} ({unit.short_name})")
            return unit
        typed = " hay ".join(part for part in (f"mã «{code}»" if code else "", f"tên «{name}»" if name else "")
                             if part)
        suggestion = (self.registry.suggest(name) if name else "") or (self.registry.suggest(code) if code else "")
        self.problems.append(InputError(code_loc if code else name_loc,
                                        f"không tìm thấy đơn vị có {typed} trong danh bạ đơn vị{suggestion}"))
        return None

    # ---- duplicates

    def _resolve(self) -> ResponseSet:
        """Keep one submission per unit: later ``Ngày gửi``; if equal or missing, later in reading order."""
        kept: dict[str, Response] = {}
        older: dict[str, list[Response]] = {}
        for new in self.submissions:
            code = new.unit.code
            current = kept.get(code)
            if current is None:
                kept[code] = new
                continue
            if current.sent == new.sent and (current.values, current.highlights, current.texts) != \
                    (new.values, new.highlights, new.texts):
                self.problems.append(InputError(new.location, f"đơn vị {new.unit.short_name} gửi hai bản khác "
                                                f"nhau cùng {_sent_text(new.sent)} (bản kia ở {current.location}); "
                                                "không biết bản nào mới hơn: hãy bỏ bản cũ khỏi thư mục hoặc sửa "
                                                "ngày gửi của bản mới"))
                continue
            if current.sent and new.sent and current.sent > new.sent:
                winner, loser = current, new
            else:
                winner, loser = new, current
            kept[code] = winner
            older.setdefault(code, []).append(loser)
        order = {code: position for position, code in enumerate(self.registry.units)}
        responses = sorted(kept.values(), key=lambda r: order.get(r.unit.code, len(order)))
        superseded = []
        for response in responses:
            for old in older.get(response.unit.code, []):
                superseded.append((old, response))
                self.notes.append(f"đơn vị {response.unit.short_name} ({response.unit.code}) gửi nhiều lần: "
                                  f"dùng bản ở {response.location} ({_sent_text(response.sent)}), "
                                  f"bỏ bản ở {old.location} ({_sent_text(old.sent)})")
        if self.problems:
            raise ResponseErrors(self.problems, self.notes)
        return ResponseSet(responses, superseded, self.notes)


def _sent_text(sent: date | None) -> str:
    return f"ngày gửi {sent.day:02d}/{sent.month:02d}/{sent.year}" if sent else "không ghi ngày gửi"
