"""vanban new: start a document of one ND30 type from a skeleton that builds at once.

A skeleton is the data of one document (``thong_tin_chung.csv``, ``noi_dung.csv``,
``noi_nhan.csv``) with the usual parts of its type in place, as ND30 Phụ lục III lays
them out: Mẫu 1.2 (quyết định: căn cứ, ``QUYẾT ĐỊNH:``, Điều 1–3, ``- Như Điều 3;``),
Mẫu 1.4 (kế hoạch, báo cáo, tờ trình, thông báo), Mẫu 1.5 (công văn: ``V/v``, Kính gửi)
and Mẫu 1.7 (giấy mời). Everything the agency shares — letterhead, ký hiệu, place,
signer, Lưu — is left to the agency profile (``co_quan.csv``), which must be found for
the new folder and give the type's ký hiệu.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.common.errors import VanbanError
from pipeline.common.files import write_all
from pipeline.data.profile import PROFILE_TABLE, find_profile, load_profile
from pipeline.data.registry import Registry, find_registry, load_registry
from pipeline.document.model import BODY_TABLE, GENERAL_TABLE, KEY_COL, RECIPIENTS_TABLE, VALUE_COL
from pipeline.document.model.tables import BOLD_COL, LEVEL_COL, TEXT_COL
from pipeline.document.recipients import PURPOSE_COL, TARGET_COL, TEXT_COL as LINE_TEXT_COL
from pipeline.importer.tables import csv_bytes

NOTE_COL = "Ghi chú"
"""The skeleton's guidance column (ignored by the build, README «The data of a document»)."""


@dataclass(frozen=True)
class Kind:
    """One document type a skeleton can be made for.

    Attributes:
        name: the type as the clerk names it (``Kế hoạch``).
        doc_type: the printed type line (``KẾ HOẠCH``), ``""`` for a công văn.
        template: the template in ``templates_docx/``.
        abstract: the skeleton's trích yếu.
        general: more ``thong_tin_chung`` rows: ``(Mục, Giá trị, Ghi chú)``.
        body: the ``noi_dung`` rows: ``(Cấp, In đậm, Nội dung)``.
        recipient: the text of the Nơi nhận line (``Như Điều 3``), ``""`` for the unit's name.
        tables: more tables ``(name, headers, rows)``; ``{year}`` in a cell is the document's year,
            ``{unit}`` the registry's internal unit (a giấy mời's ``hoi_thao`` and ``khach_moi``).
    """

    name: str
    doc_type: str
    template: str
    abstract: str
    general: tuple[tuple[str, str, str], ...] = ()
    body: tuple[tuple[str, str, str], ...] = ()
    recipient: str = ""
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = ()


ADDRESSEE = ("Kính gửi", "(Tên cơ quan, đơn vị nhận)", "một dòng mỗi nơi nhận chính; in thành khối «Kính gửi:», "
             "Nơi nhận tự thêm «- Như trên;»")
KINDS = {
    "ke hoach": Kind("Kế hoạch", "KẾ HOẠCH", "ke_hoach.docx", "Tổ chức thực hiện (nội dung) năm {năm}", body=(
        ("I.", "x", "MỤC ĐÍCH, YÊU CẦU"),
        ("1.", "", "Mục đích: (ghi mục đích của kế hoạch)."),
        ("1.", "", "Yêu cầu: (ghi yêu cầu của kế hoạch)."),
        ("I.", "x", "NỘI DUNG"),
        ("1.", "", "(Nhiệm vụ thứ nhất, thời gian, đơn vị thực hiện)."),
        ("I.", "x", "TỔ CHỨC THỰC HIỆN"),
        ("1.", "", "(Phân công đơn vị chủ trì, phối hợp; chế độ báo cáo)./."))),
    "bao cao": Kind("Báo cáo", "BÁO CÁO", "bao_cao.docx", "Kết quả thực hiện (nhiệm vụ) năm {năm}", body=(
        ("", "", "(Căn cứ, lý do báo cáo), cơ quan báo cáo kết quả thực hiện như sau:"),
        ("I.", "x", "KẾT QUẢ THỰC HIỆN"),
        ("1.", "", "(Kết quả thứ nhất, số liệu)."),
        ("I.", "x", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
        ("1.", "", "(Tồn tại, hạn chế và nguyên nhân)."),
        ("I.", "x", "PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ KIẾN NGHỊ"),
        ("1.", "", "(Nhiệm vụ thời gian tới; kiến nghị, đề xuất)./."))),
    "cong van": Kind("Công văn", "", "cong_van.docx", "(trích yếu nội dung công văn)", general=(ADDRESSEE,), body=(
        ("", "", "(Nội dung công văn: căn cứ, yêu cầu, đề nghị)."),
        ("", "", "Trân trọng./."))),
    "giay moi": Kind("Giấy mời", "GIẤY MỜI", "giay_moi.docx", "Dự (tên cuộc họp, hội nghị)", body=(
        ("", "", "Nội dung: (chương trình, nội dung cuộc họp)."),
        ("", "", "Rất mong đại biểu đến dự đúng giờ./.")), tables=(
        ("hoi_thao", ("Mục", "Giá trị", NOTE_COL), (
            ("Mã", "cuoc-hop", "tên ngắn, thêm vào tên tệp"),
            ("Tới dự", "(tên cuộc họp, hội nghị)", "in «Tới dự ….»"),
            ("Chủ trì", "(người chủ trì)", ""),
            ("Ngày", "15/03/{year}", "ngày họp"),
            ("Giờ", "8:00", "giờ bắt đầu"),
            ("Địa điểm", "(nơi họp)", ""),
            ("Mời", "Đại diện lãnh đạo", "người được mời của mỗi đơn vị"))),
        ("khach_moi", ("Gửi đến", "Ghi là"), (("{unit}", ""),)))),
    "quyet dinh": Kind("Quyết định", "QUYẾT ĐỊNH", "quyet_dinh.docx", "Về việc (nội dung quyết định)", general=(
        ("Căn cứ ban hành", "Quyết định số 30/QĐ-UBND ngày 05 tháng 3 năm 2020 của (cơ quan) quy định chức năng, "
         "nhiệm vụ, quyền hạn của (cơ quan ban hành)\n(Văn bản căn cứ thứ hai)",
         "một dòng mỗi căn cứ, in «Căn cứ …;»; thẩm quyền ban hành lấy từ hồ sơ cơ quan"),
        ("Theo đề nghị của", "Chánh Văn phòng", "in «Theo đề nghị của ….» sau các căn cứ")), body=(
        ("", "", "**Điều 1.** (Nội dung quyết định)."),
        ("", "", "**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký."),
        ("", "", "**Điều 3.** Chánh Văn phòng, (thủ trưởng các đơn vị liên quan) chịu trách nhiệm thi hành "
                 "Quyết định này./.")), recipient="Như Điều 3"),
    "to trinh": Kind("Tờ trình", "TỜ TRÌNH", "ke_hoach.docx", "Về việc (nội dung trình)", general=(ADDRESSEE,),
                     body=(
        ("", "", "(Căn cứ, sự cần thiết của việc trình)."),
        ("I.", "x", "NỘI DUNG TRÌNH"),
        ("1.", "", "(Nội dung đề nghị phê duyệt)."),
        ("I.", "x", "KIẾN NGHỊ"),
        ("", "", "(Đề nghị cấp có thẩm quyền xem xét, quyết định)./."))),
    "thong bao": Kind("Thông báo", "THÔNG BÁO", "ke_hoach.docx", "(Nội dung thông báo)", body=(
        ("", "", "(Nội dung thông báo: sự việc, thời gian, yêu cầu)."),
        ("", "", "(Cơ quan, đơn vị) biết, thực hiện./."))),
}


def kind_of(name: str) -> Kind:
    """The kind named ``name``: ``kế hoạch``, ``ke-hoach``, ``KE_HOACH`` … (with or without diacritics).

    Raises:
        VanbanError: no such kind (the accepted names listed).
    """
    bare = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    key = " ".join(re.split(r"[\s_-]+", "".join(c for c in bare if not unicodedata.combining(c)).lower().strip()))
    if key not in KINDS:
        raise VanbanError(f"không có loại văn bản «{name}»; chọn một trong: "
                          + ", ".join(f"{kind.name.lower()} ({key.replace(' ', '-')})" for key, kind in KINDS.items()))
    return KINDS[key]


def new_document(name: str, folder: Path) -> list[Path]:
    """Write the skeleton of a document of kind ``name`` into ``folder`` (created).

    The year is the parent folder's name when it is a year (``data/2025/qd_khen_thuong``),
    else this year. The Nơi nhận line names the registry's internal unit (the unit of the
    last-ranked group in force on 1 January), for the clerk to replace.

    Returns:
        The files written.

    Raises:
        VanbanError: an unknown kind; ``folder`` exists and is not empty; no registry or
            no agency profile above it; the profile has no ``Ký hiệu`` for the kind.
        InputError: a bad registry or profile, located.
    """
    kind = kind_of(name)
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise VanbanError(f"{folder} đã có và không trống; hãy chọn một thư mục mới (vanban new không ghi đè)")
    registry_path = find_registry(folder)
    profile_path = find_profile(folder)
    if profile_path is None:
        raise VanbanError(f"không tìm thấy hồ sơ cơ quan {PROFILE_TABLE}.csv cho {folder} (cạnh danh bạ "
                          f"{registry_path} hoặc ở thư mục con của nó); hãy tạo hồ sơ cơ quan trước (README)")
    if load_profile(profile_path).row("Ký hiệu", kind.doc_type) is None:
        raise VanbanError(f"hồ sơ cơ quan {profile_path} chưa có dòng «Ký hiệu» cho loại «{kind.name}»: thêm dòng "
                          f"Mục = «Ký hiệu», Loại văn bản = «{kind.name}», Giá trị = ký hiệu (ví dụ «"
                          + ("<cơ quan>-<đơn vị soạn thảo>" if not kind.doc_type else "<viết tắt loại>-<cơ quan>")
                          + "»)")
    year = int(folder.parent.name) if re.fullmatch(r"\d{4}", folder.parent.name) else date.today().year
    unit = _internal_unit(load_registry(registry_path), date(year, 1, 1))
    general = [("Mẫu", kind.template, "mẫu trong templates_docx/"), ("Tên loại", kind.doc_type, ""),
               ("Số", "", "để trống khi là dự thảo"), ("Ngày ban hành", "", "để trống khi là dự thảo"),
               ("Năm", str(year), ""), ("Trích yếu", kind.abstract, ""), *kind.general]
    files = {
        folder / f"{GENERAL_TABLE}.csv": csv_bytes((KEY_COL, VALUE_COL, NOTE_COL), [
            {KEY_COL: key, VALUE_COL: value, NOTE_COL: note} for key, value, note in general]),
        folder / f"{BODY_TABLE}.csv": csv_bytes((LEVEL_COL, BOLD_COL, TEXT_COL), [
            {LEVEL_COL: level, BOLD_COL: bold, TEXT_COL: text} for level, bold, text in kind.body]),
        folder / f"{RECIPIENTS_TABLE}.csv": csv_bytes((TARGET_COL, LINE_TEXT_COL, PURPOSE_COL), [
            {TARGET_COL: unit, LINE_TEXT_COL: kind.recipient, PURPOSE_COL: ""}]),
        **{folder / f"{name}.csv": csv_bytes(headers, [
            {header: cell.format(year=year, unit=unit) for header, cell in zip(headers, row)} for row in rows])
           for name, headers, rows in kind.tables},
    }
    write_all(files)
    return list(files)


def _internal_unit(registry: Registry, day: date) -> str:
    """The code of the first unit, in table order, of the last-ranked group in force on ``day``."""
    units = [u for u in registry.unit_rows if u.valid_on(day) and registry.group_on(u.group, day)]
    if not units:
        raise VanbanError(f"danh bạ {registry.location.file} không có đơn vị nào có hiệu lực ngày "
                          f"{day:%d/%m/%Y} để ghi vào nơi nhận")
    return max(units, key=lambda u: registry.group_on(u.group, day).rank).code
