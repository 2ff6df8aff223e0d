"""The Jinja sandbox templates are rendered in, with a time and a size budget.

Jinja's own sandbox stops a template from reaching Python internals, but not from
asking for unbounded work: ``{{ 9**(9**9) }}``, ``{{ 'a' * 10**9 }}``,
``range(10**9)``, a loop inside a loop inside a loop, or a join that builds
gigabytes. :class:`BoundedSandbox` refuses such requests before doing them, and
stops a render that runs longer than :data:`RENDER_SECONDS` or writes more than
:data:`MAX_OUTPUT_CHARS` characters, with a Vietnamese :class:`RenderLimit`.

How the time limit works, and why this way: Windows has no ``SIGALRM`` and Python
cannot stop a thread from outside, so a watchdog thread could report a timeout but
would leave the runaway render using the processor until the program ends. Instead
the budget is checked *cooperatively* at every step a template can repeat: each
iteration of every ``{% for %}`` loop (the loop's iterable is wrapped when the
template is compiled), every call (functions, methods, macros), every filter,
every intercepted operator, every attribute or item lookup and every chunk of
output. Between two checks a template can only run one builtin operation on
values the size checks have already bounded, so the limit holds on every platform
and nothing keeps running after the error.
"""

from __future__ import annotations

import functools
import re
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError

from pipeline.common.vnformat import format_number

RENDER_SECONDS = 30.0
"""Wall-clock seconds one document's rendering may take (all its parts together)."""

MAX_OUTPUT_CHARS = 20_000_000
"""Characters of XML one document's rendering may produce (a real plan makes about 300,000)."""

MAX_VALUE_CHARS = MAX_OUTPUT_CHARS
"""Length a string made inside a template may reach."""

MAX_ITEMS = 1_000_000
"""Items a list, tuple, dict or set made inside a template may hold (every unit of the
country is a few thousand; a list item may itself be large, so the bound is lower than
for strings)."""

MAX_INT_BITS = 4096
"""Size of an integer a template may compute (10**1000 has 3,322 bits)."""

LOOP_FILTER = "vanban_loop_guard"
"""The filter wrapped around every ``{% for %}`` iterable at compile time (not for template authors)."""

_REVIEW = "hãy xem lại thẻ này trong mẫu"
_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_NUMBER = re.compile(r"\d+")


class RenderLimit(SecurityError):
    """A template asked for more work than one document may take.

    Attributes:
        message: what was refused, in Vietnamese.
        lineno: the line of the rendered template source (docxtpl puts each
            paragraph on its own line), ``None`` when unknown.
    """

    def __init__(self, message: str, lineno: int | None = None):
        super().__init__(message)
        self.lineno = lineno


class Budget:
    """Time and output of one document's rendering.

    The clock starts at the first check, so creating an environment early costs nothing.
    """

    def __init__(self, seconds: float, output_chars: int):
        self.seconds = seconds
        self.output_chars = output_chars
        self.deadline: float | None = None
        self.written = 0

    def tick(self) -> None:
        """Raise :class:`RenderLimit` when the time is up."""
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.seconds
        elif now > self.deadline:
            raise _limit(f"điền mẫu quá {format_number(self.seconds)} giây (mẫu có vòng lặp hay phép tính "
                         f"quá lớn); {_REVIEW}")

    def output(self, chunks: Iterable[str]) -> Iterator[str]:
        """Pass ``chunks`` through, counting characters against the output limit."""
        for chunk in chunks:
            self.tick()
            self.written += len(chunk)
            if self.written > self.output_chars:
                raise RenderLimit(f"mẫu sinh ra quá {format_number(self.output_chars)} ký tự cho một văn bản "
                                  f"(thường do vòng lặp hay phép nhân chuỗi); {_REVIEW}", _generator_line(chunks))
            yield chunk

    def items(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Pass the items of ``iterable`` through, checking the time at each one."""
        for item in iterable:
            self.tick()
            yield item


def _current_line() -> int | None:
    """The template line being rendered, from the innermost template frame on the stack."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _generator_line(generator: Any) -> int | None:
    """The template line a suspended render generator (or the one it delegates to) stopped at."""
    line = None
    while generator is not None and getattr(generator, "gi_frame", None) is not None:
        template = generator.gi_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(generator.gi_frame.f_lineno)
        generator = getattr(generator, "gi_yieldfrom", None)
    return line


def _limit(message: str) -> RenderLimit:
    return RenderLimit(message, _current_line())


def _size_limit(value: Any) -> int:
    """The largest length ``value``'s kind may have: :data:`MAX_VALUE_CHARS` for text, :data:`MAX_ITEMS` else."""
    return MAX_VALUE_CHARS if isinstance(value, (str, bytes)) else MAX_ITEMS


def _weight(value: Any) -> int:
    """How much ``value`` holds, one level deep: a list of ``[a]`` where ``a`` has a million
    items weighs a million and one, so repeating it is bounded like repeating ``a`` itself
    (nested repetition would otherwise build structures whose printing or comparison has
    no bound on time or memory)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    return len(value) + sum(len(item) for item in value if isinstance(item, _SIZED))


def _check_size(value: Any) -> Any:
    """``value``, refused when it is a string or collection beyond its limit (:func:`_size_limit`)."""
    if isinstance(value, _SIZED) and len(value) > _size_limit(value):
        raise _limit(f"mẫu tạo ra một giá trị dài {format_number(len(value))} (quá giới hạn "
                     f"{format_number(_size_limit(value))}); {_REVIEW}")
    return value


def _check_int(value: Any) -> None:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise _limit(f"mẫu tính ra một số quá lớn (hơn {MAX_INT_BITS} bit); {_REVIEW}")


def _too_big(what: str, limit: int = MAX_VALUE_CHARS) -> RenderLimit:
    return _limit(f"mẫu yêu cầu {what} quá lớn (giới hạn {format_number(limit)} ký tự hay phần tử "
                  f"cho một giá trị); {_REVIEW}")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        if exponent * abs(base).bit_length() > MAX_INT_BITS + 1:
            raise _too_big_number()


def _too_big_number() -> RenderLimit:
    return _limit(f"mẫu yêu cầu một lũy thừa hay phép nhân cho số quá lớn (hơn {MAX_INT_BITS} bit); "
                  "hãy xem lại phép tính trong thẻ này")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise _too_big_number()
        return
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, _SIZED) and isinstance(count, int) \
                and _weight(sequence) * max(count, 0) > _size_limit(sequence):
            raise _too_big("một chuỗi hay danh sách nhân lên", _size_limit(sequence))


def _check_sum(left: Any, right: Any) -> None:
    if isinstance(left, _SIZED) and isinstance(right, _SIZED) and _weight(left) + _weight(right) > _size_limit(left):
        raise _too_big("một chuỗi hay danh sách nối lại", _size_limit(left))


def _check_sum_start(start: Any) -> None:
    """The ``sum`` filter adds numbers only: a list or string ``start`` would make it join
    values with no bound on time or memory (``b|sum(start=[])``)."""
    if isinstance(start, bool) or not isinstance(start, (int, float, Decimal)):
        raise _limit(f"bộ lọc sum chỉ cộng các số (start phải là một số, đang là {type(start).__name__}); {_REVIEW}")


def _check_percent(text: Any, arguments: Any) -> None:
    """``'%0999999999d' % 1`` or ``'%*d' % (10**9, 1)``: refuse widths beyond the value limit."""
    if not isinstance(text, str):
        return
    values = arguments if isinstance(arguments, tuple) else (arguments,)
    for spec in _PERCENT_SPEC.finditer(text):
        for part in spec.groups():
            if part == "*" and any(isinstance(v, int) and v > MAX_VALUE_CHARS for v in values):
                raise _too_big("độ rộng khi định dạng chuỗi")
            if part and part.isdigit() and int(part) > MAX_VALUE_CHARS:
                raise _too_big("độ rộng khi định dạng chuỗi")


def _check_arguments(args: tuple, kwargs: dict) -> None:
    """A number given to a function or filter (width, count, fill) is bounded like a value's length."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE_CHARS:
            raise _too_big("một độ dài hay số lần lặp")


def _check_join(separator: Any, items: Any) -> list:
    """The items of a join, materialised one at a time so that the result's length is known first."""
    total, kept = 0, []
    step = len(separator) if isinstance(separator, str) else 0
    for item in items:
        total += len(str(item)) + step
        if total > MAX_VALUE_CHARS:
            raise _too_big("một chuỗi nối lại (join)")
        kept.append(item)
    return kept


def _check_replace(text: Any, old: Any, new: Any, count: int = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old) if count is None or count < 0 else min(count, text.count(old))
        if len(text) + times * (len(new) - len(old)) > MAX_VALUE_CHARS:
            raise _too_big("một chuỗi thay thế (replace)")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the limits of this module.

    Operators ``**``, ``*``, ``+`` and ``%`` are checked before they run; ``range``
    is limited to Jinja's :data:`jinja2.sandbox.MAX_RANGE` items; every filter and
    call is checked (numbers used as widths or counts, joins, replacements) and its
    result's size bounded; ``lipsum`` (placeholder text) is not available. Each
    environment has one :class:`Budget`: use a new environment, or :meth:`restart`, per document.

    Args:
        seconds: the time budget (default :data:`RENDER_SECONDS`).
        output_chars: the output budget (default :data:`MAX_OUTPUT_CHARS`).
        **options: passed to Jinja's environment (autoescape, undefined …).
    """

    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, seconds: float | None = None, output_chars: int | None = None, **options: Any):
        super().__init__(**options)
        self.budget = Budget(RENDER_SECONDS if seconds is None else seconds,
                             MAX_OUTPUT_CHARS if output_chars is None else output_chars)
        self.template_class = _BoundedTemplate
        self._compiled: dict[tuple, Any] = {}
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.filters = {name: self._bounded_filter(name, function) for name, function in self.filters.items()}
        self.filters[LOOP_FILTER] = jinja2.pass_environment(lambda env, value: env.budget.items(value))

    def restart(self) -> None:
        """A new :class:`Budget` for the next document; templates compiled so far are kept."""
        self.budget = Budget(self.budget.seconds, self.budget.output_chars)

    def _range(self, *args: int) -> range:
        self.budget.tick()
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise _limit(f"range(…) trong mẫu có {format_number(len(numbers))} số, quá giới hạn "
                         f"{format_number(MAX_RANGE)}; {_REVIEW}")
        return numbers

    def _bounded_filter(self, name: str, function: Any) -> Any:
        @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.budget.tick()
            passed = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
            value, extra = (args[passed], args[passed + 1:]) if len(args) > passed else (None, ())
            _check_arguments(extra, kwargs)
            if name == "join":
                args = (*args[:passed], _check_join(extra[0] if extra else kwargs.get("d", ""), value), *extra)
            elif name == "replace":
                _check_replace(value, *extra[:3], **{k: v for k, v in kwargs.items() if k == "count"})
            elif name == "format":
                _check_percent(value, tuple(extra))
            elif name == "sum":
                _check_sum_start(kwargs.get("start", extra[1] if len(extra) > 1 else 0))
            return _check_size(function(*args, **kwargs))
        return bounded

    def add_filters(self, filters: dict[str, Any]) -> None:
        """Add ``filters`` (e.g. :data:`pipeline.common.vnformat.FILTERS`) under the same checks."""
        for name, function in filters.items():
            self.filters[name] = self._bounded_filter(name, function)

    def compile(self, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> Any:
        """Compile like Jinja, after wrapping every ``{% for %}`` iterable in :data:`LOOP_FILTER`.

        The code compiled from a source text is kept: a template filled for each of
        thousands of recipients is compiled once (Jinja caches only loader templates).
        """
        key = (source, name, filename, raw, defer_init) if isinstance(source, str) else None
        if key is not None and key in self._compiled:
            return self._compiled[key]
        code = self._compile_bounded(source, name, filename, raw, defer_init)
        if key is not None:
            self._compiled[key] = code
        return code

    def _compile_bounded(self, source: Any, name: str | None, filename: str | None, raw: bool, defer_init: bool) -> Any:
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        for loop in source.find_all(nodes.For):
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == LOOP_FILTER):
                loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Run ``left operator right`` after checking that its result stays within the limits."""
        self.budget.tick()
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "+":
            _check_sum(left, right)
        elif operator == "%":
            _check_percent(left, right)
        result = super().call_binop(context, operator, left, right)
        _check_int(result)
        return _check_size(result)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        """Call ``__obj`` after the sandbox's checks and this module's (numbers, join, replace)."""
        __self.budget.tick()
        _check_arguments(args, kwargs)
        target = getattr(__obj, "__self__", None)
        method = getattr(__obj, "__name__", "")
        if isinstance(target, str):
            if method == "join" and args:
                args = (_check_join(target, args[0]),)
            elif method == "replace":
                _check_replace(target, *args[:3])
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Any:
        """Jinja's sandboxed ``str.format``, refused when the text asks for a width beyond the limit."""
        target = getattr(value, "__self__", None)
        if isinstance(target, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            if any(int(n) > MAX_VALUE_CHARS for n in _FORMAT_NUMBER.findall(target)):
                raise _too_big("độ rộng khi định dạng chuỗi")
        return super().wrap_str_format(value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Look up an attribute (sandboxed), checking the time and the value's size."""
        self.budget.tick()
        return _check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Look up an item (sandboxed), checking the time and the value's size."""
        self.budget.tick()
        return _check_size(super().getitem(obj, argument))


class _BoundedTemplate(jinja2.Template):
    """A template whose output goes through its environment's :class:`Budget`.

    Any other error raised while rendering (``1/0``, a float overflow, recursion
    without end) becomes a :class:`jinja2.TemplateRuntimeError` carrying the
    template line, so that it is reported like Jinja's own errors.
    """

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        try:
            return self.environment.concat(self.environment.budget.output(self.root_render_func(context)))
        except jinja2.TemplateError:
            self.environment.handle_exception()
        except Exception as exc:  # anything a template expression can raise in Python
            line = None
            traceback = exc.__traceback__
            while traceback is not None:
                template = traceback.tb_frame.f_globals.get("__jinja_template__")
                if template is not None:
                    line = template.get_corresponding_lineno(traceback.tb_lineno)
                traceback = traceback.tb_next
            error = jinja2.TemplateRuntimeError(f"{type(exc).__name__}: {exc}")
            error.lineno = line
            raise error from None

