"""The two bundled 2024 results reports (the table report and the narrative report by
activity kind) built from the same responses: every figure they print equals a
recomputation made here from the returned files with openpyxl and csv directly (not
through the pipeline's reader or aggregation)."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from conftest import FIXTURES, copy_data, run_vanban
from test_report import tables

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE_REPORT = "bao-cao_du-thao_bc-skhcn_2024.docx"
NARRATIVE_REPORT = "bao-cao_du-thao_bc-skhcn-qlkh_2024.docx"
EXPECTED = json.loads((FIXTURES / "responses_2024_expected.json").read_text(encoding="utf-8"))["expected"]


def _key(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def _csv(path: Path) -> dict:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_of_2024(rows: list[dict], key: str) -> dict[str, dict]:
    """The registry rows in force on 1/1/2024 (the draft plan's day), by ``key``."""
    day = date(2024, 1, 1)
    return {row[key]: row for row in rows
            if (not row["Hiệu lực từ"] or _day(row["Hiệu lực từ"]) <= day)
            and (not row["Hiệu lực đến"] or _day(row["Hiệu lực đến"]) >= day)}


def _rows(path: Path) -> list[tuple]:
    """All rows of a returned file, as openpyxl or csv gives them."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, data_only=True)
        return [row for sheet in book for row in sheet.iter_rows(values_only=True)]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return [tuple(cell or None for cell in row) for row in csv.reader(text.splitlines(), delimiter=delimiter)]


def _count(value) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    return int(re.match(r"[\d.]+", str(value).strip()).group().replace(".", ""))


def _day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    day, month, year = (int(n) for n in re.findall(r"\d+", str(value))[:3])
    return date(year, month, day)


@pytest.fixture(scope="module")
def recomputed(tmp_path_factory) -> dict:
    """Per expected unit that reported: its values (latest submission), date and registry facts."""
    data = copy_data(tmp_path_factory.mktemp("data"))
    indicators = _csv(data / "2024" / "ke_hoach" / "chi_tieu.csv")
    units = _as_of_2024(_csv(data / "don_vi.csv"), "Mã")
    by_name = {}
    for unit in units.values():
        by_name[_key(unit["Tên đầy đủ"])] = by_name[_key(unit["Tên viết tắt"])] = unit["Mã"]
    latest: dict[str, tuple[date, dict]] = {}
    for path in sorted((data / "2024" / "responses").iterdir()):
        if path.suffix not in (".xlsx", ".csv"):
            continue
        rows = _rows(path)
        header_at = next(i for i, row in enumerate(rows) if any(_key(c) == "ngày gửi" for c in row if c))
        header = [_key(c) if c else "" for c in rows[header_at]]
        below = [_key(c) if c else "" for c in rows[header_at + 1]]  # the second row of a two-row header
        column = {name: header.index(name) for name in ("mã đơn vị", "tên đơn vị", "ngày gửi")}
        for indicator in indicators:
            column[indicator["Mã"]] = next(i for i, names in enumerate(zip(header, below))
                                           if any(h.startswith(_key(indicator["Tên chỉ tiêu"])) for h in names))
        for row in rows[header_at + 1:]:
            code, name = row[column["mã đơn vị"]], row[column["tên đơn vị"]]
            if not (code or name) or not row[column["ngày gửi"]]:
                continue
            code = code or by_name[_key(name)]
            sent = _day(row[column["ngày gửi"]])
            values = {i["Mã"]: _count(row[column[i["Mã"]]]) for i in indicators}
            if code not in latest or sent >= latest[code][0]:
                latest[code] = (sent, values)
    groups = {code: g["Tên khối"] for code, g in _as_of_2024(_csv(data / "khoi_don_vi.csv"), "Mã khối").items()}
    reported = {code: {"sent": sent, "values": values, "short": units[code]["Tên viết tắt"],
                       "group": groups[units[code]["Khối"]]}
                for code, (sent, values) in latest.items() if code in EXPECTED}
    return {"indicators": indicators, "reported": reported,
            "groups": {code: groups[units[code]["Khối"]] for code in EXPECTED}}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    data = copy_data(tmp_path_factory.mktemp("build"))
    out = tmp_path_factory.mktemp("out")
    result = run_vanban("build", data / "2024", "--output", out)
    assert result.exit_code == 0, result.output
    return out


def _paragraphs(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.findall(f"{W}p")]


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_both_variants_build_from_the_same_responses(built):
    assert (built / TABLE_REPORT).is_file() and (built / NARRATIVE_REPORT).is_file()
    result = run_vanban("check", built / TABLE_REPORT, built / NARRATIVE_REPORT)
    assert result.exit_code == 0, result.output
    assert "0 lỗi, 0 cảnh báo" in result.output.splitlines()[-1]


def test_table_report_wording_is_unchanged(built):
    want = (FIXTURES / "report_2024_table.txt").read_text(encoding="utf-8").splitlines()
    assert _paragraphs(built / TABLE_REPORT) == want


def test_table_report_figures_equal_the_recomputation(built, recomputed):
    reported, indicators = recomputed["reported"], recomputed["indicators"]
    deadline = date(2024, 5, 25)
    on_time = sum(1 for unit in reported.values() if unit["sent"] <= deadline)
    sentence = next(p for p in _paragraphs(built / TABLE_REPORT) if p.startswith("1. Kế hoạch đề nghị"))
    assert re.findall(r"\d+", sentence.split("trước ngày")[0]) == ["1", str(len(EXPECTED))]
    assert (f"Đến nay đã có {len(reported)} đơn vị gửi báo cáo, trong đó {on_time} đơn vị gửi đúng hạn, "
            f"{len(reported) - on_time} đơn vị gửi trễ hạn; còn {len(EXPECTED) - len(reported)} đơn vị") in sentence
    by_group = tables(built / TABLE_REPORT)[2]  # after the letterhead and the status table
    header, *rows, total = by_group
    for row in rows:
        members = [u for u in reported.values() if u["group"] == row[1]]
        assert _number(row[2]) == Counter(recomputed["groups"].values())[row[1]]
        assert _number(row[3]) == len(members)
        assert [_number(cell) for cell in row[4:]] == [sum(u["values"][i["Mã"]] for u in members)
                                                       for i in indicators]
    assert [_number(cell) for cell in total[4:]] == [sum(u["values"][i["Mã"]] for u in reported.values())
                                                     for i in indicators]


def test_narrative_report_figures_equal_the_recomputation(built, recomputed):
    reported, indicators = recomputed["reported"], recomputed["indicators"]
    lines = _paragraphs(built / NARRATIVE_REPORT)
    assert any(f"{len(reported)} đơn vị (" in line for line in lines)
    kind_table = tables(built / NARRATIVE_REPORT)[1]  # after the letterhead
    for indicator, row in zip(indicators, kind_table[1:], strict=True):
        doers = {u["short"]: u["values"][indicator["Mã"]] for u in reported.values() if u["values"][indicator["Mã"]]}
        total = sum(doers.values())
        assert (_number(row[3]), _number(row[4])) == (total, len(doers))
        start = next(i for i, line in enumerate(lines) if line.endswith(
            f": tổng số {total:02d} {indicator['Đơn vị tính']}, tại {len(doers):02d} đơn vị, cụ thể:"
            if total < 10 else f"tổng số {total:,}".replace(",", ".") + f" {indicator['Đơn vị tính']}, tại "
            f"{len(doers):02d} đơn vị, cụ thể:"))
        printed = {}
        for line in lines[start + 1:start + 1 + len(doers)]:
            match = re.fullmatch(rf"- (.+): ([\d.]+) {re.escape(indicator['Đơn vị tính'])}[;.]", line)
            printed[match.group(1)] = match.group(2)
        assert printed == {name: f"{n:02d}" if n < 10 else f"{n:,}".replace(",", ".") for name, n in doers.items()}
        counts = [_number(n) for n in printed.values()]
        assert counts == sorted(counts, reverse=True)  # «Sắp xếp» = «số lượng giảm dần»
    for group in sorted(set(recomputed["groups"].values())):
        members = [u for u in reported.values() if u["group"] == group]
        expected = Counter(recomputed["groups"].values())[group]
        assert any(line.startswith(f"- {group}: {len(members):02d}/{expected:02d} đơn vị đã báo cáo")
                   for line in lines), group
