"""``vanban import --update FOLDER EDITED.docx``: a clerk's Word edits back into the data.

The document vanban generated from FOLDER was edited in Word (words changed,
paragraphs added, removed or moved, a Nơi nhận line added, a level changed,
tracked changes — accepted). The edited file is imported like any other
(:mod:`pipeline.importer.recognise`) and compared, paragraph by paragraph, with
what FOLDER's data prints (:func:`pipeline.results.facts.load_document`):

- a paragraph printed unchanged keeps its row as it is, placeholders and all;
- a changed paragraph changes its row's cells; a placeholder (``{năm}``, a named
  date, ``{căn cứ}``) whose printed value is still in the new text is put back;
- a paragraph found elsewhere (moved) keeps its row, at its new place;
- a row repeated for a named list is kept while every copy is unchanged.

Only the tables with a change are written (CSV folders only), with the change
report ``thay_doi_tu_word.csv`` listing every cell changed, added or removed.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.common import vnformat
from pipeline.common.errors import InputError, Location
from pipeline.importer.parts import BodyRow, ImportedDocument, Issue, fold
from pipeline.importer.reading import runs_markup, read_docx
from pipeline.importer.recipient_match import match_line
from pipeline.importer.recognise import recognise
from pipeline.importer.tables import CHANGE_COLS, CHANGES_NAME, csv_bytes
from pipeline.data.tables import Row, Source, Table
from pipeline.document.model.blocks import BLOCK_COLS, REPEAT_COL
from pipeline.document.markup import PLACEHOLDER_RE, FootnoteMark, Piece
from pipeline.document.model import (BODY_TABLE, BOLD_COL, FOOTNOTES_TABLE, GENERAL_TABLE, KEY_COL, LEVEL_COL,
                            RECIPIENTS_TABLE, TEXT_COL, VALUE_COL, AdministrativeDocument, Paragraph)
from pipeline.common.files import Written, write_all
from pipeline.document.recipients import TARGET_COL, build_recipients
from pipeline.results.facts import load_document

MARKERS = {"section": "I.", "point": "a)", "dash": "-", "plus": "+", "star": "*", "plain": ""}
COMPARED_KEYS = ("Cơ quan chủ quản", "Cơ quan ban hành", "Tên loại", "Ký hiệu", "Số", "Ngày ban hành", "Địa danh",
                 "Trích yếu", "Kính gửi", "Quyền hạn, chức vụ người ký", "Người ký", "Lưu")


@dataclass
class CsvTable:
    """A data table as its file holds it: every column (the clerk's notes too), rows as lists."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    changed: bool = False

    def column(self, name: str) -> int:
        """Position of the column ``name`` (headers compared like the data reader does)."""
        for i, header in enumerate(self.header):
            if fold(header) == fold(name):
                return i
        self.header.append(name)
        for row in self.rows:
            row.append("")
        return len(self.header) - 1

    def to_bytes(self) -> bytes:
        return csv_bytes(tuple(self.header), [dict(zip(self.header, row)) for row in self.rows])


@dataclass
class UpdateOutcome:
    """What ``--update`` did: the cell changes (rows of the change report), the files written,
    the edited document as recognised (its issues), and tracked changes accepted."""

    changes: list[dict[str, str]] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    document: ImportedDocument | None = None


def update_folder(folder: Path, edited: Path) -> UpdateOutcome:
    """Take the edits made in Word to a document generated from ``folder`` back into its tables.

    Args:
        folder: the document's data folder (CSV files).
        edited: the .docx vanban generated from it, edited in Word.

    Returns:
        The changes made (one per cell) and the files written.

    Raises:
        InputError: ``folder`` is not a CSV data folder, its data cannot be read or prints a
            table (``Cấp`` = ``bảng``);
            the .docx cannot be read.
    """
    if not (folder / f"{GENERAL_TABLE}.csv").is_file():
        raise InputError(Location(folder), f"--update cần một thư mục dữ liệu dạng CSV có {GENERAL_TABLE}.csv "
                         "(dữ liệu trong tệp Excel: hãy nhập lại thành thư mục mới)")
    old = load_document(folder)
    if any(p.table is not None for p in old.body):
        raise InputError(Location(folder / f"{BODY_TABLE}.csv"), "--update chưa nhận lại được văn bản có bảng số "
                         "liệu (dòng «Cấp» = «bảng», như báo cáo kết quả): hãy sửa trực tiếp trong dữ liệu")
    if any(row.text(REPEAT_COL) or fold(row.text(LEVEL_COL)) == "nối"
           for row in Source(folder).table(BODY_TABLE, [LEVEL_COL, TEXT_COL], [BOLD_COL, *BLOCK_COLS])):
        raise InputError(Location(folder / f"{BODY_TABLE}.csv"), "--update chưa nhận lại được văn bản có dòng lặp "
                         "(cột «Lặp theo») hay dòng «nối»: một đoạn in ra có thể đến từ nhiều dòng dữ liệu; hãy sửa "
                         "trực tiếp trong dữ liệu")
    new = recognise(read_docx(edited), old.recipients.registry)
    outcome = UpdateOutcome(document=new)
    tables = {name: _read_csv(folder / f"{name}.csv") for name in (GENERAL_TABLE, BODY_TABLE, RECIPIENTS_TABLE,
                                                                  FOOTNOTES_TABLE)
              if (folder / f"{name}.csv").is_file()}
    notes = _footnote_keys(old)
    _update_body(old, new, tables[BODY_TABLE], notes, outcome)
    _update_general(old, new, tables[GENERAL_TABLE], outcome)
    _update_recipients(old, new, tables[RECIPIENTS_TABLE], tables[GENERAL_TABLE], outcome)
    if FOOTNOTES_TABLE in tables:
        _update_footnotes(old, new, tables[FOOTNOTES_TABLE], notes, outcome)
    files = {table.path: table.to_bytes() for table in tables.values() if table.changed}
    files[folder / CHANGES_NAME] = csv_bytes(CHANGE_COLS, outcome.changes)
    outcome.written = write_all(files, force=True)
    return outcome


def _read_csv(path: Path) -> CsvTable:
    text = path.read_bytes().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",")
                                      else ",") if row]
    return CsvTable(path, rows[0], [row + [""] * (len(rows[0]) - len(row)) for row in rows[1:]])


def _record(outcome: UpdateOutcome, table: str, row: int, column: str, kind: str, before: str, after: str) -> None:
    outcome.changes.append({"Bảng": table, "Dòng": str(row), "Cột": column, "Thay đổi": kind,
                            "Trước": before, "Sau": after})


def _footnote_keys(old: AdministrativeDocument) -> dict[str, str]:
    """Footnote key in the data -> its number in the printed document (order of first reference)."""
    return {key: str(n) for n, key in enumerate(old.footnotes, 1)}


def pieces_markup(pieces: list[Piece], notes: dict[str, str]) -> str:
    """Printed pieces back to markup, footnotes numbered as printed (as an import reads them)."""
    parts = [(f"\x00{notes.get(p.key, p.key)}\x00", False, False) if isinstance(p, FootnoteMark)
             else (p.text, p.bold, p.italic) for p in pieces]
    return runs_markup(parts, False)


def _marker(paragraph: Paragraph) -> str:
    level = paragraph.level
    return ".".join(["1"] * level.depth) + "." if level.kind == "clause" else MARKERS.get(level.kind, "")


def _restore(raw_old: str, printed_old: str, new_text: str) -> str:
    """Put back in ``new_text`` the placeholders of ``raw_old`` whose printed values it still holds."""
    names = PLACEHOLDER_RE.findall(raw_old)
    if not names:
        return new_text
    pattern = "".join(re.escape(part) if i % 2 == 0 else "(.+?)"
                      for i, part in enumerate(PLACEHOLDER_RE.split(raw_old)))
    match = re.fullmatch(pattern, printed_old, re.DOTALL)
    if not match:
        return new_text
    for name, value in zip(names, match.groups()):
        if value and value in new_text:
            new_text = new_text.replace(value, "{" + name + "}", 1)
    return new_text


def _update_body(old: AdministrativeDocument, new: ImportedDocument, table: CsvTable, notes: dict[str, str],
                 outcome: UpdateOutcome) -> None:
    cols = (table.column(LEVEL_COL), table.column(BOLD_COL), table.column(TEXT_COL))
    printed = [(_marker(p), p.bold, pieces_markup(p.pieces, notes)) for p in old.body]
    sources = [p.location.row - 2 for p in old.body]
    edited = [(row.level, row.bold, _keys_back(row.text, notes)) for row in new.body]
    matcher = difflib.SequenceMatcher(None, printed, edited, autojunk=False)
    equal_old: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            equal_old.update(range(i1, i2))
    whole = {s for s in set(sources) if all(k in equal_old for k, src in enumerate(sources) if src == s)}
    once = {s for s in sources if sources.count(s) == 1}
    free = {printed[k]: sources[k] for k in range(len(printed)) if k not in equal_old and sources[k] in once}
    result: list[tuple[str, int | None, BodyRow | None]] = []   # ("keep", row, None) / ("new", old row, edited)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i1, i2):
                if sources[k] in whole:
                    result.append(("keep", sources[k], None))
                else:
                    result.append(("new", sources[k], new.body[j1 + k - i1]))
            continue
        olds = list(range(i1, i2)) if tag == "replace" else []
        for n, j in enumerate(range(j1, j2)):
            moved = free.pop(edited[j], None)
            if moved is not None:
                result.append(("keep", moved, None))
                _record(outcome, BODY_TABLE, moved + 2, TEXT_COL, "chuyển", table.rows[moved][cols[2]],
                        table.rows[moved][cols[2]])
            else:
                result.append(("new", sources[olds[n]] if n < len(olds) else None, new.body[j]))
    rows, kept = [], set()
    for kind, source, body_row in result:
        if kind == "keep":
            if source not in kept:
                kept.add(source)
                rows.append(list(table.rows[source]))
            continue
        row = list(table.rows[source]) if source is not None and source not in kept else [""] * len(table.header)
        if source is not None and source not in kept:
            kept.add(source)
            printed_old = next(printed[k][2] for k in range(len(printed)) if sources[k] == source)
            text = _restore(table.rows[source][cols[2]], printed_old, _keys_back(body_row.text, notes))
            for col, value, name in ((cols[0], body_row.level, LEVEL_COL), (cols[1], "x" if body_row.bold else "",
                                                                           BOLD_COL), (cols[2], text, TEXT_COL)):
                before = table.rows[source][col]
                if fold(before) != fold(value) and not (name == BOLD_COL and fold(before) in ("x", "có", "1")
                                                        and value == "x"):
                    row[col] = value
                    _record(outcome, BODY_TABLE, source + 2, name, "sửa", before, value)
        else:
            row[cols[0]], row[cols[1]], row[cols[2]] = (body_row.level, "x" if body_row.bold else "",
                                                        _keys_back(body_row.text, notes))
            _record(outcome, BODY_TABLE, len(rows) + 2, TEXT_COL, "thêm", "", row[cols[2]])
        rows.append(row)
    for source in sorted(set(range(len(table.rows))) - kept):
        if any(table.rows[source]):
            _record(outcome, BODY_TABLE, source + 2, TEXT_COL, "xoá", table.rows[source][cols[2]], "")
    if rows != table.rows:
        table.rows, table.changed = rows, True


def _keys_back(text: str, notes: dict[str, str]) -> str:
    """Footnote numbers as printed -> the data's keys (a new footnote keeps its number)."""
    back = {number: key for key, number in notes.items()}
    return re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"[^{back.get(m.group(1), m.group(1))}]", text)


PROFILE_PRINTED = {
    "Cơ quan chủ quản": lambda d: d.parent_agency, "Cơ quan ban hành": lambda d: d.issuer,
    "Ký hiệu": lambda d: d.symbol, "Địa danh": lambda d: d.place, "Người ký": lambda d: d.signer.name,
    "Quyền hạn, chức vụ người ký": lambda d: "\n".join(d.signer.title_lines),
}
"""What a document printed for the items it may take from the agency profile (co_quan.csv)."""


def _general_printed(old: AdministrativeDocument, key: str, raw: str, present: bool = True) -> str:
    """What ``old`` printed for ``key``; for an item its table does not hold (``present`` false),
    the value it took from the agency profile, so that an unchanged value is not added."""
    if not present and key in PROFILE_PRINTED:
        return PROFILE_PRINTED[key](old)
    if key == "Trích yếu":
        return old.abstract
    if key == "Kính gửi":
        return "\n".join(old.addressees)
    if key == "Lưu":
        return old.archive
    return raw


def _update_general(old: AdministrativeDocument, new: ImportedDocument, table: CsvTable,
                    outcome: UpdateOutcome) -> None:
    key_col, value_col = table.column(KEY_COL), table.column(VALUE_COL)
    rows = {fold(row[key_col]): n for n, row in enumerate(table.rows)}
    for key in COMPARED_KEYS:
        value = new.general.get(key, "")
        n = rows.get(fold(key))
        raw = table.rows[n][value_col] if n is not None else ""
        if _same_general(key, _general_printed(old, key, raw, n is not None), value):
            continue
        if not value and key not in ("Số", "Ngày ban hành", "Kính gửi", "Cơ quan chủ quản"):
            continue  # not found in the edited file: the import report says so; the data is kept
        value = _restore(raw, _general_printed(old, key, raw), value) if key == "Trích yếu" else value
        if n is None:
            table.rows.append([""] * len(table.header))
            n = len(table.rows) - 1
            table.rows[n][key_col] = key
            _record(outcome, GENERAL_TABLE, n + 2, VALUE_COL, "thêm", "", value)
        else:
            _record(outcome, GENERAL_TABLE, n + 2, VALUE_COL, "sửa", raw, value)
        table.rows[n][value_col] = value
        table.changed = True


def _same_general(key: str, printed: str, value: str) -> bool:
    if key == "Số" and printed.isdigit() and value.isdigit():
        return int(printed) == int(value)
    if key == "Ngày ban hành" and printed and value:
        try:
            return vnformat.parse_date(printed) == vnformat.parse_date(value)
        except ValueError:
            return False
    return fold(printed) == fold(value)


def _update_recipients(old: AdministrativeDocument, new: ImportedDocument, table: CsvTable, general: CsvTable,
                       outcome: UpdateOutcome) -> None:
    """Nơi nhận rows: a line printed as before keeps its row; a new line is matched to the registry."""
    registry = old.recipients.registry
    header = table.header
    lines = {}
    for n, raw in enumerate(table.rows):
        values = {column: raw[table.column(column)] for column in ("Gửi đến", "Ghi là", "Mục đích")}
        if not values[TARGET_COL]:
            continue
        single = Table(Location(table.path), [Row(values, Location(table.path, row=n + 2))])
        try:
            lines[fold(build_recipients(single, registry, old.reference_day).lines[0])] = n
        except InputError:
            continue
    wanted = new.recipient_lines
    rows, kept = [], set()
    for line in wanted:
        n = lines.get(fold(line))
        if n is not None and n not in kept:
            kept.add(n)
            rows.append(table.rows[n])
            continue
        matched = match_line(line, registry)
        if matched is None:
            new.issues.append(_issue(line))
            continue
        row = [""] * len(header)
        for column, value in matched.items():
            row[table.column(column)] = value
        rows.append(row + [""] * (len(table.header) - len(row)))
        _record(outcome, RECIPIENTS_TABLE, len(rows) + 1, TARGET_COL, "thêm", "", matched[TARGET_COL])
    for n in sorted(set(range(len(table.rows))) - kept):
        _record(outcome, RECIPIENTS_TABLE, n + 2, TARGET_COL, "xoá", table.rows[n][table.column(TARGET_COL)], "")
    if rows != table.rows:
        table.rows, table.changed = rows, True


def _issue(line: str) -> Issue:
    return Issue(0, line, "dòng nơi nhận mới không khớp đơn vị hay khối nào trong danh bạ; chưa thêm vào "
                 "noi_nhan (hãy thêm đơn vị vào danh bạ rồi chạy lại)")


def _update_footnotes(old: AdministrativeDocument, new: ImportedDocument, table: CsvTable, notes: dict[str, str],
                      outcome: UpdateOutcome) -> None:
    key_col, text_col = table.column("Số"), table.column("Nội dung")
    by_key = {row[key_col]: n for n, row in enumerate(table.rows)}
    printed = {notes[key]: pieces_markup(pieces, notes) for key, pieces in old.footnotes.items()}
    back = {number: key for key, number in notes.items()}
    for number, text in new.footnotes:
        key = back.get(number, number)
        n = by_key.get(key)
        if n is None:
            table.rows.append([""] * len(table.header))
            table.rows[-1][key_col], table.rows[-1][text_col] = key, text
            _record(outcome, FOOTNOTES_TABLE, len(table.rows) + 1, "Nội dung", "thêm", "", text)
            table.changed = True
        elif printed.get(number) != text:
            value = _restore(table.rows[n][text_col], printed.get(number, ""), text)
            _record(outcome, FOOTNOTES_TABLE, n + 2, "Nội dung", "sửa", table.rows[n][text_col], value)
            table.rows[n][text_col] = value
            table.changed = True
