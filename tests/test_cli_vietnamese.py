"""The command line in Vietnamese (click's headings, usage line, usage errors), every command's
help with an example, a light start (no pandas before a command needs it) and Ctrl+C while a
command's modules load."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.abc import MetaPathFinder

import click
import pytest

from conftest import ROOT, copy_data, run_vanban
from pipeline.cli import main

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show|Error|Missing|Invalid|argument|arguments|option|"
                     r"No such|Try|required|default|Aborted|extra|Got|TEXT|PATH|OPTIONS|COMMAND|ARGS|"
                     r"DATA_DIR|FILES|SOURCE|TARGET|FIRST|SECOND|FOLDER|CODE|KEY)\b")
"""English words click prints when its texts are not translated, and argument names left in English."""


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under ``group``, sub-groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


COMMANDS = [()] + _commands(main)


def test_every_command_is_listed():
    assert {("build",), ("check",), ("units", "end"), ("templates", "check"), ("responses", "form")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "vanban")
def test_help_is_vietnamese_with_an_example(path):
    result = run_vanban(*path, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Cách dùng: {' '.join(('vanban', *path))} [TÙY_CHỌN]")
    assert "Tùy chọn:\n" in result.output
    assert "--help" in result.output and "In hướng dẫn này rồi thôi." in result.output
    assert re.search(r"ví dụ", result.output, re.IGNORECASE), "help without an example"
    assert ENGLISH.findall(result.output) == []


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "vanban")
def test_bad_option_is_reported_in_vietnamese(path):
    result = run_vanban(*path, "--khong-co")
    assert result.exit_code == 2
    assert "Lỗi: Không có tùy chọn '--khong-co'." in result.output
    assert f"Xem hướng dẫn: {' '.join(('vanban', *path))} --help" in result.output
    assert ENGLISH.findall(result.output) == []


@pytest.mark.parametrize("args, message", [
    (["build"], "Lỗi: Thiếu tham số 'DỮ_LIỆU'."),
    (["build", "a", "b"], "Lỗi: Thừa tham số không dùng đến (b)"),
    (["check", "--format", "xml", "a.docx"],
     "Lỗi: Giá trị không hợp lệ của '--format': 'xml' không phải một trong: 'text', 'json'."),
    (["units", "list", "--date"], "Lỗi: Tùy chọn '--date' cần một giá trị."),
    (["khong-co"], "Lỗi: Không có lệnh 'khong-co'."),
    (["units"], "Cách dùng: vanban units [TÙY_CHỌN] LỆNH [THAM_SỐ]..."),
])
def test_usage_errors(args, message):
    result = run_vanban(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert ENGLISH.findall(result.output) == []


def test_version():
    result = run_vanban("--version")
    assert re.fullmatch(r"vanban \d+\.\d+\.\d+\n", result.output)


def test_cli_starts_without_pandas():
    code = ("import sys, pipeline.cli; heavy = sorted({'pandas', 'openpyxl', 'docxtpl', 'docx', 'numpy'} "
            "& set(sys.modules)); print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_pandas_is_loaded_by_a_report_only_and_pypdf_by_a_pdf_only(tmp_path):
    """pandas aggregates the responses: a build of documents without a report never imports it, a
    build with one does (the whole year); a build without PDF never imports pypdf, nor, without
    --pdf-server, the server module and http (xml.sax.saxutils would bring http in too)."""
    data = copy_data(tmp_path / "data")
    code = ("import sys; from pipeline.cli import main\n"
            "try:\n    main(['build', sys.argv[1], '-o', sys.argv[2], '-q'])\n"
            "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
            "print('pandas' in sys.modules, 'pypdf' in sys.modules, "
            "sorted({'pipeline.export.pdf_servers', 'http.client'} & set(sys.modules)))")
    for source, loaded in ((data / "examples" / "ke_hoach_nhiem_vu", "False"), (data / "2024" / "ke_hoach", "False"),
                           (data / "2024", "True")):
        result = subprocess.run([sys.executable, "-c", code, str(source), str(tmp_path / "out" / source.name)],
                                cwd=ROOT, capture_output=True, text=True)
        assert result.stdout == f"{loaded} False []\n", (source, result.stdout, result.stderr)


class _Interrupt(MetaPathFinder):
    """Ctrl+C pressed while Python imports ``module``."""

    def __init__(self, module: str):
        self.module = module

    def find_spec(self, name, path=None, target=None):
        if name == self.module:
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_a_command_loads_its_modules(monkeypatch):
    monkeypatch.delitem(sys.modules, "pipeline.render.reference", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_Interrupt("pipeline.render.reference"), *sys.meta_path])
    result = run_vanban("templates", "reference")
    assert result.exit_code == 130
    assert result.output.startswith("Lỗi: đã dừng giữa chừng theo yêu cầu (Ctrl+C")
    assert "Traceback" not in result.output


EXPLAIN_ENGLISH = re.compile(r"\b(the|is|are|of|and|below|under|upright|bold|italic|centred|lower|UPPER|line|"
                             r"not|no|each|after|between|written|own|page|body|number|entries|label)\b")
"""English words of nd30.md's tables that --explain once quoted."""


def test_explain_quotes_the_decree_in_vietnamese():
    from pipeline.check import BOOK
    english = {}
    for rule in BOOK:
        output = run_vanban("check", "--explain", rule.code).output
        quoted = next(line for line in output.splitlines() if line.startswith("Văn bản quy định: "))
        if EXPLAIN_ENGLISH.search(quoted):
            english[rule.code] = quoted
    assert english == {}
    assert run_vanban("check", "--explain", "ND30-601").output.splitlines()[4] == (
        "Văn bản quy định: «nội dung | chữ thường | cỡ 13–14 | đứng | canh đều hai lề | lùi đầu dòng 1 cm hoặc "
        "1,27 cm; khoảng cách giữa các đoạn tối thiểu 6 pt; giãn dòng từ dòng đơn đến 1,5 dòng»")


def test_the_entry_point_leaves_nothing_for_the_collection_at_exit():
    """``vanban`` collects the youngest generation every 100,000 new objects and, once the command is
    over, freezes every object: the full collection Python makes at exit then walks none of them
    (0.15 s after a yearly build; pipeline/__main__.py)."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print(gc.get_threshold(), gc.get_freeze_count() > 10_000))\n"
            "from pipeline.__main__ import run\nsys.argv = ['vanban', '--version']\nrun()")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "(100000, 10, 10) True"


def test_ctrl_c_while_python_starts_the_command(monkeypatch, capsys):
    from pipeline.__main__ import run
    monkeypatch.delitem(sys.modules, "pipeline.cli")
    monkeypatch.setattr(sys, "meta_path", [_Interrupt("pipeline.cli"), *sys.meta_path])
    with pytest.raises(SystemExit) as stop:
        run()
    assert stop.value.code == 130
    assert capsys.readouterr().err == ("Lỗi: đã dừng theo yêu cầu (Ctrl+C) trước khi lệnh bắt đầu; chưa tệp nào bị "
                                       "thay đổi\n")
