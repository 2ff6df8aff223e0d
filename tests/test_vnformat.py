"""Tests for pipeline.common.vnformat (Vietnamese writing rules, ND30).

Expected strings are written out literally; none is computed with the code under test.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.common import vnformat
from pipeline.common.vnformat import (
    FILTERS,
    format_count,
    date_line,
    deadline,
    doc_number,
    doc_ref,
    format_number,
    long_date,
    month_year,
    number_line,
    pad_day,
    pad_month,
    parse_date,
    period,
    point_letter,
    roman,
    short_date,
    short_period,
)

D = dt.date

PUBLIC_FUNCTIONS = [
    parse_date, pad_day, pad_month, date_line, long_date, short_date, month_year,
    deadline, period, short_period, doc_number, doc_ref, number_line, roman,
    point_letter, format_number,
]


# --------------------------------------------------------------------------- module contract


def test_module_imports_only_stdlib_and_babel():
    tree = ast.parse(Path(vnformat.__file__).read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    foreign = {r for r in roots if r not in sys.stdlib_module_names and r != "babel"}
    assert foreign == set()


def test_submodules_import_only_stdlib_babel_and_each_other():
    package = Path(vnformat.__file__).parent
    modules = sorted(path.stem for path in package.glob("*.py"))
    assert modules == ["__init__", "dates", "filters", "numerals", "references", "sorting", "values"]
    foreign = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            foreign.update(name for name in names if name.split(".")[0] not in sys.stdlib_module_names
                           and name.split(".")[0] != "babel" and not name.startswith("pipeline.common.vnformat."))
    assert foreign == set()


@pytest.mark.parametrize("func", PUBLIC_FUNCTIONS, ids=lambda f: f.__name__)
def test_public_function_documents_args_returns_raises_and_source(func):
    doc = inspect.getdoc(func)
    assert doc, f"{func.__name__} has no docstring"
    for section in ("Args:", "Returns:", "Raises:", "Rule:"):
        assert section in doc, f"{func.__name__}: missing {section}"
    assert "ND30" in doc or "nd30.md" in doc


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("05/02/2024", D(2024, 2, 5)),
        ("5/2/2024", D(2024, 2, 5)),
        ("05-02-2024", D(2024, 2, 5)),
        ("5.2.2024", D(2024, 2, 5)),
        ("  22/11/2023 \t", D(2023, 11, 22)),
        ("29/02/2024", D(2024, 2, 29)),
        ("31/12/2024", D(2024, 12, 31)),
        ("13/12/2024", D(2024, 12, 13)),
        ("2024-02-05", D(2024, 2, 5)),
        (" 2023-11-22 ", D(2023, 11, 22)),
    ],
)
def test_parse_date_strings_day_first_and_iso(value, expected):
    assert parse_date(value) == expected


def test_parse_date_ambiguous_string_is_read_day_first():
    # 03/04/2024 is 3 April (day first), never 4 March.
    assert parse_date("03/04/2024") == D(2024, 4, 3)


def test_parse_date_date_and_datetime():
    assert parse_date(D(2024, 2, 5)) == D(2024, 2, 5)
    result = parse_date(dt.datetime(2024, 2, 5, 23, 59))
    assert result == D(2024, 2, 5)
    assert type(result) is dt.date


def test_parse_date_duck_typed_timestamp():
    class FakeTimestamp:  # like pandas.Timestamp: has .date() and .year
        year = 2024

        def date(self):
            return dt.date(2024, 8, 20)

    assert parse_date(FakeTimestamp()) == D(2024, 8, 20)


def test_parse_date_pandas_timestamp_and_nat():
    pd = pytest.importorskip("pandas")
    result = parse_date(pd.Timestamp("2024-02-05 13:45"))
    assert result == D(2024, 2, 5)
    assert type(result) is dt.date
    with pytest.raises(ValueError, match="bỏ trống"):
        parse_date(pd.NaT)


@pytest.mark.parametrize(
    "value, words",
    [
        ("31/02/2024", "tháng 2 năm 2024 không có ngày 31"),
        ("29/02/2023", "tháng 2 năm 2023 không có ngày 29"),
        ("31/4/2024", "tháng 4 năm 2024 không có ngày 31"),
        ("0/2/2024", "ngày 0 không tồn tại"),
        ("12/31/2024", "tháng 31 không tồn tại"),
        ("2024/31/12", "năm-tháng-ngày"),
        ("2024/12/31", "năm-tháng-ngày"),
        ("2024-13-01", "tháng 13 không tồn tại"),
        ("5/2/24", "năm phải viết đủ 4 chữ số"),
        ("05/02/024", "năm phải viết đủ 4 chữ số"),
        ("05/02/20245", "năm phải viết đủ 4 chữ số"),
        ("05/02/0024", "năm 24 không hợp lệ"),
        ("abc", "không đọc được"),
        ("05/02-2024", "không đọc được"),
        ("05 02 2024", "không đọc được"),
        ("ngày 05/02/2024", "không đọc được"),
    ],
)
def test_parse_date_rejects_bad_strings_in_vietnamese(value, words):
    with pytest.raises(ValueError) as info:
        parse_date(value)
    message = str(info.value)
    assert words in message
    assert "ngày/tháng/năm" in message  # says what was expected
    assert repr(value) in message  # names the bad value


def test_parse_date_impossible_date_full_message():
    with pytest.raises(ValueError) as info:
        parse_date("31/02/2024")
    assert str(info.value) == (
        "ngày không hợp lệ: '31/02/2024' (tháng 2 năm 2024 không có ngày 31); "
        "cần dạng ngày/tháng/năm, ví dụ 05/02/2024"
    )


@pytest.mark.parametrize("value", ["", "   ", None, float("nan")])
def test_parse_date_rejects_empty(value):
    with pytest.raises(ValueError, match="ngày bị bỏ trống"):
        parse_date(value)


@pytest.mark.parametrize("value", [20240205, 45327.0, True, ["05/02/2024"]])
def test_parse_date_rejects_other_types(value):
    with pytest.raises(ValueError, match="không phải ngày"):
        parse_date(value)


# --------------------------------------------------------------------------- zero rule


@pytest.mark.parametrize(
    "day, expected",
    [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (20, "20"), (31, "31")],
)
def test_pad_day(day, expected):
    assert pad_day(day) == expected


@pytest.mark.parametrize(
    "month, expected",
    [
        (1, "01"), (2, "02"), (3, "3"), (4, "4"), (5, "5"), (6, "6"),
        (7, "7"), (8, "8"), (9, "9"), (10, "10"), (11, "11"), (12, "12"),
    ],
)
def test_pad_month(month, expected):
    assert pad_month(month) == expected


@pytest.mark.parametrize("bad", [0, 32, -1, "5", 5.0, True, None])
def test_pad_day_rejects(bad):
    with pytest.raises(ValueError, match="ngày trong tháng phải là số nguyên"):
        pad_day(bad)


@pytest.mark.parametrize("bad", [0, 13, "3", 3.0, None])
def test_pad_month_rejects(bad):
    with pytest.raises(ValueError, match="tháng phải là số nguyên từ 1 đến 12"):
        pad_month(bad)


# --------------------------------------------------------------------------- date line


@pytest.mark.parametrize(
    "date, expected",
    [
        (D(2024, 2, 5), "Thanh Hóa, ngày 05 tháng 02 năm 2024"),
        (D(2019, 6, 29), "Thanh Hóa, ngày 29 tháng 6 năm 2019"),
        (D(2024, 8, 20), "Thanh Hóa, ngày 20 tháng 8 năm 2024"),
        (D(2020, 1, 5), "Thanh Hóa, ngày 05 tháng 01 năm 2020"),
        (D(2020, 3, 5), "Thanh Hóa, ngày 05 tháng 3 năm 2020"),
        (D(2023, 11, 22), "Thanh Hóa, ngày 22 tháng 11 năm 2023"),
        (D(2024, 12, 31), "Thanh Hóa, ngày 31 tháng 12 năm 2024"),
        (D(2024, 10, 1), "Thanh Hóa, ngày 01 tháng 10 năm 2024"),
        (D(2024, 7, 10), "Thanh Hóa, ngày 10 tháng 7 năm 2024"),
        (D(2024, 9, 9), "Thanh Hóa, ngày 09 tháng 9 năm 2024"),
    ],
)
def test_date_line_examples(date, expected):
    assert date_line("Thanh Hóa", date) == expected


# Every month on day 5 and day 20: pins "days < 10 and months 1-2 only".
@pytest.mark.parametrize(
    "date, expected",
    [
        (D(2024, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2024"),
        (D(2024, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2024"),
        (D(2024, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2024"),
        (D(2024, 4, 5), "Hà Nội, ngày 05 tháng 4 năm 2024"),
        (D(2024, 5, 5), "Hà Nội, ngày 05 tháng 5 năm 2024"),
        (D(2024, 6, 5), "Hà Nội, ngày 05 tháng 6 năm 2024"),
        (D(2024, 7, 5), "Hà Nội, ngày 05 tháng 7 năm 2024"),
        (D(2024, 8, 5), "Hà Nội, ngày 05 tháng 8 năm 2024"),
        (D(2024, 9, 5), "Hà Nội, ngày 05 tháng 9 năm 2024"),
        (D(2024, 10, 5), "Hà Nội, ngày 05 tháng 10 năm 2024"),
        (D(2024, 11, 5), "Hà Nội, ngày 05 tháng 11 năm 2024"),
        (D(2024, 12, 5), "Hà Nội, ngày 05 tháng 12 năm 2024"),
        (D(2024, 1, 20), "Hà Nội, ngày 20 tháng 01 năm 2024"),
        (D(2024, 2, 20), "Hà Nội, ngày 20 tháng 02 năm 2024"),
        (D(2024, 3, 20), "Hà Nội, ngày 20 tháng 3 năm 2024"),
        (D(2024, 4, 20), "Hà Nội, ngày 20 tháng 4 năm 2024"),
        (D(2024, 5, 20), "Hà Nội, ngày 20 tháng 5 năm 2024"),
        (D(2024, 6, 20), "Hà Nội, ngày 20 tháng 6 năm 2024"),
        (D(2024, 7, 20), "Hà Nội, ngày 20 tháng 7 năm 2024"),
        (D(2024, 8, 20), "Hà Nội, ngày 20 tháng 8 năm 2024"),
        (D(2024, 9, 20), "Hà Nội, ngày 20 tháng 9 năm 2024"),
        (D(2024, 10, 20), "Hà Nội, ngày 20 tháng 10 năm 2024"),
        (D(2024, 11, 20), "Hà Nội, ngày 20 tháng 11 năm 2024"),
        (D(2024, 12, 20), "Hà Nội, ngày 20 tháng 12 năm 2024"),
    ],
)
def test_date_line_every_month_day_5_and_20(date, expected):
    assert date_line("Hà Nội", date) == expected


def test_date_line_full_place_name_and_datetime():
    assert (
        date_line("Thành phố Hồ Chí Minh", dt.datetime(2019, 6, 29, 8, 30))
        == "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"
    )


def test_date_line_strips_place_and_normalises_nfc():
    decomposed = "Thanh Ho\u0301a"  # "Hóa" typed as o + combining acute (NFD)
    result = date_line("  " + decomposed + " ", D(2024, 2, 5))
    assert result == "Thanh Hóa, ngày 05 tháng 02 năm 2024"
    assert "\u0301" not in result


def test_date_line_draft_has_six_spaces():
    result = date_line("Thanh Hóa", None, year=2024)
    assert result == "Thanh Hóa, ngày" + " " * 6 + "tháng" + " " * 6 + "năm 2024"
    assert result == "Thanh Hóa, ngày      tháng      năm 2024"


def test_date_line_draft_requires_year():
    with pytest.raises(ValueError, match="phải cho biết năm"):
        date_line("Thanh Hóa", None)


@pytest.mark.parametrize("year", [24, "2024", 0, 2024.0])
def test_date_line_draft_rejects_bad_year(year):
    with pytest.raises(ValueError, match="năm phải là số nguyên có 4 chữ số"):
        date_line("Thanh Hóa", None, year)


def test_date_line_year_must_match_date():
    assert date_line("Thanh Hóa", D(2024, 2, 5), 2024) == "Thanh Hóa, ngày 05 tháng 02 năm 2024"
    with pytest.raises(ValueError, match="không khớp"):
        date_line("Thanh Hóa", D(2024, 2, 5), 2023)


@pytest.mark.parametrize("place", ["", "   ", None])
def test_date_line_rejects_empty_place(place):
    with pytest.raises(ValueError, match="địa danh không được để trống"):
        date_line(place, D(2024, 2, 5))


def test_date_line_rejects_unparsed_string_date():
    with pytest.raises(ValueError, match="parse_date"):
        date_line("Thanh Hóa", "05/02/2024")


# --------------------------------------------------------------------------- other date forms


@pytest.mark.parametrize(
    "date, expected",
    [
        (D(2023, 11, 20), "ngày 20 tháng 11 năm 2023"),
        (D(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (D(2004, 4, 8), "ngày 08 tháng 4 năm 2004"),
        (D(2010, 2, 8), "ngày 08 tháng 02 năm 2010"),
        (D(2015, 6, 19), "ngày 19 tháng 6 năm 2015"),
    ],
)
def test_long_date(date, expected):
    assert long_date(date) == expected


@pytest.mark.parametrize(
    "date, expected",
    [
        (D(2023, 11, 22), "22/11/2023"),
        (D(2024, 3, 29), "29/3/2024"),
        (D(2024, 1, 10), "10/01/2024"),
        (D(2012, 11, 1), "01/11/2012"),
        (D(2024, 5, 18), "18/5/2024"),
        (D(2020, 3, 5), "05/3/2020"),
        (D(2024, 2, 29), "29/02/2024"),
        (D(2026, 5, 17), "17/5/2026"),
        (D(2024, 8, 9), "09/8/2024"),
    ],
)
def test_short_date(date, expected):
    assert short_date(date) == expected


@pytest.mark.parametrize(
    "date, expected",
    [
        (D(2024, 4, 15), "tháng 4/2024"),
        (D(2024, 1, 31), "tháng 01/2024"),
        (D(2024, 2, 1), "tháng 02/2024"),
        (D(2024, 8, 1), "tháng 8/2024"),
        (D(2024, 12, 1), "tháng 12/2024"),
    ],
)
def test_month_year(date, expected):
    assert month_year(date) == expected


@pytest.mark.parametrize(
    "date, expected",
    [
        (D(2024, 5, 18), "trước 18/5/2024"),
        (D(2024, 1, 5), "trước 05/01/2024"),
        (D(2024, 10, 31), "trước 31/10/2024"),
    ],
)
def test_deadline(date, expected):
    assert deadline(date) == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2024, 4, 21), D(2024, 5, 19), "từ ngày 21/4/2024 đến ngày 19/5/2024"),
        (D(2024, 1, 2), D(2024, 2, 9), "từ ngày 02/01/2024 đến ngày 09/02/2024"),
        (D(2023, 12, 20), D(2024, 1, 5), "từ ngày 20/12/2023 đến ngày 05/01/2024"),
        (D(2024, 5, 15), D(2024, 5, 15), "từ ngày 15/5/2024 đến ngày 15/5/2024"),
    ],
)
def test_period(start, end, expected):
    assert period(start, end) == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2024, 5, 15), D(2024, 5, 19), "từ 15/5-19/5/2024"),
        (D(2023, 12, 20), D(2024, 1, 5), "từ 20/12/2023-05/01/2024"),
        (D(2024, 1, 5), D(2024, 2, 9), "từ 05/01-09/02/2024"),
        (D(2024, 4, 21), D(2024, 5, 19), "từ 21/4-19/5/2024"),
        (D(2024, 3, 1), D(2024, 3, 1), "từ 01/3-01/3/2024"),
    ],
)
def test_short_period(start, end, expected):
    assert short_period(start, end) == expected


@pytest.mark.parametrize("func", [period, short_period])
def test_periods_reject_end_before_start(func):
    with pytest.raises(ValueError) as info:
        func(D(2024, 5, 19), D(2024, 5, 15))
    assert str(info.value) == "ngày kết thúc 15/5/2024 đứng trước ngày bắt đầu 19/5/2024"


@pytest.mark.parametrize("func", [long_date, short_date, month_year, deadline])
@pytest.mark.parametrize("bad", ["22/11/2023", None, 20231122])
def test_date_functions_reject_non_dates(func, bad):
    with pytest.raises(ValueError, match="phải là một giá trị ngày"):
        func(bad)


# --------------------------------------------------------------------------- numbers and symbols


@pytest.mark.parametrize(
    "number, expected",
    [
        (5, "05"), ("5", "05"), ("05", "05"), (" 5 ", "05"), ("005", "05"),
        (1, "01"), (9, "09"), (10, "10"), (123, "123"), ("17713", "17713"),
    ],
)
def test_doc_number(number, expected):
    assert doc_number(number) == expected


def test_doc_number_accepts_numpy_integer():
    np = pytest.importorskip("numpy")
    assert doc_number(np.int64(7)) == "07"


@pytest.mark.parametrize("bad", [0, "0", "00", -5, "-5", "5a", "", "  ", "5.0", 5.0, True, None, "５"])
def test_doc_number_rejects(bad):
    with pytest.raises(ValueError, match="số văn bản phải"):
        doc_number(bad)


@pytest.mark.parametrize(
    "number, symbol, expected",
    [
        (5, "KH-SKHCN", "05/KH-SKHCN"),
        ("05", "KH-SKHCN", "05/KH-SKHCN"),
        ("17713", "UBND-NN", "17713/UBND-NN"),
        (15, "QĐ-BNV", "15/QĐ-BNV"),
        (3, "QyĐ-UBND", "03/QyĐ-UBND"),
        (12, "SY", "12/SY"),
        (166, " KH-UBND ", "166/KH-UBND"),
    ],
)
def test_doc_ref(number, symbol, expected):
    assert doc_ref(number, symbol) == expected


@pytest.mark.parametrize("number", [None, "", "   ", float("nan")])
def test_doc_ref_draft(number):
    assert doc_ref(number, "KH-SKHCN") == "      /KH-SKHCN"
    assert doc_ref(number, "KH-SKHCN") == " " * 6 + "/KH-SKHCN"


@pytest.mark.parametrize("symbol", ["KH - SKHCN", "KH -SKHCN", "KH- SKHCN", "KH SKHCN", "KH-\tSKHCN"])
def test_doc_ref_rejects_symbol_with_spaces(symbol):
    with pytest.raises(ValueError, match="không được có dấu cách"):
        doc_ref(5, symbol)


@pytest.mark.parametrize("symbol", ["KH–SKHCN", "/KH-SKHCN", "KH--SKHCN", "-KH", "KH-", "KH/SKHCN", "KH.SKHCN"])
def test_doc_ref_rejects_malformed_symbol(symbol):
    with pytest.raises(ValueError, match="ký hiệu văn bản không hợp lệ"):
        doc_ref(5, symbol)


@pytest.mark.parametrize("symbol", ["", "   ", None])
def test_doc_ref_rejects_empty_symbol(symbol):
    with pytest.raises(ValueError, match="ký hiệu văn bản không được để trống"):
        doc_ref(5, symbol)


def test_doc_ref_rejects_bad_number():
    with pytest.raises(ValueError, match="số văn bản phải"):
        doc_ref("5a", "KH-SKHCN")


@pytest.mark.parametrize(
    "number, symbol, expected",
    [
        (5, "KH-SKHCN", "Số: 05/KH-SKHCN"),
        ("17713", "UBND-NN", "Số: 17713/UBND-NN"),
        (12, "UBND-VX", "Số: 12/UBND-VX"),
        (None, "KH-SKHCN", "Số:      /KH-SKHCN"),
        ("", "BC-SKHCN", "Số:      /BC-SKHCN"),
    ],
)
def test_number_line(number, symbol, expected):
    assert number_line(number, symbol) == expected


def test_number_line_draft_exact_spacing():
    assert number_line(None, "KH-SKHCN") == "Số:" + " " * 6 + "/KH-SKHCN"


def test_number_line_rejects_symbol_with_spaces():
    with pytest.raises(ValueError, match="không được có dấu cách"):
        number_line(None, "KH - SKHCN")


# --------------------------------------------------------------------------- roman and điểm


@pytest.mark.parametrize(
    "n, expected",
    [
        (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (9, "IX"),
        (10, "X"), (14, "XIV"), (19, "XIX"), (40, "XL"), (44, "XLIV"), (90, "XC"),
        (400, "CD"), (900, "CM"), (1999, "MCMXCIX"), (2024, "MMXXIV"), (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, expected):
    assert roman(n) == expected


@pytest.mark.parametrize("bad", [0, -1, 4000, 1.0, "4", True, None])
def test_roman_rejects(bad):
    with pytest.raises(ValueError, match="số La Mã chỉ viết được"):
        roman(bad)


def test_point_letters_full_sequence():
    letters = [point_letter(n) for n in range(1, 24)]
    assert letters == [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
        "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
    ]
    assert not {"f", "j", "w", "z"} & set(letters)


@pytest.mark.parametrize("n, expected", [(1, "a"), (4, "d"), (5, "đ"), (6, "e"), (7, "g"), (23, "y")])
def test_point_letter(n, expected):
    assert point_letter(n) == expected


@pytest.mark.parametrize("bad", [0, 24, -1, "1", 1.0, None])
def test_point_letter_rejects(bad):
    with pytest.raises(ValueError, match="thứ tự điểm phải là số nguyên"):
        point_letter(bad)


# --------------------------------------------------------------------------- format_number


@pytest.mark.parametrize(
    "x, expected",
    [
        (1234567.5, "1.234.567,5"),
        (1250000000, "1.250.000.000"),
        (0, "0"),
        (5.0, "5"),
        (1.27, "1,27"),
        (-1234.5, "-1.234,5"),
        (999, "999"),
        (1000, "1.000"),
        (Decimal("1234.50"), "1.234,5"),
        (12345.6789, "12.345,679"),
        (0.1 + 0.2, "0,3"),
    ],
)
def test_format_number_default(x, expected):
    assert format_number(x) == expected


@pytest.mark.parametrize(
    "x, decimals, expected",
    [
        (3.14159, 2, "3,14"),
        (5, 2, "5,00"),
        (1234.5, 2, "1.234,50"),
        (1234567.891, 0, "1.234.568"),
        (2.5, 0, "3"),
        (1.005, 2, "1,01"),
        (-0.001, 2, "0,00"),
        (1.5, 1, "1,5"),
    ],
)
def test_format_number_decimals(x, decimals, expected):
    assert format_number(x, decimals=decimals) == expected


def test_format_number_numpy_values():
    np = pytest.importorskip("numpy")
    assert format_number(np.int64(1250000000)) == "1.250.000.000"
    assert format_number(np.float64(1234.5)) == "1.234,5"


def test_format_number_large_value():
    assert format_number(1e30) == "1.000.000.000.000.000.000.000.000.000.000"


@pytest.mark.parametrize("bad", ["1.234", None, True, float("nan"), float("inf"), [1]])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises(ValueError) as info:
        format_number(bad)
    message = str(info.value)
    assert "cần một số" in message or "không định dạng được" in message


@pytest.mark.parametrize("bad", [-1, 1.5, "2"])
def test_format_number_rejects_bad_decimals(bad):
    with pytest.raises(ValueError, match="số chữ số thập phân"):
        format_number(1.5, decimals=bad)


@pytest.mark.parametrize("n, two_digits, text", [
    (0, True, "0"), (1, True, "01"), (9, True, "09"), (10, True, "10"), (1469, True, "1.469"),
    (1, False, "1"), (1469, False, "1.469"),
])
def test_format_count_writes_two_digits_below_ten_when_asked(n, two_digits, text):
    assert format_count(n, two_digits) == text


def test_format_count_kept_texts_are_each_numbers_own():
    """Counts are kept once written (a report writes the same ones thousands of times): each
    number, of any integer type, still gets its own text, recomputed here digit by digit."""
    import numpy

    def grouped(n: int) -> str:
        digits = str(n)
        head = len(digits) % 3 or 3
        return ".".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])

    numbers = [0, 7, 999, 1000, 1469, 1470, 65536, 1234567, 10**12 + 1]
    for _ in range(2):  # the second time from what was kept
        for n in numbers:
            assert format_count(n) == grouped(n) == format_count(numpy.int64(n)) == format_count(float(n))
            assert format_count(n, True) == (f"0{n}" if 0 < n < 10 else grouped(n))
    assert format_number(7.5) == "7,5" and format_count(7) == "7" and format_number(1469.25) == "1.469,25"


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_format_count_refuses_what_is_not_a_count(bad):
    with pytest.raises(ValueError, match="số đếm"):
        format_count(bad, True)


# --------------------------------------------------------------------------- Jinja filters


def test_filters_names():
    assert set(FILTERS) == {
        "date_line", "long_date", "short_date", "month_year", "deadline", "period",
        "short_period", "doc_ref", "number_line", "roman", "point_letter", "number", "count",
    }
    assert FILTERS["number"] is format_number
    assert FILTERS["roman"] is roman
    assert FILTERS["point_letter"] is point_letter


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("short_date", ("22/11/2023",), "22/11/2023"),
        ("short_date", ("2024-03-29",), "29/3/2024"),
        ("short_date", (dt.datetime(2024, 1, 10, 9, 0),), "10/01/2024"),
        ("long_date", ("5/2/2024",), "ngày 05 tháng 02 năm 2024"),
        ("month_year", ("01.01.2024",), "tháng 01/2024"),
        ("deadline", ("18-5-2024",), "trước 18/5/2024"),
        ("period", ("21/4/2024", D(2024, 5, 19)), "từ ngày 21/4/2024 đến ngày 19/5/2024"),
        ("short_period", ("15/5/2024", "19/5/2024"), "từ 15/5-19/5/2024"),
        ("date_line", ("Thanh Hóa", "05/02/2024"), "Thanh Hóa, ngày 05 tháng 02 năm 2024"),
        ("date_line", ("Thanh Hóa", None, 2024), "Thanh Hóa, ngày      tháng      năm 2024"),
        ("date_line", ("Thanh Hóa", "", 2024), "Thanh Hóa, ngày      tháng      năm 2024"),
        ("doc_ref", (5, "KH-SKHCN"), "05/KH-SKHCN"),
        ("number_line", (None, "KH-SKHCN"), "Số:      /KH-SKHCN"),
        ("roman", (4,), "IV"),
        ("point_letter", (5,), "đ"),
        ("number", (1234567.5,), "1.234.567,5"),
    ],
)
def test_filters_called_directly(name, args, expected):
    assert FILTERS[name](*args) == expected


@pytest.mark.parametrize("name", ["short_date", "long_date", "month_year", "deadline"])
def test_date_filters_raise_vietnamese_on_bad_dates(name):
    with pytest.raises(ValueError, match="ngày không hợp lệ"):
        FILTERS[name]("12/31/2024")


def test_filters_in_jinja_template():
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ place|date_line(issued) }}|{{ number|number_line('KH-SKHCN') }}|"
        "{{ '22/11/2023'|short_date }}|{{ start|short_period(end) }}|"
        "{{ 3|roman }}. {{ 5|point_letter }})|{{ budget|number }}"
    )
    rendered = template.render(
        place="Thanh Hóa", issued="05/02/2024", number=None,
        start="15/5/2024", end=D(2024, 5, 19), budget=1250000000,
    )
    assert rendered == (
        "Thanh Hóa, ngày 05 tháng 02 năm 2024|Số:      /KH-SKHCN|22/11/2023|"
        "từ 15/5-19/5/2024|III. đ)|1.250.000.000"
    )


# --------------------------------------------------------------------------- sort_key

def test_sort_key_follows_the_vietnamese_alphabet_not_code_points():
    names = ["Vĩnh Lộc", "Ưng Hòa", "Uông Bí", "Eo Gió", "Đông Sơn", "Dương Kinh", "Ông Ích Khiêm",
             "Ơn Trời", "Ong Vàng", "Pác Bó", "Ăn Quán", "Âu Lạc", "An Phú", "Bá Thước"]
    assert sorted(names, key=vnformat.sort_key) == [
        "An Phú", "Ăn Quán", "Âu Lạc", "Bá Thước", "Dương Kinh", "Đông Sơn", "Eo Gió", "Ong Vàng",
        "Ông Ích Khiêm", "Ơn Trời", "Pác Bó", "Uông Bí", "Ưng Hòa", "Vĩnh Lộc"]
    # what plain code-point order gets wrong
    assert sorted(["Đông", "Eo"]) == ["Eo", "Đông"]
    assert sorted(["Đông", "Eo"], key=vnformat.sort_key) == ["Đông", "Eo"]


def test_sort_key_uses_tones_only_to_break_ties():
    assert sorted(["bạ", "bá", "bã", "bả", "bà", "ba"], key=vnformat.sort_key) == [
        "ba", "bà", "bả", "bã", "bá", "bạ"]
    # a tone never outranks a later letter: "bá" < "bac"
    assert sorted(["bac", "bá"], key=vnformat.sort_key) == ["bá", "bac"]
    assert sorted(["Hà Trung", "Hạ Long", "Ha Tien"], key=vnformat.sort_key) == [
        "Hạ Long", "Ha Tien", "Hà Trung"]


def test_sort_key_is_the_same_for_nfc_and_nfd_and_puts_shorter_and_digits_first():
    import unicodedata
    assert vnformat.sort_key(unicodedata.normalize("NFD", "Thiệu Hóa")) == vnformat.sort_key("Thiệu Hóa")
    assert sorted(["Phường 10", "Phường 2", "Phường", "Phường A"], key=vnformat.sort_key) == [
        "Phường", "Phường 2", "Phường 10", "Phường A"]
