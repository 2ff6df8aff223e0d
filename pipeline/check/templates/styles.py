"""Rules on styles (``TPL-04x``): the paragraph, character and table styles that the
document body (``{{p body }}``) is built with must exist in the template, with the
right type."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE

from pipeline.render.footnotes import FOOTNOTE_REFERENCE_STYLE, FOOTNOTE_TEXT_STYLE
from pipeline.document.model import LEVEL_STYLES
from pipeline.check.rulebook import ERROR, Rule
from pipeline.check.templates.findings import RULES, TemplateFinding
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.tags import Tag

MISSING_STYLE = RULES.register(Rule(
    "TPL-040", "thieu-kieu", "Quy ước của vanban: phần nội dung dựng bằng các kiểu «VB …» của mẫu (README, mục "
    "Templates); python-docx chỉ dùng được kiểu có trong tệp", ERROR,
    "Mẫu dùng {{p body }} nhưng thiếu một kiểu (style) mà phần nội dung cần",
    "Phần nội dung của văn bản (mục, khoản, điểm, gạch đầu dòng, đoạn văn, chú thích, bảng) được dựng bằng các "
    "kiểu có tên cố định (VB Muc, VB Khoan 1, VB Doan van, Table Grid …). Khi mẫu có «{{p body }}», mỗi kiểu "
    "đó phải có trong mẫu; tên không phân biệt chữ hoa, chữ thường.",
    right="Mẫu có kiểu đoạn «VB Muc» (Home → Styles).",
    wrong="Mẫu không có kiểu «VB Muc»: các mục I., II. không dựng được."))

STYLE_TYPE = RULES.register(Rule(
    "TPL-041", "kieu-sai-loai", "Quy ước của vanban (README, mục Templates); Word: kiểu đoạn, kiểu ký tự, kiểu "
    "bảng là các loại khác nhau", ERROR,
    "Một kiểu mà phần nội dung cần có trong mẫu nhưng sai loại (đoạn, ký tự, bảng)",
    "Kiểu của mục, khoản, đoạn văn phải là kiểu đoạn (paragraph style); số chú thích là kiểu ký tự; «Table "
    "Grid» là kiểu bảng. Một kiểu cùng tên nhưng khác loại không dùng được.",
    right="«VB Doan van» là kiểu đoạn (Style type: Paragraph).",
    wrong="«VB Doan van» tạo thành kiểu ký tự (Style type: Character)."))


def _body_style_list() -> tuple[tuple[str, str, WD_STYLE_TYPE], ...]:
    purpose = {"VB Muc": "các mục I., II. …", "VB Diem": "các điểm a), b) …",
               "VB Gach dau dong": "các dòng gạch đầu dòng «-»", "VB Dau cong": "các dòng «+»",
               "VB Dau sao": "các dòng «*»", "VB Doan van": "các đoạn văn thường và dòng dưới bảng"}
    styles = [(name, purpose.get(name, "phần nội dung"), WD_STYLE_TYPE.PARAGRAPH)
              for name in dict.fromkeys(LEVEL_STYLES.values())]
    styles += [("VB Khoan 1", "các khoản 1., 2. …", WD_STYLE_TYPE.PARAGRAPH),
               ("VB Khoan 2", "các khoản 1.1., 1.2. …", WD_STYLE_TYPE.PARAGRAPH),
               ("VB Khoan 3", "các khoản 1.1.1. …", WD_STYLE_TYPE.PARAGRAPH),
               (FOOTNOTE_TEXT_STYLE, "chữ của chú thích cuối trang", WD_STYLE_TYPE.PARAGRAPH),
               (FOOTNOTE_REFERENCE_STYLE, "số chú thích trong câu", WD_STYLE_TYPE.CHARACTER),
               ("Table Grid", "các bảng số liệu", WD_STYLE_TYPE.TABLE)]
    return tuple(styles)


BODY_STYLES = _body_style_list()
"""``(style name, what it is for, style type)`` of every style ``{{p body }}`` may need."""


def check_styles(run: CheckRun, part: Part, tag: Tag) -> list[TemplateFinding]:
    """TPL-040, TPL-041: the styles of :data:`BODY_STYLES`, reported at ``tag`` (the
    first tag reading ``body``, in ``part``)."""
    place = run.place(part, tag)
    # Word's built-in style names are case-insensitive (LibreOffice saves "Footnote Text")
    styles = {style.name.casefold(): style for style in run.tpl.get_docx().styles if style.name}
    kinds = {WD_STYLE_TYPE.PARAGRAPH: "kiểu đoạn", WD_STYLE_TYPE.CHARACTER: "kiểu ký tự",
             WD_STYLE_TYPE.TABLE: "kiểu bảng", WD_STYLE_TYPE.LIST: "kiểu danh sách"}
    found = []
    for name, purpose, kind in BODY_STYLES:
        style = styles.get(name.casefold())
        if style is None:
            found.append(run.finding(
                place.where, tag.shown, MISSING_STYLE,
                f"mẫu thiếu {kinds[kind]} (style) «{name}» mà phần nội dung cần cho {purpose}; hãy tạo kiểu "
                "này trong Word (Home → Styles → Create a Style, đặt đúng tên) rồi lưu lại mẫu"))
        elif style.type != kind:
            found.append(run.finding(
                place.where, tag.shown, STYLE_TYPE,
                f"kiểu «{name}» có trong mẫu nhưng là {kinds.get(style.type, 'kiểu khác')}, cần là "
                f"{kinds[kind]} (dùng cho {purpose}); hãy xóa rồi tạo lại kiểu này đúng loại"))
    return found
