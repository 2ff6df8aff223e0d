"""Rules on tags broken by editing in Word (``TPL-01x``), seen in the text as the clerk
wrote it: a tag split over two paragraphs, ``{ {`` with a space, braces separated by
tracked-deleted text or a field code, a lone ``{{`` or ``}}``, ``{% … }}``, single
braces, quotation marks Word made typographic, unaccepted tracked changes."""

from __future__ import annotations

from pipeline.check.rulebook import ERROR, WARNING, Rule
from pipeline.check.templates.findings import RULES
from pipeline.check.templates.layout import REVISIONS, Layout, Place, short_tag
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.tags import FOREIGN_QUOTES, SMART_QUOTES, WrittenTag
from pipeline.check.templates.variables import QUOTED_NAME, literal_name

DOCXTPL_RESTRICTIONS = "docxtpl — tài liệu, mục Jinja2-like syntax › Restrictions"
JINJA_SYNOPSIS = "Jinja — Template Designer Documentation, mục Synopsis (dấu {{ … }}, {% … %}, {# … #})"

SPLIT = RULES.register(Rule(
    "TPL-010", "the-bi-ngat-doan", DOCXTPL_RESTRICTIONS, ERROR,
    "Thẻ bị ngắt xuống đoạn sau bởi một dấu xuống đoạn (Enter) ở giữa thẻ",
    "docxtpl chỉ đọc được một thẻ nằm trong một đoạn; khi một thẻ vắt qua hai đoạn (hoặc hai ô), chương trình "
    "nối hai đoạn làm một (đoạn sau mất định dạng riêng) hoặc làm hỏng bảng.",
    right="Kính gửi: {{ line }}", wrong="Kính gửi: {{ li¶ne }}  (¶ là dấu xuống đoạn)"))

SPACED = RULES.register(Rule(
    "TPL-011", "dau-cach-giua-ngoac", JINJA_SYNOPSIS, ERROR,
    "Có dấu cách giữa hai dấu ngoặc của thẻ ({ { thay vì {{)",
    "Jinja chỉ nhận «{{», «{%», «}}», «%}» viết liền; «{ {» được in nguyên văn ra văn bản.",
    right="{{ abstract }}", wrong="{ { abstract } }"))

HIDDEN_CONTENT = RULES.register(Rule(
    "TPL-012", "noi-dung-an-trong-the", DOCXTPL_RESTRICTIONS, ERROR,
    "Giữa hai dấu ngoặc của thẻ có nội dung ẩn (chữ đã xóa khi theo dõi thay đổi, mã trường)",
    "Chữ đã xóa khi bật Track Changes hoặc mã trường (field code) vẫn nằm trong tệp, giữa hai dấu ngoặc; "
    "chương trình không nối lại nên không nhận ra thẻ và in nguyên văn.",
    right="{{ abstract }} (đã Accept All Changes)", wrong="{<chữ đã xóa>{ abstract }}"))

MISMATCH = RULES.register(Rule(
    "TPL-013", "dau-dong-khac-dau-mo", JINJA_SYNOPSIS, ERROR,
    "Thẻ mở bằng một loại dấu và đóng bằng loại khác",
    "Thẻ lệnh viết «{% … %}», thẻ in giá trị viết «{{ … }}», chú thích viết «{# … #}»; dấu mở và dấu đóng "
    "phải cùng loại.",
    right="{% if addressee_lines %}", wrong="{% if addressee_lines }}"))

UNCLOSED_TAG = RULES.register(Rule(
    "TPL-014", "thieu-dau-dong", JINJA_SYNOPSIS, ERROR,
    "Thẻ mở mà không có dấu đóng trong cùng đoạn",
    "Mỗi «{{» phải có «}}», mỗi «{%» phải có «%}» ở cuối thẻ, trong cùng đoạn. Một thẻ bỏ ngỏ làm chương trình "
    "nuốt cả phần sau của mẫu.",
    right="{{ signer_name }}", wrong="{{ signer_name"))

STRAY_CLOSER = RULES.register(Rule(
    "TPL-015", "dau-dong-thua", JINJA_SYNOPSIS, ERROR,
    "Dấu đóng «}}» hoặc «%}» thừa, không có dấu mở trước nó",
    "Một dấu đóng không có dấu mở tương ứng trong đoạn được in nguyên văn ra văn bản.",
    right="{{ place }}", wrong="place }}"))

SINGLE_BRACES = RULES.register(Rule(
    "TPL-016", "mot-cap-ngoac", JINJA_SYNOPSIS, WARNING,
    "Chữ trong một cặp ngoặc nhọn ({abstract}) sẽ được in nguyên văn",
    "Biến trong mẫu viết bằng hai cặp ngoặc; một cặp ngoặc không phải là thẻ nên được in nguyên văn (cảnh báo: "
    "có thể là chữ cố ý).",
    right="{{ abstract }}", wrong="{abstract}"))

FOREIGN_QUOTE = RULES.register(Rule(
    "TPL-017", "dau-nhay-la", "Jinja — Template Designer Documentation, mục Literals (chuỗi trong dấu \" hoặc "
    "'); docxtpl chỉ tự đổi lại dấu nháy cong “ ” ‘ ’", ERROR,
    "Trong thẻ có dấu « » „ … không phải dấu nháy của Jinja",
    "Chuỗi trong thẻ phải nằm giữa dấu nháy thẳng \" hoặc '. Các dấu « » „ ‹ › không được chương trình đổi lại "
    "nên thẻ sai cú pháp.",
    right="{% if doc_type == \"KẾ HOẠCH\" %}", wrong="{% if doc_type == «KẾ HOẠCH» %}"))

SMART_QUOTE = RULES.register(Rule(
    "TPL-018", "dau-nhay-cong", "docxtpl — mã nguồn DocxTemplate.patch_xml (đổi “ ” ‘ ’ trong thẻ thành \" và "
    "')", WARNING,
    "Word đã đổi dấu nháy thẳng thành dấu nháy cong “ ” ‘ ’ trong thẻ",
    "docxtpl tự đổi dấu nháy cong trong thẻ về dấu nháy thẳng nên thẻ vẫn chạy; nên gõ lại dấu nháy thẳng và "
    "tắt AutoCorrect → AutoFormat As You Type → \"Straight quotes\" with “smart quotes”.",
    right="{{ signer_title_lines|join(\", \") }}", wrong="{{ signer_title_lines|join(“, ”) }}"))

TRACKED_CHANGES = RULES.register(Rule(
    "TPL-019", "thay-doi-chua-chap-nhan", "docxtpl — tài liệu, mục Jinja2-like syntax › Restrictions; Word: "
    "Review → Accept", WARNING,
    "Mẫu còn những thay đổi chưa chấp nhận (Track Changes)",
    "Chữ đã xóa hoặc đã chèn khi bật Theo dõi thay đổi vẫn nằm trong tệp, và thẻ trong đó vẫn được điền; hãy "
    "chấp nhận mọi thay đổi rồi lưu lại mẫu.",
    right="Mẫu đã Review → Accept → Accept All Changes.",
    wrong="Mẫu còn dòng «{{ abstrct }}» bị gạch xóa (thay đổi chưa chấp nhận)."))


def check_revisions(run: CheckRun, part: Part) -> None:
    """TPL-019: tracked changes left in the part."""
    if any(el.tag in REVISIONS for el in part.root.iter()):
        run.add(part, 0, part.label or "phần thân văn bản", "", TRACKED_CHANGES,
                "mẫu còn những thay đổi chưa chấp nhận (Track Changes): chữ đã xóa vẫn nằm trong tệp và thẻ "
                "trong đó vẫn được điền; hãy chọn Review → Accept → Accept All Changes rồi lưu lại mẫu")


def check_written(run: CheckRun, part: Part, written: list[WrittenTag]) -> bool:
    """TPL-010 … TPL-018 (and TPL-033 in curly quotes) on the tags as written; adds the
    paragraphs with an error to ``run.bad``. Returns whether one of them makes docxtpl's
    patching swallow text (a tag left open, or closed by the wrong mark)."""
    layout = part.layout
    for tag in written:
        place = layout.places.get(tag.para) or Place(0, part.label or "phần thân văn bản")
        rule, message = written_problem(run, layout, tag)
        if rule is not None:
            run.add(part, place.order, place.where, tag.text, rule, message)
            if rule.severity == ERROR:
                run.bad.add(tag.para)
    return any(tag.problem in ("unclosed", "mismatch") for tag in written)


def written_problem(run: CheckRun, layout: Layout, tag: WrittenTag) -> tuple[Rule | None, str]:
    """The rule ``tag`` breaks as written and the message, or ``(None, "")``."""
    kinds = {"{": ("{{", "}}"), "%": ("{%", "%}"), "#": ("{#", "#}"), "}": ("{{", "}}")}
    opener, closer = kinds.get(tag.kind, ("{{", "}}"))
    if tag.problem == "split":
        end = layout.places.get(tag.end_para)
        other = f" ({end.short})" if end is not None else ""
        same_cell = layout.cell_of.get(tag.para) is layout.cell_of.get(tag.end_para)
        effect = ("chương trình sẽ nối hai đoạn làm một (đoạn sau mất định dạng riêng)" if same_cell else
                  "chương trình sẽ nối hai ô/đoạn này làm một và làm hỏng bảng")
        return SPLIT, (f"thẻ bị ngắt xuống đoạn sau{other} bởi một dấu xuống đoạn (Enter) ở giữa thẻ: "
                       f"{effect}. Hãy xóa dấu xuống đoạn để cả thẻ nằm liền trên một đoạn")
    if tag.problem == "spaced":
        return SPACED, (f"giữa hai dấu ngoặc có dấu cách nên chương trình không nhận ra thẻ và sẽ in nguyên "
                        f"văn «{short_tag(tag.text, 30)}»; xóa dấu cách: viết «{opener}» và «{closer}» liền nhau")
    if tag.problem == "hidden":
        return HIDDEN_CONTENT, ("giữa hai dấu ngoặc của thẻ có nội dung ẩn (chữ đã xóa khi bật Theo dõi thay "
                                "đổi — Track Changes, hoặc mã trường — field) nên chương trình không nhận ra thẻ "
                                "và sẽ in nguyên văn; hãy chấp nhận các thay đổi (Accept All Changes) hoặc xóa và "
                                "gõ lại cả thẻ")
    if tag.problem == "mismatch":
        return MISMATCH, (f"thẻ mở bằng «{opener}» nhưng đóng bằng dấu khác; thẻ lệnh (for, if …) viết "
                          "«{% … %}», thẻ in giá trị viết «{{ … }}»")
    if tag.problem == "unclosed":
        return UNCLOSED_TAG, (f"thẻ mở «{opener}» nhưng không có dấu đóng «{closer}» trong đoạn này; thêm "
                              f"«{closer}» ở cuối thẻ")
    if tag.problem == "stray":
        return STRAY_CLOSER, (f"dấu đóng «{closer}» thừa: không có «{opener}» mở trước nó trong đoạn này nên nó "
                              f"sẽ được in nguyên văn; xóa dấu này hoặc thêm «{opener}» ở đầu thẻ")
    if tag.problem == "single":
        name = tag.text[1:-1]
        hint = f" — có phải là {{{{ {name} }}}}?" if name in run.names else ""
        return SINGLE_BRACES, (f"«{tag.text}» chỉ có một cặp ngoặc nên sẽ được in nguyên văn; biến trong mẫu "
                               f"viết bằng hai cặp ngoặc: {{{{ tên_biến }}}}{hint}")
    foreign = sorted({char for char in tag.text if char in FOREIGN_QUOTES})
    if foreign:
        return FOREIGN_QUOTE, (f"dấu {' và '.join(foreign)} trong thẻ không phải dấu nháy của Jinja; gõ lại "
                               "bằng dấu nháy thẳng \" hoặc '")
    if any(char in SMART_QUOTES for char in tag.text):
        literal = literal_name(run, tag.key)
        if literal:
            return QUOTED_NAME, (f"Word đã đổi dấu nháy thành dấu nháy cong “ ” và thẻ sẽ in ra chữ «{literal}» "
                                 f"chứ không phải giá trị của biến {literal}; bỏ hai dấu nháy: "
                                 f"{{{{ {literal} }}}}")
        return SMART_QUOTE, ("Word đã đổi dấu nháy thẳng thành dấu nháy cong “ ” ‘ ’ trong thẻ; chương trình tự "
                             "đổi lại nên thẻ vẫn chạy, nhưng nên gõ lại dấu nháy thẳng (tắt AutoCorrect → "
                             "AutoFormat As You Type → \"Straight quotes\" with “smart quotes”)")
    return None, ""
