"""Rules on variables (``TPL-03x``): a variable the data does not provide (with a
«có phải là …?» suggestion), a variable name written in quotes, and the data's
variables a template never prints."""

from __future__ import annotations

import re

from jinja2 import meta, nodes

from pipeline.check.rulebook import ERROR, WARNING, Rule
from pipeline.check.templates.findings import RULES, TemplateFinding
from pipeline.check.templates.jinja_tools import defined_tests, guarded_names, stored_names, suggest
from pipeline.check.templates.run import CheckRun, Part
from pipeline.check.templates.tags import OPENERS, Tag

UNKNOWN_VARIABLE = RULES.register(Rule(
    "TPL-030", "bien-khong-co", "Jinja — Template Designer Documentation, mục Variables; vanban điền mẫu với "
    "StrictUndefined (biến thiếu là lỗi)", ERROR,
    "Mẫu dùng một biến mà dữ liệu không có",
    "Mỗi biến mà một thẻ đọc (ngoài biến do chính mẫu đặt bằng for, set, with) phải có trong dữ liệu của văn "
    "bản; nếu không, khi điền mẫu chương trình dừng với lỗi. Thông báo gợi ý tên gần nhất (có phải là …?). "
    "Cũng áp dụng cho thẻ trong thuộc tính tệp (File → Info).",
    right="{{ abstract }}", wrong="{{ abstrct }}"))

UNKNOWN_GUARDED = RULES.register(Rule(
    "TPL-031", "bien-khong-co-co-default", "Jinja — Template Designer Documentation, mục Builtin Filters "
    "(default) và Builtin Tests (defined)", WARNING,
    "Mẫu dùng một biến mà dữ liệu không có, nhưng có default hoặc is defined nên chỗ đó để trống",
    "Thẻ đọc biến qua «|default(…)» hoặc nằm trong «{% if … is defined %}» vẫn chạy khi dữ liệu thiếu biến, "
    "nhưng chỗ đó sẽ không in gì: thường là tên biến gõ sai.",
    right="{{ abstract|default('') }}", wrong="{{ abstrct|default('') }}"))

UNUSED_VARIABLE = RULES.register(Rule(
    "TPL-032", "bien-khong-dung", "Quy ước của vanban (README, mục Checking format and templates)", WARNING,
    "Dữ liệu có một biến mà mẫu không in ra ở đâu (tắt sẵn; bật bằng --enable TPL-032)",
    "Liệt kê các biến mà chương trình đưa cho mẫu nhưng không thẻ nào đọc. Mọi mẫu văn bản đều nhận cùng một "
    "bộ biến chuẩn (number_line, date_line, year, number, symbol, place, issue_date …) và mỗi mẫu chỉ in những "
    "biến hợp với loại văn bản của nó (công văn không có dòng tên loại, số và ký hiệu in qua number_line), "
    "nên một biến không dùng thường không phải là lỗi. Quy tắc này tắt sẵn trong «vanban templates check»; "
    "bật bằng «--enable TPL-032» khi soạn một mẫu mới để xem mẫu có bỏ sót gì không. Một mẫu thiếu thành phần "
    "thể thức bắt buộc (trích yếu, nơi nhận …) vẫn bị phát hiện khi kiểm tra thể thức văn bản tạo ra.",
    right="Mẫu kế hoạch in {{ abstract }} ở dòng trích yếu.",
    wrong="Mẫu kế hoạch không có thẻ nào đọc abstract: văn bản tạo ra thiếu trích yếu."))

OFF_BY_DEFAULT = frozenset({UNUSED_VARIABLE.code})
"""Rules ``vanban templates check`` leaves out unless asked (``--enable``): see TPL-032's explanation."""

QUOTED_NAME = RULES.register(Rule(
    "TPL-033", "ten-bien-trong-ngoac-kep", "Jinja — Template Designer Documentation, mục Literals", ERROR,
    "Tên biến viết trong dấu nháy nên thẻ in ra chính chữ đó chứ không phải giá trị",
    "Trong Jinja, chữ trong dấu nháy là một chuỗi cố định: «{{ \"abstract\" }}» in ra chữ abstract. Kể cả khi "
    "Word đã đổi dấu nháy thành dấu nháy cong “ ”.",
    right="{{ abstract }}", wrong="{{ \"abstract\" }}"))


def literal_name(run: CheckRun, key: str) -> str | None:
    """The variable name a ``{{ "name" }}`` tag (``key`` of :class:`.tags.WrittenTag`)
    prints as a word instead of its value, or None."""
    match = re.fullmatch(r"\{\{\s*([\"'])(\w+)\1\s*\}\}", key)
    if match and match.group(2) in run.names:
        return match.group(2)
    return None


def check_variables(run: CheckRun, part: Part, tags: list[Tag]) -> None:
    """TPL-030, TPL-031: variables the part's tags read that neither the data nor the
    template (for, set, with, macro arguments) provides; records the variables read in
    ``part.used`` and the first tag reading ``body`` in ``part.body_tag``."""
    blocks: list[tuple[set[str], set[str]]] = []  # per open block: (names it declares, names it tests
    top: set[str] = set()                          # with «is defined»); names set at the top level
    globals_ = set(run.env.globals)
    for tag in tags:
        if tag.kind == "#":
            continue
        name = tag.name
        if tag.kind == "%" and name.startswith("end") and name[3:]:
            if blocks:
                blocks.pop()
            continue
        declared = top.union(*(block[0] for block in blocks))
        tested = set().union(*(block[1] for block in blocks))
        used: set[str] = set()
        guarded: set[str] = set()
        declares: set[str] = set()
        if tag.tree is not None:
            used = set(meta.find_undeclared_variables(tag.tree))
            if name in ("elif", "else"):
                used.discard("_")  # the stub's own name
            guarded = guarded_names(tag.tree)
            statement = tag.tree.body[0] if tag.tree.body else None
            if isinstance(statement, nodes.For):
                declares = stored_names(statement.target) | {"loop"}
            elif isinstance(statement, nodes.With):
                declares = {target.name for target in statement.targets if isinstance(target, nodes.Name)}
            elif isinstance(statement, nodes.Macro):
                declares = {arg.name for arg in statement.args} | {"varargs", "kwargs", "caller"}
            elif isinstance(statement, (nodes.Assign, nodes.AssignBlock)):
                declares = stored_names(statement.target)
        if tag.kind == "%" and (name in OPENERS or (name == "set" and "=" not in tag.text)):
            blocks.append((declares if name != "set" else set(), defined_tests(tag.tree)))
            if name == "set":
                (blocks[-2][0] if len(blocks) > 1 else top).update(declares)
        elif name == "set":
            (blocks[-1][0] if blocks else top).update(declares)
        missing = used - declared - globals_
        part.used |= missing
        if "body" in missing and part.body_tag is None:
            part.body_tag = tag
        for variable in sorted(missing - run.names):
            suggestion = suggest(variable, run.names)
            if suggestion:
                hint = f" — có phải là «{suggestion}»?"
            else:
                hint = f" (các biến có: {', '.join(sorted(run.names))})" if run.names else ""
            if variable in guarded or variable in tested:
                run.add_at(part, tag, UNKNOWN_GUARDED, f"dữ liệu không có biến «{variable}»{hint}; thẻ có "
                                                       "default hoặc is defined nên vẫn chạy nhưng chỗ này sẽ "
                                                       "không in gì")
            else:
                run.add_at(part, tag, UNKNOWN_VARIABLE, f"dữ liệu không có biến «{variable}»{hint}; khi điền "
                                                        "mẫu chỗ này sẽ báo lỗi")


def unused_variables(run: CheckRun, used: set[str]) -> list[TemplateFinding]:
    """TPL-032: the data's variables that no tag of the template reads (``used``)."""
    return [run.finding("toàn bộ mẫu", "", UNUSED_VARIABLE,
                        f"dữ liệu có biến «{name}» nhưng mẫu không dùng ở đâu (không sao nếu cố ý; muốn in giá "
                        f"trị này thì thêm thẻ {{{{ {name} }}}} vào chỗ cần in)")
            for name in sorted(run.names - used)]
