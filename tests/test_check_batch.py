"""The format check of a batch (issue 15): documents that share parts with the previous one are
read only where they differ, bytes in memory are checked as the file, and every document's
findings are those of checking it alone — faults in the main part or in a shared part alike."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

import pipeline.check.package as package
from conftest import DATA_2024, TEMPLATES
from pipeline.check import SharedParts, check_document
from pipeline.check.model import Model
from pipeline.check.shared import stored_entries
from pipeline.common.errors import VanbanError
from pipeline.render.docx import TemplateFile, find_template, render_document
from pipeline.results.facts import load_documents

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "check"))
import make_faults  # noqa: E402  (tests/fixtures/check/make_faults.py)
import make_numbered  # noqa: E402  (tests/fixtures/check/make_numbered.py)
from make_faults import W, sub  # noqa: E402

MAIN = "word/document.xml"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[Path]:
    """Four reminder letters of the bundled data (one per unit), as the build renders them."""
    folder = tmp_path_factory.mktemp("letters")
    documents = load_documents(DATA_2024 / "don_doc")[:4]
    template = TemplateFile(find_template(documents[0], documents[0].template, TEMPLATES))
    paths = []
    for number, document in enumerate(documents):
        paths.append(folder / f"{number}.docx")
        paths[-1].write_bytes(render_document(document, template))
    return paths


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The documents read whole (every part unpacked by python-docx), in order."""
    calls = []
    whole = package._unmarshal

    def spy(path, stream, shared):
        calls.append(path)
        return whole(path, stream, shared)

    monkeypatch.setattr(package, "_unmarshal", spy)
    return calls


def keep(parts: make_faults.Parts) -> None:
    """No change: the copy is zipped again exactly like the faulty ones."""


def listed(parts: make_faults.Parts) -> None:
    """The first body paragraph made item 1 of the template's numbered list (numId 5)."""
    first = next(p for p in parts[MAIN].iter(W + "p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='VBDoanvan']") is not None)
    numbered = sub(first.find(W + "pPr"), "numPr")
    sub(numbered, "ilvl", val="0")
    sub(numbered, "numId", val="5")


def listed_indented(parts: make_faults.Parts) -> None:
    """:func:`listed`, the list's level indented 1 cm on its first line (numbering.xml changed)."""
    listed(parts)
    numbering = parts["word/numbering.xml"]
    abstract = numbering.find(f"{W}num[@{W}numId='5']/{W}abstractNumId").get(W + "val")
    indent = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract}']/{W}lvl[@{W}ilvl='0']/{W}pPr/{W}ind")
    assert indent.attrib == {W + "left": "360", W + "hanging": "360"}
    indent.attrib.clear()
    indent.set(W + "firstLine", "567")


def copies(rendered: list[Path], folder: Path, changes: list) -> list[Path]:
    """A copy of a rendered letter per change (the letters in turn), all zipped by one writer."""
    return [make_faults.rewrite(rendered[number % len(rendered)], folder / f"{number}-{change.__name__}.docx", change)
            for number, change in enumerate(changes)]


def seen(findings) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.where) for f in findings]


def check_batch(paths: list[Path]) -> list[list]:
    shared = SharedParts()
    return [check_document(path, shared=shared, data=path.read_bytes()) for path in paths]


def test_letters_differing_only_in_their_main_part_are_unpacked_once(rendered, tmp_path, opened):
    paths = copies(rendered, tmp_path, [keep, make_faults.letter_vv_bold, keep, make_faults.letter_cv_symbol])
    stored = []
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            stored.append({entry[0]: entry for entry in stored_entries(path.read_bytes(), archive)})
    assert all(entries.keys() == stored[0].keys() for entries in stored)
    assert [name for name in stored[0] if any(entries[name] != stored[0][name] for entries in stored)] == [MAIN]

    found = check_batch(paths)
    assert opened == paths[:1]  # the other three: only word/document.xml inflated and parsed
    alone = [check_document(path) for path in paths]
    assert found == alone
    assert [seen(findings) for findings in found] == [
        [],
        [("ND30-409", "lỗi", "bảng 1, ô (2, 1) «V/v đôn đốc báo cáo kết quả tổ chức các…»")],
        [],
        [("ND30-311", "lỗi", "bảng 1, ô (2, 1) «Số: 12/CV-SKHCN»")]]


def test_a_fault_in_a_shared_part_is_found_in_the_one_document_that_has_it(rendered, tmp_path, opened):
    changes = [keep, make_faults.arial_body, keep, make_faults.exact_line_spacing, keep,
               listed_indented, listed, listed_indented]
    paths = copies(rendered, tmp_path, changes)
    found = check_batch(paths)
    assert opened == paths  # styles.xml or numbering.xml differs from the previous letter's each time
    assert found == [check_document(path) for path in paths]
    arial = seen(found[1])
    assert [(code, severity) for code, severity, _ in arial] == [("ND30-104", "lỗi")]
    assert arial[0][2].startswith("đoạn ")
    assert [f.found for f in found[1]] == ["phông chữ «Arial»"]
    assert [(f.code, f.severity) for f in found[3]] == [("ND30-605", "lỗi")]
    assert found[0] == found[2] == found[4] == found[5] == found[7] == []
    assert seen(found[6]) == [
        ("ND30-603", "cảnh báo", "đoạn 4 «1. Thực hiện Kế hoạch số /KH-SKHCN của…»")]  # the list's own indent
    assert [f.found for f in found[6]] == ["dòng liệt kê lùi đầu dòng 0 cm"]


def test_the_same_content_stored_otherwise_is_unpacked_again(rendered, tmp_path, opened):
    """Sharing is decided on the stored bytes: styles.xml not compressed is read whole again."""
    path = make_faults.rewrite(rendered[0], tmp_path / "a.docx", make_faults.letter_vv_bold)
    stored = tmp_path / "b.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stored, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/styles.xml":
                item.compress_type = zipfile.ZIP_STORED
            target.writestr(item, data)
    found = check_batch([path, stored, path])
    assert opened == [path, stored, path]
    assert found[0] == found[1] == found[2] == check_document(stored)
    assert [f.code for f in found[1]] == ["ND30-409"]


def test_a_broken_main_part_in_a_batch_is_refused_as_alone_and_the_batch_goes_on(rendered, tmp_path, opened):
    good = make_faults.rewrite(rendered[0], tmp_path / "good.docx", keep)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, b"<w:document><w:body>" if item.filename == MAIN else source.read(item))
    with pytest.raises(VanbanError) as alone:
        check_document(broken)
    shared = SharedParts()
    assert check_document(good, shared=shared) == []
    with pytest.raises(VanbanError) as batch:
        check_document(broken, shared=shared, data=broken.read_bytes())
    assert str(batch.value) == str(alone.value)
    assert str(alone.value).startswith(f"không đọc được tệp {broken} như một văn bản Word .docx (")
    assert check_document(good, shared=shared) == []
    assert opened == [broken, good]  # the broken letter, alone; in the batch only its main part was read


def test_bytes_in_memory_give_the_findings_of_the_file(rendered, tmp_path):
    plan = sorted((DATA_2024).glob("ke_hoach*"))  # the plan is a workbook or a CSV folder: render it
    documents = load_documents(plan[0])
    template = TemplateFile(find_template(documents[0], documents[0].template, TEMPLATES))
    written = tmp_path / "plan.docx"
    written.write_bytes(render_document(documents[0], template))
    faulty = [make_faults.rewrite(written, tmp_path / "margins.docx", make_faults.wrong_margins),
              make_faults.rewrite(rendered[1], tmp_path / "vv.docx", make_faults.letter_vv_bold)]
    for path in faulty:
        from_file = check_document(path)
        assert from_file  # a real finding, not two empty lists
        assert check_document(tmp_path / "khac-ten.docx", data=path.read_bytes()) == from_file
        assert check_document(path, shared=SharedParts(), data=path.read_bytes()) == from_file
    assert [f.code for f in check_document(faulty[0])] == ["ND30-103"]
    with pytest.raises(VanbanError, match="^tệp thu.docx không phải tệp Word .docx"):
        check_document(Path("thu.docx"), data=b"not a zip")
    cut = rendered[0].read_bytes()[:-200]
    (tmp_path / "cut.docx").write_bytes(cut)
    with pytest.raises(VanbanError) as from_file:
        check_document(tmp_path / "cut.docx")
    with pytest.raises(VanbanError) as in_memory:
        check_document(tmp_path / "cut.docx", data=cut, shared=SharedParts())
    assert str(in_memory.value) == str(from_file.value)


def test_a_repeated_letter_is_resolved_once_but_its_list_paragraphs_each_time(tmp_path, monkeypatch):
    """A table, a header's or a note's paragraphs seen before in the batch are not resolved again;
    a list paragraph is (its label counts the lists before it), in a table too (Nơi nhận bullets)."""
    letter = make_numbered.numbered_letter(tmp_path / "danh-so.docx")
    resolved = []
    whole = package.Package._make_para

    def spy(self, p_el, table_style=None, **where):
        para = whole(self, p_el, table_style, **where)
        resolved.append(para.text)
        return para

    monkeypatch.setattr(package.Package, "_make_para", spy)
    shared = SharedParts()
    first = Model(package.Package(letter, shared, letter.read_bytes()))
    resolved_first = len(resolved)
    second = Model(package.Package(letter, shared, letter.read_bytes()))
    labels = ["- Sở Giáo dục và Đào tạo;", "- Sở Y tế.",
              "1. Tổ chức các hoạt động hưởng ứng Ngày Khoa học và Công nghệ Việt Nam tại đơn vị.",
              "a) Số lượt người tham gia, số bài viết trên trang thông tin điện tử.",
              "2. Khó khăn, vướng mắc và kiến nghị, đề xuất.", "- Như trên;", "- Lưu: VT, VP."]
    assert [p.text for p in first.all_paras() if p.numbered] == labels
    assert [p.text for p in second.all_paras() if p.numbered] == labels  # counted again from 1, not 3
    assert resolved[resolved_first:] == labels  # the second time, only the list paragraphs are resolved
    tables = [block for block in second.blocks if block.kind == "tbl"]
    assert [p.text for p in tables[-1].paras if p.numbered] == labels[-2:]  # in the signature table
    root = second.pkg.body_el.getparent()  # the paragraphs are the second letter's elements, not the first's
    assert root is not first.pkg.body_el.getparent()
    assert all(p.el.getroottree().getroot() is root for block in second.blocks for p in block.paras)
    assert second.other and all(p is q for p, q in zip(second.other, first.other))  # the shared header tree
    assert check_document(letter, shared=shared, data=letter.read_bytes()) == check_document(letter) == []
