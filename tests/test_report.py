"""The results report and the reminder letters built from the 2024 sample responses,
checked against facts computed independently when the samples were made
(tests/fixtures/responses_2024_expected.json)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA, DATA_2024, FIXTURES, copy_data, run_vanban
from pipeline.results.aggregate import LATE, MISSING, ON_TIME
from pipeline.results.facts import load_documents

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FACTS = json.loads((FIXTURES / "responses_2024_expected.json").read_text(encoding="utf-8"))
REPORT = "bao-cao_du-thao_bc-skhcn_2024.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_vanban("build", DATA_2024, "--output", out)
    assert result.exit_code == 0, result.output
    return out


def texts(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def tables(docx: Path) -> list[list[list[str]]]:
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [[["".join(t.text or "" for t in c.iter(f"{W}t")) for c in r.findall(f"{W}tc")]
             for r in table.findall(f"{W}tr")] for table in root.find(f"{W}body").findall(f"{W}tbl")]


def test_every_expected_unit_once_with_the_right_status():
    summary = load_documents(DATA_2024 / "bao_cao")[0].results.summary
    expected = summary.units[summary.units["expected"]]
    assert sorted(expected["code"]) == sorted(FACTS["expected"])
    assert expected["code"].is_unique
    status = dict(zip(expected["code"], expected["status"]))
    want = {code: {"on time": ON_TIME, "late": LATE}[unit["status"]] for code, unit in FACTS["units"].items()}
    want.update({code: MISSING for code in FACTS["missing"]})
    assert status == want


def test_every_total_equals_the_independent_recomputation():
    summary = load_documents(DATA_2024 / "bao_cao")[0].results.summary
    for code, total in FACTS["totals"].items():
        assert summary.total(code) == total, code
    units = summary.units.set_index("code")
    for code, unit in FACTS["units"].items():
        for indicator, value in unit["values"].items():
            assert units.loc[code, indicator] == value, (code, indicator)


def test_report_prints_the_counts_totals_and_tables(built):
    report = built / REPORT
    lines = texts(report)
    assert ("1. Kế hoạch đề nghị 57 cơ quan, đơn vị gửi báo cáo kết quả thực hiện về Sở trước ngày 25/5/2024. "
            "Đến nay đã có 36 đơn vị gửi báo cáo, trong đó 27 đơn vị gửi đúng hạn, 9 đơn vị gửi trễ hạn; còn 21 "
            "đơn vị chưa gửi báo cáo.") in lines
    assert any("đăng tải 1.469 bài viết, tin bài, phóng sự" in line for line in lines)
    by_group = tables(report)[2]
    assert by_group[-1][:4] == ["", "Tổng cộng", "57", "36"]
    assert by_group[-1][4:] == ["51", "1.469", "182", "86", "60", "190", "52"]
    status = tables(report)[1]
    assert len(status) == 1 + 57
    # upward report: Kính gửi block and "- Như trên;" first in Nơi nhận
    assert "Kính gửi:\t- Bộ Khoa học và Công nghệ;" in lines or any(
        line.startswith("Kính gửi:") and "Bộ Khoa học và Công nghệ;" in line for line in lines)
    assert "- Như trên;" in lines


def test_one_reminder_letter_per_missing_unit(built):
    letters = sorted(built.glob("cong-van_du-thao_skhcn-vp_2024_*.docx"))
    assert len(letters) == len(FACTS["missing"])
    one = built / "cong-van_du-thao_skhcn-vp_2024_so-gtvt.docx"
    lines = texts(one)
    assert "Số:      /SKHCN-VP" in lines
    assert any(line.startswith("V/v đôn đốc báo cáo kết quả") for line in lines)
    assert any(line.startswith("Kính gửi:") and line.endswith("Sở Giao thông vận tải tỉnh Thanh Hóa.")
               for line in lines)
    assert "KẾ HOẠCH" not in lines and "CÔNG VĂN" not in lines
    assert lines.count("- Như trên;") == 1


def test_responses_form_command_writes_the_plan_form(tmp_path):
    import openpyxl
    result = run_vanban("responses", "form", DATA_2024, "--output", tmp_path)
    assert result.exit_code == 0, result.output
    form = tmp_path / "bieu-mau-bao-cao_ke-hoach_du-thao_kh-skhcn_2024.xlsx"
    sheet = openpyxl.load_workbook(form)["Báo cáo"]
    assert sheet["A1"].value.startswith("BÁO CÁO KẾT QUẢ TỔ CHỨC CÁC HOẠT ĐỘNG CHÀO MỪNG KỶ NIỆM")
    assert [c.value for c in sheet[3]][:3] == ["Mã đơn vị", "Tên đơn vị", "Số hội thảo, tọa đàm khoa học (cuộc)"]


def copy_year(tmp_path: Path) -> Path:
    import shutil
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data" / "2024"


def set_key(path: Path, key: str, value: str) -> None:
    import csv
    rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
    rows = [[k, value if k == key else v] for k, v in rows]
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)


def test_per_unit_letters_cannot_share_one_number(tmp_path):
    year = copy_year(tmp_path)
    set_key(year / "ke_hoach" / "thong_tin_chung.csv", "Số", "5")
    set_key(year / "ke_hoach" / "thong_tin_chung.csv", "Ngày ban hành", "05/02/2024")
    set_key(year / "don_doc" / "thong_tin_chung.csv", "Số", "12")
    result = run_vanban("build", year, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "mỗi công văn một số" in result.output
    assert not (tmp_path / "out").exists()


def test_a_numbered_report_cannot_cite_a_draft_plan(tmp_path):
    year = copy_year(tmp_path)
    set_key(year / "bao_cao" / "thong_tin_chung.csv", "Số", "20")
    set_key(year / "bao_cao" / "thong_tin_chung.csv", "Ngày ban hành", "10/06/2024")
    result = run_vanban("build", year, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "kế hoạch nó nhắc đến còn là dự thảo" in result.output


def test_a_letter_no_longer_needed_is_pointed_out(tmp_path):
    year = copy_year(tmp_path)
    out = tmp_path / "out"
    assert run_vanban("build", year, "-o", out).exit_code == 0
    stale = out / "cong-van_du-thao_skhcn-vp_2024_so-gtvt.docx"
    (year / "responses" / "so_tu_phap.xlsx").rename(year / "responses" / "x.xlsx")  # still there, other name
    import shutil
    shutil.copy(year / "responses" / "x.xlsx", year / "responses" / "so_gtvt.xlsx")
    import openpyxl
    book = openpyxl.load_workbook(year / "responses" / "so_gtvt.xlsx")
    sheet = book.active
    for row in sheet.iter_rows(min_row=4):
        if row[0].value:
            row[0].value, row[1].value = "SO_GTVT", "Sở Giao thông vận tải tỉnh Thanh Hóa"
    book.save(year / "responses" / "so_gtvt.xlsx")
    result = run_vanban("build", year, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert stale.exists()  # never deleted by the tool
    assert "còn tệp không do lần tạo này sinh ra" in result.output and stale.name in result.output


def test_one_run_reads_each_plans_responses_once_and_never_mixes_two_plans(tmp_path, monkeypatch):
    """The aggregation is kept for the run per plan (a report and a reminder letter of one plan,
    whichever way they write counts, share it), never given to another plan nor to the next run."""
    from pipeline.common.errors import Location
    from pipeline.common.once import one_run
    from pipeline.data.tables import fold_key
    from pipeline.results import facts

    full = copy_data(tmp_path / "full") / "2024"
    few = copy_data(tmp_path / "few") / "2024"
    kept = ("so_tu_phap.xlsx", "ubnd_huyen_nga_son.xlsx")  # one unit each
    for path in (few / "responses").iterdir():
        if path.name not in kept and path.name != "README.md":
            path.unlink()
    reads = []
    original = facts.read_responses
    monkeypatch.setattr(facts, "read_responses", lambda folder, *args: reads.append(folder) or original(folder, *args))
    where = Location(tmp_path / "bao_cao")
    reported, missing = fold_key("số đơn vị đã báo cáo"), fold_key("số đơn vị chưa báo cáo")
    with one_run():
        for _ in range(2):
            plain = facts.load_results(full / "ke_hoach", where)
            two = facts.load_results(few / "ke_hoach", where, True)
            one = facts.load_results(few / "ke_hoach", where, False)
            assert (plain.values[reported], plain.values[missing]) == \
                (str(len(FACTS["units"])), str(len(FACTS["missing"])))
            assert (two.values[reported], two.values[missing]) == ("02", str(len(FACTS["expected"]) - 2))
            assert (one.values[reported], one.values[missing]) == ("2", str(len(FACTS["expected"]) - 2))
    assert reads == [full / "responses", few / "responses"]
    (few / "responses" / kept[0]).unlink()  # the next run sees the change
    with one_run():
        assert facts.load_results(few / "ke_hoach", where, True).values[reported] == "01"
