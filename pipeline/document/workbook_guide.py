"""Trang «Hướng dẫn» của sổ Excel một văn bản: what the clerk reads before filling it in.

The text of the instructions sheet that :mod:`pipeline.document.workbook` puts first in
every workbook it makes: what each sheet is, how a paragraph's level, bold mark and
markup are written (the README, "The data of a document"), with an example of each.
The reader never reads this sheet (:data:`pipeline.document.workbook.HELPER_SHEETS`).
"""

from __future__ import annotations

from pipeline.document.model.tables import (BASIS_DATE_STYLES, BASIS_TABLE, BODY_TABLE, DATES_TABLE, DATE_STYLES,
                                            FOOTNOTES_TABLE, GENERAL_TABLE, LISTS_TABLE, RECIPIENTS_TABLE)

TITLE = "HƯỚNG DẪN NHẬP DỮ LIỆU MỘT VĂN BẢN"

INTRO = (
    "Mỗi trang tính (sheet) là một bảng dữ liệu của văn bản; dòng 1 là tiêu đề cột, mỗi dòng sau là một mục. "
    "Không đổi tên trang tính và tên cột. Cột có tiêu đề bắt đầu bằng «Ghi chú» là ghi chú riêng, không được đọc. "
    "Trang «Hướng dẫn» này và trang ẩn «danh_sach» (các danh sách chọn) cũng không được đọc. "
    "Ô có mũi tên chọn: bấm vào ô để chọn một giá trị trong danh sách. "
    "Ngày luôn ghi ngày trước, tháng sau: 05/02/2024 là ngày 5 tháng 2. "
    "Tạo văn bản: vanban build <thư mục chứa tệp này>."
)

SHEETS = (
    (GENERAL_TABLE, "Thông tin chung: cơ quan ban hành, số, ký hiệu, ngày, trích yếu, người ký, nơi lưu "
                    "(cột «Mục», «Giá trị»). Xuống dòng trong ô (Alt+Enter) chỉ dùng cho «Cơ quan chủ quản», "
                    "«Cơ quan ban hành», «Quyền hạn, chức vụ người ký» và «Kính gửi»."),
    (BODY_TABLE, "Nội dung: mỗi dòng là một đoạn văn (cột «Cấp», «In đậm», «Nội dung»); số thứ tự tự đánh."),
    (BASIS_TABLE, "Căn cứ: các văn bản làm căn cứ, in ở chỗ ghi {căn cứ}. «Cách ghi ngày»: "
                  + " hoặc ".join(f"«{name}»" for name in BASIS_DATE_STYLES) + "."),
    (DATES_TABLE, "Mốc thời gian: mỗi dòng một ngày hay một khoảng có tên, in ở chỗ ghi {tên}. «Cách ghi»: "
                  + ", ".join(f"«{name}»" for name in DATE_STYLES) + "."),
    (LISTS_TABLE, "Danh mục: các danh sách có tên (chủ đề, khẩu hiệu …); đoạn có {tên danh mục} được lặp lại "
                  "cho từng mục."),
    (FOOTNOTES_TABLE, "Chú thích: «Số» và «Nội dung» của từng chú thích; mỗi chú thích được ghi [^số] đúng một "
                      "lần trong văn bản."),
    (RECIPIENTS_TABLE, "Nơi nhận: «Gửi đến» là mã khối, mã đơn vị hay tên đơn vị trong danh bạ (chọn trong "
                       "danh sách, nhiều mã cách nhau bằng «;»); «Ghi là» thay cho tên in ra; «Mục đích» in trong "
                       "ngoặc, ví dụ «để báo cáo»."),
    ("chi_tieu", "Chỉ tiêu: các số liệu các đơn vị báo cáo về (mã, tên chỉ tiêu, đơn vị tính)."),
)

HEADERS = ("Cách ghi", "Ví dụ trong ô («Cấp | Nội dung»: hai ô cạnh nhau)", "In ra trong văn bản")

EXAMPLES = (
    ("Cấp «I.»: mục (I., II., III. …)", "I. | NỘI DUNG", "I. NỘI DUNG"),
    ("Cấp «1.»: khoản, đánh lại từ 1 trong mỗi mục", "1. | Tổ chức hội thảo", "1. Tổ chức hội thảo"),
    ("Cấp «1.1.», «1.1.1.»: khoản con", "1.1. | Hội thảo cấp tỉnh", "1.1. Hội thảo cấp tỉnh"),
    ("Cấp «a)»: điểm (a), b), c), d), đ) …)", "a) | Thời gian", "a) Thời gian"),
    ("Cấp «-», «+», «*»: gạch đầu dòng", "- | Sở Y tế", "- Sở Y tế"),
    ("Cấp để trống: đoạn văn thường", "(trống) | Thực hiện …", "Thực hiện …"),
    ("Cấp «bảng» (báo cáo kết quả): một bảng số liệu", "bảng | kết quả theo khối",
     "bảng kết quả các đơn vị theo khối"),
    ("«In đậm» = x: cả đoạn in đậm", "x", "cả đoạn và số thứ tự in đậm"),
    ("**…**: chữ đậm", "Đây là **việc chính**", "Đây là việc chính (chữ «việc chính» in đậm)"),
    ("*…*: chữ nghiêng", "Theo *Luật Khoa học và Công nghệ*", "Theo Luật Khoa học và Công nghệ (in nghiêng)"),
    ("\\* \\{ \\}: dấu * { } thật", "Điểm \\* là điểm mới", "Điểm * là điểm mới"),
    ("[^số]: chú thích cuối trang (trang chu_thich)", "Ngày hội[^1]", "Ngày hội¹ (chú thích 1 ở cuối trang)"),
    ("{năm}: năm của văn bản", "Kế hoạch năm {năm}", "Kế hoạch năm 2024"),
    ("{căn cứ}: các văn bản ở trang can_cu", "Thực hiện {căn cứ}",
     "Thực hiện công văn số 4273/BKHCN-VP ngày 20 tháng 11 năm 2023 của … về …"),
    ("{tên mốc}: một ngày ở trang moc_thoi_gian", "Gửi báo cáo {hạn báo cáo}", "Gửi báo cáo trước 18/5/2024"),
    ("{tên danh mục}: dòng lặp lại cho từng mục ở trang danh_muc", "- | {khẩu hiệu}",
     "mỗi khẩu hiệu một dòng gạch đầu dòng"),
    ("Ngày", "05/02/2024", "ngày 05 tháng 02 năm 2024 (ngày trước, tháng sau)"),
)
"""(what, typed in the cell — «Cấp | Nội dung» for two cells —, printed) for the guide sheet."""
