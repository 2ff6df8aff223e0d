"""The reference of what a template can use, generated from the code so that it
cannot go stale: the README's table is this text (a test compares them), and
``vanban templates reference`` prints it.
"""

from __future__ import annotations

from pipeline.common import vnformat
from pipeline.results.facts import report_reference

DOCUMENT_VARIABLES = {
    "parent_agency": "cơ quan chủ quản (in hoa), rỗng nếu không có",
    "issuer": "cơ quan ban hành (in hoa), có thể nhiều dòng",
    "number_line": "`Số: 05/KH-SKHCN`, hoặc `Số:      /KH-SKHCN` khi là dự thảo",
    "date_line": "`Thanh Hóa, ngày 05 tháng 02 năm 2024`, hoặc để trống ngày, tháng khi là dự thảo",
    "doc_type": "tên loại (`KẾ HOẠCH`), rỗng cho công văn",
    "abstract": "trích yếu (công văn: in sau `V/v`)",
    "addressee_lines": "khối Kính gửi (danh sách dòng), rỗng nếu không có",
    "body": "nội dung: các đoạn theo kiểu đoạn của mẫu; dùng `{{p body }}` trên một đoạn riêng",
    "recipient_lines": "các dòng Nơi nhận đã có dấu (`- …;`, `- Lưu: ….`)",
    "signer_title_lines": "quyền hạn, chức vụ người ký (danh sách dòng in hoa)",
    "signer_name": "họ tên người ký",
    "place": "địa danh",
    "year": "năm của văn bản (số)",
    "number": "số văn bản (`05`), rỗng khi là dự thảo",
    "symbol": "ký hiệu (`KH-SKHCN`)",
    "issue_date": "ngày ban hành (ngày), rỗng khi là dự thảo; dùng với bộ lọc ngày",
    "invitation": "giấy mời (ND30 Mẫu 1.7): `invitation.host` (`Sở Khoa học và Công nghệ`), `invitation.guests` "
                  "(người được mời), `invitation.event` (tới dự), `invitation.chair` (chủ trì), `invitation.time` "
                  "(`08 giờ 00 phút, thứ Năm, ngày 25/4/2024`), `invitation.place` (địa điểm); chỉ có ở giấy mời",
    "report": "số liệu của báo cáo (rỗng nếu văn bản không gắn với kế hoạch): `report.figures[\"tên\"]`, "
              "`report.lists[\"tên\"]`, `report.tables[\"tên\"]` (`header`, `rows`), `report.blocks[\"tên\"]` "
              "(mỗi bản ghi: các trường, mỗi khối con là một danh sách bản ghi); tên viết thường, xem các bảng dưới",
    "basis_lines": "khối căn cứ của quyết định (`Căn cứ …;` … `Theo đề nghị của ….`), rỗng nếu không có",
    "authority": "thẩm quyền ban hành của quyết định (`GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ`), rỗng nếu không có",
}
RECIPIENT_LIST_VARIABLES = {
    "appendix_label": "`Phụ lục`",
    "title": "`DANH SÁCH NƠI NHẬN KẾ HOẠCH`",
    "attached_line": "`(Kèm theo Kế hoạch số … ngày … của …)`",
    "units_table": "bảng danh sách đơn vị (STT, tên; địa chỉ, thư điện tử khi có), độ rộng cột theo nội dung, "
                   "tiêu đề lặp lại mỗi trang; dùng `{{p units_table }}` trên một đoạn riêng",
    "groups": "các khối: `label` (`I. CÁC SỞ, BAN, NGÀNH`), `note`, `units` (mỗi đơn vị: `no`, `name`, "
              "`short_name`, `address`, `email`)",
    "total": "tổng số đơn vị",
}


def template_reference() -> str:
    """The Markdown tables of template variables and filters (Vietnamese descriptions).

    Filters are described by the first line of their function's docstring.
    """
    lines = ["| biến của mẫu văn bản | nội dung |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in DOCUMENT_VARIABLES.items()]
    lines += ["", "| biến của mẫu danh sách nơi nhận | nội dung |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in RECIPIENT_LIST_VARIABLES.items()]
    lines += ["", "| bộ lọc | tác dụng |", "|---|---|"]
    for name, function in vnformat.FILTERS.items():
        target = getattr(function, "__wrapped__", function)
        summary = (target.__doc__ or "").strip().splitlines()[0].replace("``", "`").replace("|", "\\|")
        lines.append(f"| `{name}` | {summary} |")
    return "\n".join(lines) + "\n\n" + report_reference()
