"""Matching printed Nơi nhận lines to the unit registry (:mod:`pipeline.data.registry`).

A line is matched, in this order, to: one unit (full or short name), several
units named one after the other (``Đài PTTH, Báo Thanh Hóa``), one group (its
``Ghi trong nơi nhận``), or a run of groups and units whose names make up the
line (``Các trường ĐH, CĐ, tổ chức KH&CN``: written with ``Ghi là``). A purpose
in parentheses at the end (``(để báo cáo)``, ``(p/h)``) is ``Mục đích``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.importer.parts import fold
from pipeline.document.recipients import PURPOSE_COL, TARGET_COL, TEXT_COL
from pipeline.data.registry import Registry, Unit, UnitGroup

PURPOSE_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def split_purpose(line: str) -> tuple[str, str]:
    """``UBND tỉnh (để báo cáo)`` -> ``("UBND tỉnh", "để báo cáo")``; no purpose -> ``(line, "")``."""
    match = PURPOSE_RE.match(line.strip())
    return (match.group(1), match.group(2).strip()) if match else (line.strip(), "")


def match_line(line: str, registry: Registry) -> dict[str, str] | None:
    """The ``noi_nhan`` row that prints ``line``, or ``None`` when the registry does not name it.

    Args:
        line: a Nơi nhận line as printed, without ``- `` and ``;``.
        registry: the unit registry.

    Returns:
        ``{"Gửi đến": …, "Ghi là": …, "Mục đích": …}``: units as their printed
        name, groups by code; ``Ghi là`` only when the default text would differ.
    """
    for text, purpose in ((line, ""), split_purpose(line)):
        if not text:
            continue
        targets = _whole(text, registry) or _run(text, registry)
        if targets is None:
            continue
        default = ", ".join(t.recipient_line if isinstance(t, UnitGroup) else t.short_name for t in targets)
        keys = [t.code if isinstance(t, UnitGroup) else _unit_key(t, text) for t in targets]
        return {TARGET_COL: "; ".join(keys), TEXT_COL: "" if default == text else text, PURPOSE_COL: purpose}
    return None


def _unit_key(unit: Unit, text: str) -> str:
    """A unit by the name printed (short name), as clerks write it; its code when the name is ambiguous."""
    return unit.short_name if unit.short_name and fold(unit.short_name) in fold(text) else unit.code


def _lookup(text: str, registry: Registry) -> Unit | None:
    try:
        found = registry.lookup(text)
    except ValueError:
        return None
    return found if isinstance(found, Unit) else None


def _whole(text: str, registry: Registry) -> list[Unit | UnitGroup] | None:
    """One unit, units separated by commas, or one group."""
    unit = _lookup(text, registry)
    if unit:
        return [unit]
    parts = [part.strip() for part in text.split(",")]
    units = [_lookup(part, registry) for part in parts]
    if len(parts) > 1 and all(units):
        return units
    groups = [g for g in registry.groups.values() if fold(g.recipient_line) == fold(text)]
    return groups[:1] or None


def _run(text: str, registry: Registry) -> list[Unit | UnitGroup] | None:
    """Split the comma-separated parts of ``text`` into consecutive names of groups or units."""
    names = _names(registry)
    parts = [part.strip() for part in text.split(",")]

    @lru_cache(maxsize=None)
    def cover(i: int) -> tuple | None:
        if i == len(parts):
            return ()
        for j in range(len(parts), i, -1):
            key = _bare(", ".join(parts[i:j]))
            if key in names:
                rest = cover(j)
                if rest is not None:
                    return (names[key],) + rest
        return None

    found = cover(0)
    return list(found) if found and len(found) > 1 else None


def _bare(text: str) -> str:
    """Name without the collective ``Các`` (``tổ chức KH&CN`` is ``Các tổ chức KH&CN``)."""
    return re.sub(r"^các\s+", "", fold(text))


def _names(registry: Registry) -> dict[str, Unit | UnitGroup]:
    names: dict[str, Unit | UnitGroup] = {}
    for group in registry.groups.values():
        names.setdefault(_bare(group.recipient_line), group)
    for unit in registry.units.values():
        for name in (unit.short_name, unit.full_name):
            if name:
                names.setdefault(_bare(name), unit)
    return names
