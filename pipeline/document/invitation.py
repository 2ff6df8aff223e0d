"""Giấy mời (ND30 Phụ lục III, Mẫu 1.7): the meeting a Giấy mời invites to, who is
invited, and the invitations one data folder makes.

A Giấy mời's data folder (``Tên loại`` = ``GIẤY MỜI``) holds, besides the usual tables:

``hoi_thao``   ``Mục`` / ``Giá trị``: ``Mã`` (a short name of the meeting for the file
               names, ``hoi-thao-1``), ``Tới dự`` (the meeting's name), ``Chủ trì``,
               ``Ngày``, ``Giờ``, ``Địa điểm`` (all required) and ``Mời`` (optional:
               who of each unit, e.g. ``Đại diện lãnh đạo``)
``khach_moi``  the invited units: ``Gửi đến`` (unit or group codes or unit names, as in
               ``noi_nhan``), ``Ghi là``

With ``Gửi từng đơn vị`` = ``x`` there is one invitation per invited unit; otherwise one
invitation, with the list of the invited units attached when ``Mẫu danh sách nơi nhận``
is given, or naming the ``khach_moi`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from pipeline.common import vnformat
from pipeline.common.errors import InputError, Location
from pipeline.data.registry import Registry
from pipeline.data.tables import Row, Source, fold_key
from pipeline.document.recipients import RULE_COLS, RULE_OPTIONAL, Recipients, build_recipients

DOC_TYPE = "GIẤY MỜI"
SEMINAR_TABLE = "hoi_thao"
GUESTS_TABLE = "khach_moi"
KEY_COL, VALUE_COL = "Mục", "Giá trị"
SEMINAR_KEYS = {"Mã": True, "Tới dự": True, "Chủ trì": True, "Ngày": True, "Giờ": True, "Địa điểm": True, "Mời": False}
"""Rows of ``hoi_thao`` -> required? (ND30 Mẫu 1.7: Tới dự, Chủ trì, Thời gian, Địa điểm)."""
LISTED_GUESTS = "các cơ quan, đơn vị có tên trong danh sách kèm theo"
LIST_TITLE = "DANH SÁCH CÁC CƠ QUAN, ĐƠN VỊ ĐƯỢC MỜI"
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?(?::\d{2})?\s*(?:phút)?", re.IGNORECASE)


@dataclass
class Invitation:
    """What a Giấy mời prints besides its body.

    Attributes:
        code: ``Mã``, in the file names (``…_hoi-thao-1_so-tp.docx``).
        event: ``Tới dự``, e.g. ``Hội thảo khoa học “…”``.
        chair: ``Chủ trì``.
        time: ``08 giờ 00 phút, thứ Năm, ngày 25/4/2024`` (ND30 zero rule for the date).
        place: ``Địa điểm``.
        who: ``Mời`` (``Đại diện lãnh đạo``), "" to invite the units themselves.
        guests: the invited units (``khach_moi`` through the registry, on the document's day).
        per_unit: one invitation per invited unit (``Gửi từng đơn vị`` = ``x``).
    """

    code: str
    event: str
    chair: str
    time: str
    place: str
    who: str
    guests: Recipients
    per_unit: bool = False


def is_invitation(doc_type: str) -> bool:
    """Whether ``doc_type`` (``Tên loại``) is a Giấy mời."""
    return fold_key(doc_type) == fold_key(DOC_TYPE)


def read_invitation(source: Source, registry: Registry, day: date, issued: date | None,
                    per_unit: bool) -> Invitation:
    """Read ``hoi_thao`` and ``khach_moi`` of a Giấy mời.

    Args:
        source: the document's data source.
        registry: the unit registry (all versions); invited units are taken on ``day``.
        day: the document's reference day (issue date, or 1 January of its year).
        issued: the issue date, if any: the meeting cannot be before it.
        per_unit: ``Gửi từng đơn vị`` = ``x``.

    Raises:
        InputError: a missing table, row or value (time, place …), an unknown row, a
            time that is not ``8:00``/``8 giờ 00``, a meeting before the issue date, a
            date outside the document's year; in ``khach_moi`` whatever
            :func:`pipeline.document.recipients.build_recipients` refuses (a code not
            in the registry, a unit that has ended …); a group whose units are not
            listed, for invitations per unit.
    """
    table = source.table(SEMINAR_TABLE, [KEY_COL, VALUE_COL])
    rows: dict[str, Row] = {}
    canonical = {fold_key(key): key for key in SEMINAR_KEYS}
    for row in table:
        key = canonical.get(fold_key(row.required(KEY_COL)))
        if key is None:
            raise InputError(row.at(KEY_COL), f"mục «{row.text(KEY_COL)}» không có trong bảng hội thảo (các mục: "
                             + ", ".join(SEMINAR_KEYS) + ")")
        if key in rows:
            raise InputError(row.at(KEY_COL), f"mục «{key}» bị khai hai lần")
        rows[key] = row
    for key, required in SEMINAR_KEYS.items():
        if required and key not in rows:
            raise InputError(table.location, f"thiếu dòng «{key}» (giấy mời ghi rõ {key.lower()}: ND30 Phụ lục III, "
                             "Mẫu 1.7)")
        if required and not rows[key].text(VALUE_COL):
            raise InputError(rows[key].at(VALUE_COL), f"mục «{key}» của hội thảo không được để trống")
    when = rows["Ngày"].date(VALUE_COL)
    if when.year != day.year:
        raise InputError(rows["Ngày"].at(VALUE_COL), f"ngày hội thảo thuộc năm {when.year}, khác năm của giấy mời "
                         f"({day.year})")
    if issued and when < issued:
        raise InputError(rows["Ngày"].at(VALUE_COL), "ngày hội thảo trước ngày ban hành giấy mời "
                         f"({vnformat.short_date(issued)})")
    guest_table = source.table(GUESTS_TABLE, RULE_COLS, RULE_OPTIONAL)
    guests = build_recipients(guest_table, registry, day)
    unlisted = [g for g in guests.addressed if not any(u.group == g.code for u in guests.units)]
    if per_unit and unlisted:
        raise InputError(guest_table.location, f"khối «{unlisted[0].code}» không liệt kê từng đơn vị nên không "
                         "gửi được giấy mời cho từng đơn vị: ghi các đơn vị được mời, hoặc bỏ «Gửi từng đơn vị»")
    return Invitation(code=rows["Mã"].text(VALUE_COL), event=rows["Tới dự"].text(VALUE_COL), chair=rows["Chủ trì"].text(VALUE_COL),
                      time=meeting_time(when, rows["Giờ"].text(VALUE_COL), rows["Giờ"].at(VALUE_COL)),
                      place=rows["Địa điểm"].text(VALUE_COL), who=rows["Mời"].text(VALUE_COL) if "Mời" in rows else "",
                      guests=guests, per_unit=per_unit)


def meeting_time(day: date, hour: str, location: Location) -> str:
    """``08 giờ 00 phút, thứ Năm, ngày 25/4/2024`` from the day and ``8:00`` / ``8h`` / ``8 giờ 00``.

    Raises:
        InputError: not an hour 0–23 with minutes 00–59.
    """
    match = _TIME.fullmatch(hour.strip())
    hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
    if hours > 23 or minutes > 59:
        raise InputError(location, f"giờ bắt đầu viết dạng «8:00», «8h30» hoặc «8 giờ 30» (đang là «{hour}»)")
    return (f"{hours:02d} giờ {minutes:02d} phút, {vnformat.WEEKDAYS[day.weekday()]}, "
            f"ngày {vnformat.short_date(day)}")


def invitations(document) -> list:
    """The invitations one Giấy mời data source makes (``document`` is an
    :class:`~pipeline.document.model.AdministrativeDocument` with ``invitation``).

    One per invited unit (its full name after «trân trọng kính mời:», the meeting's
    ``Mã`` and the unit's code ending the file name), or one with the list of invited units attached (the
    recipient list appendix titled :data:`LIST_TITLE`), or one naming the ``khach_moi``
    lines.
    """
    guests, code = document.invitation.guests, document.invitation.code
    if document.invitation.per_unit:
        return [replace(document, addressees=[unit.full_name], file_suffix=f"{code}_{unit.code}",
                        list_template="") for unit in guests.units]
    if document.list_template:
        listed = replace(document.recipients, units=guests.units, addressed=guests.addressed)
        return [replace(document, addressees=[LISTED_GUESTS], recipients=listed, list_title=LIST_TITLE,
                        file_suffix=code)]
    return [replace(document, addressees=list(guests.lines), file_suffix=code)]


def invitation_context(document) -> dict[str, str]:
    """The ``invitation`` template variable of a Giấy mời: ``host`` (the issuer in a sentence),
    ``guests`` (who is invited: ``Mời`` + the addressees), ``event``, ``chair``, ``time``,
    ``place`` (ND30 Phụ lục III, Mẫu 1.7)."""
    invitation = document.invitation
    guests = "; ".join(document.addressees)
    guests = f"{invitation.who} {guests}" if invitation.who else guests[:1].upper() + guests[1:]
    return {"host": document.issuer_in_text, "guests": guests, "event": invitation.event,
            "chair": invitation.chair, "time": invitation.time, "place": invitation.place}
