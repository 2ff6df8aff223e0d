"""Rules on Jinja syntax and block structure (``TPL-00x``): the syntax of every tag on
its own (unknown statement, filter or test, bad expression), ``&`` and loader
statements, the block structure across the part (a ``for``/``if`` never closed is
reported where it opens, a stray ``endfor`` where it stands), and, if Jinja still
rejects the part, its message at the paragraph of the line it names."""

from __future__ import annotations

import re

import jinja2

from pipeline.check.rulebook import ERROR, WARNING, Rule
from pipeline.check.templates.docxtpl_tags import check_pair
from pipeline.check.templates.findings import RULES
from pipeline.check.templates.jinja_tools import jinja_message, suggest
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.tags import (DOCXTPL_PREFIXES, END_STUBS, FOREIGN_QUOTES, LOADER_TAGS, OPENERS,
                                          SMART_QUOTES, Tag)

STRUCTURES = "Jinja — Template Designer Documentation, mục List of Control Structures"

TAG_SYNTAX = RULES.register(Rule(
    "TPL-001", "cu-phap-the", "Jinja — Template Designer Documentation, mục Synopsis, Expressions, Builtin "
    "Filters, Builtin Tests, List of Control Structures", ERROR,
    "Thẻ viết sai cú pháp Jinja (lệnh, bộ lọc, phép thử, biểu thức không có)",
    "Mỗi thẻ được đọc riêng bằng Jinja (đúng như khi điền mẫu): lệnh không có («{% fro %}»), bộ lọc hoặc phép "
    "thử không có (có gợi ý tên gần nhất), biểu thức sai, ký tự lạ, thiếu dấu cách sau «{%p». Cũng áp dụng cho "
    "thẻ trong thuộc tính tệp.",
    right="{{ abstract|upper }}", wrong="{{ abstract|uper }}"))

AMPERSAND = RULES.register(Rule(
    "TPL-002", "dau-va-trong-the", "Office Open XML: Word lưu «&» thành «&amp;»; Jinja đọc nguyên văn", WARNING,
    "Ký tự «&» trong thẻ: Word lưu thành «&amp;» nên thẻ không so sánh được chữ «&» của dữ liệu",
    "Trong tệp Word, «&» được lưu thành «&amp;», và Jinja đọc đúng chuỗi đó: «{% if x == \"A & B\" %}» không "
    "bao giờ đúng. Viết «và» hoặc bỏ ký tự này khỏi thẻ.",
    right="{% if issuer == \"SỞ KHOA HỌC VÀ CÔNG NGHỆ\" %}", wrong="{% if issuer == \"SỞ KH & CN\" %}"))

LOADER = RULES.register(Rule(
    "TPL-003", "goi-mau-khac", "Jinja — Template Designer Documentation, mục Include, Import, Template "
    "Inheritance; docxtpl: mỗi mẫu là một tệp Word", ERROR,
    "Lệnh include, import, from, extends (gọi một mẫu khác) không dùng được",
    "Mẫu là một tệp Word duy nhất; chương trình không có nơi để tìm mẫu khác nên các lệnh gọi mẫu khác đều lỗi.",
    right="{% set footer = \"…\" %}", wrong="{% include \"chan_trang.docx\" %}"))

ORPHAN_BRANCH = RULES.register(Rule(
    "TPL-004", "elif-else-ngoai-khoi", STRUCTURES + " (If, For)", ERROR,
    "Thẻ elif hoặc else nằm ngoài một khối if (for) đang mở",
    "«{% elif %}» chỉ dùng trong «{% if %}»; «{% else %}» trong «{% if %}» hoặc «{% for %}».",
    right="{% if addressee_lines %}…{% else %}…{% endif %}", wrong="{% else %}…{% endif %}"))

STRAY_END = RULES.register(Rule(
    "TPL-005", "the-dong-thua", STRUCTURES, ERROR,
    "Thẻ đóng (endfor, endif …) thừa: không có khối nào đang mở",
    "Mỗi thẻ đóng phải khớp với một thẻ mở cùng loại đứng trước nó.",
    right="{% for u in units %}{{ u }}{% endfor %}", wrong="{{ u }}{% endfor %}"))

UNCLOSED_BLOCK = RULES.register(Rule(
    "TPL-006", "khoi-chua-dong", STRUCTURES, ERROR,
    "Khối for, if, with … mở mà không có thẻ đóng",
    "Mỗi khối mở («{% for %}», «{% if %}» …) phải được đóng («{% endfor %}», «{% endif %}»), cùng dạng «{%p», "
    "«{%tr» với thẻ mở. Lỗi được báo ở chỗ khối mở.",
    right="{%p for line in recipient_lines %}¶{{ line }}¶{%p endfor %}",
    wrong="{%p for line in recipient_lines %}¶{{ line }}"))

PART_SYNTAX = RULES.register(Rule(
    "TPL-007", "jinja-khong-doc-duoc", "Jinja — Template Designer Documentation (Jinja đọc cả phần của mẫu)",
    ERROR,
    "Jinja không đọc được cả phần của mẫu (lỗi còn lại sau các kiểm tra từng thẻ)",
    "Sau các kiểm tra từng thẻ, cả phần (thân, đầu trang, chân trang, chú thích) được đọc bằng Jinja như khi "
    "điền; một lỗi Jinja còn lại được báo ở đoạn của dòng mà Jinja chỉ ra.",
    right="{% if a %}x{% elif b %}y{% endif %}", wrong="{% if a %}x{% else %}y{% elif b %}z{% endif %}"))


def check_syntax(run: CheckRun, part: Part, tags: list[Tag]) -> None:
    """TPL-001, TPL-002, TPL-003 on each tag."""
    for tag in tags:
        if tag.error is not None:
            run.report(part, tag, TAG_SYNTAX, syntax_message(run, tag, tag.error))
        elif "&amp;" in tag.text and not tag.attribute:
            run.report(part, tag, AMPERSAND, "ký tự «&» trong thẻ được Word lưu thành «&amp;» nên thẻ không so "
                                             "sánh hay thay được chữ «&» của dữ liệu; viết «và» hoặc bỏ ký tự "
                                             "này khỏi thẻ")
        elif tag.name in LOADER_TAGS:
            run.report(part, tag, LOADER, f"lệnh «{tag.name}» (gọi một mẫu khác) không dùng được: mẫu chỉ "
                                          "là một tệp Word")


def syntax_message(run: CheckRun, tag: Tag, exc: jinja2.TemplateSyntaxError) -> str:
    """TPL-001's message: what Jinja says, in the clerk's terms, with a suggestion."""
    detail = jinja_message(exc)
    unknown = re.match(r"Encountered unknown tag '(\w+)'", detail)
    no_filter = re.match(r"No (filter|test) named '(\w+)'", detail)
    char = re.match(r"unexpected char '(.)'", detail)
    written = tag.written.text if tag.written else tag.text
    if re.match(r"\{[{%#](tr|tc|p|r) ", tag.text):
        prefix = re.match(r"\{[{%#](tr|tc|p|r) ", tag.text).group(1)
        text = (f"chương trình không nhận ra thẻ dạng «{{%{prefix} … %}}» vì bên trong có dấu «%» hoặc «}}», "
                "hoặc vì thẻ không nằm đúng chỗ (trong một đoạn, hàng hoặc ô); bỏ các dấu đó khỏi thẻ")
    elif no_filter:
        kind, word = no_filter.groups()
        known = run.env.filters if kind == "filter" else run.env.tests
        suggestion = suggest(word, known)
        hint = f" — có phải là «{suggestion}»?" if suggestion else ""
        what = "bộ lọc (sau dấu |)" if kind == "filter" else "phép thử (sau is)"
        text = f"không có {what} tên «{word}»{hint}"
    elif unknown:
        word = unknown.group(1)
        split = re.fullmatch(r"(tr|tc|p)(for|if|endfor|endif|elif|else|set|with|endwith)", word)
        if word in DOCXTPL_PREFIXES:
            text = (f"«{{% {word}» có dấu cách giữa «%» và «{word}» nên không được hiểu là thẻ dạng "
                    f"«{{%{word} …%}}»; viết liền «{{%{word}» rồi một dấu cách")
        elif split:
            prefix, word = split.groups()
            text = f"thiếu dấu cách sau «{{%{prefix}»: viết «{{%{prefix} {word} …%}}»"
        elif word in ("vm", "hm", "colspan", "cellbg"):
            text = f"thẻ «{{% {word} %}}» chỉ dùng được bên trong một ô bảng có vòng lặp"
        elif word in ("break", "continue", "do"):
            text = f"lệnh «{word}» không được bật trong chương trình"
        else:
            suggestion = suggest(word, OPENERS + tuple(END_STUBS) + ("elif", "else", "set", "raw"))
            hint = f" — có phải là «{suggestion}»?" if suggestion else ""
            text = (f"«{word}» không phải là lệnh Jinja{hint} (các lệnh dùng được: for, if, elif, else, "
                    "set, with và các thẻ đóng endfor, endif …)")
    elif char and char.group(1) in FOREIGN_QUOTES + SMART_QUOTES:
        text = (f"dấu «{char.group(1)}» không phải dấu nháy của Jinja; gõ lại bằng dấu nháy thẳng \" hoặc ' "
                "(dấu mở và dấu đóng phải cùng loại)")
    elif char and char.group(1) == "&":
        text = ("ký tự «&» trong thẻ không dùng được (Word lưu nó thành «&amp;»); viết «và» hoặc bỏ ký tự này "
                "khỏi thẻ")
    elif char:
        text = f"ký tự «{char.group(1)}» không dùng được trong thẻ"
    elif any(quote in written for quote in SMART_QUOTES):
        text = "thẻ viết sai cú pháp; kiểm tra các dấu nháy (dấu mở và dấu đóng phải cùng loại)"
    else:
        text = "thẻ viết sai cú pháp"
    return f"{text} (Jinja: {detail})"


def check_structure(run: CheckRun, part: Part, tags: list[Tag]) -> None:
    """TPL-004, TPL-005, TPL-006 on the blocks of the part, and TPL-024 on each closed block."""
    open_blocks: list[list[Tag]] = []  # each: its opener, then its elif/else
    in_raw = False
    for tag in tags:
        if tag.kind != "%" or tag.attribute:
            continue
        name = tag.name
        if name == "raw":
            in_raw = True
        if in_raw:
            in_raw = name != "endraw"
            continue
        if name in OPENERS or (name == "set" and "=" not in tag.text):
            open_blocks.append([tag])
        elif name in ("elif", "else"):
            allowed = ("if",) if name == "elif" else ("if", "for")
            if open_blocks and open_blocks[-1][0].name in allowed:
                open_blocks[-1].append(tag)
            else:
                inside = "«{% if … %}»" + (" hoặc «{% for … %}»" if name == "else" else "")
                run.report(part, tag, ORPHAN_BRANCH, f"thẻ «{name}» chỉ dùng bên trong một khối {inside} đang "
                                                     "mở; xóa thẻ này hoặc thêm thẻ mở tương ứng ở trước")
        elif name.startswith("end") and name[3:]:
            opened = name[3:]
            depth = next((index for index in range(len(open_blocks) - 1, -1, -1)
                          if open_blocks[index][0].name == opened), None)
            if depth is None:
                run.report(part, tag, STRAY_END, f"thẻ đóng «{name}» thừa: không có «{{% {opened} … %}}» nào "
                                                 "đang mở trước nó; xóa thẻ này hoặc thêm thẻ mở tương ứng")
                continue
            while len(open_blocks) > depth + 1:
                unclosed(run, part, open_blocks.pop()[0])
            check_pair(run, part, open_blocks.pop() + [tag])
    while open_blocks:
        unclosed(run, part, open_blocks.pop()[0])


def unclosed(run: CheckRun, part: Part, opener: Tag) -> None:
    """TPL-006 at ``opener``."""
    prefix = opener.written.prefix if opener.written else ""
    end = "{%" + prefix + " end" + opener.name + " %}"
    where_to = {"p": "trên một đoạn riêng ngay sau đoạn cuối của khối",
                "tr": "trong một hàng riêng của bảng, ngay sau hàng cuối của khối",
                "tc": "trong một ô riêng, ngay sau ô cuối của khối"}.get(prefix, "ở chỗ khối kết thúc")
    run.report(part, opener, UNCLOSED_BLOCK, f"khối «{opener.name}» mở ở đây chưa được đóng: thiếu thẻ «{end}». "
                                             f"Hãy thêm thẻ này {where_to}")


def check_part_syntax(run: CheckRun, part: Part, tags: list[Tag], source: str,
                      anchors: list[tuple[int, str]]) -> jinja2.nodes.Template | None:
    """TPL-007: the patched part ``source`` as Jinja reads it whole; its tree, or None
    after reporting Jinja's message at the paragraph of the line it names."""
    try:
        return run.env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        run.at_line(part, tags, source, anchors, exc.lineno, PART_SYNTAX,
                    f"Jinja không đọc được phần này của mẫu: {jinja_message(exc)}")
        return None
