"""The document model: the body as blocks, headers, footers and notes as paragraphs.

Places: ``đoạn N`` is the N-th paragraph at the top level of the body (plus those in
body-level content controls); a paragraph in a table is ``bảng T, ô (hàng, cột)``;
headers, footers and notes by part name or number. No rule lives here.
"""

from __future__ import annotations

from typing import Iterator

from lxml import etree

from pipeline.check.elements import Block, Para
from pipeline.check.ooxml import MC, R_ID, W
from pipeline.check.package import Package


class Model:
    def __init__(self, package: Package):
        self.pkg = package
        self.blocks: list[Block] = []
        self.sections: list[etree._Element] = []
        self._para_no = 0
        self._table_no = 0
        self._walk(package.body_el)
        self.other: list[Para] = []  # headers, footers, notes
        self.headers: dict[str, tuple[str, list[Para], etree._Element]] = {}
        self._read_notes()

    # ------------------------------------------------------------------ body

    def _walk(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self._para_no += 1
                para = self.pkg.make_para(child, area="body", number=self._para_no)
                self.blocks.append(Block("p", [para]))
                sect = child.find(f"{W}pPr/{W}sectPr")
                if sect is not None:
                    self.sections.append(sect)
            elif tag == W + "tbl":
                self._table_no += 1
                paras = self.pkg.table_paras(child, self._table_no, self._table_walk)
                self.blocks.append(Block("tbl", paras, self._table_no))
            elif tag == W + "sectPr":
                self.sections.append(child)
            elif tag in (W + "sdt", W + "customXml", W + "smartTag"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    self._walk(content)

    def _table_walk(self, tbl: etree._Element) -> list[tuple[etree._Element, str | None, tuple[int, int]]]:
        """The paragraphs of the body-level table ``tbl``, nested tables included, in document order:
        (element, style of its table, cell: (row, column) of the body-level table's cell)."""
        found: list[tuple[etree._Element, str | None, tuple[int, int]]] = []
        self._walk_table(tbl, found, None)
        return found

    def _walk_table(self, tbl: etree._Element, out: list[tuple], outer) -> None:
        tbl_style_el = tbl.find(f"{W}tblPr/{W}tblStyle")
        tbl_style = tbl_style_el.get(W + "val") if tbl_style_el is not None else None
        rows = [r for r in children(tbl, "tr")]
        for r_index, row in enumerate(rows, 1):
            for c_index, cell in enumerate(children(row, "tc"), 1):
                cell_pos = outer or (r_index, c_index)
                for el in cell_content(cell):
                    if el.tag == W + "p":
                        out.append((el, tbl_style, cell_pos))
                    else:
                        self._walk_table(el, out, cell_pos)

    # ------------------------------------------------------------------ headers, footers, notes

    def header_part(self, rid: str) -> tuple[str, list[Para], etree._Element] | None:
        if rid in self.headers:
            return self.headers[rid]
        try:
            part = self.pkg.related_parts[rid]
        except KeyError:
            return None
        root = self.pkg.part_xml(part)
        if root is None:
            return None
        name = str(part.partname).rsplit("/", 1)[-1]
        area = "footer" if root.tag == W + "ftr" else "header"
        paras = self.pkg.part_paras(root, lambda: [self.pkg.make_para(p, area=area, part=name)
                                                    for p in all_paras(root)])
        self.headers[rid] = (name, paras, root)
        return self.headers[rid]

    def _read_notes(self) -> None:
        seen: set[str] = set()
        for sect in self.sections:
            for ref in [*sect.findall(W + "headerReference"), *sect.findall(W + "footerReference")]:
                rid = ref.get(R_ID)
                found = self.header_part(rid) if rid not in seen else None
                seen.add(rid)
                if found:
                    self.other.extend(found[1])
        for kind, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
            part = self.pkg.parts.get(kind)
            root = self.pkg.part_xml(part) if part is not None else None
            if root is not None:
                self.other.extend(self.pkg.part_paras(root, lambda: self._notes(root, tag)))

    def _notes(self, root: etree._Element, tag: str) -> list[Para]:
        """The paragraphs of the notes (``tag``: footnote or endnote) of the notes part ``root``."""
        paras = []
        for note in root.iter(W + tag):
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for p in all_paras(note):
                paras.append(self.pkg.make_para(p, area=tag, note=note.get(W + "id")))
        return paras

    def all_paras(self) -> list[Para]:
        paras = [p for block in self.blocks for p in block.paras]
        return paras + self.other


def children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with this tag, looking through content controls and custom XML."""
    for child in el:
        if child.tag == W + tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from children(content, tag)


def cell_content(cell: etree._Element) -> Iterator[etree._Element]:
    for child in cell:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from cell_content(content)


def all_paras(root: etree._Element) -> Iterator[etree._Element]:
    """Every paragraph of a header, footer or note, text boxes included, fallback copies not."""
    for p in root.iter(W + "p"):
        node = p.getparent()
        skip = False
        while node is not None:
            if node.tag == MC + "Fallback":
                skip = True
                break
            node = node.getparent()
        if not skip:
            yield p


def in_text_box(p_el: etree._Element) -> bool:
    node = p_el.getparent()
    while node is not None:
        if node.tag == W + "txbxContent":
            return True
        node = node.getparent()
    return False
