"""Next year's data from this year's (``vanban new-year data/2024 data/2025``).

For each document of the source year (a CSV folder, or a workbook: rolled as its CSV folder):

- ``thong_tin_chung``: ``Năm`` + 1; ``Số`` and ``Ngày ban hành`` emptied (a draft).
- ``moc_thoi_gian``: every date moved by one year, day and month kept (18/5 stays
  18/5; 29/02 becomes 28/02); a date that falls on a Saturday, Sunday or public
  holiday (``holidays`` package, Vietnam) is listed for the clerk to confirm, not moved.
- ``can_cu``: rows kept, each marked ``Cần cập nhật`` = ``x``: a draft build warns, a
  final (numbered) build refuses until the clerk replaces them.
- ``năm 2024`` in the texts of ``noi_dung``, ``Trích yếu``, ``danh_muc`` and a Giấy mời's
  ``hoi_thao`` (``Tới dự`` …) becomes
  ``năm 2025``; ranges (``2025-2030``), dates and the footnotes and cited documents
  (which speak of other documents) are left alone. Other mentions of the old year
  are listed for review.
- ``noi_nhan`` (and a Giấy mời's ``khach_moi``): a line naming a unit or group that has
  ended by 1 January of the new year is re-pointed to its successor when there is exactly
  one (followed link by link, 2024 → 2026; dropped when another row names it already),
  and listed for review; with no successor or several it is left as it
  was and listed with its location (the build then refuses it until the clerk chooses).
- ``responses/``: empty.

The source may be any year, a draft or a numbered document, with or without
responses (a report or letter waiting for responses is copied as it is).

Every change and every point to review goes into ``thay_doi_nam_moi.csv`` (UTF-8 with
BOM) in the new folder: the registry's units and groups that ended between the two
years with their successors and deciding documents, the Nơi nhận lines re-pointed or
to choose, the texts still naming an ended unit or group line (listed, not changed),
and the units each plan gains or loses. Nothing in the source folder is modified.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import holidays

from pipeline.common.errors import Location, VanbanError
from pipeline.data.tables import WORKBOOK_SUFFIXES, fold_key, read_date
from pipeline.document.workbook import folder_to_workbook, workbook_to_folder
from pipeline.document.model import GENERAL_TABLE, RECIPIENTS_TABLE, UPDATE_COL
from pipeline.document.invitation import GUESTS_TABLE, SEMINAR_TABLE
from pipeline.document.recipients import TARGET_COL, TEXT_COL, ended_message
from pipeline.data.registry import Record, Registry, UnitGroup, find_registry, load_registry, validity_text
from pipeline.results.facts import NoResponsesYet, load_document
from pipeline.common.spreadsheet import csv_cell, csv_file
from pipeline.common.vnformat import WEEKDAYS, short_date

REPORT_NAME = "thay_doi_nam_moi.csv"
REPORT_HEADERS = ["Tệp", "Dòng", "Cột", "Trước", "Sau", "Ghi chú"]
TEXT_COLUMNS = {"noi_dung.csv": ["Nội dung"], "danh_muc.csv": ["Nội dung"]}
REVIEW, REFUSED = "CẦN XEM LẠI", "CHƯA THAY ĐƯỢC"


@dataclass
class Change:
    """One line of the change report."""

    file: str
    row: str
    column: str
    before: str
    after: str
    note: str

    @property
    def to_review(self) -> bool:
        """Whether the clerk must look at it (``CẦN XEM LẠI`` in the note)."""
        return REVIEW in self.note

    @property
    def refused(self) -> bool:
        """A Nơi nhận line naming an ended unit that could not be re-pointed."""
        return REFUSED in self.note


def new_year(source: Path, target: Path) -> list[Change]:
    """Create ``target`` from ``source`` for the following year.

    Args:
        source: a year folder (``data/2024``) holding document folders of CSV files.
        target: the new year folder (``data/2025``); must not exist yet.

    Returns:
        The changes and review points, also written to ``target/thay_doi_nam_moi.csv``.

    Raises:
        VanbanError: ``target`` exists, or ``source`` has no document folder.
        InputError: a document of ``source`` does not load (fix it first).
    """
    if target.exists():
        raise VanbanError(f"thư mục {target} đã có; chọn tên khác hoặc xoá nó trước (không ghi đè dữ liệu)")
    workbooks = sorted(p for p in source.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES
                       and not p.name.startswith("~$"))
    if workbooks:
        return _new_year_of_workbooks(source, target, workbooks)
    folders = sorted(p for p in source.iterdir() if (p / f"{GENERAL_TABLE}.csv").is_file())
    if not folders:
        raise VanbanError(f"không có văn bản nào (thư mục con có {GENERAL_TABLE}.csv) trong {source}")
    old_days = [_validated(folder) for folder in folders]  # the source must be valid before it is copied
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vanban-nam-moi-", dir=target.parent) as scratch:
        staged = Path(scratch) / target.name
        changes: list[Change] = []
        registries = {path: load_registry(path) for path in dict.fromkeys(find_registry(f) for f in folders)}
        new_day = date(int(_general_of(folders[0])["Năm"]) + 1, 1, 1)
        ended = {path: _ended_between(registry, min(old_days), new_day) for path, registry in registries.items()}
        for path, registry in registries.items():
            changes += _ended(registry, path, ended[path], new_day)
        for folder in folders:
            registry_path = find_registry(folder)
            registry = registries[registry_path]
            copy = staged / folder.name
            shutil.copytree(folder, copy)
            changes += _roll_document(copy, folder.name, int(_general_of(folder)["Năm"]))
            for file, columns in TEXT_COLUMNS.items():
                if (copy / file).is_file():
                    changes += _edit(copy / file, folder.name, _mentions(registry, new_day, columns))
            for table in (RECIPIENTS_TABLE, GUESTS_TABLE):  # Nơi nhận; a Giấy mời's invited units
                if (copy / f"{table}.csv").is_file():
                    changes += _edit(copy / f"{table}.csv", folder.name,
                                     _repoint(registry, new_day, target / folder.name / f"{table}.csv"))
        (staged / "responses").mkdir()
        for folder in folders:
            changes += _unit_changes(folder, staged / folder.name)
        _write_report(staged / REPORT_NAME, changes)
        staged.rename(target)
    return changes


def _new_year_of_workbooks(source: Path, target: Path, workbooks: list[Path]) -> list[Change]:
    """:func:`new_year` of a year folder holding document workbooks: the year is copied beside
    ``source`` (so that it finds the same registry) with each workbook as its CSV folder
    (:func:`pipeline.document.workbook.workbook_to_folder`), rolled, and each rolled folder made
    a workbook again (:func:`pipeline.document.workbook.folder_to_workbook`); the report names
    ``ke_hoach.xlsx, trang noi_dung`` where it would name ``ke_hoach/noi_dung.csv``."""
    twice = [book for book in workbooks if (source / book.stem).exists()]
    if twice:
        raise VanbanError(f"văn bản «{twice[0].stem}» có cả thư mục {source / twice[0].stem} và tệp Excel "
                          f"{twice[0]}; hãy giữ một trong hai trước khi tạo năm mới")
    with tempfile.TemporaryDirectory(prefix="vanban-nam-moi-", dir=source.parent) as scratch:
        copy, rolled = Path(scratch) / source.name, Path(scratch) / "moi" / target.name
        shutil.copytree(source, copy, ignore=lambda folder, names: [n for n in names if Path(folder) == source
                                                                   and source / n in workbooks])
        for book in workbooks:
            for name, data in workbook_to_folder(book).items():
                (copy / book.stem).mkdir(exist_ok=True)  # a new folder: refused above when it exists
                (copy / book.stem / name).write_bytes(data)
        changes = new_year(copy, rolled)
        for book in workbooks:
            (rolled / f"{book.stem}.xlsx").write_bytes(folder_to_workbook(rolled / book.stem))
            shutil.rmtree(rolled / book.stem)
        for change in changes:
            folder, _, file = change.file.partition("/")
            if file.endswith(".csv") and any(book.stem == folder for book in workbooks):
                change.file = f"{folder}.xlsx, trang {file.removesuffix('.csv')}"
        _write_report(rolled / REPORT_NAME, changes)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(rolled), str(target))
    return changes


def _general_of(folder: Path) -> dict[str, str]:
    with open(folder / f"{GENERAL_TABLE}.csv", encoding="utf-8-sig", newline="") as stream:
        return {row["Mục"]: row["Giá trị"] for row in csv.DictReader(stream)}


def _validated(folder: Path) -> date:
    """Load a source document (errors stop the run) and return its reference day; a report
    or letter still waiting for responses is checked as far as it can be."""
    general = _general_of(folder)
    try:
        return load_document(folder).reference_day
    except NoResponsesYet:
        return date(int(general["Năm"]), 1, 1)


def _roll_document(folder: Path, name: str, year: int) -> list[Change]:
    changes = []
    changes += _edit(folder / "thong_tin_chung.csv", name, _general(year))
    if (folder / "moc_thoi_gian.csv").is_file():
        changes += _edit(folder / "moc_thoi_gian.csv", name, _dates(year + 1))
    if (folder / f"{SEMINAR_TABLE}.csv").is_file():
        changes += _edit(folder / f"{SEMINAR_TABLE}.csv", name, _meeting_day)
        changes += _edit(folder / f"{SEMINAR_TABLE}.csv", name, _seminar_texts(year))
    if (folder / "can_cu.csv").is_file():
        changes += _edit(folder / "can_cu.csv", name, _mark_for_update)
    for file, columns in TEXT_COLUMNS.items():
        if (folder / file).is_file():
            changes += _edit(folder / file, name, _texts(year, columns))
    if (folder / "chu_thich.csv").is_file():
        changes += _edit(folder / "chu_thich.csv", name, _review_only(year, ["Nội dung"]))
    return changes


def _edit(path: Path, folder: str, change) -> list[Change]:
    """Apply ``change(rows, header, where)`` to a CSV file and rewrite it (UTF-8 with BOM)."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    where = f"{folder}/{path.name}"
    changes = change(rows, header, where)
    path.write_bytes(csv_file(rows, header))
    return changes


def _general(year: int):
    def change(rows, header, where):
        changes = []
        for number, row in enumerate(rows, start=2):
            key, value = row["Mục"], row["Giá trị"]
            new = {"Năm": str(year + 1), "Số": "", "Ngày ban hành": ""}.get(key)
            if key == "Trích yếu":
                new = _replace_year(value, year)
                changes += _follows_year(new, year, where, number, "Giá trị")
            if new is not None and new != value:
                row["Giá trị"] = new
                changes.append(Change(where, str(number), "Giá trị", value, new, f"mục «{key}»"))
        return changes
    return change


def _dates(new_year_: int):
    days_off = holidays.country_holidays("VN", years=[new_year_, new_year_ + 1], language="vi")

    def change(rows, header, where):
        changes = []
        for number, row in enumerate(rows, start=2):
            for column in ("Từ ngày", "Đến ngày"):
                if not row.get(column):
                    continue
                old = read_date(row[column])  # the same reading as the build (load_document above)
                moved = _same_day_next_year(old)
                row[column] = f"{moved.day:02d}/{moved.month:02d}/{moved.year}"
                note = f"«{row['Tên']}»"
                if moved.day != old.day:
                    note += "; năm mới không có ngày 29/02, đã đổi thành 28/02"
                if moved in days_off:
                    note += f"; CẦN XEM LẠI: rơi vào ngày nghỉ lễ ({days_off[moved]})"
                elif moved.weekday() >= 5:
                    note += f"; CẦN XEM LẠI: rơi vào {WEEKDAYS[moved.weekday()]}"
                changes.append(Change(where, str(number), column, short_date(old), short_date(moved), note))
        return changes
    return change


def _same_day_next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _meeting_day(rows, header, where):
    """A Giấy mời's meeting day (``hoi_thao``, row ``Ngày``): the same day next year, to be
    confirmed (a meeting is set anew each year)."""
    changes = []
    for number, row in enumerate(rows, start=2):
        if fold_key(row.get("Mục", "")) == fold_key("Ngày") and row.get("Giá trị"):
            old = read_date(row["Giá trị"])
            moved = _same_day_next_year(old)
            row["Giá trị"] = f"{moved.day:02d}/{moved.month:02d}/{moved.year}"
            changes.append(Change(where, str(number), "Giá trị", short_date(old), short_date(moved),
                                  f"{REVIEW}: ngày hội thảo năm mới ({WEEKDAYS[moved.weekday()]}), xác định lại "
                                  "ngày, giờ, địa điểm"))
    return changes


def _seminar_texts(year: int):
    """A Giấy mời's other seminar rows (``Tới dự``…): ``năm 2024`` → ``năm 2025`` as in the
    body, other mentions of the old year listed for review."""
    def change(rows, header, where):
        changes = []
        for number, row in enumerate(rows, start=2):
            if fold_key(row.get("Mục", "")) == fold_key("Ngày"):
                continue
            value = row.get("Giá trị", "")
            new = _replace_year(value, year)
            if new != value:
                row["Giá trị"] = new
                changes.append(Change(where, str(number), "Giá trị", value, new, f"năm {year} → năm {year + 1}"))
            changes += _review(new, year, where, number, "Giá trị")
        return changes
    return change


def _mark_for_update(rows, header, where):
    if UPDATE_COL not in header:
        header.append(UPDATE_COL)
    changes = []
    for number, row in enumerate(rows, start=2):
        row[UPDATE_COL] = "x"
        changes.append(Change(where, str(number), UPDATE_COL, "", "x",
                              f"văn bản căn cứ {row['Số']}/{row['Ký hiệu']} của năm trước: thay bằng văn bản "
                              "năm nay rồi xoá dấu (bản chính thức có số sẽ không tạo được khi còn dấu)"))
    return changes


def _texts(year: int, columns: list[str]):
    def change(rows, header, where):
        changes = []
        for number, row in enumerate(rows, start=2):
            for column in columns:
                value = row.get(column, "")
                new = _replace_year(value, year)
                if new != value:
                    row[column] = new
                    changes.append(Change(where, str(number), column, value, new, f"năm {year} → năm {year + 1}"))
                changes += _follows_year(new, year, where, number, column)
                changes += _review(new, year, where, number, column)
        return changes
    return change


def _review_only(year: int, columns: list[str]):
    def change(rows, header, where):
        return [c for number, row in enumerate(rows, start=2) for column in columns
                for c in _review(row.get(column, ""), year, where, number, column)]
    return change


YEAR_PHRASE = r"(?<=\bnăm )({year})(?![\d-])"


def _replace_year(text: str, year: int) -> str:
    """``năm 2024`` → ``năm 2025`` (not in ranges like ``2024-2030`` nor in dates)."""
    return re.sub(YEAR_PHRASE.format(year=year), str(year + 1), text)


def _follows_year(text: str, year: int, where: str, number: int, column: str) -> list[Change]:
    """Texts that print the year through ``{năm}``: unchanged in the data, changed in print."""
    if "{năm}" not in text:
        return []
    return [Change(where, str(number), column, text, text, f"có {{năm}}: tự in năm {year + 1} thay cho năm {year}")]


def _review(text: str, year: int, where: str, number: int, column: str) -> list[Change]:
    """List other mentions of the old year (dates, ranges) without changing them."""
    remaining = re.sub(YEAR_PHRASE.format(year=year), "", text)
    if not re.search(rf"(?<!\d){year}(?!\d)", remaining):
        return []
    return [Change(where, str(number), column, text, "", f"CẦN XEM LẠI: còn nhắc năm {year} (ngày tháng, "
                   "khoảng năm hoặc văn bản khác) — không tự đổi")]


def _ended_between(registry: Registry, old_day: date, new_day: date) -> list[Record]:
    """The group and unit rows whose last day falls between the two reference days."""
    return [record for record in [*registry.group_rows, *registry.unit_rows]
            if record.valid_to is not None and old_day <= record.valid_to < new_day]


def _in_force(record: Record, day: date) -> bool:
    """Whether ``record`` (a unit or group row) is valid on ``day``."""
    return (record.valid_from is None or record.valid_from <= day) and (record.valid_to is None or day <= record.valid_to)


def _ended(registry: Registry, path: Path, ended: list[Record], new_day: date) -> list[Change]:
    """The ended units and groups with their successors in force on ``new_day`` and the
    deciding document."""
    changes = []
    for record in ended:
        now = registry.current(record, new_day)
        kind, name = ("khối", record.name) if isinstance(record, UnitGroup) else ("đơn vị", record.full_name)
        following = registry.successors(record)
        if not record.successors and following:  # the same code goes on with a new row (new wording)
            note, decision = f"{kind} đổi cách ghi từ {short_date(following[0].valid_from)} (dòng mới cùng mã " \
                             f"{record.code})", following[0].decision
        else:
            note, decision = f"{kind} chấm dứt ({validity_text(record)})" + \
                (f", hình thức «{record.form}»" if record.form else ""), record.decision
        note += f"; văn bản quyết định: {decision}" if decision else "; chưa ghi văn bản quyết định"
        file = record.location.file.name if record.location else path.name
        changes.append(Change(file, str(record.location.row if record.location else ""), "Hiệu lực đến", name,
                              "; ".join(_label(r) for r in now) or "(không có đơn vị kế thừa)", note))
    return changes


def _mentions(registry: Registry, new_day: date, columns: list[str]):
    """List (not change) the texts that still name a unit or group line ended before
    ``new_day`` — in any earlier year, so a text carried over several years is listed
    every year — unless the same name is still in force on ``new_day``."""
    records = [*registry.group_rows, *registry.unit_rows]

    def named(record: Record) -> tuple[str, ...]:
        return (record.recipient_line, record.name) if isinstance(record, UnitGroup) else \
            (record.full_name, record.short_name)
    current = {fold_key(text) for record in records if _in_force(record, new_day) for text in named(record)}
    names = {fold_key(text): text for record in records if record.valid_to is not None
             and record.valid_to < new_day for text in named(record) if fold_key(text) not in current}

    def change(rows, header, where):
        changes = []
        for number, row in enumerate(rows, start=2):
            for column in columns:
                text = fold_key(row.get(column, ""))
                found = [name for key, name in names.items() if key in text]
                if found:
                    changes.append(Change(where, str(number), column, row[column], "", f"{REVIEW}: còn nhắc "
                                          + ", ".join(f"«{name}»" for name in found)
                                          + " — đã chấm dứt hoặc đổi tên theo danh bạ; không tự đổi"))
        return changes
    return change


def _label(record: Record) -> str:
    name = record.name if isinstance(record, UnitGroup) else record.full_name
    return f"{name} ({record.code})"


def _repoint(registry: Registry, day: date, final_path: Path):
    """Re-point the Nơi nhận keys naming an ended unit or group to its one successor on ``day``
    (``final_path``: where the file will be, for the located messages). A successor that
    another row already names is dropped from the re-pointed row."""
    def in_force(key: str) -> bool:
        try:
            found = registry.lookup(key, day)
        except ValueError:
            return False
        return found is not None and found.valid_on(day)

    def keys_of(row) -> list[str]:
        return [k.strip() for k in re.split(r"[;\n]", row.get(TARGET_COL, "")) if k.strip()]

    def change(rows, header, where):
        changes, taken, kept = [], {}, []
        for number, row in enumerate(rows, start=2):  # a successor already named as it is, on any row
            for key in keys_of(row):
                if in_force(key):
                    taken.setdefault(_code(registry, key, day), number)
        for number, row in enumerate(rows, start=2):
            keys, notes = [], []
            for key in keys_of(row):
                new_key, note = _successor_key(registry, key, day, Location(final_path, None, number, TARGET_COL))
                if note:
                    notes.append(note)
                code = _code(registry, new_key, day)
                if taken.get(code, number) != number and new_key != key:
                    notes.append(f"«{new_key}» đã có ở dòng {taken[code]}: bỏ khỏi dòng này")
                    continue
                if new_key not in keys:
                    keys.append(new_key)
                    taken.setdefault(code, number)
            before = row.get(TARGET_COL, "")
            after = "; ".join(keys)
            if not notes:
                kept.append(row)
                continue
            if keys:
                kept.append(row)
                row[TARGET_COL] = after
            else:
                notes.append("dòng này đã bỏ khỏi nơi nhận")
            if after != before and row.get(TEXT_COL):
                notes.append(f"cột «{TEXT_COL}» còn ghi «{row[TEXT_COL]}»: sửa cho đúng tên mới")
            changes.append(Change(where, str(number), TARGET_COL, before, after if after != before else "",
                                  " | ".join(notes)))
        rows[:] = kept
        return changes
    return change


def _successor_key(registry: Registry, key: str, day: date, where: Location) -> tuple[str, str]:
    """``(key to write, note)``: the key itself when it names nothing ended; the successor's
    code (or short name, when the key was a name) when there is exactly one."""
    try:
        target = registry.lookup(key, day)
    except ValueError:
        return key, ""
    if target is None or target.valid_on(day) or (target.valid_to and day <= target.valid_to):
        return key, ""
    now = registry.current(target, day)
    if len(now) != 1:
        return key, f"{REVIEW}, {REFUSED}: {where}: {ended_message(target, registry, day)}"
    successor = now[0]
    new_key = successor.code
    if key != target.code and not isinstance(successor, UnitGroup):
        try:
            if registry.lookup(successor.short_name, day) == successor:
                new_key = successor.short_name
        except ValueError:
            pass
    return new_key, (f"{REVIEW}: «{key}» chấm dứt ({validity_text(target)}"
                     + (f", {target.form}" if target.form else "") + (f", {target.decision}" if target.decision else "")
                     + f"); thay bằng «{_label(successor)}»")


def _code(registry: Registry, key: str, day: date) -> str:
    try:
        found = registry.lookup(key, day)
    except ValueError:
        return key
    return found.code if found else key


def _unit_changes(old_folder: Path, new_folder: Path) -> list[Change]:
    """Units that receive the old plan but not the new one, and the reverse."""
    if _general_of(old_folder).get("Kế hoạch"):  # a report or letter: its addressees come from the responses
        return []
    try:
        old = load_document(old_folder)
        new = load_document(new_folder)
    except VanbanError as exc:
        return [Change(new_folder.name, "", "", "", "", f"CẦN XEM LẠI: chưa so được danh sách nơi nhận ({exc})")]
    before = {u.code: u for u in old.recipients.units}
    after = {u.code: u for u in new.recipients.units}
    day = f"ngày {short_date(new.reference_day)}"
    changes = [Change("danh bạ đơn vị", "", "", unit.full_name, "", f"không còn nhận văn bản {new_folder.name} ({day})")
               for code, unit in before.items() if code not in after]
    changes += [Change("danh bạ đơn vị", "", "", "", unit.full_name, f"mới nhận văn bản {new_folder.name} ({day})")
                for code, unit in after.items() if code not in before]
    return changes


def _write_report(path: Path, changes: list[Change]) -> None:
    """The change report for Excel: UTF-8 with BOM, a text Excel would take for a formula
    (``- Lưu …``) written with a leading ``'`` (:func:`pipeline.common.spreadsheet.csv_cell`)."""
    path.write_bytes(csv_file([REPORT_HEADERS, *([csv_cell(text) for text in (c.file, c.row, c.column, c.before,
                                                                              c.after, c.note)] for c in changes)]))

