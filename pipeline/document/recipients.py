"""Nơi nhận: the plan's recipient lines and the units behind them, from the registry.

A document's ``noi_nhan`` table holds one row per printed line:

``Gửi đến``   unit or group codes (or unit names), several separated by ``;``
``Ghi là``    the text of the line, when the default is not wanted
``Mục đích``  printed in parentheses after it: ``để báo cáo``, ``p/h``, ``t/h`` …

The default text is the group's ``Ghi trong nơi nhận`` for a group, the unit's
short name for a unit, joined with ``, `` for several. Lines are put in protocol
order by the groups' ``Thứ tự`` (superior bodies first, internal units last),
keeping the table's order within a rank (nd30.md §3.7).

Everything is taken on the document's reference day (the issue date, or 1 January
of its year for a draft): the group line's wording, the units of a group, and
whether a unit named on a line still exists. A line naming a unit or group that has
ended is refused with its successor named (:func:`ended_message`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pipeline.common.errors import InputError
from pipeline.data.tables import Row, Table
from pipeline.data.registry import Record, Registry, Unit, UnitGroup, validity_text
from pipeline.common.vnformat import short_date, sort_key

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
        registry: the registry as it stands on the reference day (:meth:`Registry.as_of`):
            group names and order, who reports, the report's counts all follow that day.
        history: the whole registry with every version (to read responses, which may
            come from units that started later).
        day: the reference day.
    """

    lines: list[str]
    units: list[Unit]
    addressed: list[UnitGroup] = field(default_factory=list)
    registry: Registry | None = None
    history: Registry | None = None
    day: date | None = None

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
        registry: the unit registry (all versions).
        day: the reference date (issue date, or 1 January for a draft): group
            lines are worded and groups expanded as they stand that day.

    Raises:
        InputError: an empty table; a code or name that is neither a unit nor a
            group (with a suggestion); a unit or group not in force on ``day`` (with
            its successors); a unit or group named twice.
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
        rank = min(_rank(t, registry, day) for t in targets)
        ranked.append((rank, order, _line(row, targets)))
    lines = [line for _, _, line in sorted(ranked)]
    return Recipients(lines, list(units.values()), addressed, registry.as_of(day), registry, day)


def _keys(row: Row) -> list[str]:
    keys = [k.strip() for k in re.split(r"[;\n]", row.required(TARGET_COL)) if k.strip()]
    if not keys:
        raise InputError(row.at(TARGET_COL), "cần ít nhất một mã đơn vị hoặc mã khối")
    return keys


def _target(row: Row, key: str, registry: Registry, day: date) -> Unit | UnitGroup:
    try:
        target = registry.lookup(key, day)
    except ValueError as exc:
        raise InputError(row.at(TARGET_COL), str(exc)) from None
    if target is None:
        raise InputError(row.at(TARGET_COL), f"«{key}» không phải mã đơn vị, mã khối hay tên đơn vị nào "
                         f"trong danh bạ ({registry.location.file}){registry.suggest(key)}")
    if not target.valid_on(day):
        raise InputError(row.at(TARGET_COL), ended_message(target, registry, day))
    return target


def ended_message(target: Record, registry: Registry, day: date) -> str:
    """Why ``target`` cannot be named on ``day`` and what replaced it, in Vietnamese:
    ``đơn vị «…» không còn (hoặc chưa) hiệu lực vào ngày … (dòng …, …); hình thức
    «sáp nhập» theo …; thay bằng: «…» (mã …)``."""
    kind, name = ("khối", target.name) if isinstance(target, UnitGroup) else ("đơn vị", target.full_name)
    text = (f"{kind} «{name}» không còn (hoặc chưa) hiệu lực vào ngày {short_date(day)} theo danh bạ "
            f"({target.location.file.name} dòng {target.location.row}, hiệu lực {validity_text(target)})")
    if target.form:
        text += f"; hình thức «{target.form}»" + (f" theo {target.decision}" if target.decision else "")
    if target.valid_to is None or day <= target.valid_to:
        return text
    now = registry.current(target, day)
    if not now:
        return text + f"; không có {kind} kế thừa vào ngày đó: bỏ dòng này hoặc ghi {kind} khác"
    advice = " — ghi mã này vào cột «Gửi đến»" if len(now) == 1 else \
        " — chọn (các) mã đúng cho dòng này và ghi vào cột «Gửi đến»"
    return text + "; thay bằng: " + ", ".join(f"«{_name(r)}» (mã {r.code})" for r in now) + advice


def _name(record: Record) -> str:
    return record.name if isinstance(record, UnitGroup) else record.full_name


def _rank(target: Unit | UnitGroup, registry: Registry, day: date) -> int:
    if isinstance(target, UnitGroup):
        return target.rank
    return (registry.group_on(target.group, day) or registry.groups[target.group]).rank


def _line(row: Row, targets: list[Unit | UnitGroup]) -> str:
    text = row.text(TEXT_COL) or ", ".join(
        t.recipient_line if isinstance(t, UnitGroup) else t.short_name for t in targets)
    text = text.lstrip("-–• ").rstrip(";. ")
    purpose = row.text(PURPOSE_COL).strip("() ")
    return f"{text} ({purpose})" if purpose else text
