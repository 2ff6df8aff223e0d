"""Điền các tên ``{tên}`` trong chữ của văn bản.

The placeholders of the text: every ``{name}`` must be a named date, list or value
(close names suggested), is replaced by its value, and a body row naming a list is
repeated once per item.
"""

from __future__ import annotations

import difflib

from pipeline.common.errors import InputError, Location
from pipeline.data.tables import Row, fold_key
from pipeline.document.markup import PLACEHOLDER_RE, placeholders
from pipeline.document.model.tables import BASIS_PLACEHOLDER, BASIS_TABLE, TEXT_COL


def _check_names(text: str, values: dict[str, str], lists: dict[str, list[str]],
                 location: Location) -> dict[str, str]:
    """Return ``{folded name: typed name}`` of the placeholders in ``text``, all known.

    Raises:
        InputError: an unknown name (with the closest or all known names), or an
            empty ``{căn cứ}``.
    """
    names = {fold_key(name): name for name in placeholders(text)}
    for key, typed in names.items():
        if key not in values and key not in lists:
            known = sorted(set(values) | set(lists))
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                hint = f"; có phải là «{{{close[0]}}}»?"
            else:
                hint = "; các tên đã khai: " + ", ".join(f"«{{{name}}}»" for name in known)
            raise InputError(location, f"không có mốc thời gian, danh mục hay giá trị nào tên "
                             f"«{typed}»{hint} (khai trong moc_thoi_gian hoặc danh_muc)")
        if key == fold_key(BASIS_PLACEHOLDER) and not values[key]:
            raise InputError(location, f"«{{{typed}}}» đang trống: bảng {BASIS_TABLE} "
                             "(các văn bản căn cứ) chưa có hoặc chưa có dòng nào")
    return names


def _substitute(text: str, values: dict[str, str], item: str | None = None) -> str:
    """Replace each ``{name}`` by its value (a list's name by ``item``)."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(fold_key(match.group(1)), item), text)


def _fill_scalars(text: str, values: dict[str, str], location: Location) -> str:
    """Resolve the placeholders of a one-value field (trích yếu, footnote, list item …).

    Raises:
        InputError: an unknown name, or a list name (lists repeat body rows only).
    """
    _check_names(text, values, {}, location)
    return _substitute(text, values)


def _expand(row: Row, values: dict[str, str], lists: dict[str, list[str]]) -> list[str]:
    """Resolve the placeholders of a body row; a row naming a list repeats once per item."""
    text = row.required(TEXT_COL)
    names = _check_names(text, values, lists, row.at(TEXT_COL))
    list_names = [name for name in names if name in lists]
    if len(list_names) > 1:
        raise InputError(row.at(TEXT_COL), "một dòng chỉ được dùng một danh mục: "
                         + ", ".join(f"{{{names[n]}}}" for n in list_names))
    if list_names:
        return [_substitute(text, values, item) for item in lists[list_names[0]]]
    return [_substitute(text, values)]
