"""Aggregating the units' responses against the plan: who reported on time, late,
or not at all, and the totals per indicator per group (pandas).

registry ⨝ plan recipients ⨝ responses → one row per expected unit with its
status; totals per indicator by group and overall; the late and missing units;
the highlights for the narrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline.errors import InputError
from pipeline.indicators import Indicator
from pipeline.recipients import Recipients
from pipeline.registry import Registry, Unit
from pipeline.vnformat import sort_key

ON_TIME, LATE, MISSING = "đúng hạn", "trễ hạn", "chưa báo cáo"
STATUSES = (ON_TIME, LATE, MISSING)


@dataclass
class Summary:
    """The aggregated results.

    Attributes:
        units: one row per unit expected to report (or that reported anyway), columns
            ``code, name, short_name, group, group_name, rank, order, expected, status,
            sent`` and one column per indicator code (0 for missing units); sorted by
            group order then Vietnamese name.
        totals: one row per group that has expected or reporting units (index: group
            code), columns ``group_name``, ``expected``, ``reported``, ``on_time``, ``late``,
            ``missing`` and one per indicator code; plus a last row ``""`` (all groups,
            ``group_name`` = ``Tổng cộng``).
        indicators: the plan's indicators, in order.
        deadline: the reporting deadline.
        highlights: ``(unit short name, text)`` for each response with highlights.
        unexpected: units that reported without being expected to (still counted).
    """

    units: pd.DataFrame
    totals: pd.DataFrame
    indicators: list[Indicator]
    deadline: date
    highlights: list[tuple[str, str]]
    unexpected: list[Unit]

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

    def total(self, code: str) -> float:
        """The overall total of indicator ``code``."""
        return float(self.totals.loc["", code])


def expected_units(recipients: Recipients, registry: Registry) -> list[Unit]:
    """The units that received the plan and whose group reports results back
    (``Báo cáo kết quả`` = ``x`` in ``khoi_don_vi``)."""
    return [u for u in recipients.units if registry.groups[u.group].reports]


def summarise(expected: list[Unit], responses, indicators: list[Indicator], registry: Registry,
              deadline: date) -> Summary:
    """Join the expected units with the responses and count.

    Args:
        expected: the units expected to report (see :func:`expected_units`).
        responses: a ``pipeline.responses.ResponseSet`` (one response per unit).
        indicators: the plan's indicators.
        registry: the unit registry (for group names and order).
        deadline: responses sent on or before it are on time.

    Returns:
        The :class:`Summary`. Every expected unit appears exactly once, with
        status on time, late or missing.

    Raises:
        InputError: a response without ``Ngày gửi`` (it cannot be judged on time or late).
    """
    codes = [i.code for i in indicators]
    for response in responses.responses:
        if response.sent is None:
            raise InputError(response.location.at(column="Ngày gửi"),
                             "thiếu ngày gửi báo cáo, nên không xác định được đúng hạn hay trễ hạn")
    expected_frame = pd.DataFrame({"code": [u.code for u in expected], "expected": True})
    answered = pd.DataFrame(
        [{"code": r.unit.code, "sent": r.sent, **{c: float(r.values.get(c, 0.0)) for c in codes}}
         for r in responses.responses],
        columns=["code", "sent", *codes])
    units = expected_frame.merge(answered, on="code", how="outer")
    units["expected"] = units["expected"].fillna(False).astype(bool)
    units[codes] = units[codes].fillna(0.0)
    units = units.join(_unit_columns(units["code"], registry))
    reported = units["sent"].notna()
    on_time = reported & (pd.to_datetime(units["sent"]) <= pd.Timestamp(deadline))
    units["status"] = MISSING
    units.loc[reported, "status"] = LATE
    units.loc[on_time, "status"] = ON_TIME
    keys = list(zip(units["rank"].tolist(), units["order"].tolist(), map(sort_key, units["name"].tolist())))
    position = sorted(range(len(units)), key=keys.__getitem__)
    units = units.iloc[position].reset_index(drop=True)
    unexpected = [registry.units[c] for c in units.loc[~units["expected"], "code"]]
    highlights = sorted(((r.unit.short_name, r.highlights) for r in responses.responses if r.highlights),
                        key=lambda item: sort_key(item[0]))
    return Summary(units, _totals(units, codes), indicators, deadline, highlights, unexpected)


def _unit_columns(codes: pd.Series, registry: Registry) -> pd.DataFrame:
    rows = []
    for code in codes:
        unit = registry.units[code]
        group = registry.groups[unit.group]
        rows.append({"name": unit.full_name, "short_name": unit.short_name, "group": group.code,
                     "group_name": group.name, "rank": group.rank, "order": group.order})
    return pd.DataFrame(rows, index=codes.index)


def _totals(units: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    flags = units.assign(
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
