"""Rendering is bounded: huge powers, repetitions, ranges, joins, long loops and
huge outputs are refused with the template, the paragraph and the tag named."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from docx import Document

from conftest import PLAN_2024, TEMPLATES
from pipeline.render import sandbox
from pipeline.common.errors import TemplateProblem
from pipeline.results.facts import load_document
from pipeline.render.docx import make_environment, render_document
from pipeline.check.templates import ERROR, check_context, check_template


@pytest.fixture(scope="module")
def plan():
    return load_document(PLAN_2024)


def template_with(folder: Path, text: str) -> Path:
    """The bundled plan template with one more paragraph ``Đoạn thử <text>``."""
    document = Document(str(TEMPLATES / "ke_hoach.docx"))
    document.add_paragraph(f"Đoạn thử {text}")
    path = folder / "mau_thu.docx"
    document.save(str(path))
    return path


def refused(plan, folder: Path, tag: str) -> str:
    template = template_with(folder, tag)
    with pytest.raises(TemplateProblem) as caught:
        render_document(plan, template)
    message = str(caught.value)
    assert message.startswith(f"mẫu {template}: ")
    return message


@pytest.mark.parametrize("tag, what", [
    ("{{ 9**(9**9) }}", "lũy thừa hay phép nhân cho số quá lớn (hơn 4096 bit)"),
    ("{{ (10**2000) * (10**2000) }}", "lũy thừa hay phép nhân cho số quá lớn"),
    ("{{ range(10**9)|length }}", "một độ dài hay số lần lặp quá lớn"),
    ("{{ range(200000)|length }}", "range(…) trong mẫu có 200.000 số, quá giới hạn 100.000"),
    ("{{ 'a'*10**9 }}", "một chuỗi hay danh sách nhân lên quá lớn"),
    ("{{ [1]*10**8 }}", "một chuỗi hay danh sách nhân lên quá lớn"),
    ("{{ range(100000)|join('x'*1000) }}", "một chuỗi nối lại (join) quá lớn"),
    ("{{ ('x'*1000).join(range(100000)|map('string')) }}", "một chuỗi nối lại (join) quá lớn"),
    ("{{ 'x'|center(10**9) }}", "một độ dài hay số lần lặp quá lớn"),
    ("{{ 'x'.ljust(10**9) }}", "một độ dài hay số lần lặp quá lớn"),
    ("{{ '%0999999999d' % 1 }}", "độ rộng khi định dạng chuỗi quá lớn"),
    ("{{ '%*d'|format(10**9, 1) }}", "một độ dài hay số lần lặp quá lớn"),
    ("{{ '{:>999999999}'.format(1) }}", "độ rộng khi định dạng chuỗi quá lớn"),
    ("{{ ('x'*100000)|replace('x', 'y'*1000) }}", "một chuỗi thay thế (replace) quá lớn"),
    ("{% set ns = namespace(x='a') %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}",
     "mẫu tạo ra một giá trị dài 33.554.432 (quá giới hạn 20.000.000)"),
    ("{% for i in range(100000) %}{{ 'x'*1000 }}{% endfor %}",
     "mẫu sinh ra quá 20.000.000 ký tự cho một văn bản"),
    ("{% set a = [0]*19000000 %}{% set b = [a]*19000000 %}{{ b|sum(start=[])|length }}",
     "một chuỗi hay danh sách nhân lên quá lớn (giới hạn 1.000.000 ký tự hay phần tử"),
    ("{% set a = [0]*100000 %}{% set b = [a]*5 %}{{ b|sum(start=[])|length }}",
     "bộ lọc sum chỉ cộng các số (start phải là một số, đang là list)"),
    # a list of a big list weighs what it holds: no structure whose comparison or printing is unbounded
    ("{% set a = [0]*999999 %}{% set b = [a]*999999 %}{% set c = [0]*999998 + [1] %}{{ c in b }}",
     "một chuỗi hay danh sách nhân lên quá lớn (giới hạn 1.000.000 ký tự hay phần tử"),
    ("{% set a = [0]*999999 %}{% set x = [a]*999999 %}{{ x|map('list')|list|length }}",
     "một chuỗi hay danh sách nhân lên quá lớn (giới hạn 1.000.000 ký tự hay phần tử"),
])
def test_huge_requests_are_refused_quickly_and_located(plan, tmp_path, tag, what):
    start = time.monotonic()
    message = refused(plan, tmp_path, tag)
    assert time.monotonic() - start < 10
    assert what in message
    first_tag = tag[:tag.index("}", tag.index("}") if tag.startswith("{{") else 0) + 1]
    assert f"— ở đoạn «Đoạn thử {tag}"[:60] in message
    assert f"thẻ «{first_tag}" in message


@pytest.mark.parametrize("tag", [
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    # no call, filter or output inside: the loop itself checks the clock at each step
    "{% set s = 'x'*3000 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}",
])
def test_a_loop_beyond_the_time_limit_is_stopped(plan, tmp_path, monkeypatch, tag):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    start = time.monotonic()
    message = refused(plan, tmp_path, tag)
    assert time.monotonic() - start < 5
    assert "điền mẫu quá 0,5 giây" in message
    assert f"thẻ «{tag[:tag.index('%}') + 2]}»" in message


@pytest.mark.parametrize("tag, error", [
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ("{{ 2.0**100000 }}", "OverflowError"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "RecursionError"),
])
def test_python_errors_in_expressions_are_reported_not_raised(plan, tmp_path, tag, error):
    message = refused(plan, tmp_path, tag)
    assert f"lỗi khi điền mẫu: {error}" in message
    assert "— ở đoạn «Đoạn thử" in message


def test_lipsum_is_not_available(plan, tmp_path):
    assert "'lipsum' is undefined" in refused(plan, tmp_path, "{{ lipsum(10**5) }}")


def test_ordinary_expressions_still_work():
    env = make_environment()
    source = ("{{ 2**10 }}|{{ 'ab'*3 }}|{{ range(3)|join(', ') }}|{{ '%03d' % 7 }}|{{ '{:>4}'.format(5) }}|"
              "{% for x in [1, 2] %}{{ loop.index }}/{{ loop.length }}{% else %}none{% endfor %}|"
              "{{ 1234567|number }}|{{ 'a b'|replace(' ', '-') }}|{{ [1, 2] + [3] }}")
    assert env.from_string(source).render() == \
        "1024|ababab|0, 1, 2|007|   5|1/22/2|1.234.567|a-b|[1, 2, 3]"


def test_the_template_check_refuses_it_before_the_build(plan, tmp_path):
    template = template_with(tmp_path, "{{ 9**(9**9) }}")
    findings = [f for f in check_template(template, check_context(plan)) if f.severity == ERROR]
    assert len(findings) == 1
    assert "lũy thừa hay phép nhân cho số quá lớn" in findings[0].message
    assert findings[0].tag == "{{ 9**(9**9) }}"
