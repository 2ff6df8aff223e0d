"""click in Vietnamese: the usage line, help headings and usage errors the clerk sees.

click marks every text it prints with gettext (``_("Usage:")``, ``ngettext("Got unexpected
extra argument ({args})", …)``); :func:`install` points those hooks of click's modules at
:class:`Vietnamese`, a :class:`gettext.NullTranslations` whose catalog is :data:`CATALOG`
(a text not in it stays as click wrote it). The metavars click builds from type names
(``TEXT``, ``PATH``, ``[OPTIONS]``) are renamed by :class:`VanbanFormatter`, which
:class:`VanbanGroup` and :class:`VanbanCommand` use for every command.

A new command needs nothing of this module: ``@main.command(...)`` / ``@units.command(...)``
already make a :class:`VanbanCommand`.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Sequence
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

CATALOG = {
    # headings, usage line, help option
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "In hướng dẫn này rồi thôi.",
    "Show the version and exit.": "In phiên bản rồi thôi.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc chạy)",
    "deprecated": "không nên dùng nữa",
    # usage errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn {name}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Did you mean {possibility}?": "Có phải là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải là một trong: {possibilities}?)",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ của {param_hint}: {message}",
    "Got unexpected extra argument ({args})": "Thừa tham số không dùng đến ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số không dùng đến ({args})",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "Invalid start character for option ({option})": "Tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong: {choices}.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải một số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải giá trị đúng/sai; các giá trị nhận được: {states}",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng các dạng {formats}.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "Không có {name} {filename!r}.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {name} {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "Aborted!": "Đã dừng.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
}
"""click's English text → what the clerk reads (click ≥ 8.1; a text click adds later stays English
until it is added here — tests/test_cli_vietnamese.py runs every command to catch it)."""

METAVARS = {
    "[OPTIONS]": "[TÙY_CHỌN]",
    "COMMAND [ARGS]...": "LỆNH [THAM_SỐ]...",
    "TEXT": "CHỮ",
    "PATH": "ĐƯỜNG_DẪN",
    "ĐƯỜNG DẪN": "ĐƯỜNG_DẪN",  # click.Path names itself with the translated "path"
    "THƯ MỤC": "THƯ_MỤC",
    "FILE": "TỆP",
    "DIRECTORY": "THƯ_MỤC",
    "INTEGER": "SỐ",
    "FLOAT": "SỐ",
    "BOOLEAN": "ĐÚNG_SAI",
}
"""Metavars click makes from its type names → Vietnamese ones."""

_METAVAR = re.compile(r"(?<![\w\[])(" + "|".join(re.escape(k) for k in sorted(METAVARS, key=len, reverse=True)
                                                   if not k.startswith(("[", "COMMAND"))) + r")(?![\w])")


class Vietnamese(gettext.NullTranslations):
    """click's gettext catalog in Vietnamese (:data:`CATALOG`)."""

    def gettext(self, message: str) -> str:
        """``message`` in Vietnamese, or as given when the catalog lacks it."""
        return CATALOG.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The singular (``n == 1``) or plural text in Vietnamese."""
        return self.gettext(msgid1 if n == 1 else msgid2)


def install() -> None:
    """Point the gettext hooks of click's modules (``_`` and ``ngettext``) at :class:`Vietnamese`.

    Affects every click command in this process (vanban is the only one in the console
    script). Calling it again changes nothing.
    """
    translations = Vietnamese()
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = translations.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = translations.ngettext


def vietnamese_metavars(text: str) -> str:
    """``text`` with click's type metavars (``TEXT``, ``PATH`` …) in Vietnamese (:data:`METAVARS`)."""
    return _METAVAR.sub(lambda match: METAVARS[match.group(1)], text)


class VanbanFormatter(click.HelpFormatter):
    """click's help formatter with Vietnamese metavars in the usage line and option list."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line (``Cách dùng: vanban build [TÙY_CHỌN] DỮ_LIỆU``)."""
        super().write_usage(prog, vietnamese_metavars(args), prefix)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """The option list, its first column's metavars in Vietnamese."""
        super().write_dl([(vietnamese_metavars(term), text) for term, text in rows], col_max, col_spacing)


class VanbanContext(click.Context):
    """A click context that formats help with :class:`VanbanFormatter`."""

    formatter_class = VanbanFormatter


class VanbanCommand(click.Command):
    """A command with Vietnamese help (``[TÙY_CHỌN]``) and usage errors."""

    context_class = VanbanContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", METAVARS["[OPTIONS]"])
        super().__init__(*args, **kwargs)


class VanbanGroup(click.Group):
    """A command group whose commands and sub-groups are :class:`VanbanCommand`/:class:`VanbanGroup`.

    Ctrl+C anywhere in a command, its imports included, ends with the clerk's message and
    exit code 130 instead of click's ``Aborted!`` and exit code 1.
    """

    context_class = VanbanContext
    command_class = VanbanCommand
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", METAVARS["[OPTIONS]"])
        kwargs.setdefault("subcommand_metavar", METAVARS["COMMAND [ARGS]..."])
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; Ctrl+C prints :data:`INTERRUPTED` and exits with code 130."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            interrupted()


INTERRUPTED = ("Lỗi: đã dừng giữa chừng theo yêu cầu (Ctrl+C hoặc lệnh dừng); các tệp kết quả giữ bản cũ "
               "hoặc đã thay trọn bản mới, mỗi PDF vẫn khớp với .docx của nó; chạy lại để hoàn tất")
"""What an interrupted command prints (exit code 130)."""


def interrupted() -> None:
    """Print :data:`INTERRUPTED` on stderr and exit with code 130 (Ctrl+C, SIGTERM)."""
    click.echo(INTERRUPTED, err=True)
    sys.exit(130)

