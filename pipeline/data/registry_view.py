"""The registry as the clerk reads it on screen (``vanban units list``, ``vanban units history``)."""

from __future__ import annotations

from datetime import date

from pipeline.data.registry import Record, Registry, UnitGroup, validity_text
from pipeline.common.vnformat import short_date


def registry_on(registry: Registry, day: date) -> str:
    """The units and groups in force on ``day``, groups in protocol order (rank, table
    order), units in Vietnamese alphabetical order, one line each: code, full name, short name.

    Returns:
        Plain text, Vietnamese, ending with a newline.
    """
    snapshot = registry.as_of(day)
    groups = sorted(snapshot.groups.values(), key=lambda g: (g.rank, g.order))
    lines = [f"Danh bạ đơn vị ngày {short_date(day)} ({registry.location.file}): {len(snapshot.units)} đơn vị, "
             f"{len(groups)} khối."]
    for group in groups:
        members = registry.members(group.code, day)
        lines += ["", f"[{group.code}] {group.name} — {len(members)} đơn vị; trong nơi nhận ghi "
                      f"«{group.recipient_line}»" + (", phải báo cáo kết quả" if group.reports else "")]
        width = max((len(u.code) for u in members), default=0)
        lines += [f"  {u.code:<{width}}  {u.full_name}" + (f" ({u.short_name})" if u.short_name != u.full_name else "")
                  for u in members]
    return "\n".join(lines) + "\n"


def history(registry: Registry, code: str, day: date) -> str:
    """The history of unit or group ``code``: its rows (versions), what it came from, what
    it ended as, and what stands for it on ``day``.

    Returns:
        Plain text, Vietnamese, ending with a newline.
    """
    versions = registry.versions(code)
    lines = [f"{'Khối' if isinstance(versions[0], UnitGroup) else 'Đơn vị'} {code}:"]
    lines += [f"  {_describe(registry, version)}" for version in versions]
    before = registry.predecessors(code)
    if before:
        lines.append("Tiền thân:")
        lines += [f"  {_describe(registry, record)}" for record in before]
    now = registry.current(versions[-1], day) if versions[-1].valid_to else []
    if versions[-1].valid_to:
        lines.append(f"Ngày {short_date(day)}: " + ("; ".join(f"{_name(r)} ({r.code})" for r in now)
                                                      or "không còn đơn vị nào thay thế"))
    return "\n".join(lines) + "\n"


def _describe(registry: Registry, record: Record) -> str:
    text = f"dòng {record.location.row}: {record.code} «{_name(record)}», hiệu lực {validity_text(record)}"
    if record.form:
        text += f"; {record.form}"
        if record.successors:
            text += " → " + ", ".join(f"{_name(r)} ({r.code})" for r in registry.successors(record))
    if record.decision:
        text += f"; văn bản quyết định: {record.decision}"
    return text


def _name(record: Record) -> str:
    return record.recipient_line if isinstance(record, UnitGroup) else record.full_name
