"""Tên bảng, tên cột và các mục của dữ liệu văn bản.

The contract with the clerk: the table names, their columns, the keys of
``thong_tin_chung``, the marks read as "yes", and the date styles a named date
or a legal-basis date may be written in. Listed in the README.
"""

from __future__ import annotations

from pipeline.common import vnformat


GENERAL_TABLE = "thong_tin_chung"
BODY_TABLE = "noi_dung"
BASIS_TABLE = "can_cu"
DATES_TABLE = "moc_thoi_gian"
LISTS_TABLE = "danh_muc"
FOOTNOTES_TABLE = "chu_thich"
RECIPIENTS_TABLE = "noi_nhan"

KEY_COL, VALUE_COL = "Mục", "Giá trị"
# Keys of thong_tin_chung: key -> required?
GENERAL_KEYS = {
    "Mẫu": True,
    "Cơ quan chủ quản": False,
    "Cơ quan ban hành": True,
    "Tên loại": False,
    "Ký hiệu": True,
    "Số": False,
    "Ngày ban hành": False,
    "Năm": True,
    "Địa danh": True,
    "Trích yếu": True,
    "Quyền hạn, chức vụ người ký": True,
    "Người ký": True,
    "Lưu": True,
    "Mẫu danh sách nơi nhận": False,
    "Cơ quan ban hành (viết thường)": False,
    "Thẩm quyền ban hành": False,
    "Căn cứ ban hành": False,
    "Theo đề nghị của": False,
    "Kính gửi": False,
    "Kế hoạch": False,
    "Gửi từng đơn vị": False,
    "Gửi chung cho khối": False,
    "Khi chưa có báo cáo": False,
    "Số đếm hai chữ số": False,
    "Bỏ qua kiểm tra": False,
}

MULTILINE_KEYS = ("Cơ quan chủ quản", "Cơ quan ban hành", "Quyền hạn, chức vụ người ký", "Kính gửi", "Căn cứ ban hành")
"""Keys whose value may span lines (one line per printed line)."""

LEVEL_COL, BOLD_COL, TEXT_COL = "Cấp", "In đậm", "Nội dung"
BASIS_COLS = ("Loại văn bản", "Số", "Ký hiệu", "Ngày", "Cách ghi ngày", "Cơ quan ban hành", "Trích yếu")
UPDATE_COL = "Cần cập nhật"
DATE_COLS = ("Tên", "Từ ngày", "Đến ngày", "Cách ghi")
LIST_COLS = ("Tên", "Nội dung")
FOOTNOTE_COLS = ("Số", "Nội dung")

BASIS_PLACEHOLDER = "căn cứ"
YEAR_PLACEHOLDER = "năm"
TRUE_MARKS = {"x", "có", "1"}
WHEN_NO_RESPONSE = {"lập báo cáo": False, "bỏ qua": True}
"""Values of «Khi chưa có báo cáo» -> skip the report when no unit has reported yet."""
SIGNING_MARKS = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
"""ND30 Điều 13 and Phụ lục I mục II.7: the signing-authority marks (nd30.md §3.8)."""

DATE_STYLES = {
    "ngày": lambda a, b: vnformat.short_date(a),
    "ngày đầy đủ": lambda a, b: vnformat.long_date(a),
    "tháng": lambda a, b: vnformat.month_year(a),
    "trước": lambda a, b: vnformat.deadline(a),
    "khoảng": vnformat.period,
    "khoảng ngắn": vnformat.short_period,
}
BASIS_DATE_STYLES = {"ngắn": vnformat.short_date,
                     "đầy đủ": lambda d: vnformat.long_date(d).removeprefix("ngày ")}
