"""Aggregating the units' responses against the plan: who reported on time, late,
or not at all, and the totals per indicator per group (pandas).

registry ⨝ plan recipients ⨝ responses → one row per expected unit with its
status; totals per indicator by group and overall; the late and missing units;
the highlights for the narrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pipeline.common.errors import InputError
from pipeline.data.indicators import Indicator, counted
from pipeline.document.recipients import Recipients
from pipeline.data.registry import Registry, Unit
from pipeline.common.vnformat import format_number, short_date, sort_key

if TYPE_CHECKING:  # pandas is imported by the functions that aggregate: a build without a report never loads it
    import pandas as pd

ON_TIME, LATE, MISSING = "đúng hạn", "trễ hạn", "chưa báo cáo"
STATUSES = (ON_TIME, LATE, MISSING)


@dataclass
class Summary:
    """The aggregated results.

    Attributes:
        units: one row per unit expected to report (or that reported anyway), columns
            ``code, name, short_name, group, group_name, rank, order, expected, status,
            sent`` and one column per indicator code (0 for missing units; a text
            indicator's column holds what the unit wrote, "" if nothing); sorted by
            group order then Vietnamese name.
        totals: one row per group that has expected or reporting units (index: group
            code), columns ``group_name``, ``expected``, ``reported``, ``on_time``, ``late``,
            ``missing`` and one per counted indicator code; plus a last row ``""`` (all groups,
            ``group_name`` = ``Tổng cộng``).
        indicators: the plan's indicators, in order.
        deadline: the reporting deadline.
        highlights: ``(unit short name, text)`` for each response with highlights.
        unexpected: units that reported without being expected to; they are left
            out of the counts and totals and listed in ``notes``.
        notes: what the clerk should know (resubmissions, units left out …), Vietnamese.
    """

    units: pd.DataFrame
    totals: pd.DataFrame
    indicators: list[Indicator]
    deadline: date
    highlights: list[tuple[str, str]]
    unexpected: list[Unit]
    notes: list[str]

    @property
    def counted(self) -> list[Indicator]:
        """The indicators answered with a count (not text-only), in order."""
        return counted(self.indicators)

    def count(self, status: str) -> int:
        """Number of expected units with ``status`` (one of :data:`STATUSES`)."""
        return int((self.units["expected"] & (self.units["status"] == status)).sum())

    @property
    def expected(self) -> int:
        """Number of units expected to report."""
        return int(self.units["expected"].sum())

    def names(self, status: str) -> list[str]:
        """Short names of the expected units with ``status``, in table order."""
        rows = self.units[self.units["expected"] & (self.units["status"] == status)]
        return rows["short_name"].tolist()

    def total(self, code: str) -> int:
        """The overall total of indicator ``code`` (exact: integer arithmetic throughout)."""
        return int(self.totals.loc["", code])


def expected_units(recipients: Recipients, registry: Registry) -> list[Unit]:
    """The units that received the plan and whose group reports results back
    (``Báo cáo kết quả`` = ``x`` in ``khoi_don_vi``)."""
    return [u for u in recipients.units if registry.groups[u.group].reports]


def summarise(expected: list[Unit], responses, indicators: list[Indicator], registry: Registry,
              deadline: date, year: int, issued: date | None = None) -> Summary:
    """Join the expected units with the responses and count.

    Args:
        expected: the units expected to report (see :func:`expected_units`).
        responses: a ``pipeline.results.responses.ResponseSet`` (one response per unit).
        indicators: the plan's indicators (counts: whole numbers).
        registry: the unit registry (for group names and order).
        deadline: responses sent on or before it are on time.
        year: the plan's year: a response must be sent in it or the next one.
        issued: the plan's issue date, if any: a response cannot be sent before it.

    Returns:
        The :class:`Summary`. Every expected unit appears exactly once, with
        status on time, late or missing; responses of other units are left out of
        the counts and named in the notes.

    Raises:
        InputError: a response without ``Ngày gửi``, sent outside the plan's time,
            or with a count that is not a whole number.
    """
    import pandas as pd
    codes = [i.code for i in counted(indicators)]
    text_codes = [i.code for i in indicators if i.text]
    expected_codes = {u.code for u in expected}
    notes = list(getattr(responses, "notes", []))  # resubmissions, lock files … (from the reader)
    answered_responses = []
    for response in responses.responses:
        _check_response(response, indicators, year, issued)
        if response.unit.code in expected_codes:
            answered_responses.append(response)
        else:
            notes.append(f"không tính báo cáo của {response.unit.full_name} ({response.location}): đơn vị "
                         "này không thuộc các đơn vị phải báo cáo theo kế hoạch")
    expected_frame = pd.DataFrame({"code": [u.code for u in expected], "expected": True})
    answered = pd.DataFrame(
        [{"code": r.unit.code, "sent": r.sent, **{c: int(r.values.get(c, 0)) for c in codes},
          **{c: r.texts.get(c, "") for c in text_codes}} for r in answered_responses],
        columns=["code", "sent", *codes, *text_codes])
    units = expected_frame.merge(answered, on="code", how="left")
    units[codes] = units[codes].fillna(0).astype("int64")  # counts are bounded by Tối đa: exact in int64
    units[text_codes] = units[text_codes].fillna("").astype(object)
    units = units.join(_unit_columns(units["code"], registry))
    reported = units["sent"].notna()
    on_time = reported & (pd.to_datetime(units["sent"]) <= pd.Timestamp(deadline))
    units["status"] = MISSING
    units.loc[reported, "status"] = LATE
    units.loc[on_time, "status"] = ON_TIME
    keys = list(zip(units["rank"].tolist(), units["order"].tolist(), map(sort_key, units["name"].tolist())))
    position = sorted(range(len(units)), key=keys.__getitem__)
    units = units.iloc[position].reset_index(drop=True)
    unexpected = [r.unit for r in responses.responses if r.unit.code not in expected_codes]
    highlights = sorted(((r.unit.short_name, r.highlights) for r in answered_responses if r.highlights),
                        key=lambda item: sort_key(item[0]))
    return Summary(units, _totals(units, codes), indicators, deadline, highlights, unexpected, notes)


def _check_response(response, indicators: list[Indicator], year: int, issued: date | None) -> None:
    """A response must carry its date, sent within the plan's time, with whole-number counts."""
    where = response.location.at(column="Ngày gửi")
    if response.sent is None:
        raise InputError(where, "thiếu ngày gửi báo cáo, nên không xác định được đúng hạn hay trễ hạn")
    if not year <= response.sent.year <= year + 1:
        raise InputError(where, f"ngày gửi {short_date(response.sent)} không thuộc năm {year} của kế hoạch "
                         f"(hay năm {year + 1}); có phải báo cáo của năm khác, hoặc ngày gõ sai?")
    if issued and response.sent < issued:
        raise InputError(where, f"ngày gửi {short_date(response.sent)} trước ngày ban hành kế hoạch "
                         f"{short_date(issued)}")
    for indicator in counted(indicators):
        value = response.values.get(indicator.code, 0)
        if value != int(value):
            raise InputError(response.location.at(column=indicator.header),
                             f"«{indicator.name}» là số đếm, phải là số nguyên (đang là "
                             f"{format_number(value)})")


def _unit_columns(codes: pd.Series, registry: Registry) -> pd.DataFrame:
    import pandas as pd
    rows = []
    for code in codes:
        unit = registry.units[code]
        group = registry.groups[unit.group]
        rows.append({"name": unit.full_name, "short_name": unit.short_name, "group": group.code,
                     "group_name": group.name, "rank": group.rank, "order": group.order})
    return pd.DataFrame(rows, index=codes.index)


def _totals(units: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    import pandas as pd
    flags = units.assign(
        expected=units["expected"].astype(bool),
        reported=units["status"] != MISSING,
        on_time=units["status"] == ON_TIME,
        late=units["status"] == LATE,
        missing=units["expected"] & (units["status"] == MISSING),
    )
    grouped = flags.groupby(["rank", "order", "group", "group_name"], sort=True)[
        ["expected", "reported", "on_time", "late", "missing", *codes]].sum()
    grouped = grouped.reset_index(["rank", "order", "group_name"]).drop(columns=["rank", "order"])
    overall = grouped.drop(columns="group_name").sum().to_frame().T
    overall.index = [""]
    overall.insert(0, "group_name", "Tổng cộng")
    totals = pd.concat([grouped, overall])
    counts = ["expected", "reported", "on_time", "late", "missing"]
    totals[counts] = totals[counts].astype(int)
    return totals
