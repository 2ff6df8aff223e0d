"""Đọc bảng thông tin chung (thong_tin_chung) và kiểm tra thể thức.

The ``Mục`` / ``Giá trị`` table: letterhead, reference, type, abstract, year,
signer; the ND30 format checks on its values, and the results of the plan a
report names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from pipeline.common import vnformat
from pipeline.common.errors import InputError
from pipeline.data.tables import Row, Source, fold_key, named_source
from pipeline.document.invitation import is_invitation
from pipeline.data.profile import NAME_KEY, PROFILE_KEYS, TITLE_KEY, AgencyProfile, find_profile, load_profile
from pipeline.document.model.cells import _checked, _flag
from pipeline.document.model.document import ResultsLoader, Signer
from pipeline.document.model.tables import (GENERAL_KEYS, GENERAL_TABLE, KEY_COL, MULTILINE_KEYS, SIGNING_MARKS,
                                   VALUE_COL, WHEN_NO_RESPONSE)


def _read_general(source: Source) -> tuple[dict[str, str], dict[str, Row]]:
    table = source.table(GENERAL_TABLE, [KEY_COL, VALUE_COL], multiline=[VALUE_COL])
    canonical = {fold_key(key): key for key in GENERAL_KEYS}
    values: dict[str, str] = {}
    rows: dict[str, Row] = {}
    for row in table:
        typed = row.required(KEY_COL)
        key = canonical.get(fold_key(typed))
        if key is None:
            close = difflib.get_close_matches(fold_key(typed), list(canonical), n=1)
            hint = f"; có phải là «{canonical[close[0]]}»?" if close else ""
            raise InputError(row.at(KEY_COL), f"mục «{typed}» không có trong danh sách mục{hint} "
                             "(các mục: " + ", ".join(GENERAL_KEYS) + ")")
        if key in rows:
            raise InputError(row.at(KEY_COL), f"mục «{key}» bị khai hai lần "
                             f"(đã có ở dòng {rows[key].location.row})")
        rows[key] = row
        values[key] = row.text(VALUE_COL)
        if "\n" in values[key] and key not in MULTILINE_KEYS:
            raise InputError(row.at(VALUE_COL), f"mục «{key}» chỉ được có một dòng (không xuống dòng bằng "
                             "Alt+Enter)")
    profile_path = find_profile(source.path if source.path.is_dir() else source.path.parent)
    profile = load_profile(profile_path) if profile_path else None
    if profile:
        _take_from_profile(profile, values, rows)
    for key, required in GENERAL_KEYS.items():
        if not required:
            continue
        if key not in rows:
            raise InputError(table.location, f"thiếu dòng «{key}» trong cột «{KEY_COL}»"
                             + _profile_hint(key, profile, values.get("Tên loại", "")))
        if not values[key]:
            raise InputError(rows[key].at(VALUE_COL), f"mục «{key}» không được để trống"
                             + _empty_hint(key, profile, values.get("Tên loại", "")))
    return values, rows


def _profile_hint(key: str, profile: AgencyProfile | None, doc_type: str) -> str:
    """Where a missing item may also be given: the agency profile (named when there is one)."""
    if key not in PROFILE_KEYS and key != NAME_KEY:
        return ""
    if profile is None:
        return " (hoặc khai một lần cho cả cơ quan trong hồ sơ cơ quan co_quan.csv, đặt cạnh danh bạ don_vi.csv)"
    kind = f" cho loại «{doc_type.capitalize() or 'Công văn'}»" if key == "Ký hiệu" else ""
    return f"; hồ sơ cơ quan {profile.path} cũng không có mục «{key}»{kind}"


def _empty_hint(key: str, profile: AgencyProfile | None, doc_type: str) -> str:
    """How an empty item the profile gives can be taken from it: by removing the document's row."""
    if profile and (profile.row(key, doc_type) or (key in (TITLE_KEY, NAME_KEY) and profile.signers)):
        return f" (xóa dòng này để lấy giá trị trong hồ sơ cơ quan {profile.path})"
    return ""


def _take_from_profile(profile: AgencyProfile, values: dict[str, str], rows: dict[str, Row]) -> None:
    """Fill the items the document does not give from the agency profile (the document's row wins).

    The signer: the document's ``Người ký`` (or the profile's first signer) with their
    title lines from the profile, unless the document gives the title lines itself.

    Raises:
        InputError: the document's signer is not in the profile and the document has
            no title lines; a profile value on several lines for a one-line item.
    """
    doc_type = values.get("Tên loại", "")
    for key in PROFILE_KEYS:
        row = profile.row(key, doc_type) if key not in rows and key != TITLE_KEY else None
        if row is not None:
            if "\n" in row.text(VALUE_COL) and key not in MULTILINE_KEYS:
                raise InputError(row.at(VALUE_COL), f"mục «{key}» chỉ được có một dòng")
            rows[key], values[key] = row, row.text(VALUE_COL)
    if TITLE_KEY in rows or not profile.signers:
        return
    if NAME_KEY in rows:
        name = values[NAME_KEY]
        if name not in profile.signers:
            raise InputError(rows[NAME_KEY].at(VALUE_COL), f"người ký «{name}» không có trong hồ sơ cơ quan "
                             f"{profile.path} (người ký ở đó: " + ", ".join(profile.signers) + "); thêm một dòng "
                             f"«{TITLE_KEY}» cho người này ở đó, hoặc ghi mục «{TITLE_KEY}» ở đây")
    else:
        name = next(iter(profile.signers))
        rows[NAME_KEY], values[NAME_KEY] = Row({VALUE_COL: name}, profile.signers[name].location), name
    rows[TITLE_KEY], values[TITLE_KEY] = profile.signers[name], profile.signers[name].text(VALUE_COL)


def _check_letter_symbol(symbol: str, rows: dict[str, Row]) -> None:
    """A công văn's ký hiệu is ``<issuer>-<drafting unit>``, with no type code (ND30 Phụ lục I mục II.3; trap 4)."""
    location = rows["Ký hiệu"].at(VALUE_COL)
    _checked(vnformat.doc_ref, location, None, symbol)
    first = symbol.split("-")[0]
    if first == "CV" or first in vnformat.DOCUMENT_TYPES.values() or "-" not in symbol:
        raise InputError(location, f"ký hiệu công văn là «<chữ viết tắt cơ quan>-<đơn vị soạn thảo>», "
                         f"ví dụ «SKHCN-VP», không có mã loại văn bản (đang là «{symbol}»)")
    if symbol != symbol.upper():
        raise InputError(location, f"ký hiệu phải viết in hoa: «{symbol.upper()}»")


def _year(text: str, row: Row) -> int:
    if not re.fullmatch(r"\d{4}", text) or not 1945 <= int(text) <= 2100:
        raise InputError(row.at(VALUE_COL), f"«Năm» phải là năm bốn chữ số từ 1945 đến 2100, ví dụ 2024 "
                         f"(đang là «{text}»)")
    return int(text)


def _results(source: Source, general: dict[str, str], rows: dict[str, Row], loader: ResultsLoader):
    """The plan's aggregated responses, for a document that names its plan (``Kế hoạch``)."""
    plan = general.get("Kế hoạch", "")
    per_unit = _flag(rows["Gửi từng đơn vị"], VALUE_COL) if "Gửi từng đơn vị" in rows else False
    two_digits = _flag(rows["Số đếm hai chữ số"], VALUE_COL) if "Số đếm hai chữ số" in rows else False
    if not plan:
        for key in ("Gửi từng đơn vị", "Gửi chung cho khối", "Khi chưa có báo cáo"):
            if general.get(key) and not (key == "Gửi từng đơn vị" and is_invitation(general.get("Tên loại", ""))):
                raise InputError(rows[key].at(VALUE_COL), f"«{key}» cần mục «Kế hoạch» "
                                 "(kế hoạch có các đơn vị phải báo cáo)")
        return None
    location = rows["Kế hoạch"].at(VALUE_COL)
    if Path(plan).name != plan or plan in (".", ".."):
        raise InputError(location, "«Kế hoạch» là tên thư mục dữ liệu (hoặc tệp Excel) của kế hoạch trong cùng "
                         "thư mục năm, ví dụ «ke_hoach»")
    results = loader(named_source(source.path.parent, plan), location, two_digits)
    # a copy: the loaded results are shared by the documents of a run (pipeline.common.once)
    results = replace(results, per_unit=per_unit, skip_without_responses=_when_no_response(general, rows),
                      group_letters=_group_letters(general, rows, results.plan.recipients.registry))
    if general.get("Số") and not (results.plan.number and results.plan.issue_date):
        raise InputError(location, "văn bản này đã có số nhưng kế hoạch nó nhắc đến còn là dự thảo (chưa có số, "
                         "ngày): hãy ghi số và ngày ban hành của kế hoạch trước")
    issued = rows["Ngày ban hành"].date(VALUE_COL) if "Ngày ban hành" in rows else None
    if issued and results.plan.issue_date and issued < results.plan.issue_date:
        raise InputError(rows["Ngày ban hành"].at(VALUE_COL), "ngày ban hành trước ngày ban hành của kế hoạch "
                         f"({vnformat.short_date(results.plan.issue_date)})")
    return results


def _when_no_response(general: dict[str, str], rows: dict[str, Row]) -> bool:
    """«Khi chưa có báo cáo»: ``bỏ qua`` (no report while no unit has reported) or
    ``lập báo cáo`` (the default: the report says that no unit has reported)."""
    value = general.get("Khi chưa có báo cáo", "")
    if not value:
        return False
    choice = {fold_key(key): skip for key, skip in WHEN_NO_RESPONSE.items()}.get(fold_key(value))
    if choice is None:
        raise InputError(rows["Khi chưa có báo cáo"].at(VALUE_COL), "«Khi chưa có báo cáo» là «"
                         + "» hoặc «".join(WHEN_NO_RESPONSE) + f"» (đang là «{value}»)")
    return choice


def _group_letters(general: dict[str, str], rows: dict[str, Row], registry) -> list[str]:
    """«Gửi chung cho khối»: group codes (``ubnd_cap_xa; so_ban_nganh``) whose units that have
    not reported get one reminder letter for the whole group, in force on the plan's date."""
    codes = [code.strip() for code in general.get("Gửi chung cho khối", "").split(";") if code.strip()]
    for code in codes:
        if code not in registry.groups:
            raise InputError(rows["Gửi chung cho khối"].at(VALUE_COL), f"không có khối «{code}» trong danh bạ "
                             "vào ngày của kế hoạch; các khối: " + ", ".join(registry.groups))
    if len(set(codes)) != len(codes):
        raise InputError(rows["Gửi chung cho khối"].at(VALUE_COL), "một khối được ghi hai lần")
    return codes


def _check_format(general: dict[str, str], rows: dict[str, Row]) -> None:
    """Refuse data that would print a document against ND30 (nd30.md §3, §5, traps 4–10)."""
    def fail(key: str, message: str) -> None:
        raise InputError(rows[key].at(VALUE_COL), message)

    for key in ("Cơ quan chủ quản", "Cơ quan ban hành", "Tên loại", "Thẩm quyền ban hành"):
        text = general.get(key, "")
        if text != text.upper():
            fail(key, f"«{key}» phải viết in hoa (ND30 Phụ lục I mục II.2, II.5): «{text.upper()}»")
    doc_type = general.get("Tên loại", "")
    if not doc_type:
        _check_letter_symbol(general["Ký hiệu"], rows)
        return
    if fold_key(doc_type) in ("công văn", "danh sách"):
        fail("Tên loại", f"«{doc_type}» không in thành dòng tên loại: công văn không có dòng tên loại, "
             "danh sách là phụ lục của văn bản khác (ND30 Điều 7)")
    abbreviation = vnformat.type_abbreviation(doc_type)
    if abbreviation is None:
        fail("Tên loại", f"«{doc_type}» không phải tên loại văn bản hành chính theo ND30 (Điều 7), ví dụ: "
             + ", ".join(list(vnformat.DOCUMENT_TYPES)[:6]) + " …")
    symbol = general["Ký hiệu"]
    _checked(vnformat.doc_ref, rows["Ký hiệu"].at(VALUE_COL), None, symbol)
    first, *rest = symbol.split("-")
    if first != abbreviation or not rest:
        fail("Ký hiệu", f"ký hiệu của {doc_type.lower()} phải là «{abbreviation}-<chữ viết tắt cơ quan>», "
             f"ví dụ «{abbreviation}-SKHCN» (ND30 Phụ lục I mục II.3; đang là «{symbol}»)")
    for group in rest:
        if group != group.upper():
            fail("Ký hiệu", f"chữ viết tắt tên cơ quan trong ký hiệu phải viết in hoa: «{group.upper()}»")
    place = general["Địa danh"]
    if re.match(r"(?i)tp\.|t\.p\.|q\.|h\.", place):
        fail("Địa danh", f"địa danh viết đầy đủ, không viết tắt (ND30 Phụ lục I mục II.4): «{place}»")


def _signer(rows: dict[str, Row]) -> Signer:
    row = rows["Quyền hạn, chức vụ người ký"]
    lines = [line.strip() for line in row.text(VALUE_COL).splitlines() if line.strip()]
    for line in lines:
        if line != line.upper():
            raise InputError(row.at(VALUE_COL), f"dòng «{line}» phải viết in hoa (ND30 Phụ lục I mục II.7)")
        first = line.split()[0]
        if f"{first}." in SIGNING_MARKS:
            raise InputError(row.at(VALUE_COL), f"thiếu dấu chấm sau quyền hạn ký: viết «{first}.» "
                             f"(dòng «{line}»)")
        if "PHỤ TRÁCH" in line:
            raise InputError(row.at(VALUE_COL), "cấp phó được giao phụ trách vẫn ký «KT.» với chức vụ của mình, "
                             "không ghi «PHỤ TRÁCH» (ND30 Phụ lục I mục II.7)")
        if first.endswith(".") and first not in SIGNING_MARKS:
            raise InputError(row.at(VALUE_COL), f"«{first}» không phải quyền hạn ký hợp lệ; cần một trong "
                             + ", ".join(SIGNING_MARKS))
    if lines and lines[-1].split()[0] in SIGNING_MARKS:
        raise InputError(row.at(VALUE_COL), f"sau dòng «{lines[-1]}» cần dòng chức vụ của người ký, ví dụ "
                         "«KT. GIÁM ĐỐC» rồi «PHÓ GIÁM ĐỐC» (ND30 Phụ lục I mục II.7)")
    return Signer(lines, rows["Người ký"].text(VALUE_COL))
