"""The unit registry (danh bạ đơn vị): every unit that can receive a document or
report back, in groups (khối), with their history.

Two tables, in a folder of CSV files or a workbook (see :mod:`pipeline.data.tables`):

``khoi_don_vi``  ``Mã khối``, ``Tên khối``, ``Ghi trong nơi nhận``, ``Thứ tự``, ``Thành viên``,
                 ``Báo cáo kết quả`` (``x``: its units report results back), ``Ghi trong danh sách``
``don_vi``       ``Mã``, ``Tên đầy đủ``, ``Tên viết tắt``, ``Khối``, ``Địa chỉ``, ``Email``

and, in both, the history columns ``Hiệu lực từ``, ``Hiệu lực đến`` (validity, both
days included, empty = open-ended), ``Kế thừa bởi`` (the successor codes, separated by
``;``), ``Hình thức`` (one of :data:`FORMS`) and ``Văn bản quyết định`` (the deciding
document). A code may have several rows (versions) whose validity does not overlap:
a group line that changes wording from a date is a second row of the same ``Mã khối``.

Columns whose header starts with ``Ghi chú`` are the clerk's own notes and are not read.

Units change (on 01/3/2025 Thanh Hóa's departments were merged, on 01/7/2025 the
districts ended), so everything is asked for a date. Names are compared after NFC
normalisation, case folding and whitespace folding, so one name typed with two input
methods is one unit. Every index is built in one pass (sorting within one code or one
name): loading 10,000 units makes no all-pairs comparison.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pipeline.common.errors import InputError, Location
from pipeline.common.once import once_per_run
from pipeline.data.tables import Row, Source, fold_key
from pipeline.common.vnformat import short_date, sort_key

GROUPS_TABLE, UNITS_TABLE = "khoi_don_vi", "don_vi"
FROM_COL, TO_COL, SUCCESSOR_COL, FORM_COL, DECISION_COL = (
    "Hiệu lực từ", "Hiệu lực đến", "Kế thừa bởi", "Hình thức", "Văn bản quyết định")
HISTORY_COLS = (FROM_COL, TO_COL, SUCCESSOR_COL, FORM_COL, DECISION_COL)
GROUP_COLS = ("Mã khối", "Tên khối", "Ghi trong nơi nhận", "Thứ tự", "Thành viên")
GROUP_OPTIONAL = ("Ghi trong danh sách", "Báo cáo kết quả") + HISTORY_COLS
UNIT_COLS = ("Mã", "Tên đầy đủ", "Khối")
UNIT_OPTIONAL = ("Tên viết tắt", "Địa chỉ", "Email") + HISTORY_COLS
MEMBERSHIP = ("đầy đủ", "chưa đầy đủ", "không liệt kê")
"""``Thành viên``: the registry lists all members / some of them / none (they cannot be known)."""

FORMS = {
    "đổi tên": "1",
    "tổ chức lại": "1",
    "hợp nhất": "1",
    "sáp nhập": "1",
    "chia tách": "2+",
    "giải thể": "0",
    "kết thúc hoạt động": "0",
}
"""``Hình thức`` of an end -> how many successors it has. ``sáp nhập`` (merged into a unit
that already exists and goes on) is the only form whose successor may have started
before the end; for the others the successor starts the day after (Luật Tổ chức chính
quyền địa phương 2025 and Nghị định 45/2025/NĐ-CP use these words)."""
OVERLAP_FORM = "sáp nhập"


@dataclass(frozen=True)
class UnitGroup:
    """A group of units (khối), one version of it.

    Attributes:
        code: ``Mã khối``, e.g. ``so_ban_nganh``.
        name: heading in a recipient list, e.g. ``Các sở, ban, ngành cấp tỉnh``.
        recipient_line: the Nơi nhận line naming the whole group.
        rank: protocol rank, 1 = superior bodies first … (nd30.md §3.7 practice).
        membership: one of :data:`MEMBERSHIP`.
        note: ``Ghi trong danh sách``, printed in a recipient list under a group
            addressed as a whole whose members are not all listed.
        order: position in the table (ties in rank keep this order).
        reports: its units are expected to report results back (``Báo cáo kết quả`` = ``x``).
        valid_from, valid_to: validity of this version, ``None`` = open-ended.
        successors: ``Kế thừa bởi``, group codes; form: ``Hình thức``; decision:
            ``Văn bản quyết định``.
        location: the registry row, ``None`` for a group made in code.
    """

    code: str
    name: str
    recipient_line: str
    rank: int
    membership: str
    note: str
    order: int
    reports: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    successors: tuple[str, ...] = ()
    form: str = ""
    decision: str = ""
    location: Location | None = None

    def valid_on(self, day: date) -> bool:
        """Whether this version is in force on ``day`` (both ends inclusive)."""
        return _valid_on(self, day)


@dataclass(frozen=True)
class Unit:
    """A unit (đơn vị), one version of it.

    Attributes:
        code: ``Mã``, a string (``01`` keeps its zero).
        full_name, short_name: official name; short form for Nơi nhận lines
            (the full name when none is given).
        group: the group code.
        address, email: contact, may be "".
        valid_from, valid_to: validity, ``None`` = open-ended.
        location: the registry row.
        successors: ``Kế thừa bởi``, unit codes; form: ``Hình thức``; decision:
            ``Văn bản quyết định``.
    """

    code: str
    full_name: str
    short_name: str
    group: str
    address: str
    email: str
    valid_from: date | None
    valid_to: date | None
    location: Location
    successors: tuple[str, ...] = ()
    form: str = ""
    decision: str = ""

    def valid_on(self, day: date) -> bool:
        """Whether the unit exists on ``day`` (both ends inclusive)."""
        return _valid_on(self, day)


Record = Unit | UnitGroup


def _valid_on(record: Record, day: date) -> bool:
    return (record.valid_from is None or record.valid_from <= day) and \
           (record.valid_to is None or day <= record.valid_to)


def validity_text(record: Record) -> str:
    """``từ 01/3/2025``, ``đến 28/02/2025``, ``từ 01/6/2025 đến 30/12/2025`` or ``không thời hạn``."""
    parts = []
    if record.valid_from:
        parts.append(f"từ {short_date(record.valid_from)}")
    if record.valid_to:
        parts.append(f"đến {short_date(record.valid_to)}")
    return " ".join(parts) or "không thời hạn"


@dataclass
class Registry:
    """The unit registry, validated.

    Attributes:
        groups: group code -> its latest version, in table order.
        units: unit code -> its latest version, in table order.
        location: where it was read from.
        unit_rows, group_rows: every version, in table order (default: the values
            of ``units``/``groups``).
    """

    groups: dict[str, UnitGroup]
    units: dict[str, Unit]
    location: Location
    unit_rows: list[Unit] = field(default_factory=list)
    group_rows: list[UnitGroup] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.unit_rows = self.unit_rows or list(self.units.values())
        self.group_rows = self.group_rows or list(self.groups.values())
        self._unit_versions = _by_code(self.unit_rows)
        self._group_versions = _by_code(self.group_rows)
        self._by_group: dict[str, list[Unit]] = defaultdict(list)
        self._names: dict[str, list[Unit]] = defaultdict(list)
        self._predecessors: dict[str, list[Record]] = defaultdict(list)
        for unit in self.unit_rows:
            self._by_group[unit.group].append(unit)
            for key in {fold_key(unit.full_name), fold_key(unit.short_name), fold_key(unit.code)}:
                self._names[key].append(unit)
        for record in [*self.unit_rows, *self.group_rows]:
            for code in record.successors:
                self._predecessors[code].append(record)

    # ------------------------------------------------------------------ by date

    def members(self, group: str, day: date) -> list[Unit]:
        """The units of ``group`` valid on ``day``, in Vietnamese alphabetical order of full name."""
        found = [u for u in self._by_group.get(group, []) if u.valid_on(day)]
        return sorted(found, key=lambda u: sort_key(u.full_name))

    def unit_on(self, code: str, day: date) -> Unit | None:
        """The version of unit ``code`` in force on ``day``, or ``None``."""
        return next((u for u in self._unit_versions.get(code, []) if u.valid_on(day)), None)

    def group_on(self, code: str, day: date) -> UnitGroup | None:
        """The version of group ``code`` in force on ``day``, or ``None``."""
        return next((g for g in self._group_versions.get(code, []) if g.valid_on(day)), None)

    def as_of(self, day: date) -> Registry:
        """The registry as it stands on ``day``: only the versions in force that day."""
        units = {u.code: u for u in self.unit_rows if u.valid_on(day)}
        groups = {g.code: g for g in self.group_rows if g.valid_on(day)}
        return Registry(groups, units, self.location, list(units.values()), list(groups.values()))

    def successors(self, record: Record) -> list[Record]:
        """The records that took over ``record`` when it ended: each successor code's version
        in force on the day after ``record``'s last day (the registry was checked to have one),
        or, without ``Kế thừa bởi``, the next version of the same code if there is one."""
        if record.valid_to is None:
            return []
        day = record.valid_to + timedelta(days=1)
        find = self.group_on if isinstance(record, UnitGroup) else self.unit_on
        codes = record.successors or (record.code,)
        return [found for code in codes if (found := find(code, day)) is not None]

    def current(self, record: Record, day: date) -> list[Record]:
        """What ``record`` has become on ``day``: itself if still in force, else its
        successors followed link by link (a chain 2024 → 2025 → 2026 is followed to the
        end); empty when it ended without successor or ``day`` is before it started."""
        if record.valid_on(day):
            return [record]
        if record.valid_to is None or day < record.valid_to:
            return []
        found: dict[tuple[str, date | None], Record] = {}
        pending, seen = [record], set()
        while pending:
            item = pending.pop()
            if item.valid_on(day):
                found.setdefault((item.code, item.valid_from), item)
            elif (item.code, item.valid_from) not in seen and item.valid_to is not None and item.valid_to < day:
                seen.add((item.code, item.valid_from))
                pending.extend(self.successors(item))
        return sorted(found.values(), key=lambda r: r.code)

    def predecessors(self, code: str) -> list[Record]:
        """The unit or group versions that name ``code`` as their successor, in table order."""
        return list(self._predecessors.get(code, []))

    def versions(self, code: str) -> list[Record]:
        """Every version of the unit or group ``code``, earliest first."""
        return list(self._group_versions.get(code) or self._unit_versions.get(code, []))

    # ------------------------------------------------------------------ by name

    def lookup(self, key: str, day: date | None = None) -> Unit | UnitGroup | None:
        """Find a unit or group by code, or a unit by full or short name (normalised).

        With ``day``, the version in force that day is preferred; when none is, the
        latest version is returned (the caller then says it has ended).

        Raises:
            ValueError: a name shared by several units in force on ``day`` (Vietnamese message).
        """
        for versions in (self._group_versions.get(key), self._unit_versions.get(key)):
            if versions:
                return _pick(versions, day)
        matches = self._names.get(fold_key(key), [])
        if not matches:
            folded = fold_key(key)
            group = next((g for g in self.group_rows if fold_key(g.code) == folded), None)
            return _pick(self._group_versions[group.code], day) if group else None
        in_force = [u for u in matches if day is None or u.valid_on(day)] or matches
        codes = list(dict.fromkeys(u.code for u in in_force))
        if len(codes) > 1:
            raise ValueError(f"«{key}» là tên của nhiều đơn vị (" + ", ".join(codes) + "); hãy ghi mã đơn vị")
        return _pick(self._unit_versions[codes[0]], day)

    def suggest(self, key: str) -> str:
        """A "có phải là …?" hint with the closest code or name, or ""."""
        names = list(self.groups) + list(self.units) + [u.short_name for u in self.units.values()]
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        return f"; có phải là «{close[0]}»?" if close else ""


def _by_code(records: list) -> dict[str, list]:
    """code -> versions sorted by start (an open start first)."""
    index: dict[str, list] = defaultdict(list)
    for record in records:
        index[record.code].append(record)
    for versions in index.values():
        versions.sort(key=lambda r: r.valid_from or date.min)
    return dict(index)


def _pick(versions: list, day: date | None):
    """The version in force on ``day``, else the latest."""
    if day is not None:
        for version in versions:
            if version.valid_on(day):
                return version
    return versions[-1]


def find_registry(start: Path) -> Path:
    """Find the registry for a document: the nearest folder at or above ``start``
    holding ``don_vi.csv`` (or a workbook ``don_vi.xlsx``).

    Raises:
        InputError: none found up to the filesystem root.
    """
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / f"{UNITS_TABLE}.csv").is_file():
            return folder
        if (folder / f"{UNITS_TABLE}.xlsx").is_file():
            return folder / f"{UNITS_TABLE}.xlsx"
    raise InputError(Location(start), f"không tìm thấy danh bạ đơn vị ({UNITS_TABLE}.csv, "
                     f"{GROUPS_TABLE}.csv) trong thư mục này hay các thư mục cha")


@once_per_run()
def load_registry(path: Path) -> Registry:
    """Read and check the registry and its history.

    Args:
        path: a folder with ``khoi_don_vi.csv`` and ``don_vi.csv``, or a workbook
            with sheets ``khoi_don_vi`` and ``don_vi``.

    Raises:
        InputError (located at the row and column): two versions of one code in
            force on the same day; a unit of an unknown group, or in force on a day
            its group is not; ``Hiệu lực đến`` before ``Hiệu lực từ``; the same name
            twice among units in force at the same time; a bad ``Thứ tự``,
            ``Thành viên`` or ``Hình thức``; a successor that does not exist, a cycle of
            successors, a successor not in force the day after the end, or a unit still
            in force after its successor started when the form is not ``sáp nhập``.

    Read once per run (:mod:`pipeline.common.once`); every check is linear or n log n in
    the number of rows (benchmarks/bench_registry.py).
    """
    source = Source(path)
    group_table = source.table(GROUPS_TABLE, GROUP_COLS, GROUP_OPTIONAL)
    group_rows = [_group(order, row) for order, row in enumerate(group_table)]
    _check_codes(group_rows, "Mã khối", "khối")
    group_versions = _by_code(group_rows)
    table = source.table(UNITS_TABLE, UNIT_COLS, UNIT_OPTIONAL)
    unit_rows = [_unit(row, group_versions) for row in table]
    _check_codes(unit_rows, "Mã", "đơn vị")
    _check_same_name(unit_rows)
    for unit in unit_rows:
        _check_in_group(unit, group_versions[unit.group])
    _check_history(group_rows, group_versions, "khối")
    _check_history(unit_rows, _by_code(unit_rows), "đơn vị")
    latest_groups = {code: versions[-1] for code, versions in group_versions.items()}
    groups = {g.code: latest_groups[g.code] for g in group_rows}
    units_latest = {code: versions[-1] for code, versions in _by_code(unit_rows).items()}
    units = {u.code: units_latest[u.code] for u in unit_rows}
    return Registry(groups, units, table.location, unit_rows, group_rows)


def _history(row: Row) -> dict:
    """The history cells of a row: validity, successors, form, decision."""
    valid_from, valid_to = row.date(FROM_COL), row.date(TO_COL)
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError(row.at(TO_COL), f"ngày hết hiệu lực {short_date(valid_to)} trước ngày "
                         f"bắt đầu hiệu lực {short_date(valid_from)}")
    successors = tuple(dict.fromkeys(k.strip() for k in re.split(r"[;\n]", row.text(SUCCESSOR_COL)) if k.strip()))
    form = fold_key(row.text(FORM_COL))
    if form and form not in FORMS:
        close = difflib.get_close_matches(form, list(FORMS), n=1)
        hint = f"; có phải là «{close[0]}»?" if close else ""
        raise InputError(row.at(FORM_COL), "cần một trong: " + ", ".join(f"«{f}»" for f in FORMS) + hint)
    return {"valid_from": valid_from, "valid_to": valid_to, "successors": successors, "form": form,
            "decision": row.text(DECISION_COL)}


def _group(order: int, row: Row) -> UnitGroup:
    code = row.required("Mã khối")
    rank = row.required("Thứ tự")
    if not rank.isdigit():
        raise InputError(row.at("Thứ tự"), f"cần một số nguyên (1 = cơ quan cấp trên), đang là «{rank}»")
    membership = fold_key(row.required("Thành viên"))
    if membership not in MEMBERSHIP:
        raise InputError(row.at("Thành viên"), "cần một trong: " + ", ".join(f"«{m}»" for m in MEMBERSHIP))
    reports = fold_key(row.text("Báo cáo kết quả"))
    if reports not in ("", "x", "có"):
        raise InputError(row.at("Báo cáo kết quả"), "cần «x» (các đơn vị của khối phải báo cáo kết quả) "
                         "hoặc để trống")
    return UnitGroup(code, row.required("Tên khối"), row.required("Ghi trong nơi nhận"), int(rank), membership,
                     row.text("Ghi trong danh sách"), order, bool(reports), location=row.location, **_history(row))


def _unit(row: Row, groups: dict[str, list[UnitGroup]]) -> Unit:
    group = row.required("Khối")
    if group not in groups:
        close = difflib.get_close_matches(group, list(groups), n=1)
        hint = f"; có phải là «{close[0]}»?" if close else ""
        raise InputError(row.at("Khối"), f"khối «{group}» không có trong {GROUPS_TABLE}{hint}")
    full_name = " ".join(row.required("Tên đầy đủ").split())
    return Unit(row.required("Mã"), full_name, " ".join(row.text("Tên viết tắt").split()) or full_name,
                group, row.text("Địa chỉ"), row.text("Email"), location=row.location, **_history(row))


def _overlaps(a: Record, b: Record) -> bool:
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    return start <= end


def _first_overlap(records: list) -> tuple | None:
    """Two records of the list in force on a common day, or ``None`` (sorted sweep, n log n)."""
    ordered = sorted(records, key=lambda r: (r.valid_from or date.min, r.location.row or 0))
    latest = None
    for record in ordered:
        if latest is not None and _overlaps(latest, record):
            return latest, record
        if latest is None or (latest.valid_to or date.max) < (record.valid_to or date.max):
            latest = record
    return None


def _check_codes(records: list, column: str, kind: str) -> None:
    """No two versions of one code in force on the same day."""
    for versions in _by_code(records).values():
        pair = _first_overlap(versions) if len(versions) > 1 else None
        if pair:
            first, second = sorted(pair, key=lambda r: r.location.row or 0)
            raise InputError(second.location.at(column=column),
                             f"mã «{second.code}» bị trùng với dòng {first.location.row} trong cùng thời gian "
                             f"hiệu lực ({validity_text(first)}; {validity_text(second)}); mỗi {kind} cần một mã "
                             f"riêng — một mã chỉ được dùng lại khi thời gian hiệu lực không trùng nhau")


def _check_same_name(units: list[Unit]) -> None:
    by_name: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_name[fold_key(unit.full_name)].append(unit)
    for same in by_name.values():
        pair = _first_overlap(same) if len(same) > 1 else None
        if pair:
            other, unit = sorted(pair, key=lambda u: u.location.row or 0)
            raise InputError(unit.location.at(column="Tên đầy đủ"),
                             f"đơn vị «{unit.full_name}» đã có ở dòng {other.location.row} (mã {other.code}) "
                             "với thời gian hiệu lực trùng nhau; một đơn vị chỉ khai một lần")


def _check_in_group(unit: Unit, versions: list[UnitGroup]) -> None:
    """The unit's group is in force on every day the unit is (its rows may follow each other)."""
    gap = _first_uncovered(versions, unit.valid_from or date.min, unit.valid_to or date.max)
    if gap is None:
        return
    when = f"trước ngày {short_date(versions[0].valid_from)}" if gap == date.min else f"vào ngày {short_date(gap)}"
    column = FROM_COL if gap == (unit.valid_from or date.min) else TO_COL
    raise InputError(unit.location.at(column=column),
                     f"đơn vị «{unit.full_name}» thuộc khối «{unit.group}» nhưng khối này không có hiệu lực {when} "
                     f"(khối: {'; '.join(validity_text(g) for g in versions)}); sửa hiệu lực của đơn vị hoặc chuyển "
                     "đơn vị sang khối kế thừa")


def _first_uncovered(versions: list, start: date, end: date) -> date | None:
    """The first day of ``start``…``end`` on which no version is in force (versions sorted by
    start, not overlapping), or ``None``."""
    day = start
    for version in versions:
        first, last = version.valid_from or date.min, version.valid_to or date.max
        if first > day:
            return day
        if last >= day:
            if last >= end:
                return None
            day = last + timedelta(days=1)
    return day


def _check_history(records: list, versions: dict[str, list], kind: str) -> None:
    """Successors exist, form no cycle, and take over on the day after the end."""
    for record in records:
        missing = [code for code in record.successors if code not in versions]
        if missing:
            names = list(versions)
            hints = [difflib.get_close_matches(code, names, n=1) for code in missing]
            hint = "".join(f"; có phải là «{h[0]}»?" for h in hints if h)
            raise InputError(record.location.at(column=SUCCESSOR_COL),
                             f"{kind} kế thừa «{'», «'.join(missing)}» không có trong danh bạ{hint}")
    _check_cycles(records, kind)
    for record in records:
        _check_succession(record, versions, kind)


def _check_cycles(records: list, kind: str) -> None:
    """No code succeeds itself, directly or through others (iterative depth-first search)."""
    graph: dict[str, list[str]] = defaultdict(list)
    first_row: dict[str, Record] = {}
    for record in records:
        if record.successors:
            graph[record.code].extend(record.successors)
            first_row.setdefault(record.code, record)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in graph:
        if state.get(start):
            continue
        path, stack = [start], [iter(graph[start])]
        state[start] = 1
        while stack:
            code = next(stack[-1], None)
            if code is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(code) == 1:
                cycle = path[path.index(code):] + [code]
                raise InputError(first_row[code].location.at(column=SUCCESSOR_COL),
                                 f"vòng kế thừa: {' → '.join(cycle)}; một {kind} không thể (trực tiếp hay qua "
                                 "đơn vị khác) kế thừa chính nó — kiểm tra cột «Kế thừa bởi» của các dòng này")
            elif not state.get(code):
                state[code] = 1
                path.append(code)
                stack.append(iter(graph.get(code, [])))


def _check_succession(record: Record, versions: dict[str, list], kind: str) -> None:
    """An ended record: its form fits its successors, each in force on the next day, and
    started only then unless the form is ``sáp nhập``."""
    where = record.location
    if not record.successors and not record.form:
        return
    if record.valid_to is None:
        raise InputError(where.at(column=TO_COL), f"{kind} có «{SUCCESSOR_COL}» hoặc «{FORM_COL}» thì cần «{TO_COL}» "
                         "(ngày cuối cùng còn hoạt động)")
    if not record.form:
        raise InputError(where.at(column=FORM_COL), "cần ghi hình thức: " + ", ".join(f"«{f}»" for f in FORMS))
    wanted, count = FORMS[record.form], len(record.successors)
    if (wanted == "2+" and count < 2) or (wanted != "2+" and count != int(wanted)):
        expected = {"0": "không có đơn vị kế thừa", "1": "đúng một đơn vị kế thừa",
                    "2+": "ít nhất hai đơn vị kế thừa"}[wanted]
        raise InputError(where.at(column=SUCCESSOR_COL), f"hình thức «{record.form}» cần {expected}, "
                         f"đang ghi {count}")
    next_day = record.valid_to + timedelta(days=1)
    for code in record.successors:
        successor = next((v for v in versions[code] if v.valid_on(next_day)), None)
        if successor is None:
            raise InputError(where.at(column=SUCCESSOR_COL),
                             f"{kind} kế thừa «{code}» không có hiệu lực vào ngày {short_date(next_day)} (ngày sau "
                             f"khi «{record.code}» chấm dứt); hiệu lực của «{code}»: "
                             + "; ".join(validity_text(v) for v in versions[code]))
        if record.form != OVERLAP_FORM and (successor.valid_from is None or successor.valid_from <= record.valid_to):
            raise InputError(where.at(column=TO_COL),
                             f"«{record.code}» còn hiệu lực đến {short_date(record.valid_to)} nhưng {kind} kế thừa "
                             f"«{code}» đã có hiệu lực {validity_text(successor)}: với hình thức «{record.form}» "
                             f"{kind} kế thừa bắt đầu từ ngày {short_date(next_day)}; nếu «{code}» là {kind} đã có "
                             f"và tiếp tục hoạt động, ghi hình thức «{OVERLAP_FORM}»")

