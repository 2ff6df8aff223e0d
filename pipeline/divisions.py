"""Importing a province's communes and wards into the unit registry.

The list of administrative units comes from the ``vietnam-provinces`` package
(the national list as in force from 01/7/2025: 34 provinces, no districts).
Each commune/ward becomes the unit "Ủy ban nhân dân xã/phường …" with its
official 5-digit code, so importing twice changes nothing.
"""

from __future__ import annotations

import csv
import difflib
import io
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vietnam_provinces import Province, Ward

from pipeline.errors import InputError, Location
from pipeline.inputs import fold_key
from pipeline.output import atomic_write
from pipeline.spreadsheet import csv_cell
from pipeline.registry import GROUPS_TABLE, UNITS_TABLE, load_registry


@dataclass
class ImportResult:
    """Counts of an import: units added, updated, and already up to date."""

    added: int
    updated: int
    unchanged: int


def find_province(name: str) -> Province:
    """Find a province by name, with or without ``Tỉnh``/``Thành phố`` (``"Thanh Hóa"``).

    Raises:
        ValueError: no such province (Vietnamese message with the closest names).
    """
    wanted = fold_key(name).removeprefix("tỉnh ").removeprefix("thành phố ")
    provinces = list(Province.iter_all())
    for province in provinces:
        if fold_key(province.name) == wanted:
            return province
    names = [p.name for p in provinces]
    close = difflib.get_close_matches(name, names, n=3)
    hint = f"; có phải là: {', '.join(close)}?" if close else ""
    raise ValueError(f"không có tỉnh, thành phố nào tên «{name}» trong danh mục đơn vị hành chính{hint}")


def ward_rows(province: Province, group: str, valid_from: date) -> list[dict[str, str]]:
    """Registry rows for every commune/ward of ``province`` (as in ``don_vi.csv``)."""
    rows = []
    for ward in Ward.iter_all():
        if ward.province_code != province.code:
            continue
        kind, _, place = ward.name.partition(" ")
        rows.append({
            "Mã": f"{int(ward.code):05d}",
            "Tên đầy đủ": f"Ủy ban nhân dân {kind.lower()} {place}",
            "Tên viết tắt": f"UBND {kind.lower()} {place}",
            "Khối": group,
            "Hiệu lực từ": f"{valid_from.day:02d}/{valid_from.month:02d}/{valid_from.year}",
        })
    return rows


def import_divisions(registry_dir: Path, province_name: str, group: str, valid_from: date) -> ImportResult:
    """Add or update the communes/wards of a province in ``registry_dir/don_vi.csv``.

    A ward already in the registry (same code) is updated in place — its name,
    group and start date; contact columns and notes the clerk added are kept.
    The result is checked before it replaces the file, and written atomically
    (UTF-8 with BOM); on any error the registry is left as it was.

    Args:
        registry_dir: the folder holding ``don_vi.csv`` and ``khoi_don_vi.csv``.
        province_name: e.g. ``"Thanh Hóa"``.
        group: the group code the units belong to (must exist), e.g. ``ubnd_cap_xa``.
        valid_from: the date the units start (01/7/2025 for the 2025 reform).

    Raises:
        InputError: registry problems, an unknown group or province.
    """
    path = registry_dir / f"{UNITS_TABLE}.csv"
    registry = load_registry(registry_dir)
    if group not in registry.groups:
        raise InputError(Location(registry_dir / f"{GROUPS_TABLE}.csv", column="Mã khối"),
                         f"không có khối «{group}»; các khối: " + ", ".join(registry.groups))
    try:
        province = find_province(province_name)
    except ValueError as exc:
        raise InputError(Location(path), str(exc)) from None
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    by_code = {row["Mã"].strip(): row for row in rows}
    added = updated = unchanged = 0
    for new in ward_rows(province, group, valid_from):
        row = by_code.get(new["Mã"])
        if row is None:
            rows.append({column: new.get(column, "") for column in header})
            added += 1
        elif all(row.get(k, "") == v for k, v in new.items()):
            unchanged += 1
        else:
            row.update(new)
            updated += 1
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: csv_cell(value) for column, value in row.items()} for row in rows)
    data = buffer.getvalue().encode("utf-8-sig")
    _check_before_writing(registry_dir, data)
    atomic_write(path, data)
    return ImportResult(added, updated, unchanged)


def _check_before_writing(registry_dir: Path, data: bytes) -> None:
    """Load the would-be registry from a scratch copy; refuse to write an invalid one."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copy(registry_dir / f"{GROUPS_TABLE}.csv", scratch)
        Path(scratch, f"{UNITS_TABLE}.csv").write_bytes(data)
        try:
            load_registry(Path(scratch))
        except InputError as exc:
            location = Location(registry_dir / f"{UNITS_TABLE}.csv", None, exc.location.row,
                                exc.location.column)
            raise InputError(location, f"sau khi nhập, danh bạ sẽ không hợp lệ nên chưa ghi gì: "
                             f"{exc.message}") from None
