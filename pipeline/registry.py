"""The unit registry (danh bạ đơn vị): every unit that can receive a document or
report back, in groups (khối), with validity dates.

Two tables, in a folder of CSV files or a workbook (see :mod:`pipeline.inputs`):

``khoi_don_vi``  ``Mã khối``, ``Tên khối``, ``Ghi trong nơi nhận``, ``Thứ tự``, ``Thành viên``,
                 ``Báo cáo kết quả`` (``x``: its units report results back), ``Ghi trong danh sách``
``don_vi``       ``Mã``, ``Tên đầy đủ``, ``Tên viết tắt``, ``Khối``, ``Địa chỉ``, ``Email``,
                 ``Hiệu lực từ``, ``Hiệu lực đến``

Columns whose header starts with ``Ghi chú`` are the clerk's own notes and are not read.

Units change (since 01/7/2025 there are no districts), so membership is always
asked for a date. Names are compared after NFC normalisation, case folding and
whitespace folding, so one name typed with two input methods is one unit.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import InputError, Location
from pipeline.inputs import Row, Source, fold_key
from pipeline.vnformat import short_date, sort_key

GROUPS_TABLE, UNITS_TABLE = "khoi_don_vi", "don_vi"
GROUP_COLS = ("Mã khối", "Tên khối", "Ghi trong nơi nhận", "Thứ tự", "Thành viên")
UNIT_COLS = ("Mã", "Tên đầy đủ", "Khối")
UNIT_OPTIONAL = ("Tên viết tắt", "Địa chỉ", "Email", "Hiệu lực từ", "Hiệu lực đến")
MEMBERSHIP = ("đầy đủ", "chưa đầy đủ", "không liệt kê")
"""``Thành viên``: the registry lists all members / some of them / none (they cannot be known)."""


@dataclass(frozen=True)
class UnitGroup:
    """A group of units (khối).

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
    """

    code: str
    name: str
    recipient_line: str
    rank: int
    membership: str
    note: str
    order: int
    reports: bool = False


@dataclass(frozen=True)
class Unit:
    """A unit (đơn vị).

    Attributes:
        code: ``Mã``, a string (``01`` keeps its zero).
        full_name, short_name: official name; short form for Nơi nhận lines
            (the full name when none is given).
        group: the group code.
        address, email: contact, may be "".
        valid_from, valid_to: validity, ``None`` = open-ended.
        location: the registry row.
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

    def valid_on(self, day: date) -> bool:
        """Whether the unit exists on ``day`` (both ends inclusive)."""
        return (self.valid_from is None or self.valid_from <= day) and \
               (self.valid_to is None or day <= self.valid_to)


@dataclass
class Registry:
    """The unit registry, validated.

    Attributes:
        groups: group code -> group, in table order.
        units: unit code -> unit, in table order.
        location: where it was read from.
    """

    groups: dict[str, UnitGroup]
    units: dict[str, Unit]
    location: Location

    def members(self, group: str, day: date) -> list[Unit]:
        """The units of ``group`` valid on ``day``, in Vietnamese alphabetical order of full name."""
        found = [u for u in self.units.values() if u.group == group and u.valid_on(day)]
        return sorted(found, key=lambda u: sort_key(u.full_name))

    def lookup(self, key: str) -> Unit | UnitGroup | None:
        """Find a unit or group by code, or a unit by full or short name (normalised).

        Raises:
            ValueError: a name shared by several units (Vietnamese message).
        """
        if key in self.groups:
            return self.groups[key]
        if key in self.units:
            return self.units[key]
        folded = fold_key(key)
        matches = [u for u in self.units.values()
                   if folded in (fold_key(u.full_name), fold_key(u.short_name), fold_key(u.code))]
        matches += [g for g in self.groups.values() if folded == fold_key(g.code)]
        if len(matches) > 1:
            raise ValueError(f"«{key}» là tên của nhiều đơn vị ("
                             + ", ".join(u.code for u in matches) + "); hãy ghi mã đơn vị")
        return matches[0] if matches else None

    def suggest(self, key: str) -> str:
        """A "có phải là …?" hint with the closest code or name, or ""."""
        names = list(self.groups) + list(self.units) + [u.short_name for u in self.units.values()]
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        return f"; có phải là «{close[0]}»?" if close else ""


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


def load_registry(path: Path) -> Registry:
    """Read and check the registry.

    Args:
        path: a folder with ``khoi_don_vi.csv`` and ``don_vi.csv``, or a workbook
            with sheets ``khoi_don_vi`` and ``don_vi``.

    Raises:
        InputError: a duplicate group or unit code, a unit of an unknown group,
            ``Hiệu lực đến`` before ``Hiệu lực từ``, the same name twice among
            units valid at the same time, a bad ``Thứ tự`` or ``Thành viên``.
    """
    source = Source(path)
    groups = _groups(source)
    table = source.table(UNITS_TABLE, UNIT_COLS, UNIT_OPTIONAL)
    units: dict[str, Unit] = {}
    for row in table:
        unit = _unit(row, groups)
        if unit.code in units:
            raise InputError(row.at("Mã"), f"mã «{unit.code}» bị trùng với dòng "
                             f"{units[unit.code].location.row}; mỗi đơn vị cần một mã riêng")
        _check_same_name(unit, units.values())
        units[unit.code] = unit
    return Registry(groups, units, table.location)


def _groups(source: Source) -> dict[str, UnitGroup]:
    groups: dict[str, UnitGroup] = {}
    for order, row in enumerate(source.table(GROUPS_TABLE, GROUP_COLS, ("Ghi trong danh sách", "Báo cáo kết quả"))):
        code = row.required("Mã khối")
        if code in groups:
            raise InputError(row.at("Mã khối"), f"mã khối «{code}» bị trùng")
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
        groups[code] = UnitGroup(code, row.required("Tên khối"), row.required("Ghi trong nơi nhận"),
                                 int(rank), membership, row.text("Ghi trong danh sách"), order, bool(reports))
    return groups


def _unit(row: Row, groups: dict[str, UnitGroup]) -> Unit:
    group = row.required("Khối")
    if group not in groups:
        close = difflib.get_close_matches(group, list(groups), n=1)
        hint = f"; có phải là «{close[0]}»?" if close else ""
        raise InputError(row.at("Khối"), f"khối «{group}» không có trong {GROUPS_TABLE}{hint}")
    valid_from, valid_to = row.date("Hiệu lực từ"), row.date("Hiệu lực đến")
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError(row.at("Hiệu lực đến"), f"ngày hết hiệu lực {short_date(valid_to)} trước ngày "
                         f"bắt đầu hiệu lực {short_date(valid_from)}")
    full_name = " ".join(row.required("Tên đầy đủ").split())
    return Unit(row.required("Mã"), full_name, " ".join(row.text("Tên viết tắt").split()) or full_name,
                group, row.text("Địa chỉ"), row.text("Email"), valid_from, valid_to, row.location)


def _check_same_name(unit: Unit, others) -> None:
    for other in others:
        if fold_key(other.full_name) != fold_key(unit.full_name):
            continue
        overlap = _overlaps(unit, other)
        if overlap:
            raise InputError(unit.location.at(column="Tên đầy đủ"),
                             f"đơn vị «{unit.full_name}» đã có ở dòng {other.location.row} (mã {other.code}) "
                             "với thời gian hiệu lực trùng nhau; một đơn vị chỉ khai một lần")


def _overlaps(a: Unit, b: Unit) -> bool:
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    return start <= end
