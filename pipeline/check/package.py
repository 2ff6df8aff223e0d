"""Reading a .docx: its parts and Word's resolution of styles and run properties.

``Package(path)`` opens the file (python-docx; in a batch, :mod:`pipeline.check.shared`) and resolves run and paragraph
properties as Word does: direct formatting → character style chain → paragraph
style chain (``basedOn``) → table style → ``docDefaults``; theme fonts through
``theme1.xml``; toggle properties (bold, italic, caps); indents from numbering
levels between the style and direct formatting. ``make_para`` returns a
:class:`~pipeline.check.elements.Para` with the list label Word displays
(:mod:`pipeline.check.numbering`). No rule lives here.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Callable, Iterator

from lxml import etree

from pipeline.check.elements import Para, RunProps
from pipeline.check.numbering import Numbering
from pipeline.check.ooxml import DML, MC, W, is_on, to_int
from pipeline.check.shared import SharedParts, stored_entries
from pipeline.common.errors import VanbanError


_RESOLVED = ("pieces", "text", "derived", "style_id", "jc", "left", "first_line", "before", "after", "line", "line_rule", "contextual",
             "numbered", "tab_stops")
"""What :meth:`Package.make_para` works out from a paragraph's XML and the styles (not where it is)."""

MAIN_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
"""The parser of the main document part: python-docx's options (the same tree) without its element
classes, whose Python objects cost twice as much to make each time the check reaches an element (the
check reads the tree with lxml's own API only)."""

PARAGRAPHS_REMEMBERED = 4096
"""Distinct paragraphs whose resolution :meth:`Package.make_para` keeps for a batch (each letter
adds about one, its Kính gửi; memory stays bounded however many letters are checked)."""


def _resolution(para: Para) -> dict:
    """What ``para`` resolved to (:data:`_RESOLVED`), for another paragraph with the same XML."""
    return {name: getattr(para, name) for name in _RESOLVED}


def _first(levels: list[etree._Element], tag: str) -> etree._Element | None:
    """The ``tag`` child of the first properties element (``w:rPr``/``w:pPr``) in ``levels`` that has one."""
    for level in levels:
        el = level.find(W + tag)
        if el is not None:
            return el
    return None


class Package:
    """The parts of a .docx and Word's property resolution.

    Args:
        path: the .docx file (named in messages).
        shared: parts and style resolution shared with the other documents of a batch
            (:class:`pipeline.check.shared.SharedParts`); the findings are the same with or without it.
        data: the file's bytes when already in memory (then ``path`` is not read).

    Raises:
        VanbanError: (Vietnamese message) the file is missing, a folder, an old .doc or
            password-protected file, or not a readable .docx.
    """

    def __init__(self, path: Path, shared: SharedParts | None = None, data: bytes | None = None):
        self.path = path
        self.shared = shared
        rels, element = self._open(path, shared, data)
        self.related_parts: dict[str, object] = rels.related_parts
        """The parts related to the main document part, by relationship id (headers, footers …)."""
        self.parts = {}
        for rel in rels.values():
            if rel.is_external:
                continue
            kind = rel.reltype.rsplit("/", 1)[-1]
            self.parts.setdefault(kind, rel.target_part)
        self.body_el = element.find(W + "body")
        self.styles_el = self._xml("styles")
        self.theme_el = self._xml("theme")
        self.numbering_el = self._xml("numbering")
        self.settings_el = self._xml("settings")
        trees = (self.styles_el, self.theme_el, self.settings_el)
        if shared is not None and shared.resolution is not None and \
                all(a is b for a, b in zip(shared.resolution[0], trees)):
            self.__dict__.update(shared.resolution[1])
        else:
            self._resolve_styles()
            if shared is not None:
                shared.resolution = (trees, {name: getattr(self, name) for name in self._SHARED})
        self.numbering = Numbering(self.numbering_el)

    _SHARED = ("_styles", "_default_style", "_chains", "_run_props", "_paras", "_levels", "doc_rpr", "doc_ppr", "default_tab",
               "_theme_fonts")
    """What :meth:`_resolve_styles` derives from the styles, theme and settings alone."""

    def _resolve_styles(self) -> None:
        """Index the styles, document defaults, default tab stop and theme fonts."""
        self._styles: dict[str, etree._Element] = {}
        self._default_style: dict[str, str] = {}
        self._chains: dict[tuple, tuple] = {}
        self._run_props: dict[tuple, RunProps] = {}
        self._paras: dict[tuple, dict] = {}
        self._levels: dict[tuple, tuple[tuple, tuple, dict]] = {}
        self.doc_rpr = None
        self.doc_ppr = None
        if self.styles_el is not None:
            for style in self.styles_el.iter(W + "style"):
                sid = style.get(W + "styleId")
                kind = style.get(W + "type", "paragraph")
                if sid is not None:
                    self._styles[sid] = style
                if style.get(W + "default") in ("1", "true", "on"):
                    self._default_style.setdefault(kind, sid)
            defaults = self.styles_el.find(W + "docDefaults")
            if defaults is not None:
                self.doc_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
                self.doc_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
        self.default_tab = 720
        if self.settings_el is not None:
            tab = self.settings_el.find(W + "defaultTabStop")
            if tab is not None:
                self.default_tab = to_int(tab.get(W + "val"), 720) or 720
        self._theme_fonts = self._read_theme_fonts()

    @staticmethod
    def _open(path: Path, shared: SharedParts | None, data: bytes | None) -> tuple[object, etree._Element]:
        """(relationships, parsed XML) of the main document part of ``data`` (the bytes of
        ``path``, read when None); only that part is read when ``shared`` holds a previous
        document stored with the same bytes but for it (:meth:`SharedParts.same_but_main`)."""
        from docx.opc.exceptions import PackageNotFoundError

        if data is None:
            data = _read(path)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise VanbanError(
                f"tệp {path} là tệp Word 97–2003 (.doc) hoặc tệp .docx có đặt mật khẩu; "
                "hãy mở trong Word, bỏ mật khẩu nếu có và lưu lại dưới dạng .docx")
        stream = io.BytesIO(data)
        if not zipfile.is_zipfile(stream):
            raise VanbanError(f"tệp {path} không phải tệp Word .docx (không phải gói ZIP của Office Open XML)")
        try:
            if shared is None:
                main = _unmarshal(path, stream, None)
                return main.rels, main.element
            with zipfile.ZipFile(stream) as archive:
                entries = stored_entries(data, archive)
                same = shared.same_but_main(entries)
                if same is not None:
                    name, rels = same
                    return rels, etree.fromstring(archive.read(name), MAIN_PARSER)
            main = _unmarshal(path, stream, shared)
            shared.remember(entries, main.partname.membername, main.rels)
            return main.rels, main.element
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError,
                OSError, AttributeError, TypeError) as exc:
            raise VanbanError(f"không đọc được tệp {path} như một văn bản Word .docx ({exc})") from None

    def _xml(self, kind: str) -> etree._Element | None:
        part = self.parts.get(kind)
        if part is None:
            return None
        if self.shared is None or getattr(part, "element", None) is not None:
            return self.part_xml(part)
        element = self.shared.element(part.partname, part.blob)  # a part python-docx keeps as bytes (the theme)
        if element is None:
            element = self.part_xml(part)
            self.shared.parts[part.partname] = (part.blob, element)
        return element

    @staticmethod
    def part_xml(part) -> etree._Element | None:
        element = getattr(part, "element", None)
        if element is not None:
            return element
        try:
            return etree.fromstring(part.blob)
        except (etree.XMLSyntaxError, ValueError):
            return None

    def _read_theme_fonts(self) -> dict[str, str | None]:
        fonts: dict[str, str | None] = {}
        if self.theme_el is None:
            return fonts
        for prefix, tag in (("major", "majorFont"), ("minor", "minorFont")):
            font = next(self.theme_el.iter(DML + tag), None)
            if font is None:
                continue
            for slot, child in (("HAnsi", "latin"), ("Ascii", "latin"), ("EastAsia", "ea"), ("Bidi", "cs")):
                el = font.find(DML + child)
                name = el.get("typeface") if el is not None else None
                fonts[prefix + slot] = name or None
        return fonts

    # ------------------------------------------------------------------ styles

    def style_chain(self, style_id: str | None, kind: str) -> tuple[etree._Element, ...]:
        """The style and its bases, nearest first (cycles and missing ids stop the chain)."""
        key = (style_id, kind)
        if key not in self._chains:
            self._chains[key] = self._style_chain(style_id, kind)
        return self._chains[key]

    def _style_chain(self, style_id: str | None, kind: str) -> tuple[etree._Element, ...]:
        chain = []
        seen = set()
        sid = style_id if style_id in self._styles else self._default_style.get(kind)
        while sid and sid not in seen and sid in self._styles:
            seen.add(sid)
            style = self._styles[sid]
            chain.append(style)
            based = style.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return tuple(chain)

    def _style_levels(self, para_chain: tuple, table_chain: tuple) -> tuple[tuple, tuple, dict]:
        """(``w:pPr`` of the paragraph style chain; those, then the table style chain's and the
        document defaults'; their children looked up so far, by tag), nearest first, remembered
        per chains (the styles stay the same for a whole document, or a batch)."""
        key = (*map(id, para_chain), None, *map(id, table_chain))
        known = self._levels.get(key)
        if known is None:
            para_pprs = tuple(ppr for ppr in (style.find(W + "pPr") for style in para_chain) if ppr is not None)
            table_pprs = tuple(ppr for ppr in (style.find(W + "pPr") for style in table_chain) if ppr is not None)
            defaults = (self.doc_ppr,) if self.doc_ppr is not None else ()
            known = self._levels[key] = (para_pprs, para_pprs + table_pprs + defaults, {})
        return known

    # ------------------------------------------------------------------ run properties

    def run_props(self, rpr: etree._Element | None, char_chain, para_chain, table_chain) -> RunProps:
        """The run properties Word shows for direct ``rpr`` over the style chains (remembered per
        distinct ``rpr`` text and chains: the styles stay the same for a whole document)."""
        key = (None if rpr is None else etree.tostring(rpr), *map(id, char_chain), None, *map(id, para_chain),
               None, *map(id, table_chain))
        if key not in self._run_props:
            self._run_props[key] = self._resolve_run(rpr, char_chain, para_chain, table_chain)
        return self._run_props[key]

    def _resolve_run(self, rpr: etree._Element | None, char_chain, para_chain, table_chain) -> RunProps:
        char_levels = [s.find(W + "rPr") for s in char_chain]
        para_levels = [s.find(W + "rPr") for s in para_chain]
        table_levels = [s.find(W + "rPr") for s in table_chain]
        style_groups = (char_levels, para_levels, table_levels)
        levels = [rpr, *char_levels, *para_levels, *table_levels, self.doc_rpr]
        levels = [lv for lv in levels if lv is not None]

        def toggle(tag: str) -> bool:
            if rpr is not None and rpr.find(W + tag) is not None:
                return bool(is_on(rpr.find(W + tag)))
            specified = False
            on = 0
            for group in style_groups:
                for level in group:
                    if level is None:
                        continue
                    el = level.find(W + tag)
                    if el is not None:
                        specified = True
                        on += 1 if is_on(el) else 0
                        break
            if specified:
                return on % 2 == 1
            if self.doc_rpr is not None and self.doc_rpr.find(W + tag) is not None:
                return bool(is_on(self.doc_rpr.find(W + tag)))
            return False

        size_el = _first(levels, "sz")
        size = (to_int(size_el.get(W + "val"), 20) or 20) / 2 if size_el is not None else 10.0

        hint = None
        for level in levels:
            rfonts = level.find(W + "rFonts")
            if rfonts is not None and rfonts.get(W + "hint"):
                hint = rfonts.get(W + "hint")
                break
        slots = ["ascii", "hAnsi", "cs"]
        if hint == "eastAsia":
            slots.append("eastAsia")
        fonts = []
        for slot in slots:
            theme_attr = W + ("cstheme" if slot == "cs" else slot + "Theme")
            name: str | None = None
            resolved = False
            for level in levels:
                rfonts = level.find(W + "rFonts")
                if rfonts is None:
                    continue
                theme = rfonts.get(theme_attr)
                if theme:
                    name = self._theme_fonts.get(theme)
                    resolved = True
                    break
                if rfonts.get(W + slot):
                    name = rfonts.get(W + slot)
                    resolved = True
                    break
            if not resolved and slot in ("ascii", "hAnsi"):
                name = "Times New Roman"  # Word's built-in default when nothing is set
            fonts.append((slot, name))

        color_el = _first(levels, "color")
        color = "auto"
        if color_el is not None:
            theme = color_el.get(W + "themeColor")
            tinted = color_el.get(W + "themeTint") or color_el.get(W + "themeShade")
            if theme:
                color = "000000" if theme in ("text1", "dark1") and not tinted else f"màu chủ đề {theme}"
            else:
                color = (color_el.get(W + "val") or "auto").upper()
                color = "auto" if color == "AUTO" else color

        vert_el = _first(levels, "vertAlign")
        vert = vert_el.get(W + "val") if vert_el is not None else None
        if vert == "baseline":
            vert = None
        return RunProps(tuple(fonts), size, toggle("b"), toggle("i"), toggle("caps"), color, vert)

    # ------------------------------------------------------------------ paragraphs

    def make_para(self, p_el: etree._Element, table_style: str | None = None, **where) -> Para:
        """The paragraph as Word shows it (:class:`~pipeline.check.elements.Para`). What a paragraph
        that is not in a list resolves to is remembered by its XML text, table style and area (a
        letter to each of 3,321 units repeats all its paragraphs but one); a list paragraph is
        resolved each time, as its label depends on the lists before it. At most
        :data:`PARAGRAPHS_REMEMBERED` are remembered."""
        key = (etree.tostring(p_el, encoding="unicode", with_tail=False), table_style, where.get("area"))
        known = self._paras.get(key)
        if known is not None:
            return Para(p_el, **where, **known)
        para = self._make_para(p_el, table_style, **where)
        if not para.numbered:
            self._remember(key, _resolution(para))
        return para

    def _remember(self, key: tuple, resolved: object) -> None:
        """Keep what a paragraph or a table resolves to, at most :data:`PARAGRAPHS_REMEMBERED` of them."""
        if len(self._paras) >= PARAGRAPHS_REMEMBERED:
            self._paras.clear()
        self._paras[key] = resolved

    def table_paras(self, tbl_el: etree._Element, number: int,
                    walk: Callable[[etree._Element], list[tuple[etree._Element, str | None, tuple[int, int]]]],
                    ) -> list[Para]:
        """The paragraphs of the body-level table number ``number``, ``tbl_el``, as :meth:`make_para`
        makes them (area ``table``). ``walk(tbl_el)`` finds them: (element, style of its table, cell),
        in document order. What they resolve to, and where they are in ``tbl_el``, is remembered by
        the table's XML text (one key for the whole table: a batch's letters repeat their letterhead
        and signature tables), so a table seen before is not walked again; list paragraphs are
        resolved each time, in order (their labels count the lists before)."""
        key = (etree.tostring(tbl_el, encoding="unicode", with_tail=False),)
        known = self._paras.get(key)
        if known is None:
            found = walk(tbl_el)
            paras = [self.make_para(p_el, style, area="table", table=number, cell=cell) for p_el, style, cell in found]
            order = {p_el: index for index, p_el in enumerate(tbl_el.iter(W + "p"))}
            self._remember(key, [(order[p_el], style, cell, None if para.numbered else _resolution(para))
                                 for (p_el, style, cell), para in zip(found, paras)])
            return paras
        elements = list(tbl_el.iter(W + "p"))  # the same XML: the same paragraphs in the same order
        return [self._make_para(elements[index], style, area="table", table=number, cell=cell) if resolved is None
                else Para(elements[index], "table", table=number, cell=cell, **resolved)
                for index, style, cell, resolved in known]

    def part_paras(self, root: etree._Element, make: Callable[[], list[Para]]) -> list[Para]:
        """The paragraphs of the header, footer or notes part whose tree is ``root``, made by
        ``make()``; kept for the next documents of a batch that share this very tree (the same part
        bytes, :class:`pipeline.check.shared.SharedParts`), unless one is in a list (its label counts
        the lists before it)."""
        key = ("part", id(root))
        known = self._paras.get(key)
        if known is not None and known[0] is root:
            return list(known[1])
        paras = make()
        if not any(para.numbered for para in paras):
            self._remember(key, (root, tuple(paras)))
        return paras

    def _make_para(self, p_el: etree._Element, table_style: str | None = None, **where) -> Para:
        para = Para(p_el, **where)
        ppr = p_el.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        para.style_id = style_el.get(W + "val") if style_el is not None else None
        para_chain = self.style_chain(para.style_id, "paragraph")
        table_chain = self.style_chain(table_style, "table") if table_style is not None else ()
        if table_style is None and para.area == "table":
            table_chain = self.style_chain(None, "table")

        # numbering (direct or from the style)
        num_ppr = None
        label = ""
        para_pprs, style_pprs, in_styles = self._style_levels(para_chain, table_chain)
        for level in [ppr, *para_pprs]:
            if level is None:
                continue
            num_pr = level.find(W + "numPr")
            if num_pr is not None:
                num_id = num_pr.find(W + "numId")
                ilvl = num_pr.find(W + "ilvl")
                nid = num_id.get(W + "val") if num_id is not None else None
                if nid and nid != "0":
                    para.numbered = True
                    level = ilvl.get(W + "val") if ilvl is not None else "0"
                    num_ppr = self.numbering.ppr(nid, level)
                    label = self.numbering.label(nid, level)
                break
        own = [level for level in (ppr, num_ppr) if level is not None]
        found_at: dict[str, list[etree._Element]] = {}

        def along(tag: str) -> list[etree._Element]:
            """The ``tag`` children of the levels (the paragraph's, its list level's, then the
            styles' and the defaults'), nearest first (looked up once per tag; in the styles, once
            per style chains)."""
            if tag not in found_at:
                styled = in_styles.get(tag)
                if styled is None:
                    styled = in_styles[tag] = [el for el in (level.find(W + tag) for level in style_pprs)
                                               if el is not None]
                found_at[tag] = [el for el in (level.find(W + tag) for level in own) if el is not None] + styled
            return found_at[tag]

        def attr(tag: str, names: tuple[str, ...]) -> tuple[str, str] | None:
            for el in along(tag):
                for name in names:
                    value = el.get(W + name)
                    if value is not None:
                        return name, value
            return None

        jc = next(iter(along("jc")), None)
        para.jc = {"start": "left", "end": "right", "both": "both", "distribute": "both",
                   "lowKashida": "both", "mediumKashida": "both", "highKashida": "both",
                   "thaiDistribute": "both"}.get(jc.get(W + "val"), jc.get(W + "val")) if jc is not None else "left"
        found = attr("ind", ("left", "start"))
        para.left = to_int(found[1], 0) if found else 0

        # sizes of the paragraph's text, for *Chars units
        runs = list(self._own_runs(p_el))
        char_chain_cache: dict[str | None, tuple] = {}
        pieces: list[tuple[str, RunProps]] = []
        for run in runs:
            rpr = run.find(W + "rPr")
            rstyle = rpr.find(W + "rStyle") if rpr is not None else None
            rsid = rstyle.get(W + "val") if rstyle is not None else None
            if rsid not in char_chain_cache:
                char_chain_cache[rsid] = self.style_chain(rsid, "character") if rsid else ()
            props = self.run_props(rpr, char_chain_cache[rsid], para_chain, table_chain)
            for text in run_texts(run):
                pieces.append((text, props))
        if label:  # the list label Word shows, in the look of the paragraph's first run
            props = next((p for t, p in pieces if t.strip()), None) or self.run_props(None, (), para_chain, table_chain)
            pieces.insert(0, (label, props))
        para.pieces = pieces
        para.text = "".join(text for text, _ in pieces)
        sizes = [p.size for t, p in pieces if t.strip()] or [self.run_props(None, (), para_chain, table_chain).size]
        size = max(sizes)

        fl = attr("ind", ("firstLine", "hanging", "firstLineChars", "hangingChars"))
        if fl:
            name, value = fl
            number = to_int(value, 0) or 0
            if name == "hanging":
                number = -number
            elif name == "firstLineChars":
                number = int(number / 100 * size * 20)
            elif name == "hangingChars":
                number = -int(number / 100 * size * 20)
            para.first_line = number

        for side in ("before", "after"):
            auto = attr("spacing", (side + "Autospacing",))
            lines = attr("spacing", (side + "Lines",))
            value = attr("spacing", (side,))
            if auto and auto[1] in ("1", "true", "on"):
                setattr(para, side, 280)
            elif lines:
                setattr(para, side, int((to_int(lines[1], 0) or 0) / 100 * size * 1.15 * 20))
            elif value:
                setattr(para, side, to_int(value[1], 0) or 0)
        for spacing in along("spacing"):
            if spacing.get(W + "line") is not None:
                para.line = to_int(spacing.get(W + "line"), 240) or 240
                para.line_rule = spacing.get(W + "lineRule") or "auto"
                break
        para.contextual = bool(is_on(next(iter(along("contextualSpacing")), None)))
        tabs = []
        for tabs_el in along("tabs"):
            for tab in tabs_el.findall(W + "tab"):
                tabs.append((tab.get(W + "val") or "", to_int(tab.get(W + "pos"), 0) or 0))
        para.tab_stops = tuple(tabs)
        return para

    @staticmethod
    def _own_runs(p_el: etree._Element) -> Iterator[etree._Element]:
        """Runs of this paragraph: not deleted, not in a fallback copy, not in a nested text box."""
        for run in p_el.iter(W + "r"):
            node = run.getparent()
            ok = True
            while node is not None and node is not p_el:
                tag = node.tag
                if tag in (W + "del", W + "moveFrom", MC + "Fallback", W + "p", W + "txbxContent"):
                    ok = False
                    break
                node = node.getparent()
            if ok:
                yield run


def _read(path: Path) -> bytes:
    """The bytes of the .docx ``path``; VanbanError (Vietnamese) when missing, a folder or unreadable."""
    if not path.exists():
        raise VanbanError(f"không tìm thấy tệp {path}")
    if path.is_dir():
        raise VanbanError(f"{path} là một thư mục, không phải tệp .docx")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VanbanError(f"không mở được tệp {path}: {exc.strerror or exc}") from None


def _unmarshal(path: Path, stream: io.BytesIO, shared: SharedParts | None):
    """The main document part of the package in ``stream``, as ``docx.Document(path)`` reads it,
    but for its tree, parsed with :data:`MAIN_PARSER`, and with an XML part whose bytes the
    previous document of the batch had taken from ``shared`` instead of parsed again (not the main
    document part, which differs per document)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.package import Unmarshaller
    from docx.opc.part import PartFactory, XmlPart
    from docx.opc.pkgreader import PackageReader
    from docx.oxml.parser import parse_xml
    from docx.package import Package as WordPackage

    def part(partname, content_type, reltype, blob, package):
        kind = PartFactory._part_cls_for(content_type)
        if content_type == CT.WML_DOCUMENT_MAIN:
            return kind(partname, content_type, etree.fromstring(blob, MAIN_PARSER), package)
        if shared is None or not issubclass(kind, XmlPart):
            return PartFactory(partname, content_type, reltype, blob, package)
        element = shared.element(partname, blob)
        if element is None:
            element = parse_xml(blob)
            shared.parts[partname] = (blob, element)
        return kind(partname, content_type, element, package)

    package = WordPackage()
    Unmarshaller.unmarshal(PackageReader.from_file(stream), package, part)
    main = package.main_document_part
    if main.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{path}' is not a Word file, content type is '{main.content_type}'")
    return main


def run_texts(run: etree._Element) -> Iterator[str]:
    """The text pieces of a run; tabs and line breaks as separate "\\t"/"\\n" pieces."""
    buffer = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            buffer.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            if buffer:
                yield "".join(buffer)
                buffer = []
            yield "\t"
        elif tag in (W + "br", W + "cr"):
            if buffer:
                yield "".join(buffer)
                buffer = []
            yield "\n"
        elif tag == W + "noBreakHyphen":
            buffer.append("-")
    if buffer:
        text = "".join(buffer)
        # a newline or tab typed inside w:t (docxtpl can leave them) counts as a break
        for part in re.split(r"([\t\n])", text):
            if part:
                yield part


# --------------------------------------------------------------------------- the document model
