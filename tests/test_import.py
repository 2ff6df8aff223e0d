"""vanban import: Word documents in many layouts -> data -> the same document; Word edits back into data."""

from __future__ import annotations

import copy
import importlib.util
import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import parse_xml

from conftest import EXPLICIT_2024, PLAN_2024, SHARED, copy_registry
from pipeline.check import ERROR, check_document
from pipeline.cli import main
from pipeline.common.errors import InputError
from pipeline.importer import import_docx, update_folder
from pipeline.importer.reading import read_docx
from pipeline.importer.tables import safe_cell
from pipeline.importer.update import pieces_markup
from pipeline.results.facts import load_document

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "importer"))
import make_fixtures  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIDELITY = next((p for p in (SHARED / "tools" / "docx_fidelity.py", Path("/work/shared/tools/docx_fidelity.py"))
                 if p.is_file()), None)
SUPERSCRIPT_ONE = "¹"


def reference_text(docx: Path) -> str:
    """The paragraphs of a .docx in reading order (tables cell by cell), one per line, then its
    footnotes, each on a line starting with a superscript digit (the fidelity tool's format)."""
    def paragraphs(root) -> list[str]:
        out = []
        for p in root.iter(f"{W}p"):
            text = "".join(n.text or "" if n.tag == f"{W}t" else " " for n in p.iter()
                           if n.tag in (f"{W}t", f"{W}tab", f"{W}br")).strip()
            if text:
                out.append(text)
        return out

    with zipfile.ZipFile(docx) as archive:
        lines = paragraphs(ET.fromstring(archive.read("word/document.xml")))
        if "word/footnotes.xml" in archive.namelist():
            for note in ET.fromstring(archive.read("word/footnotes.xml")).iter(f"{W}footnote"):
                if note.get(f"{W}type") is None:
                    lines.append(SUPERSCRIPT_ONE + " " + " ".join(paragraphs(note)))
    return "\n".join(lines) + "\n"


def coverage(docx: Path, reference_of: Path, tmp_path: Path) -> float:
    """Body coverage measured by the shared fidelity tool (words of ``reference_of`` found in ``docx``)."""
    reference = tmp_path / f"ref_{reference_of.stem}_{docx.stem}.txt"
    reference.write_text(reference_text(reference_of), encoding="utf-8")
    result = subprocess.run([sys.executable, str(FIDELITY), str(docx), str(reference), "--json"],
                            capture_output=True, text=True, encoding="utf-8")
    summary = json.loads(result.stdout)
    assert summary["footnote_coverage"] >= 0.99, summary["missing"]
    return summary["body_coverage"]


def words(docx: Path) -> Counter:
    """The words of a .docx as the fidelity tool counts them (its own normalisation), with their counts;
    rules typed as underscores are layout, not words."""
    spec = importlib.util.spec_from_file_location("docx_fidelity", FIDELITY)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return Counter(word for line in reference_text(docx).splitlines() for word in tool.normalise(line)
                   if word.strip("_"))


def build_one(folder: Path, out: Path) -> Path:
    """Build one document folder and return its .docx (the recipient list appendix left aside)."""
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return next(p for p in sorted(out.glob("*.docx")) if not p.name.startswith("phu-luc"))


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> dict[str, Path]:
    return make_fixtures.make_all(tmp_path_factory.mktemp("importer_fixtures"))


@pytest.fixture
def data(tmp_path) -> Path:
    """An empty year folder under a copy of the registry."""
    copy_registry(tmp_path / "data")
    return tmp_path / "data" / "2024"


SIDE_BY_SIDE_WITH_TABS = {"cong_van_tabs"}
LAYOUTS = ["plan_table_typed", "plan_tabs_auto", "plan_drawn_lines", "cong_van_kt", "cong_van_tl", "cong_van_tabs"]


@pytest.mark.skipif(FIDELITY is None, reason="docx_fidelity.py not available")
@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_round_trip(name, fixtures, data, tmp_path):
    source = fixtures[name]
    outcome = import_docx(source, data / name)
    assert [i.expected for i in outcome.document.issues] == []
    rebuilt = build_one(data / name, tmp_path / "out")
    assert [f for f in check_document(rebuilt) if f.severity == ERROR] == []
    if name in SIDE_BY_SIDE_WITH_TABS:
        # tab-aligned columns are read line by line (left, right, left …), the rebuilt tables column by
        # column: the words are all there, in another order
        assert coverage(rebuilt, source, tmp_path) >= 0.9 and coverage(source, rebuilt, tmp_path) >= 0.9
        assert words(source) == words(rebuilt)
        return
    assert coverage(rebuilt, source, tmp_path) >= 0.99
    # Word's automatic numbers are not in the XML text the tool reads: the other way round is measured
    # against the same plan typed with its numbers
    typed = fixtures["plan_table_typed"] if name == "plan_tabs_auto" else source
    assert coverage(typed, rebuilt, tmp_path) >= 0.99


def test_auto_numbering_and_layout_are_recognised(fixtures, data):
    doc = import_docx(fixtures["plan_tabs_auto"], data / "kh").document
    assert doc.general["Cơ quan chủ quản"] == "UBND TỈNH THANH HÓA"
    assert doc.general["Cơ quan ban hành"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert (doc.general["Số"], doc.general["Ký hiệu"], doc.general["Ngày ban hành"]) == ("05", "KH-SKHCN",
                                                                                          "05/02/2024")
    assert doc.general["Trích yếu"] == ("Tổ chức các hoạt động chào mừng kỷ niệm Ngày Khoa học và Công nghệ Việt "
                                        "Nam, năm 2024 trên địa bàn tỉnh Thanh Hóa")
    levels = [row.level for row in doc.body[:8]]
    assert levels == ["", "I.", "1.", "1.", "I.", "1.", "1.1.", "-"]
    assert doc.body[7].text.startswith("**Hội thảo khoa học 1:** “Giải pháp")
    assert doc.body[1].bold and doc.body[1].text == "MỤC ĐÍCH, YÊU CẦU"
    assert [row["Số"] for row in doc.basis] == ["17713", "4273"]
    assert doc.body[0].text.startswith("Thực hiện {căn cứ}, Sở Khoa học")
    assert [n for n, _ in doc.footnotes] == ["1", "2"]
    assert "[^1]" in doc.body[11].text and "[^2]" in doc.body[11].text
    assert doc.general["Quyền hạn, chức vụ người ký"] == "GIÁM ĐỐC"
    assert doc.general["Người ký"] == "Trần Duy Bình" and doc.general["Lưu"] == "VT; VP"
    assert doc.recipients[0] == {"Gửi đến": "UBND tỉnh", "Ghi là": "", "Mục đích": "để báo cáo"}


def test_letter_kt_signature_and_addressees(fixtures, data):
    doc = import_docx(fixtures["cong_van_kt"], data / "cv").document
    assert "Tên loại" not in doc.general and doc.general["Mẫu"] == "cong_van.docx"
    assert doc.general["Trích yếu"].startswith("đôn đốc báo cáo kết quả")
    assert doc.general["Kính gửi"] == "Sở Y tế\nSở Giao thông vận tải\nUBND huyện Hà Trung"
    assert doc.general["Quyền hạn, chức vụ người ký"] == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert doc.general["Lưu"] == "VT, VP"
    tabs = import_docx(fixtures["cong_van_tabs"], data / "cv3").document
    assert tabs.general["Trích yếu"] == "góp ý dự thảo Kế hoạch tổ chức Ngày Khoa học và Công nghệ Việt Nam năm 2025"
    assert (tabs.general["Quyền hạn, chức vụ người ký"], tabs.general["Người ký"], tabs.general["Lưu"]) == (
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Nguyễn Văn Hùng", "VT, QLKH")
    assert tabs.general["Kính gửi"] == "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thanh Hóa"
    one = import_docx(fixtures["cong_van_tl"], data / "cv2").document
    assert one.general["Kính gửi"] == "Sở Tài nguyên và Môi trường"
    assert one.general["Quyền hạn, chức vụ người ký"] == "TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG"


def test_recipient_lines_without_a_registry_are_kept_as_written(fixtures, tmp_path):
    folder = tmp_path / "khong_danh_ba" / "cv"
    doc = import_docx(fixtures["cong_van_tabs"], folder).document
    assert doc.written_lines == ["Lãnh đạo Sở"]
    assert doc.recipients == [{"Gửi đến": "nhap_tu_word_01", "Ghi là": "", "Mục đích": "để b/c"}]
    assert _read(folder / "don_vi.csv")[1] == ["nhap_tu_word_01", "Lãnh đạo Sở", "Lãnh đạo Sở", "nhap_tu_word"]
    assert load_document(folder).recipient_lines == ["- Như trên;", "- Lãnh đạo Sở (để b/c);", "- Lưu: VT, QLKH."]


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_paragraph_is_in_the_data_or_the_report(name, fixtures, data):
    doc = import_docx(fixtures[name], data / name).document
    reported = {issue.paragraph for issue in doc.issues}
    for block in read_docx(fixtures[name]).blocks:
        if block.text.strip("_ \t\n"):
            assert block.number in doc.claimed or block.number in reported, block.text


def test_unrecognised_paragraph_goes_to_the_report(fixtures, data, tmp_path):
    edited = tmp_path / "extra.docx"
    document = Document(fixtures["cong_van_tl"])
    document.add_paragraph("Ghi chú của người soạn: xem lại số liệu")
    document.save(edited)
    outcome = import_docx(edited, data / "extra")
    issue = outcome.document.issues[-1]
    assert issue.first_words == "Ghi chú của người soạn: xem lại số …"
    report = (data / "extra" / "bao_cao_nhap.csv").read_bytes()
    assert report.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))
    assert rows[0] == ["Đoạn", "Những chữ đầu", "Điều mong đợi"]
    assert rows[-1][:2] == [str(issue.paragraph), "Ghi chú của người soạn: xem lại số …"]


def test_named_dates_the_clerk_asks_for(fixtures, data):
    outcome = import_docx(fixtures["plan_table_typed"], data / "kh",
                          dates=("hạn báo cáo=25/05/2024", "thời gian hội thảo=01/4/2024", "họp=03/3/2024"))
    doc = outcome.document
    assert doc.dates == [
        {"Tên": "hạn báo cáo", "Từ ngày": "25/05/2024", "Đến ngày": "", "Cách ghi": "ngày"},
        {"Tên": "thời gian hội thảo", "Từ ngày": "01/04/2024", "Đến ngày": "", "Cách ghi": "tháng"}]
    texts = [row.text for row in doc.body]
    assert "Thời gian thực hiện: 01 ngày, trong {thời gian hội thảo}." in texts
    assert any("trước ngày **{hạn báo cáo}** để tổng hợp" in text for text in texts)
    assert doc.issues[-1].first_words == "03/3/2024" and "«họp»" in doc.issues[-1].expected
    assert _read(data / "kh" / "moc_thoi_gian.csv")[1] == ["hạn báo cáo", "25/05/2024", "", "ngày"]


def test_cells_never_start_a_formula():
    assert safe_cell("=SUM(A1)") == "'=SUM(A1)" and safe_cell("@x") == "'@x" and safe_cell("+84") == "'+84"
    assert safe_cell("-", "Cấp") == "-" and safe_cell("+", "Cấp") == "+"
    assert safe_cell("Thực hiện") == "Thực hiện"


def _generated_plan(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled plan's data and the plan vanban builds from it."""
    copy_registry(tmp_path / "orig")
    folder = tmp_path / "orig" / "2024" / "ke_hoach"
    shutil.copytree(PLAN_2024, folder)
    return folder, build_one(folder, tmp_path / "orig_out")


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_generated_plan_comes_back_with_the_same_text_and_tables(tmp_path, data):
    folder, generated = _generated_plan(tmp_path)
    imported = data / "ke_hoach"
    assert import_docx(generated, imported).document.issues == []
    for name in ("noi_nhan", "chu_thich", "can_cu"):
        assert _read(imported / f"{name}.csv") == _read(folder / f"{name}.csv"), name
    general = dict(_read(imported / "thong_tin_chung.csv")[1:])
    # every value the plan printed, also those it took from the agency profile
    original = dict(_read(EXPLICIT_2024 / "ke_hoach" / "thong_tin_chung.csv")[1:])
    # not printed in the plan, so not recoverable from it: the recipient list's template and the issuer in a sentence
    for key in ("Mẫu danh sách nơi nhận", "Cơ quan ban hành (viết thường)"):
        original.pop(key)
    original["Trích yếu"] = original["Trích yếu"].replace("{năm}", "2024")  # a placeholder printed as its value
    assert general == original
    # noi_dung: identical to the original's rows with placeholders resolved and list rows expanded
    model = load_document(folder)
    markers = {"section": "I.", "point": "a)", "dash": "-", "plus": "+", "star": "*", "plain": ""}
    expected = [[".".join(["1"] * p.level.depth) + "." if p.level.kind == "clause" else markers[p.level.kind],
                 "x" if p.bold else "", pieces_markup(p.pieces, {})] for p in model.body]
    expected[0][2] = expected[0][2].replace(
        "công văn số 17713/UBND-NN ngày 22/11/2023 của Chủ tịch UBND tỉnh; công văn số 4273/BKHCN-VP ngày 20 "
        "tháng 11 năm 2023 của Bộ Khoa học và Công nghệ về hướng dẫn tổ chức ngày Khoa học và công nghệ Việt "
        "Nam năm 2024", "{căn cứ}")
    assert _read(imported / "noi_dung.csv")[1:] == expected
    rebuilt = build_one(imported, tmp_path / "rebuilt")
    assert reference_text(rebuilt) == reference_text(generated)


def _paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _cell_paragraph(document, start: str):
    return next(p for table in document.tables for row in table.rows for cell in row.cells
                for p in cell.paragraphs if p.text.startswith(start))


def _replace_in(paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new, 1)
            return
    raise AssertionError(old)


def edit_plan(generated: Path, edited: Path) -> None:
    """Ten edits a clerk makes in Word to the generated plan (one of them as tracked changes)."""
    document = Document(generated)
    _replace_in(_paragraph(document, "1.1. Tổ chức 02 hội thảo"), "02 hội thảo", "03 hội thảo")        # 1 word
    dash = _paragraph(document, "- Đơn vị chủ trì: Phòng Phát triển")
    added = copy.deepcopy(dash._p)
    dash._p.addnext(added)
    for t in added.iter(f"{W}t"):
        t.text = t.text.replace("Phòng Phát triển Tiềm lực Khoa học, Công nghệ và Đổi mới sáng tạo; ", "")  # 2 added
    removed = _paragraph(document, "- Thực hiện không tổ chức đón tiếp khách")
    removed._p.getparent().remove(removed._p)                                                           # 3 removed
    moved = _paragraph(document, "2. Các phòng, đơn vị trực thuộc Sở")
    _paragraph(document, "3. Văn phòng Sở theo dõi")._p.addnext(moved._p)                                # 4 moved
    archive = _cell_paragraph(document, "- Lưu:")
    line = copy.deepcopy(archive._p)
    archive._p.addprevious(line)
    for t in line.iter(f"{W}t"):
        t.text = "- Sở Tài chính;"                                                                       # 5 Nơi nhận
    _replace_in(_paragraph(document, "+ Đơn vị chủ trì: Sở Khoa học và công nghệ."), "+ ", "- ")          # 6 level
    tracked = _paragraph(document, "Xây dựng số chuyên trang")                                          # 7 tracked
    run = tracked.runs[0]
    run.text = run.text.replace("Xây dựng số chuyên trang", " chuyên trang")
    run._r.addprevious(parse_xml(f'<w:ins {W_NS} w:id="901" w:author="Lãnh đạo" w:date="2024-02-01T00:00:00Z">'
                                 '<w:r><w:t>Biên soạn</w:t></w:r></w:ins>'))
    run._r.addprevious(parse_xml(f'<w:del {W_NS} w:id="902" w:author="Lãnh đạo" w:date="2024-02-01T00:00:00Z">'
                                 '<w:r><w:delText>Xây dựng số</w:delText></w:r></w:del>'))
    abstract = _paragraph(document, "Tổ chức các hoạt động chào mừng kỷ niệm")
    _replace_in(abstract, "Tổ chức các hoạt động", "Triển khai các hoạt động")                           # 8 abstract
    _replace_in(_paragraph(document, "+ Thời gian thực hiện: 01 ngày"), "01 ngày", "02 ngày")           # 10 named date
    document.save(edited)
    with zipfile.ZipFile(edited) as source:                                                             # 9 footnote
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/footnotes.xml"] = parts["word/footnotes.xml"].replace("khóa XI<".encode(), "khóa XI.<".encode())
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def test_update_takes_ten_word_edits_back(tmp_path):
    folder, generated = _generated_plan(tmp_path)
    before = {p.name: _read(p) for p in folder.glob("*.csv")}
    edited = tmp_path / "edited.docx"
    edit_plan(generated, edited)
    outcome = update_folder(folder, edited)
    assert outcome.document.tracked_changes == 2
    changes = [(c["Bảng"], c["Cột"], c["Thay đổi"], c["Sau"]) for c in outcome.changes]
    assert sorted(changes) == sorted([
        ("noi_dung", "Nội dung", "sửa", "Tổ chức 03 hội thảo khoa học với các chủ đề:"),
        ("noi_dung", "Nội dung", "thêm", "Đơn vị chủ trì: Trung tâm Thông tin Ứng dụng Chuyển giao KH&CN, Chi cục "
                                         "Tiêu chuẩn Đo lường Chất lượng."),
        ("noi_dung", "Nội dung", "xoá", ""),
        # two paragraphs swapped: the later one is reported as moved up
        ("noi_dung", "Nội dung", "chuyển", "Văn phòng Sở theo dõi tình hình thực hiện Kế hoạch; tổng hợp, báo cáo kết "
                                           "quả triển khai thực hiện theo quy định./."),
        ("noi_nhan", "Gửi đến", "thêm", "Sở Tài chính"),
        ("noi_dung", "Cấp", "sửa", "-"),
        ("noi_dung", "Nội dung", "sửa", "Biên soạn chuyên trang Ấn phẩm thông tin KH&CN Thanh Hóa với chủ đề chào "
                                        "mừng kỷ niệm Ngày Khoa học và Công nghệ Việt Nam (18/5)."),
        ("thong_tin_chung", "Giá trị", "sửa", "Triển khai các hoạt động chào mừng kỷ niệm Ngày Khoa học và Công nghệ "
                                              "Việt Nam, năm {năm} trên địa bàn tỉnh Thanh Hóa"),
        ("chu_thich", "Nội dung", "sửa", before["chu_thich.csv"][2][1] + "."),
        ("noi_dung", "Nội dung", "sửa", "Thời gian thực hiện: 02 ngày, trong {thời gian hội thảo 1}."),
    ])
    after = {p.name: _read(p) for p in folder.glob("*.csv") if p.name != "thay_doi_tu_word.csv"}
    for name in ("can_cu.csv", "danh_muc.csv", "moc_thoi_gian.csv", "chi_tieu.csv"):
        assert after[name] == before[name], name                        # nothing else changed
    assert len(after["noi_dung.csv"]) == len(before["noi_dung.csv"])      # one added, one removed
    assert ["1.", "", "Văn phòng Sở theo dõi tình hình thực hiện Kế hoạch; tổng hợp, báo cáo kết quả triển khai "
            "thực hiện theo quy định./."] == after["noi_dung.csv"][-2]
    report = _read(folder / "thay_doi_tu_word.csv")
    assert report[0] == ["Bảng", "Dòng", "Cột", "Thay đổi", "Trước", "Sau"] and len(report) == 11
    load_document(folder)  # the updated data still builds


def test_update_refuses_a_document_with_tables(tmp_path):
    copy_registry(tmp_path / "d")
    shutil.copytree(PLAN_2024.parent, tmp_path / "d" / "2024")
    with pytest.raises(InputError, match="bảng số liệu"):
        update_folder(tmp_path / "d" / "2024" / "bao_cao", tmp_path / "unused.docx")


def test_update_refuses_a_document_with_repeated_rows(tmp_path):
    copy_registry(tmp_path / "d")
    shutil.copytree(PLAN_2024.parent, tmp_path / "d" / "2024")
    body = tmp_path / "d" / "2024" / "bao_cao" / "noi_dung.csv"
    body.write_text("Cấp,Lặp theo,Nội dung\n,,Kính báo cáo.\n-,đơn vị,{đơn vị}\n", encoding="utf-8-sig")
    with pytest.raises(InputError, match="dòng lặp"):
        update_folder(tmp_path / "d" / "2024" / "bao_cao", tmp_path / "unused.docx")


def test_unchanged_generated_plan_updates_nothing(tmp_path):
    folder, generated = _generated_plan(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    outcome = update_folder(folder, generated)
    assert outcome.changes == []
    assert {p.name: p.read_bytes() for p in folder.glob("*.csv") if p.name in before} == before


def test_cli_import_and_refuses_to_overwrite(fixtures, data):
    target = data / "cv"
    result = CliRunner().invoke(main, ["import", str(fixtures["cong_van_tl"]), str(target)])
    assert result.exit_code == 0, result.output
    assert "0 điểm chưa nhận dạng được" in result.output
    (target / "noi_dung.csv").write_text("Cấp,In đậm,Nội dung\n,,khác\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["import", str(fixtures["cong_van_tl"]), str(target)])
    assert again.exit_code == 1 and "--force" in again.output
    assert (target / "noi_dung.csv").read_text(encoding="utf-8") == "Cấp,In đậm,Nội dung\n,,khác\n"


@pytest.mark.skipif(shutil.which("soffice") is None or FIDELITY is None, reason="LibreOffice not installed")
def test_libreoffice_resaved_documents(fixtures, data, tmp_path):
    folder, generated = _generated_plan(tmp_path)
    sources = [fixtures["plan_table_typed"], fixtures["cong_van_kt"], generated]
    out = tmp_path / "resaved"
    subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                    *map(str, sources)], check=True, capture_output=True, timeout=240)
    for n, source in enumerate(sources):
        resaved = out / source.name
        name = f"lo{n}"
        outcome = import_docx(resaved, data / name)
        assert [i.expected for i in outcome.document.issues] == []
        rebuilt = build_one(data / name, tmp_path / f"out{n}")
        assert coverage(rebuilt, resaved, tmp_path) >= 0.99
        assert coverage(resaved, rebuilt, tmp_path) >= 0.99


def test_text_boxes_and_deleted_paragraphs_are_read_as_displayed(tmp_path):
    path = tmp_path / "boxes.docx"
    document = Document()
    holder = document.add_paragraph("Trước hộp")
    holder._p.append(parse_xml(
        f'<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>Chữ trong hộp</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    gone = document.add_paragraph()
    gone._p.append(parse_xml(f'<w:pPr {W_NS}><w:rPr><w:del w:id="7" w:author="A" w:date="2024-01-01T00:00:00Z"/>'
                             '</w:rPr></w:pPr>'))
    gone._p.append(parse_xml(f'<w:del {W_NS} w:id="8" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
                             '<w:delText>Đoạn đã xoá</w:delText></w:r></w:del>'))
    document.add_paragraph("Sau")
    document.save(path)
    content = read_docx(path)
    assert [b.text for b in content.blocks] == ["Trước hộp", "Chữ trong hộp", "Sau"]
    assert content.tracked_changes == 2  # the text and the paragraph mark


def test_a_table_in_the_body_is_imported_cell_by_cell_and_reported(fixtures, data, tmp_path):
    path = tmp_path / "bang.docx"
    document = Document(fixtures["cong_van_tl"])
    anchor = _paragraph(document, "Trân trọng./.")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Chỉ tiêu", (0, 1): "Số lượng", (1, 0): "Hội thảo", (1, 1): "12"}.items():
        table.cell(r, c).paragraphs[0].add_run(text)
    anchor._p.addprevious(table._tbl)
    document.save(path)
    doc = import_docx(path, data / "bang").document
    texts = [row.text for row in doc.body]
    assert texts[-5:] == ["Chỉ tiêu", "Số lượng", "Hội thảo", "12", "Trân trọng./."]
    assert [i.first_words for i in doc.issues] == ["Chỉ tiêu"]
    assert "bảng trong nội dung" in doc.issues[0].expected


def test_word_numbering_from_a_style_and_a_restarted_list(tmp_path):
    path = tmp_path / "so.docx"
    document = Document()
    num_id, _ = make_fixtures._numbering(document)
    styles = document.styles.element
    styles.append(parse_xml(f'<w:style {W_NS} w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/><w:pPr>'
                            f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:style>'))
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {W_NS} w:numId="92"><w:abstractNumId w:val="90"/><w:lvlOverride w:ilvl="1">'
        '<w:startOverride w:val="5"/></w:lvlOverride></w:num>'))
    for text, style, num in (("Một", "Muc", None), ("Hai", None, (num_id, 1)), ("Ba", None, (num_id, 3)),
                             ("Bốn", None, (num_id, 3)), ("Năm", "Muc", None), ("Sáu", None, (num_id, 2)),
                             ("Bảy", None, ("92", 1))):
        paragraph = document.add_paragraph(text)
        if style:
            paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="{style}"/>'))
        if num:
            make_fixtures._set_num(paragraph, num[0], num[1])
    document.save(path)
    assert [b.auto_label for b in read_docx(path).blocks] == ["I.", "1.", "a)", "b)", "II.", "1.1.", "5."]
