"""Hồ sơ cơ quan (co_quan): what every document of one agency shares.

The agency profile is a table ``co_quan`` (``co_quan.csv``, or a workbook ``co_quan.xlsx``
with a sheet ``co_quan``) with the columns ``Mục``, ``Giá trị`` and, optionally,
``Loại văn bản`` and ``Người ký``:

- ``Cơ quan chủ quản``, ``Cơ quan ban hành``, ``Cơ quan ban hành (viết thường)``,
  ``Thẩm quyền ban hành``, ``Địa danh``, ``Lưu``: the letterhead, place and archive
  line (ND30 Phụ lục I; nd30.md §3.2, §4, §3.7);
- ``Ký hiệu`` with ``Loại văn bản`` (``Kế hoạch`` → ``KH-SKHCN``, ``Công văn`` →
  ``SKHCN-VP``; ND30 Phụ lục I mục II.3): any item may have rows for one type, which
  win over its row without a type;
- ``Quyền hạn, chức vụ người ký`` with ``Người ký``: one row per signer, the title
  lines with the authority mark (TM., KT., TL., TUQ., Q.; ND30 Phụ lục I mục II.7);
  the first signer signs when a document names none.

It is found like the unit registry: in the document's folder or above, but never
above the folder of the registry (``don_vi.csv``), so an agency never takes the
profile of another agency whose data sits higher up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.common import vnformat
from pipeline.common.errors import InputError
from pipeline.data.tables import Row, Source, fold_key

PROFILE_TABLE = "co_quan"
KEY_COL, VALUE_COL, TYPE_COL, SIGNER_COL = "Mục", "Giá trị", "Loại văn bản", "Người ký"
TITLE_KEY, NAME_KEY = "Quyền hạn, chức vụ người ký", "Người ký"
LETTER_TYPE = "công văn"
PROFILE_KEYS = ("Cơ quan chủ quản", "Cơ quan ban hành", "Cơ quan ban hành (viết thường)", "Thẩm quyền ban hành",
                "Ký hiệu", "Địa danh", TITLE_KEY, "Lưu")
"""The items a profile may give; each is also an item of ``thong_tin_chung``."""
_REGISTRY_FILES = ("don_vi.csv", "don_vi.xlsx")


@dataclass
class AgencyProfile:
    """One agency's shared values, each with the row it was read from.

    Attributes:
        path: the profile file (``co_quan.csv`` or ``co_quan.xlsx``).
        rows: ``{(item, folded type or "")}`` → its row (values in column ``Giá trị``).
        signers: ``{signer's name}`` → the row of their title lines, in table order.
    """

    path: Path
    rows: dict[tuple[str, str], Row] = field(default_factory=dict)
    signers: dict[str, Row] = field(default_factory=dict)

    def row(self, key: str, doc_type: str) -> Row | None:
        """The row of ``key`` for a document of ``doc_type`` (``""`` for a công văn):
        the type's own row, else the row for every type, else ``None``."""
        kind = fold_key(doc_type) or LETTER_TYPE
        return self.rows.get((key, kind)) or self.rows.get((key, ""))


def find_profile(start: Path) -> Path | None:
    """The agency profile for data in ``start``: the nearest ``co_quan.csv`` or
    ``co_quan.xlsx`` in ``start`` or a folder above it, not looking above the first
    folder that holds the unit registry (``don_vi.csv``/``don_vi.xlsx``).

    Returns:
        The profile's path, or ``None`` when there is none.
    """
    start = start.resolve()
    for folder in [start, *start.parents]:
        for suffix in (".csv", ".xlsx"):
            if (folder / f"{PROFILE_TABLE}{suffix}").is_file():
                return folder / f"{PROFILE_TABLE}{suffix}"
        if any((folder / name).is_file() for name in _REGISTRY_FILES):
            return None
    return None


def load_profile(path: Path) -> AgencyProfile:
    """Read and check an agency profile (module docstring for its form).

    Raises:
        InputError (located at the row and column): an unknown item (the list given),
            a type that is not an ND30 type or ``Công văn``, the same item and type twice,
            a signer row without ``Người ký`` or the same signer twice, ``Người ký``
            filled on another item, an empty value.
    """
    source = Source(path.parent if path.suffix.lower() == ".csv" else path)
    table = source.table(PROFILE_TABLE, [KEY_COL, VALUE_COL], [TYPE_COL, SIGNER_COL], multiline=[VALUE_COL])
    keys = {fold_key(key): key for key in PROFILE_KEYS}
    profile = AgencyProfile(Path(path))
    for row in table:
        key = keys.get(fold_key(row.required(KEY_COL)))
        if key is None:
            raise InputError(row.at(KEY_COL), f"mục «{row.text(KEY_COL)}» không dùng được trong hồ sơ cơ quan; "
                             "các mục: " + ", ".join(PROFILE_KEYS))
        kind = fold_key(row.text(TYPE_COL))
        if kind and kind != LETTER_TYPE and vnformat.type_abbreviation(kind) is None:
            raise InputError(row.at(TYPE_COL), f"«{row.text(TYPE_COL)}» không phải tên loại văn bản của ND30 "
                             "(Điều 7), ví dụ «Kế hoạch», «Báo cáo», «Công văn»")
        if key != "Cơ quan chủ quản":
            row.required(VALUE_COL)
        if key == TITLE_KEY:
            name = row.required(SIGNER_COL)
            if name in profile.signers:
                raise InputError(row.at(SIGNER_COL), f"người ký «{name}» đã có ở dòng "
                                 f"{profile.signers[name].location.row}")
            profile.signers[name] = row
            continue
        if row.text(SIGNER_COL):
            raise InputError(row.at(SIGNER_COL), f"cột «{SIGNER_COL}» chỉ ghi ở dòng «{TITLE_KEY}»")
        if (key, kind) in profile.rows:
            raise InputError(row.at(KEY_COL), f"mục «{key}»" + (f" cho «{row.text(TYPE_COL)}»" if kind else "")
                             + f" đã có ở dòng {profile.rows[key, kind].location.row}")
        profile.rows[key, kind] = row
    return profile
