"""Importing a province's communes and wards into the unit registry.

The list of administrative units comes from the ``vietnam-provinces`` package
(the national list as in force from 01/7/2025: 34 provinces, no districts).
Each commune, ward or special zone becomes the unit "Ủy ban nhân dân xã/phường/đặc
khu …" with its official 5-digit code, so importing twice changes nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vietnam_provinces import Province, VietNamDivisionType, Ward

from pipeline.common.errors import InputError, Location
from pipeline.data.tables import fold_key
from pipeline.data.registry import GROUPS_TABLE, UNITS_TABLE, load_registry
from pipeline.data.registry_edit import add_history_columns, edit_units


@dataclass
class ImportResult:
    """Counts of an import: units added, updated, and already up to date."""

    added: int
    updated: int
    unchanged: int


PREFIXES = ("thành phố ", "tp. ", "tp ", "tỉnh ")
KINDS = {VietNamDivisionType.XA: "xã", VietNamDivisionType.PHUONG: "phường", VietNamDivisionType.DAC_KHU: "đặc khu"}
"""Commune-level kinds of the 2025 list: xã, phường, đặc khu (Luật Tổ chức chính quyền địa phương số 72/2025/QH15)."""


def find_province(name: str) -> Province:
    """Find one of the 34 provinces by name, with or without ``Tỉnh``/``Thành phố``/``TP.``
    (``"Thanh Hóa"``, ``"Hà Nội"``, ``"TP. Hồ Chí Minh"``), or by its code name (``thanh_hoa``).

    Raises:
        ValueError: no such province (Vietnamese message with the closest names).
    """
    wanted = _bare(name)
    provinces = list(Province.iter_all())
    for province in provinces:
        if wanted in (_bare(province.name), province.codename):
            return province
    names = [p.name for p in provinces]
    close = difflib.get_close_matches(name, names, n=3)
    hint = f"; có phải là: {', '.join(close)}?" if close else ""
    raise ValueError(f"không có tỉnh, thành phố nào tên «{name}» trong danh mục đơn vị hành chính{hint}")


def _bare(name: str) -> str:
    """The folded name without ``tỉnh``/``thành phố``/``tp.`` in front."""
    folded = fold_key(name)
    for prefix in PREFIXES:
        folded = folded.removeprefix(prefix)
    return folded


def ward_rows(province: Province, group: str, valid_from: date) -> list[dict[str, str]]:
    """Registry rows for every commune, ward and special zone of ``province`` (as in ``don_vi.csv``)."""
    rows = []
    for ward in Ward.iter_all():
        if ward.province_code != province.code:
            continue
        kind = KINDS[ward.division_type]
        place = ward.name[len(kind):].strip()
        rows.append({
            "Mã": f"{int(ward.code):05d}",
            "Tên đầy đủ": f"Ủy ban nhân dân {kind} {place}",
            "Tên viết tắt": f"UBND {kind} {place}",
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
    registry = load_registry(registry_dir)
    if group not in registry.groups:
        raise InputError(Location(registry_dir / f"{GROUPS_TABLE}.csv", column="Mã khối"),
                         f"không có khối «{group}»; các khối: " + ", ".join(registry.groups))
    try:
        province = find_province(province_name)
    except ValueError as exc:
        raise InputError(Location(registry_dir / f"{UNITS_TABLE}.csv"), str(exc)) from None

    def merge(header: list[str], rows: list[dict[str, str]]) -> ImportResult:
        add_history_columns(header)  # a registry made without them still gets the start date
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
        return ImportResult(added, updated, unchanged)

    return edit_units(registry_dir, merge)
