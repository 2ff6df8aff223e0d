"""Page and fonts (ND30 Phụ lục I Phần I, mục I.1–I.4): paper, orientation, margins, font, colour.

Codes ND30-1xx; the empty document is ND30-001.
"""

from __future__ import annotations

from pipeline.check.elements import Para
from pipeline.check.ooxml import W, to_int
from pipeline.check.patterns import REF_FONT, REF_MARGIN, REF_PAPER
from pipeline.check.registry import ERROR, WARNING, define
from pipeline.check.rulebook import Rule
from pipeline.check.text import mm, num

EMPTY = define(
    "ND30-001", "noi-dung", "noi-dung", "ND30 Điều 8", ERROR, "Văn bản không có chữ nào",
    explanation="Tệp không có đoạn văn nào có chữ: không có thành phần thể thức nào để kiểm tra.",
    quote="ND30 Điều 8: chín thành phần thể thức chính (Quốc hiệu và Tiêu ngữ; tên cơ quan; số, ký hiệu; "
          "địa danh và thời gian; tên loại và trích yếu; nội dung; chức vụ, họ tên, chữ ký; dấu; nơi nhận)",
    right="một văn bản có đủ phần đầu, nội dung, chữ ký và nơi nhận", wrong="một tệp .docx trống")
PAPER_SIZE = define(
    "ND30-101", "kho-giay", "kho-giay", REF_PAPER, ERROR, "Khổ giấy A4 (210 × 297 mm)",
    explanation="Đọc kích thước trang (w:pgSz) của từng phần (section) của văn bản; sai lệch quá 12 twip là lỗi.",
    quote="khổ giấy: A4, 210 × 297 mm (OOXML pgSz w=11906 h=16838)",
    right="Khổ giấy A4 210 × 297 mm", wrong="Khổ Letter 215,9 × 279,4 mm (mặc định của Word bản tiếng Anh)")
LANDSCAPE = define(
    "ND30-102", "trang-ngang", "kho-giay", REF_PAPER, ERROR, "Trang trình bày theo chiều dài khổ A4",
    explanation="Trang nằm ngang là lỗi; là cảnh báo khi nội dung có bảng số liệu (ND30 cho phép xoay ngang "
                "khi có bảng, biểu không làm thành phụ lục riêng).",
    quote="hướng trình bày: theo chiều dài của trang giấy khổ A4; chỉ trình bày theo chiều rộng khi nội dung văn "
          "bản có các bảng, biểu không làm thành phụ lục riêng",
    right="A4 đứng", wrong="A4 nằm ngang cho một công văn không có bảng")
MARGINS = define(
    "ND30-103", "le-trang", "le-trang", REF_MARGIN, ERROR, "Lề trên, dưới 20–25 mm; trái 30–35 mm; phải 15–20 mm",
    explanation="Đọc lề (w:pgMar, cộng cả lề đóng gáy) của từng phần; một phát hiện cho mỗi phần, liệt kê mọi lề "
                "sai; trang nằm ngang: cảnh báo (Word xoay lề theo trang).",
    quote="lề trên cách mép trên 20–25 mm; lề dưới 20–25 mm; lề trái 30–35 mm (phía đóng ghim); lề phải 15–20 mm",
    right="lề trên 20, dưới 20, trái 30, phải 15 mm", wrong="lề trái 25,4 mm (mặc định của Word)")
FONT = define(
    "ND30-104", "phong-chu", "phong-chu", REF_FONT, ERROR, "Phông chữ Times New Roman (Unicode)",
    explanation="Phông của từng đoạn chữ theo cách Word tính (định dạng trực tiếp → kiểu → mặc định, phông chủ đề), "
                "ở các vị trí ascii, hAnsi, cs; một phát hiện cho mỗi phông sai, nêu chỗ đầu tiên và số chỗ khác; "
                "nhận ra phông TCVN3 (.Vn…) và VNI.",
    quote="Phông chữ Times New Roman, bộ mã ký tự chữ Việt (Unicode) theo TCVN 6909:2001; màu mực đen.",
    right="Times New Roman", wrong="Arial, Calibri, .VnTime, VNI-Times")
COLOUR = define(
    "ND30-105", "mau-chu", "mau-chu", REF_FONT, ERROR, "Chữ màu đen",
    explanation="Màu chữ của từng đoạn chữ (tự động hoặc #000000 là đúng); một phát hiện cho mỗi màu.",
    quote="Phông chữ Times New Roman, bộ mã ký tự chữ Việt (Unicode) theo TCVN 6909:2001; màu mực đen.",
    right="chữ màu tự động (đen)", wrong="liên kết màu xanh #0563C1")


class PageFontRules:
    """Page and fonts: mixed into :class:`pipeline.check.checker.Checker`."""

    def check_page(self) -> None:
        sections = self.m.sections or [None]
        # a table of data (not the letterhead or signature layout tables)
        has_table = any(b.kind == "tbl" and len({p.cell[0] for p in b.paras}) >= 3 for b in self.m.blocks)
        for index, sect in enumerate(sections, 1):
            where = "trang" if len(sections) == 1 else f"trang (phần {index} của văn bản)"
            size = sect.find(W + "pgSz") if sect is not None else None
            width = to_int(size.get(W + "w"), 12240) if size is not None else 12240
            height = to_int(size.get(W + "h"), 15840) if size is not None else 15840
            orient = size.get(W + "orient") if size is not None else None
            short, long_ = sorted((width, height))
            landscape = width > height
            if abs(short - 11906) > 12 or abs(long_ - 16838) > 12:
                self.add(PAPER_SIZE, REF_PAPER, ERROR, where,
                         f"khổ giấy {mm(width)} × {mm(height)}",
                         "khổ A4: 210 mm × 297 mm")
            elif width > height or orient == "landscape":
                self.add(LANDSCAPE, REF_PAPER, WARNING if has_table else ERROR, where,
                         "trang trình bày theo chiều ngang (khổ A4 nằm ngang)",
                         "trình bày theo chiều dài khổ A4; chỉ được xoay ngang khi nội dung có bảng, biểu "
                         "không tách thành phụ lục riêng")
            margins = sect.find(W + "pgMar") if sect is not None else None

            def get(name: str, default: int = 1440) -> int:
                return abs(to_int(margins.get(W + name), default)) if margins is not None else default

            gutter = get("gutter", 0)
            values = {"trên": get("top"), "dưới": get("bottom"), "trái": get("left") + gutter,
                      "phải": get("right")}
            limits = {"trên": (1134, 1418), "dưới": (1134, 1418), "trái": (1701, 1985), "phải": (851, 1134)}
            wrong = [name for name, value in values.items()
                     if not limits[name][0] - 3 <= value <= limits[name][1] + 3]
            if wrong:
                found = "; ".join(f"lề {name} {mm(values[name])}" for name in wrong)
                expected = "; ".join(
                    f"lề {name} {num(limits[name][0] / 56.6929, 0)}–{num(limits[name][1] / 56.6929, 0)} mm"
                    for name in wrong)
                if landscape:
                    expected += " (trang nằm ngang: Word xoay lề theo trang, lề đóng gáy có thể nằm ở cạnh khác)"
                self.add(MARGINS, REF_MARGIN, WARNING if landscape else ERROR, where, found, expected)

    # ------------------------------------------------------------------ fonts and colour

    def check_fonts(self) -> None:
        for para in self.m.all_paras():
            found = para.derived.get("fonts")
            if found is None:
                found = para.derived["fonts"] = _fonts_and_colours(para)
            for rule, what, expected in found:
                self.group(rule, REF_FONT, ERROR, para, what, expected)


def _fonts_and_colours(para: Para) -> list[tuple[Rule, str, str]]:
    """(rule, found, expected) of each font other than Times New Roman and each colour other than
    black in the visible text of ``para``, in order (a pure function of its pieces)."""
    found = []
    for text, props in para.visible():
        for slot, name in props.fonts:
            if name is None or name.strip().lower() == "times new roman":
                continue
            legacy = ""
            if name.lower().startswith(".vn"):
                legacy = " (phông TCVN3/ABC: chữ chưa chuyển sang Unicode)"
            elif name.upper().startswith("VNI"):
                legacy = " (phông VNI: chữ chưa chuyển sang Unicode)"
            found.append((FONT, f"phông chữ «{name}»{legacy}",
                          "phông chữ Times New Roman (Unicode TCVN 6909:2001) cho toàn bộ văn bản"))
        if props.color not in ("auto", "000000"):
            shown = props.color if props.color.startswith("màu") else f"#{props.color}"
            found.append((COLOUR, f"chữ màu {shown}", "chữ màu đen (tự động hoặc #000000)"))
    return found
