"""What the documents of one batch share, read once (issue 15).

A build checks hundreds of letters made from one template: their zip entries are the
template's, byte for byte, but for the main document part (``word/document.xml``).
:class:`SharedParts` remembers the previous document of the batch: its entries as stored
(compressed, :func:`stored_entries`), the relationships of its main part and the parsed
trees of its XML parts. A next document whose entries but the main one are stored with
the very same bytes is the same package but for its main part, so only that part is
inflated and parsed (:meth:`SharedParts.same_but_main`). Identical compressed bytes
(with the same method, flags, checksum and size) inflate to identical bytes, inflating
being deterministic; a checksum alone would prove nothing. No rule lives here.
"""

from __future__ import annotations

import zipfile

from lxml import etree

_LOCAL_HEADER = b"PK\x03\x04"
_LOCAL_HEADER_SIZE = 30  # APPNOTE.TXT 4.3.7: fixed fields, then the name and the extra field

Entry = tuple
"""One zip entry as stored: (name, method, flags, CRC-32, size, local header + compressed bytes).
The bytes are a copy (``bytes`` compare with one ``memcmp``; a ``memoryview`` of the file's bytes,
compared byte by byte, cost a batch's letter ten times as much)."""


def stored_entries(data: bytes, archive: zipfile.ZipFile) -> list[Entry] | None:
    """Every entry of the zip ``data`` (opened as ``archive``) as stored, in the central
    directory's order, nothing inflated (ZIP APPNOTE.TXT 4.3.7: the local file header at
    ``header_offset``, its name and extra field, then ``compress_size`` bytes).

    Returns:
        The entries (:data:`Entry`), or None when a local header is not where the central
        directory says (the normal reading then reports the damage).
    """
    entries = []
    for info in archive.infolist():
        start = info.header_offset
        header = data[start:start + _LOCAL_HEADER_SIZE]
        if len(header) < _LOCAL_HEADER_SIZE or not header.startswith(_LOCAL_HEADER):
            return None
        end = (start + _LOCAL_HEADER_SIZE + int.from_bytes(header[26:28], "little")
               + int.from_bytes(header[28:30], "little") + info.compress_size)
        if end > len(data):
            return None
        entries.append((info.filename, info.compress_type, info.flag_bits, info.CRC, info.file_size,
                        data[start:end]))
    return entries


class SharedParts:
    """What the documents of one batch share, read once (the build checks thousands of
    letters made from one template: the same styles, theme, numbering, settings).

    Holds the previous document read whole (its stored entries but the main part's and the
    relationships of its main part, :meth:`remember`); per part name, the last XML part
    read and its parsed tree, reused for a next document whose part has the very same
    bytes (one entry per part name, so memory stays bounded however many documents
    differ); and, for one set of styles, theme and settings trees, the style index, style
    chains and resolved run properties of :class:`pipeline.check.package.Package`. Nothing
    is shared between documents whose parts differ, and no shared tree is changed by the
    check, so each document's findings are those of checking it alone.
    """

    def __init__(self) -> None:
        self.parts: dict[str, tuple[bytes, etree._Element]] = {}
        self.resolution: tuple[tuple, dict] | None = None
        self._last: tuple[str, list[Entry], object] | None = None

    def element(self, name: str, blob: bytes) -> etree._Element | None:
        """The parsed tree of part ``name`` if the previous document had these exact bytes."""
        last = self.parts.get(name)
        return last[1] if last is not None and last[0] == blob else None

    def remember(self, entries: list[Entry] | None, main: str, rels) -> None:
        """Keep a document just read whole: its stored ``entries`` (:func:`stored_entries`),
        the entry name of its main part ``main`` and that part's relationships ``rels``
        (python-docx ``Relationships``, to the parts read with it)."""
        self._last = None if entries is None else (main, _but(entries, main), rels)

    def same_but_main(self, entries: list[Entry] | None) -> tuple[str, object] | None:
        """(entry name of the main part, its relationships) of the previous document when
        every entry of ``entries`` but the main part's is stored exactly as in it (same
        names in the same order, same method, flags, checksum, size and compressed bytes);
        None otherwise."""
        if self._last is None or entries is None:
            return None
        main, others, rels = self._last
        return (main, rels) if _but(entries, main) == others else None


def _but(entries: list[Entry], main: str) -> list[Entry]:
    """``entries`` with the main part's reduced to its name (its content may differ)."""
    return [entry if entry[0] != main else (main,) for entry in entries]
