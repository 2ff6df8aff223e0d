"""One opened template filled many times: the parts a fill changes are put back
before the next fill, and the parts it leaves alone are compressed once.

python-docx and docxtpl change a loaded template in place when they fill it: the body
is replaced, headers and footers become new parts, the core properties are set, the
footnotes part gets new content (:mod:`pipeline.render.footnotes`). :class:`Reusable`
records that state once and restores it before each later fill, so a template is
opened and parsed once per run instead of once per document (a letter to each of
3,321 communes is 3,321 fills of one template).

:func:`package_bytes` writes the package exactly as python-docx's ``save`` followed by
:func:`pipeline.common.package.repeatable_zip` would (same members, order, dates, zlib
level), but a part whose content object is the template's own (styles, theme,
numbering, fonts, pictures: usually most of the file) is compressed once and its
compressed bytes copied into every later document.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from copy import deepcopy
from datetime import datetime

from docx.document import Document
from docxtpl import DocxTemplate
from docx.opc.pkgwriter import _ContentTypesItem
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI

from pipeline.common.package import PackageProblem, check_member, zip_date


class FillableTemplate(DocxTemplate):
    """docxtpl's template whose cleaning of the Word XML into Jinja source
    (:meth:`DocxTemplate.patch_xml`, regular expressions over the whole part) is done
    once per distinct part text: a template filled again after :meth:`Reusable.restore`
    gives the same texts."""

    def __init__(self, template_file):
        super().__init__(template_file)
        self._patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        """As docxtpl, remembered by the source text."""
        if src_xml not in self._patched:
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]


class Reusable:
    """The state of a loaded python-docx document that filling it changes.

    Args:
        document: the template as loaded, before any fill.
    """

    def __init__(self, document: Document):
        self.document = document
        self.body = deepcopy(document.element.body)
        package = document.part.package
        self.rels = [_rels_state(source.rels) for source in (package, *package.iter_parts())]
        self.contents = {id(part): (part, _content(part)) for part in package.iter_parts()}
        self.core = {id(part): deepcopy(part._element) for part in package.iter_parts()
                     if type(part).__name__ == "CorePropertiesPart"}
        self._compressed: dict[int, tuple[object, int, int, bytes]] = {}
        self.members: list[Member] = []

    def restore(self) -> None:
        """Put the document back as it was loaded (body, relationships, part contents, core properties)."""
        root = self.document.element
        root.replace(root.body, deepcopy(self.body))
        for rels, entries, targets in self.rels:
            rels.clear()
            rels.update({rid: rel for rid, (rel, _) in entries.items()})
            for rel, target in entries.values():
                rel._target = target
            rels._target_parts_by_rId.clear()
            rels._target_parts_by_rId.update(targets)
        for part, content in self.contents.values():
            if hasattr(part, "_element"):
                part._element = content
            else:
                part._blob = content
        for part, _ in self.contents.values():
            if id(part) in self.core:
                part._element = deepcopy(self.core[id(part)])

    def package_bytes(self, stamp: datetime) -> bytes:
        """The filled document as .docx bytes, byte-identical to python-docx's ``save``
        re-zipped by :func:`pipeline.common.package.repeatable_zip` with ``stamp``.

        A part still holding the template's own content (same object: nothing replaced
        it, and nothing in a fill edits those in place) is compressed the first time and
        copied compressed afterwards; every other part and every relationship and content
        types item is serialised, checked as well-formed XML and compressed. The members
        written are kept in :attr:`members` (for :mod:`pipeline.render.series`).

        Raises:
            PackageProblem: a changed part that is not well-formed XML.
        """
        package = self.document.part.package
        parts = list(package.iter_parts())
        members: list[tuple[str, object]] = [(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),
                                             (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
        for part in parts:
            members.append((part.partname.membername, part))
            if len(part.rels):
                members.append((part.partname.rels_uri.membername, part.rels.xml))
        self.members = [(name, *self._compress(name, item)) for name, item in members]
        return zip_members(self.members, stamp)

    def _compress(self, name: str, item: object) -> tuple[int, int, bytes]:
        """``(crc, size, deflated)`` of a member; cached for a part with the template's own content."""
        if isinstance(item, bytes):
            check_member(name, item)
            return deflate(item)
        part = item
        original = self.contents.get(id(part))
        shared = (original is not None and original[0] is part and _content(part) is original[1]
                  and part is not self.document.part and id(part) not in self.core)
        if shared and id(part) in self._compressed:
            return self._compressed[id(part)][1:]
        data = part.blob
        check_member(name, data)
        result = deflate(data)
        if shared:
            self._compressed[id(part)] = (part, *result)
        return result


def _rels_state(rels) -> tuple[object, dict, dict]:
    return rels, {rid: (rel, rel._target) for rid, rel in rels.items()}, dict(rels._target_parts_by_rId)


def _content(part) -> object:
    """The object holding a part's content: its XML element, or its bytes."""
    return part._element if hasattr(part, "_element") else part._blob


Member = tuple[str, int, int, bytes]
"""A zip member ready to write: ``(name, crc32, size, deflated bytes)``."""


def zip_members(members: list[Member], stamp: datetime) -> bytes:
    """The zip of ``members``, in that order, each dated ``stamp`` (as
    :func:`pipeline.common.package.repeatable_zip` writes them).

    Raises:
        PackageProblem: two members of one name.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, crc, size, deflated in members:
            _write_raw(archive, name, zip_date(stamp), crc, size, deflated)
    return out.getvalue()


def deflate(data: bytes) -> tuple[int, int, bytes]:
    """``(crc32, size, deflated)``: as :mod:`zipfile` deflates a member written at once (default level, raw stream)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush()


def _write_raw(archive: zipfile.ZipFile, name: str, date_time: tuple, crc: int, size: int, deflated: bytes) -> None:
    """Append an already deflated member, with the header :meth:`zipfile.ZipFile.writestr` writes.

    :mod:`zipfile` has no call for copying compressed bytes, so the member is recorded
    the way ``writestr`` records it (local header, data, entry in the central directory).
    """
    if name in archive.NameToInfo:
        raise PackageProblem(f"tệp có hai phần cùng tên «{name}» bên trong")
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.CRC, info.file_size, info.compress_size = crc, size, len(deflated)
    info.header_offset = archive.fp.tell()
    archive.fp.write(info.FileHeader(False))
    archive.fp.write(deflated)
    archive.start_dir = archive.fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[name] = info
    archive._didModify = True
