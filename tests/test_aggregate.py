"""Aggregation of responses against the plan, on small made-up data with known answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from pipeline.aggregate import LATE, MISSING, ON_TIME, summarise
from pipeline.errors import InputError, Location
from pipeline.indicators import Indicator
from pipeline.registry import Registry, Unit, UnitGroup

INDICATORS = [Indicator("hoi_thao", "Số hội thảo", "cuộc"), Indicator("bai_viet", "Số bài viết", "bài")]
DEADLINE = date(2024, 5, 25)


def unit(code: str, name: str, group: str) -> Unit:
    return Unit(code, name, name, group, "", "", None, None, Location(Path("don_vi.csv"), row=2))


@dataclass
class FakeResponse:
    unit: Unit
    sent: date | None
    values: dict[str, float]
    highlights: str = ""
    location: Location = field(default_factory=lambda: Location(Path("r.xlsx"), "Báo cáo", 4))


@dataclass
class FakeSet:
    responses: list


@pytest.fixture
def registry() -> Registry:
    groups = {
        "so": UnitGroup("so", "Các sở", "Các Sở", 2, "đầy đủ", "", 0, True),
        "huyen": UnitGroup("huyen", "UBND cấp huyện", "UBND các huyện", 2, "đầy đủ", "", 1, True),
    }
    units = [unit("S1", "Sở Y tế", "so"), unit("S2", "Sở Công Thương", "so"), unit("S3", "Sở Tư pháp", "so"),
             unit("H1", "UBND huyện Đông Sơn", "huyen"), unit("H2", "UBND huyện Cẩm Thủy", "huyen"),
             unit("X1", "Sở Xây dựng", "so")]
    return Registry(groups, {u.code: u for u in units}, Location(Path("don_vi.csv")))


def test_every_expected_unit_once_with_status_and_exact_totals(registry):
    u = registry.units
    expected = [u["S1"], u["S2"], u["S3"], u["H1"], u["H2"]]
    responses = FakeSet([
        FakeResponse(u["S1"], date(2024, 5, 25), {"hoi_thao": 2, "bai_viet": 5}, "Hội thảo lớn"),
        FakeResponse(u["S2"], date(2024, 5, 26), {"hoi_thao": 1, "bai_viet": 0}),
        FakeResponse(u["H1"], date(2024, 5, 20), {"hoi_thao": 0, "bai_viet": 12}),
        FakeResponse(u["X1"], date(2024, 5, 1), {"hoi_thao": 3, "bai_viet": 1}),  # not expected
    ])
    summary = summarise(expected, responses, INDICATORS, registry, DEADLINE)
    status = dict(zip(summary.units["code"], summary.units["status"]))
    assert status == {"S1": ON_TIME, "S2": LATE, "S3": MISSING, "H1": ON_TIME, "H2": MISSING, "X1": ON_TIME}
    assert (summary.expected, summary.count(ON_TIME), summary.count(LATE), summary.count(MISSING)) == (5, 2, 1, 2)
    assert summary.names(MISSING) == ["Sở Tư pháp", "UBND huyện Cẩm Thủy"]
    assert [u.code for u in summary.unexpected] == ["X1"]
    # totals include the unexpected unit's report
    assert summary.total("hoi_thao") == 6 and summary.total("bai_viet") == 18
    so = summary.totals.loc["so"]
    assert (so["expected"], so["reported"], so["on_time"], so["late"], so["missing"]) == (3, 3, 2, 1, 1)
    assert (so["hoi_thao"], so["bai_viet"]) == (6, 6)
    assert summary.totals.loc["", "group_name"] == "Tổng cộng"
    assert summary.highlights == [("Sở Y tế", "Hội thảo lớn")]
    # groups in registry order, units in Vietnamese order within a group
    assert summary.units["code"].tolist() == ["S2", "S3", "X1", "S1", "H2", "H1"]


def test_a_response_without_a_date_cannot_be_judged(registry):
    u = registry.units
    responses = FakeSet([FakeResponse(u["S1"], None, {"hoi_thao": 1})])
    with pytest.raises(InputError) as error:
        summarise([u["S1"]], responses, INDICATORS, registry, DEADLINE)
    assert str(error.value) == ("tệp r.xlsx, trang tính «Báo cáo», dòng 4, cột «Ngày gửi»: thiếu ngày gửi báo "
                                "cáo, nên không xác định được đúng hạn hay trễ hạn")
