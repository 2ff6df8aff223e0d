"""Layout and package hygiene of the generated .docx files: long properties, tables
that do not split or carry duplicate properties, no leftovers of python-docx's
default template, and the signature block kept on one page as LibreOffice prints it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA_2024, TEMPLATES, run_vanban
from pipeline.results.facts import load_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = {"dc": "http://purl.org/dc/elements/1.1/", "cp": "http://schemas.openxmlformats.org/package/2006/"
      "metadata/core-properties"}
EXT = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
PLAN = "ke-hoach_du-thao_kh-skhcn_2024.docx"
LIST = "phu-luc-noi-nhan_" + PLAN
IN_CI = bool(os.environ.get("CI"))

# CT_TblPr (ISO/IEC 29500-1 §17.4.60): the children of w:tblPr, in schema order.
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
               "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"]


def needs(tool: str | None, what: str) -> None:
    """Skip when a tool is missing on a developer machine; fail in CI, where .ci/run installs it."""
    if tool is None:
        if IN_CI:
            pytest.fail(f"{what} is required in CI")
        pytest.skip(f"{what} not available")


def part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def set_general(folder: Path, key: str, value: str) -> None:
    path = folder / "thong_tin_chung.csv"
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        if row["Mục"] == key:
            row["Giá trị"] = value
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["Mục", "Giá trị"])
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_vanban("build", DATA_2024, "--output", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module", params=[PLAN, LIST])
def docx(request, built) -> Path:
    return built / request.param


# --- document properties ---------------------------------------------------------------

LONG_ABSTRACT = ("Tổ chức các hoạt động chào mừng kỷ niệm Ngày Khoa học và Công nghệ Việt Nam, năm 2024 "
                 "trên địa bàn tỉnh Thanh Hóa, gồm hội thảo khoa học, triển lãm sản phẩm đổi mới sáng "
                 "tạo, tọa đàm với doanh nghiệp khoa học và công nghệ, tuyên truyền trên báo, đài và "
                 "cổng thông tin điện tử của tỉnh và cả các huyện")


def test_a_long_abstract_is_shortened_in_the_properties_but_printed_whole(plan_copy, tmp_path):
    assert len(LONG_ABSTRACT) == 300
    set_general(plan_copy, "Trích yếu", LONG_ABSTRACT)
    assert load_document(plan_copy).abstract == LONG_ABSTRACT
    out = tmp_path / "out"
    result = run_vanban("build", plan_copy.parent, "--output", out)
    assert result.exit_code == 0, result.output
    for name, full in ((PLAN, LONG_ABSTRACT), (LIST, "DANH SÁCH NƠI NHẬN KẾ HOẠCH — " + LONG_ABSTRACT)):
        title = part(out / name, "docProps/core.xml").find("dc:title", DC).text
        assert len(title) <= 255
        assert title.endswith("…") and not title.endswith(" …")
        kept = title.removesuffix("…")
        assert full.startswith(kept) and full[len(kept)] in " ,;"   # cut between two words
        assert len(kept) > 200
    document = part(out / PLAN, "word/document.xml")
    assert LONG_ABSTRACT in [text_of(p) for p in document.iter(f"{W}p")]


def test_short_properties_are_kept_as_they_are(built):
    core = part(built / PLAN, "docProps/core.xml")
    assert core.find("dc:title", DC).text == load_document(DATA_2024 / "ke_hoach").abstract
    assert core.find("cp:keywords", DC).text == "/KH-SKHCN"


# --- tables ------------------------------------------------------------------------------

def test_the_signature_row_cannot_split_across_pages(built):
    body = part(built / PLAN, "word/document.xml").find(f"{W}body")
    sign = body.findall(f"{W}tbl")[-1]
    rows = sign.findall(f"{W}tr")
    assert "Nơi nhận:" in text_of(rows[0]) and "Trần Duy Bình" in text_of(rows[0])
    for row in rows:
        cant = row.find(f"{W}trPr/{W}cantSplit")
        assert cant is not None and cant.get(f"{W}val") in (None, "1", "true", "on")


def test_each_table_has_one_layout_and_its_properties_in_schema_order(docx):
    tables = list(part(docx, "word/document.xml").iter(f"{W}tbl"))
    assert tables
    for table in tables:
        children = [etree.QName(child).localname for child in table.find(f"{W}tblPr")]
        assert children.count("tblLayout") == 1, children
        assert all(name in TBLPR_ORDER for name in children), children
        positions = [TBLPR_ORDER.index(name) for name in children]
        assert positions == sorted(positions) and len(set(positions)) == len(positions), children
        assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"


def test_the_abstract_rule_is_at_least_a_third_of_the_line(built):
    body = part(built / PLAN, "word/document.xml").find(f"{W}body")
    rules = [p for p in body.findall(f"{W}p")
             if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None and not text_of(p)]
    [abstract_rule] = rules
    ind = abstract_rule.find(f"{W}pPr/{W}ind")
    width = 165 - (int(ind.get(f"{W}left")) + int(ind.get(f"{W}right"))) / 1440 * 25.4
    assert 165 / 3 <= width <= 165 / 2
    assert abs(width - 60) < 0.5


# --- package hygiene ----------------------------------------------------------------------

@pytest.fixture(params=["built", "template"])
def package(request, docx) -> Path:
    """Each generated file, and the template it came from."""
    if request.param == "built":
        return docx
    return TEMPLATES / ("ke_hoach.docx" if docx.name == PLAN else "phu_luc_danh_sach.docx")


def test_no_thumbnail_or_custom_xml_left_from_python_docx_default_template(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        rels = {name: archive.read(name).decode("utf-8") for name in names if name.endswith(".rels")}
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert not [n for n in names if "thumbnail" in n or n.startswith("customXml/")]
    for text in rels.values():
        assert "thumbnail" not in text and "customXml" not in text
    assert "customXml" not in types and "thumbnail" not in types
    overrides = etree.fromstring(types.encode("utf-8"))
    for override in overrides:
        if override.get("PartName"):
            assert override.get("PartName").lstrip("/") in names


def test_app_properties_name_vanban_without_stale_counts(package):
    app = part(package, "docProps/app.xml")
    assert app.find(f"{EXT}Application").text == "vanban"
    stale = {"Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs",
             "TotalTime", "AppVersion", "Template", "HeadingPairs", "TitlesOfParts"}
    assert not [etree.QName(child).localname for child in app if etree.QName(child).localname in stale]
    assert "Microsoft" not in etree.tostring(app, encoding="unicode")


# --- as printed -------------------------------------------------------------------------

def insert_body_rows(path: Path, count: int) -> None:
    """Insert ``count`` plain dash paragraphs before the last row of noi_dung.csv."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    extra = [["-", "", f"Dòng bổ sung số {n}."] for n in range(1, count + 1)]
    rows[-1:-1] = extra
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)


def test_signer_title_and_name_stay_on_one_page_when_the_body_grows(plan_copy, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    needs(soffice, "LibreOffice (soffice)")
    needs(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    insert_body_rows(plan_copy / "noi_dung.csv", 8)
    out = tmp_path / "out"
    result = run_vanban("build", plan_copy.parent, "--output", out)
    assert result.exit_code == 0, result.output
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(out / PLAN)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(out / PLAN.replace(".docx", ".pdf")), "-"],
                          check=True, capture_output=True, text=True, encoding="utf-8").stdout
    pages = text.split("\f")
    assert any("Dòng bổ sung số 8." in page for page in pages)
    title = [n for n, page in enumerate(pages) if "GIÁM ĐỐC" in page]
    name = [n for n, page in enumerate(pages) if "Trần Duy Bình" in page]
    recipients = [n for n, page in enumerate(pages) if "Nơi nhận:" in page]
    assert len(title) == len(name) == 1 and title == name == recipients, (title, name, recipients)
