"""Real Word footnotes (``w:footnoteReference`` + ``word/footnotes.xml``).

python-docx has no footnote API, so the footnotes part is handled here at the
XML level: the part is taken from the template (which carries Word's separator
footnotes and the ``footnote text`` / ``footnote reference`` styles) or created
when the template has none.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE_TEXT_STYLE = "footnote text"
FOOTNOTE_REFERENCE_STYLE = "footnote reference"

EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def footnotes_part(document: Document) -> Part:
    """Return the document's footnotes part, creating an empty one (with separators) if needed."""
    main = document.part
    for rel in main.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                EMPTY_FOOTNOTES.encode("utf-8"), main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


def add_footnotes(document: Document, notes: list[tuple[int, str]], text_style: str,
                  reference_style: str) -> None:
    """Append footnotes to the document's footnotes part.

    Args:
        document: the python-docx document (after docxtpl rendering).
        notes: ``(id, runs_xml)`` pairs; ``id`` matches the ``w:footnoteReference``
            in the body, ``runs_xml`` is the footnote text as ``<w:r>`` elements.
        text_style, reference_style: style ids of ``footnote text`` and
            ``footnote reference`` in the template.
    """
    part = footnotes_part(document)
    root = etree.fromstring(part.blob)
    for note_id, runs in notes:
        xml = (f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:pPr>'
               f'<w:pStyle w:val="{text_style}"/></w:pPr>'
               f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr><w:footnoteRef/></w:r>'
               f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>')
        root.append(etree.fromstring(xml))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if hasattr(part, "_element"):  # an XmlPart: python-docx serialises its element tree
        part._element = etree.fromstring(blob)
    else:
        part._blob = blob
