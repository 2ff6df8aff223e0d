"""Rules on docxtpl's paragraph, row and cell tags (``TPL-02x``): ``{%tr``/``{%tc``
outside a table; other content of a paragraph, row or cell that docxtpl replaces by a
``{%p``/``{%tr``/``{%tc`` tag (lost in the output); a block opened and closed in
different paragraphs, cells or rows without the ``{%p`` (``{%tr``) form, or with one
end in that form and the other not; a value used in the wrong form (``{{ body }}``
instead of ``{{p body }}``, ``{{p abstract }}``)."""

from __future__ import annotations

from jinja2 import nodes
from markupsafe import Markup

from pipeline.check.rulebook import ERROR, WARNING, Rule
from pipeline.check.templates.findings import RULES
from pipeline.check.templates.jinja_tools import is_paragraphs
from pipeline.check.templates.layout import T, short_tag
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.tags import SMART_QUOTES, Tag, WrittenTag, block_context, innermost, same_unit
from pipeline.check.templates.variables import QUOTED_NAME

EXTENSIONS = "docxtpl — tài liệu, mục Jinja2-like syntax › Extensions ({%p, {%tr, {%tc, {%r)"

ROW_TAG_OUTSIDE_TABLE = RULES.register(Rule(
    "TPL-020", "the-hang-ngoai-bang", EXTENSIONS, ERROR,
    "Thẻ «{%tr …%}» hoặc «{%tc …%}» đặt ở ngoài bảng",
    "«{%tr» lặp hoặc ẩn cả một hàng, «{%tc» cả một ô của bảng, nên chỉ dùng được trong một ô bảng; ở ngoài "
    "bảng chương trình nuốt cả phần mẫu phía sau.",
    right="{%p for line in recipient_lines %}  (đoạn riêng, ngoài bảng)",
    wrong="{%tr for line in recipient_lines %}  (đoạn thường, ngoài bảng)"))

TWO_UNIT_TAGS = RULES.register(Rule(
    "TPL-021", "nhieu-the-p-mot-doan", EXTENSIONS + ": «không dùng hai lần {%p, {%tr, {%tc trong cùng một "
    "đoạn, hàng, ô»", ERROR,
    "Một đoạn (hàng, ô) có hai thẻ «{%p …%}» («{%tr»/«{%tc»): chỉ thẻ cuối được giữ",
    "docxtpl thay cả đoạn (hàng, ô) bằng thẻ «{%p …%}» của nó; khi có hai thẻ, thẻ trước mất. Mỗi thẻ dạng này "
    "phải nằm trong một đoạn (hàng, ô) riêng.",
    right="{%p if addressee_lines %}¶…¶{%p endif %}  (ba đoạn)",
    wrong="{%p if addressee_lines %} … {%p endif %}  (một đoạn)"))

LOST_TAGS = RULES.register(Rule(
    "TPL-022", "the-khac-bi-mat", EXTENSIONS, ERROR,
    "Thẻ khác nằm cùng đoạn (hàng, ô) với một thẻ «{%p …%}» sẽ mất",
    "Cả đoạn (hàng, ô) chứa thẻ «{%p …%}» («{%tr»/«{%tc») được thay bằng thẻ đó khi điền mẫu, nên các thẻ "
    "khác trong đó không bao giờ được điền.",
    right="{%p for line in addressee_lines %}¶{{ line }}¶{%p endfor %}",
    wrong="{%p for line in addressee_lines %} {{ line }}"))

LOST_TEXT = RULES.register(Rule(
    "TPL-023", "chu-canh-the-p", EXTENSIONS, WARNING,
    "Chữ nằm cùng đoạn (hàng, ô) với một thẻ «{%p …%}» sẽ không được in",
    "Cả đoạn (hàng, ô) chứa thẻ «{%p …%}» được thay bằng thẻ đó, nên chữ thường trong đó bị bỏ.",
    right="Kính gửi:¶{%p for line in addressee_lines %}",
    wrong="Kính gửi: {%p for line in addressee_lines %}"))

BLOCK_ACROSS = RULES.register(Rule(
    "TPL-024", "khoi-qua-nhieu-doan",
    "docxtpl — tài liệu, mục Jinja2-like syntax › Restrictions và Extensions", ERROR,
    "Thẻ mở và thẻ đóng của một khối nằm ở hai đoạn, hai ô hoặc hai hàng mà không dùng dạng «{%p»/«{%tr»",
    "Thẻ thường («{% if %}», «{% for %}») chỉ được mở và đóng trong cùng một đoạn; một khối trải qua nhiều đoạn "
    "(ô, hàng) phải viết cả thẻ mở và thẻ đóng ở dạng «{%p …%}» («{%tr …%}» cho các hàng), mỗi thẻ trên một "
    "đoạn (hàng) riêng; nếu không, khi điền các đoạn bị cắt ghép sai hoặc tệp Word hỏng.",
    right="{%p if addressee_lines %}¶Kính gửi: …¶{%p endif %}",
    wrong="{% if addressee_lines %}Kính gửi: …¶… {% endif %}"))

WRONG_FORM = RULES.register(Rule(
    "TPL-025", "sai-dang-the-gia-tri", "docxtpl — tài liệu, mục Display variables và Escaping, newline, new "
    "paragraph, Listing; quy ước của vanban: body là các đoạn văn (README, mục Templates)", ERROR,
    "Giá trị dùng sai dạng thẻ: «{{ body }}» thay vì «{{p body }}», «{{p …}}»/«{{r …}}»/«{{tr …}}» cho chữ",
    "Biến chứa cả các đoạn văn (body) phải viết «{{p body }}» trên một đoạn riêng; biến chữ thường viết "
    "«{{ tên }}» trong đoạn. «{{r …}}» chỉ dành cho chữ có định dạng (RichText), «{{tr …}}»/«{{tc …}}» thay "
    "cả hàng, ô. Dạng sai làm hỏng tệp Word.",
    right="{{p body }}", wrong="Nội dung: {{ body }}"))


def check_prefixes(run: CheckRun, part: Part, written: list[WrittenTag]) -> bool:
    """TPL-020 … TPL-023 for every ``{%p``/``{%tr``/``{%tc`` tag as written; adds the
    paragraphs with an error to ``run.bad``. Returns whether a ``{%tr``/``{%tc`` tag
    outside a table makes docxtpl's patching swallow text."""
    layout = part.layout
    swallowing = False
    for tag in written:
        if tag.problem in ("", "split") and tag.prefix:
            if tag.prefix in ("tr", "tc") and layout.cell_of.get(tag.para) is None:
                swallowing = True
            check_prefix(run, part, tag, written)
    return swallowing


def check_prefix(run: CheckRun, part: Part, tag: WrittenTag, written: list[WrittenTag]) -> None:
    """``{%p``/``{%tr``/``{%tc``: docxtpl replaces the whole paragraph/row/cell by the tag."""
    layout = part.layout
    place = layout.places[tag.para]
    if tag.prefix in ("tr", "tc") and layout.cell_of.get(tag.para) is None:
        what = "hàng" if tag.prefix == "tr" else "ô"
        run.add(part, place.order, place.where, tag.text, ROW_TAG_OUTSIDE_TABLE,
                f"thẻ «{{%{tag.prefix} …%}}» lặp hoặc ẩn cả một {what} của bảng nên chỉ dùng được trong một ô "
                "bảng; ở ngoài bảng hãy dùng «{%p … %}» trên một đoạn riêng")
        run.bad.add(tag.para)
        return
    if tag.prefix == "r":
        return
    if tag.prefix == "p" and any(other.problem in ("", "split") and same_unit(layout, other, tag)
                                 for other in written if other.prefix in ("tr", "tc")):
        return  # docxtpl replaces the row or cell first: reported for the {%tr/{%tc tag
    if tag.prefix == "p":
        unit, what, same = "đoạn", "đoạn", (lambda other: other.para == tag.para)
    elif tag.prefix == "tr":
        row = layout.row_of.get(tag.para)
        unit, what, same = "hàng", "hàng", (lambda other: layout.row_of.get(other.para) is row)
    else:
        cell = layout.cell_of.get(tag.para)
        unit, what, same = "ô", "ô", (lambda other: layout.cell_of.get(other.para) is cell)
    others = [other for other in written if other is not tag and other.problem in ("", "split")
              and same(other)]
    kept = [other for other in others if other.prefix == tag.prefix] + [tag]
    kept.sort(key=lambda other: other.start)
    if kept[-1] is not tag:
        run.add(part, place.order, place.where, tag.text, TWO_UNIT_TAGS,
                f"{what} này có nhiều thẻ dạng «{{%{tag.prefix} …%}}»; chương trình chỉ giữ thẻ cuối cùng, thẻ "
                f"này sẽ mất. Mỗi thẻ «{{%{tag.prefix} …%}}» phải nằm trong một {unit} riêng")
        run.bad.add(tag.para)
        return
    lost = [other for other in others if other.prefix != tag.prefix]
    if lost:
        run.add(part, place.order, place.where, tag.text, LOST_TAGS,
                f"cả {what} chứa thẻ «{short_tag(tag.text, 40)}» được thay bằng thẻ đó khi điền mẫu, nên thẻ "
                f"{', '.join('«' + short_tag(other.text, 30) + '»' for other in lost)} cùng {what} sẽ mất; "
                f"chuyển {'chúng' if len(lost) > 1 else 'nó'} sang {unit} khác")
        run.bad.add(tag.para)
        return
    if tag.prefix == "p":
        text = layout.places[tag.para].text or ""
    else:
        container = layout.row_of.get(tag.para) if tag.prefix == "tr" else layout.cell_of.get(tag.para)
        text = "".join(t.text or "" for t in container.iter(T)) if container is not None else ""
    rest = text
    for other in [tag] + others:
        rest = rest.replace(other.text.replace("¶", ""), " ")
    if rest.strip():
        run.add(part, place.order, place.where, tag.text, LOST_TEXT,
                f"cả {what} chứa thẻ này được thay bằng thẻ khi điền mẫu, nên chữ «{short_tag(rest, 40)}» "
                f"trong {what} sẽ không được in; đặt thẻ trên một {unit} riêng")


def check_pair(run: CheckRun, part: Part, block: list[Tag]) -> None:
    """TPL-024 on the tags of one block (opener, elif/else, end tag). They must stand in
    one paragraph, or all at paragraph level (``{%p``) of one container, or all at row
    level (``{%tr``) of one table: the XML between them is then balanced, whatever
    number of times Jinja repeats it."""
    if any(tag.error is not None for tag in block):
        return  # the syntax error is the problem to fix first
    opener = block[0]
    names, upper = block_context(opener)
    for other in block[1:]:
        other_names, other_upper = block_context(other)
        if other_names == names and other_upper == upper:
            continue
        place, other_place = run.place(part, opener), run.place(part, other)
        inline, other_inline = "w:p" in names, "w:p" in other_names
        rows = [element for element in upper if element[0] == "w:tr"]
        other_rows = [element for element in other_upper if element[0] == "w:tr"]
        cells = [element for element in upper if element[0] == "w:tc"]
        other_cells = [element for element in other_upper if element[0] == "w:tc"]
        if inline != other_inline:
            problem = ("một thẻ ở dạng «{%p …%}» (cả đoạn), thẻ kia nằm lẫn trong đoạn: tệp Word tạo ra sẽ "
                       "bị hỏng")
            hint = "viết cả hai thẻ ở dạng «{%p …%}», mỗi thẻ trên một đoạn riêng"
        elif names != other_names:
            problem = "hai thẻ nằm ở hai chỗ khác cấp (trong và ngoài bảng): tệp Word tạo ra sẽ bị hỏng"
            hint = "đặt thẻ mở và thẻ đóng cùng trong một ô, hoặc cùng ở ngoài bảng, mỗi thẻ dạng «{%p …%}»"
        elif not inline:
            problem = "hai thẻ nằm trong hai ô hoặc hai bảng khác nhau: tệp Word tạo ra sẽ bị hỏng"
            hint = "đặt thẻ mở và thẻ đóng trong cùng một ô (dạng «{%p …%}») hoặc dùng «{%tr …%}» cho cả hàng"
        elif rows and rows != other_rows:
            problem = ("hai thẻ nằm ở hai hàng khác nhau của bảng mà không dùng dạng «{%tr …%}»: các hàng "
                       "sẽ bị cắt ghép sai")
            hint = "để lặp hoặc ẩn cả hàng, viết «{%tr …%}» trong một hàng riêng ở trước và sau các hàng đó"
        elif cells and cells != other_cells:
            problem = "hai thẻ nằm ở hai ô khác nhau: các ô sẽ bị nối hoặc mất"
            hint = "đặt thẻ mở và thẻ đóng trong cùng một ô"
        else:
            problem = ("thẻ mở và thẻ đóng nằm ở hai đoạn khác nhau mà không dùng dạng «{%p …%}»: khi điền, "
                       "các đoạn sẽ bị cắt ghép sai (thừa đoạn trống, đoạn bị nối)")
            hint = (f"viết mỗi thẻ trên một đoạn riêng ở dạng «{{%p {opener.name} … %}}» … "
                    f"«{{%p end{opener.name} %}}»")
        run.report(part, opener, BLOCK_ACROSS,
                   f"khối «{opener.name}» mở ở {place.short or place.position} nhưng thẻ «{other.shown}» ở "
                   f"{other_place.short or other_place.position}; {problem}. Cách sửa: {hint}")
        return


def check_forms(run: CheckRun, part: Part, tags: list[Tag]) -> None:
    """TPL-025, TPL-033: a value must suit where docxtpl puts it: text in a run, paragraphs (``body``)
    in place of a paragraph."""
    for tag in tags:
        if tag.kind != "{" or tag.attribute or tag.tree is None:
            continue
        body = tag.tree.body
        if not (len(body) == 1 and isinstance(body[0], nodes.Output) and len(body[0].nodes) == 1):
            continue
        node = body[0].nodes[0]
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and node.value in run.names \
                and not (tag.written and any(quote in tag.written.text for quote in SMART_QUOTES)):
            run.report(part, tag, QUOTED_NAME, f"thẻ sẽ in ra chữ «{node.value}» chứ không phải giá trị của "
                                               f"biến {node.value}; bỏ hai dấu nháy: {{{{ {node.value} }}}}")
            continue
        if not isinstance(node, nodes.Name) or node.name not in run.provided:
            continue
        name, value = node.name, run.provided[node.name]
        where = innermost(tag)
        paragraphs = is_paragraphs(value)
        if where == "w:t" and paragraphs:
            message = (f"biến «{name}» chứa cả các đoạn văn nên phải viết «{{{{p {name} }}}}» trên một đoạn "
                       f"riêng (không có chữ nào khác); viết «{{{{ {name} }}}}» sẽ làm hỏng tệp Word")
        elif where == "w:p" and not (isinstance(value, Markup) and "<w:r" in value) \
                and type(value).__name__ != "RichText":
            message = (f"thẻ «{{{{r … }}}}» chỉ dùng cho chữ có định dạng (RichText), còn «{name}» là chữ "
                       f"thường: tệp Word sẽ hỏng. Viết «{{{{ {name} }}}}»")
        elif where in ("w:tbl", "w:tr"):
            if isinstance(value, Markup) and "<w:t" in value:
                continue
            message = (f"thẻ «{{{{tr … }}}}»/«{{{{tc … }}}}» thay cả hàng/ô bằng giá trị của biến, nhưng "
                       f"«{name}» là chữ: tệp Word sẽ hỏng. Viết «{{{{ {name} }}}}» trong ô")
        elif where not in ("w:t", "w:p") and not paragraphs:
            message = (f"thẻ «{{{{p … }}}}» thay cả đoạn bằng giá trị của biến, nhưng «{name}» là chữ chứ "
                       f"không phải các đoạn văn: tệp Word sẽ hỏng. Viết «{{{{ {name} }}}}» trong đoạn")
        else:
            continue
        run.report(part, tag, WRONG_FORM, message)
