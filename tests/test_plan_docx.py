"""The generated 2024 plan, checked at the XML level against ND30 (nd30.md §1–3)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from test_check import build_plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLAN_NAME = "ke-hoach_du-thao_kh-skhcn_2024.docx"


def read_part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def is_on(rpr, tag: str) -> bool:
    """A toggle property (w:b, w:i) is on when present without val 0/false."""
    node = rpr.find(f"{W}{tag}") if rpr is not None else None
    return node is not None and node.get(f"{W}val") not in ("0", "false")


def runs(paragraph: etree._Element) -> list[dict]:
    """Each text run of a paragraph with its direct size (pt), bold and italic."""
    out = []
    for run in paragraph.iter(f"{W}r"):
        text = text_of(run)
        if not text:
            continue
        rpr = run.find(f"{W}rPr")
        size = rpr.find(f"{W}sz") if rpr is not None else None
        out.append({
            "text": text,
            "size": int(size.get(f"{W}val")) / 2 if size is not None else None,
            "bold": is_on(rpr, "b"),
            "italic": is_on(rpr, "i"),
        })
    return out


def cell_paragraphs(table: etree._Element, row: int, col: int) -> list[etree._Element]:
    cell = table.findall(f"{W}tr")[row].findall(f"{W}tc")[col]
    return [p for p in cell.findall(f"{W}p") if text_of(p)]


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    """The 2024 plan as the seed prints it: a copy of its data with the seed's own «Lưu: VT; VP» (the bundled
    data writes «VT, VP», as ND30 Phụ lục I mục II.9.d does, so that a clerk's copy has no warning)."""
    return build_plan(tmp_path_factory.mktemp("seed"), {"Lưu": "VT; VP"}) / PLAN_NAME


@pytest.fixture(scope="module")
def body(plan) -> etree._Element:
    return read_part(plan, "word/document.xml").find(f"{W}body")


def test_page_is_a4_portrait_with_nd30_margins(body):
    sect = body.find(f"{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert size.get(f"{W}orient") in (None, "portrait")
    margins = sect.find(f"{W}pgMar")
    got = {side: int(margins.get(f"{W}{side}")) for side in ("top", "bottom", "left", "right")}
    assert got == {"top": 1134, "bottom": 1134, "left": 1701, "right": 851}


def test_letterhead_components_have_nd30_size_weight_and_case(body):
    head = body.find(f"{W}tbl")
    left = [runs(p) for p in cell_paragraphs(head, 0, 0)]
    right = [runs(p) for p in cell_paragraphs(head, 0, 1)]
    assert left == [
        [{"text": "UBND TỈNH THANH HÓA", "size": 12, "bold": False, "italic": False}],
        [{"text": "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "size": 12, "bold": True, "italic": False}],
    ]
    assert right == [
        [{"text": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "size": 12, "bold": True, "italic": False}],
        [{"text": "Độc lập - Tự do - Hạnh phúc", "size": 13, "bold": True, "italic": False}],
    ]
    number = runs(cell_paragraphs(head, 1, 0)[0])
    date = runs(cell_paragraphs(head, 1, 1)[0])
    assert number == [{"text": "Số:      /KH-SKHCN", "size": 13, "bold": False, "italic": False}]
    assert date == [{"text": "Thanh Hóa, ngày      tháng      năm 2024", "size": 13, "bold": False,
                     "italic": True}]


def test_letterhead_columns_fit_the_text_width_and_keep_the_national_title_wide_enough(body):
    head = body.find(f"{W}tbl")
    widths = [int(col.get(f"{W}w")) for col in head.find(f"{W}tblGrid")]
    assert sum(widths) <= 11906 - 1701 - 851
    # Quốc hiệu bold 12 pt is about 88 mm (nd30.md §3.2) plus ~3.8 mm cell padding.
    assert widths[1] >= round(92 / 25.4 * 1440)


def test_rules_under_motto_issuer_and_abstract_are_bottom_borders_of_the_right_length(body):
    bordered = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(bordered) == 3
    [motto] = [p for p in bordered if text_of(p)]
    issuer_rule, abstract_rule = [p for p in bordered if not text_of(p)]
    assert text_of(motto) == "Độc lập - Tự do - Hạnh phúc"

    def width_mm(p, container_mm):
        ind = p.find(f"{W}pPr/{W}ind")
        return container_mm - (int(ind.get(f"{W}left")) + int(ind.get(f"{W}right"))) / 1440 * 25.4

    assert 55 <= width_mm(motto, 94 - 3.8) <= 60          # as long as the motto (~56 mm at 13 pt)
    assert 70.5 / 3 - 1 <= width_mm(issuer_rule, 70.5 - 3.8) <= 70.5 / 2   # 1/3–1/2 of the line
    assert 165 / 4 <= width_mm(abstract_rule, 165) <= 165 / 2


def test_type_and_abstract_are_centred_bold_14pt(body):
    paragraphs = [p for p in body.findall(f"{W}p") if text_of(p)]
    doc_type, abstract = paragraphs[0], paragraphs[1]
    assert runs(doc_type) == [{"text": "KẾ HOẠCH", "size": 14, "bold": True, "italic": False}]
    assert runs(abstract)[0]["text"].startswith("Tổ chức các hoạt động chào mừng kỷ niệm")
    assert runs(abstract)[0]["size"] == 14 and runs(abstract)[0]["bold"]
    for p in (doc_type, abstract):
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"


def test_body_paragraphs_use_the_template_styles_with_numbering(body):
    paragraphs = [p for p in body.findall(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None]
    styled = [(p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), text_of(p)) for p in paragraphs]
    texts = [t for _, t in styled]
    assert ("VBMuc", "I. MỤC ĐÍCH, YÊU CẦU") in styled
    assert ("VBMuc", "III. TỔ CHỨC THỰC HIỆN") in styled
    assert ("VBKhoan2", "1.6. Văn phòng Sở, các đơn vị trực thuộc Sở Khoa học và Công nghệ:") in styled
    assert ("VBKhoan2", "2.6. Tổ chức treo băng rôn, khẩu hiệu; thời gian (từ 15/5-19/5/2024) với các "
            "chủ đề theo hướng dẫn của Bộ KH&CN, cụ thể:") in styled
    assert texts[0].startswith("Thực hiện công văn số 17713/UBND-NN ngày 22/11/2023 của Chủ tịch UBND "
                               "tỉnh; công văn số 4273/BKHCN-VP ngày 20 tháng 11 năm 2023 của Bộ")
    assert texts[-1] == ("3. Văn phòng Sở theo dõi tình hình thực hiện Kế hoạch; tổng hợp, báo cáo kết "
                         "quả triển khai thực hiện theo quy định./.")
    # the themes are entered once and printed in both places
    theme = "- “Khoa học, công nghệ và đổi mới sáng tạo - động lực phát triển bền vững”."
    assert texts.count(theme) == 2
    assert "Khẩu hiệu: “Nhiệt liệt chào mừng Ngày khoa học và công nghệ Việt Nam 18/5”." in texts
    assert "+ Thời gian thực hiện: 01 ngày, trong tháng 4/2024." in texts


def test_inline_bold_and_italic_come_from_the_markup(body):
    paragraphs = [p for p in body.findall(f"{W}p") if text_of(p).startswith("- Hội thảo khoa học 1:")]
    assert runs(paragraphs[0])[:2] == [
        {"text": "- ", "size": None, "bold": False, "italic": False},
        {"text": "Hội thảo khoa học 1:", "size": None, "bold": True, "italic": False},
    ]
    theme = [p for p in body.findall(f"{W}p") if "nền tảng văn hóa Việt Nam" in text_of(p)][0]
    assert [(r["text"], r["italic"]) for r in runs(theme)] == [
        ("- ", False), ("“", False),
        ("Phát triển khoa học, công nghệ và đổi mới sáng tạo trên nền tảng văn hóa Việt Nam", True),
        ("”.", False)]
    deadline = [p for p in body.findall(f"{W}p") if "25/5/2024" in text_of(p)][0]
    assert {"text": "25/5/2024", "size": None, "bold": True, "italic": False} in runs(deadline)


def test_heading_rows_marked_bold_are_bold_with_their_number(body):
    heading = [p for p in body.findall(f"{W}p")
               if text_of(p) == "1. Sở Khoa học và Công nghệ tổ chức các hoạt động"][0]
    assert all(r["bold"] for r in runs(heading))


def test_body_style_is_justified_indented_and_spaced(plan):
    styles = read_part(plan, "word/styles.xml")
    style = [s for s in styles.findall(f"{W}style") if s.get(f"{W}styleId") == "VBDoanvan"][0]
    ppr = style.find(f"{W}pPr")
    assert ppr.find(f"{W}jc").get(f"{W}val") == "both"
    assert ppr.find(f"{W}ind").get(f"{W}firstLine") == "720"        # 1.27 cm
    assert int(ppr.find(f"{W}spacing").get(f"{W}after")) >= 120      # ≥ 6 pt
    normal = [s for s in styles.findall(f"{W}style") if s.get(f"{W}styleId") == "Normal"][0]
    fonts = normal.find(f"{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    assert normal.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
    assert normal.find(f"{W}rPr/{W}color").get(f"{W}val") == "000000"
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}val") == "vi-VN"


def test_footnotes_are_real_word_footnotes(plan, body):
    refs = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    assert refs == ["1", "2"]
    notes = read_part(plan, "word/footnotes.xml")
    by_id = {n.get(f"{W}id"): n for n in notes.findall(f"{W}footnote")}
    assert by_id["-1"].get(f"{W}type") == "separator"
    assert text_of(by_id["1"]).strip() == (
        "Thực hiện Nghị quyết số 45-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng và "
        "Chương trình hành động số 57-CTr/TU ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy.")
    assert text_of(by_id["2"]).strip().endswith("Ban Chấp hành Trung ương Đảng khóa XI")
    assert by_id["1"].find(f".//{W}footnoteRef") is not None
    with zipfile.ZipFile(plan) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert "relationships/footnotes" in rels
    assert "wordprocessingml.footnotes+xml" in types
    # the mark sits right after "giai đoạn mới", as ¹ in the seed
    paragraph = [p for p in body.iter(f"{W}p") if p.find(f".//{W}footnoteReference") is not None][0]
    assert "giai đoạn mới; Phát triển" in text_of(paragraph)


def test_recipients_block_has_nd30_sizes_and_punctuation(body):
    sign = body.findall(f"{W}tbl")[-1]
    left = cell_paragraphs(sign, 0, 0)
    label = runs(left[0])
    assert label == [{"text": "Nơi nhận:", "size": 12, "bold": True, "italic": True}]
    lines = [runs(p) for p in left[1:]]
    assert all(len(r) == 1 and r[0]["size"] == 11 and not r[0]["bold"] for r in lines)
    texts = [r[0]["text"] for r in lines]
    # exactly the seed's block, built from the unit registry and the plan's rules
    assert texts == [
        "- UBND tỉnh (để báo cáo);",
        "- Ban Tuyên giáo Tỉnh ủy (để báo cáo);",
        "- Các Sở, ban, ngành cấp tỉnh;",
        "- Liên hiệp các Hội KH&KT Thanh Hóa (p/h);",
        "- UBND các huyện, thị xã, thành phố;",
        "- Các trường ĐH, CĐ, tổ chức KH&CN;",
        "- Các doanh nghiệp KH&CN;",
        "- Hội Doanh nhân trẻ tỉnh Thanh Hóa;",
        "- Hiệp hội Doanh nhân nữ tỉnh Thanh Hóa;",
        "- Đài PTTH, Báo Thanh Hóa (để p/h);",
        "- Lãnh đạo Sở;",
        "- Các phòng, đơn vị trực thuộc Sở;",
        "- Lưu: VT; VP.",
    ]


def test_signature_block(body):
    sign = body.findall(f"{W}tbl")[-1]
    right = [runs(p) for p in cell_paragraphs(sign, 0, 1)]
    assert right == [[{"text": "GIÁM ĐỐC", "size": 14, "bold": True, "italic": False}],
                     [{"text": "Trần Duy Bình", "size": 14, "bold": True, "italic": False}]]


def test_page_numbers_top_centre_and_not_on_page_one(plan, body):
    sect = body.find(f"{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None
    refs = {h.get(f"{W}type"): h.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                     "relationships}id") for h in sect.findall(f"{W}headerReference")}
    rels = read_part(plan, "word/_rels/document.xml.rels")
    target = {r.get("Id"): r.get("Target") for r in rels}
    first = read_part(plan, "word/" + target[refs["first"]])
    default = read_part(plan, "word/" + target[refs["default"]])
    assert text_of(first) == "" and first.find(f".//{W}instrText") is None
    assert default.find(f".//{W}instrText").text.strip() == "PAGE"
    assert default.find(f".//{W}jc").get(f"{W}val") == "center"
    assert sect.find(f"{W}footerReference") is None


def test_document_properties_come_from_the_data(plan):
    core = read_part(plan, "docProps/core.xml")
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
    assert core.find("dc:title", ns).text.startswith("Tổ chức các hoạt động chào mừng")
    assert core.find("dc:language", ns).text == "vi-VN"
    assert core.find("dcterms:created", ns).text == "2024-01-01T00:00:00Z"
