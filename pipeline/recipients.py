"""Nơi nhận: the plan's recipient lines and the units behind them, from the registry.

A document's ``noi_nhan`` table holds one row per printed line:

``Gửi đến``   unit or group codes (or unit names), several separated by ``;``
``Ghi là``    the text of the line, when the default is not wanted
``Mục đích``  printed in parentheses after it: ``để báo cáo``, ``p/h``, ``t/h`` …

The default text is the group's ``Ghi trong nơi nhận`` for a group, the unit's
short name for a unit, joined with ``, `` for several. Lines are put in protocol
order by the groups' ``Thứ tự`` (superior bodies first, internal units last),
keeping the table's order within a rank (nd30.md §3.7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pipeline.errors import InputError
from pipeline.inputs import Row, Table
from pipeline.registry import Registry, Unit, UnitGroup
from pipeline.vnformat import short_date, sort_key

TARGET_COL, TEXT_COL, PURPOSE_COL = "Gửi đến", "Ghi là", "Mục đích"
RULE_COLS = (TARGET_COL,)
RULE_OPTIONAL = (TEXT_COL, PURPOSE_COL)


@dataclass
class Recipients:
    """Who receives a document.

    Attributes:
        lines: the Nơi nhận lines in protocol order, without ``-`` and ``;``.
        units: every individual unit that receives it (groups expanded on the
            reference date), each once, in line order.
        addressed: the groups addressed as a whole (a group line), in line order.
        registry: the registry they come from.
    """

    lines: list[str]
    units: list[Unit]
    addressed: list[UnitGroup] = field(default_factory=list)
    registry: Registry | None = None

    def by_group(self) -> list[tuple[UnitGroup, list[Unit]]]:
        """The receiving units grouped by their khối, groups in protocol order
        (rank, then table order), units in Vietnamese alphabetical order; a group
        addressed whose members are not listed comes with an empty list."""
        groups = {u.group for u in self.units} | {g.code for g in self.addressed}
        ordered = sorted((self.registry.groups[g] for g in groups), key=lambda g: (g.rank, g.order))
        members = {g.code: [u for u in self.units if u.group == g.code] for g in ordered}
        return [(g, sorted(members[g.code], key=lambda u: sort_key(u.full_name))) for g in ordered]


def build_recipients(table: Table, registry: Registry, day: date) -> Recipients:
    """Turn the ``noi_nhan`` rules into lines and units.

    Args:
        table: the document's ``noi_nhan`` table.
        registry: the unit registry.
        day: the reference date (issue date, or 1 January for a draft): groups
            are expanded to the units valid that day.

    Raises:
        InputError: an empty table; a code or name that is neither a unit nor a
            group (with a suggestion); a unit not valid on ``day``; a unit or
            group named twice.
    """
    if not table.rows:
        raise InputError(table.location, "danh sách nơi nhận đang trống")
    ranked = []
    units: dict[str, Unit] = {}
    addressed: list[UnitGroup] = []
    seen: dict[str, int] = {}
    for order, row in enumerate(table):
        targets = [_target(row, key, registry, day) for key in _keys(row)]
        for target in targets:
            if target.code in seen:
                raise InputError(row.at(TARGET_COL), f"«{target.code}» đã có ở dòng {seen[target.code]}; "
                                 "mỗi đơn vị, khối chỉ ghi một lần trong nơi nhận")
            seen[target.code] = row.location.row
        for target in targets:
            if isinstance(target, UnitGroup):
                if target not in addressed:
                    addressed.append(target)
                members = registry.members(target.code, day)
                if not members and target.membership == "đầy đủ":
                    raise InputError(row.at(TARGET_COL), f"khối «{target.code}» không còn đơn vị nào có hiệu lực "
                                     f"vào ngày {short_date(day)} (theo danh bạ); hãy bỏ dòng này hoặc gửi đến "
                                     "khối thay thế")
                for unit in members:
                    units.setdefault(unit.code, unit)
            else:
                units.setdefault(target.code, target)
        rank = min(_rank(t, registry) for t in targets)
        ranked.append((rank, order, _line(row, targets)))
    lines = [line for _, _, line in sorted(ranked)]
    return Recipients(lines, list(units.values()), addressed, registry)


def _keys(row: Row) -> list[str]:
    keys = [k.strip() for k in re.split(r"[;\n]", row.required(TARGET_COL)) if k.strip()]
    if not keys:
        raise InputError(row.at(TARGET_COL), "cần ít nhất một mã đơn vị hoặc mã khối")
    return keys


def _target(row: Row, key: str, registry: Registry, day: date) -> Unit | UnitGroup:
    try:
        target = registry.lookup(key)
    except ValueError as exc:
        raise InputError(row.at(TARGET_COL), str(exc)) from None
    if target is None:
        raise InputError(row.at(TARGET_COL), f"«{key}» không phải mã đơn vị, mã khối hay tên đơn vị nào "
                         f"trong danh bạ ({registry.location.file}){registry.suggest(key)}")
    if isinstance(target, Unit) and not target.valid_on(day):
        raise InputError(row.at(TARGET_COL), f"đơn vị «{target.full_name}» không còn (hoặc chưa) hiệu lực "
                         f"vào ngày {short_date(day)} theo danh bạ (dòng {target.location.row})")
    return target


def _rank(target: Unit | UnitGroup, registry: Registry) -> int:
    group = target if isinstance(target, UnitGroup) else registry.groups[target.group]
    return group.rank


def _line(row: Row, targets: list[Unit | UnitGroup]) -> str:
    text = row.text(TEXT_COL) or ", ".join(
        t.recipient_line if isinstance(t, UnitGroup) else t.short_name for t in targets)
    text = text.lstrip("-–• ").rstrip(";. ")
    purpose = row.text(PURPOSE_COL).strip("() ")
    return f"{text} ({purpose})" if purpose else text
