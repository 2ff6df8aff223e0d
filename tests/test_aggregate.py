"""Aggregation of responses against the plan, on small made-up data with known answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from pipeline.results.aggregate import LATE, MISSING, ON_TIME, summarise
from pipeline.common.errors import InputError, Location
from pipeline.data.indicators import Indicator
from pipeline.data.registry import Registry, Unit, UnitGroup

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
    summary = summarise(expected, responses, INDICATORS, registry, DEADLINE, 2024)
    status = dict(zip(summary.units["code"], summary.units["status"]))
    assert status == {"S1": ON_TIME, "S2": LATE, "S3": MISSING, "H1": ON_TIME, "H2": MISSING}
    assert (summary.expected, summary.count(ON_TIME), summary.count(LATE), summary.count(MISSING)) == (5, 2, 1, 2)
    assert summary.names(MISSING) == ["Sở Tư pháp", "UBND huyện Cẩm Thủy"]
    # a unit that was not asked to report is left out of the counts, and said so
    assert [u.code for u in summary.unexpected] == ["X1"]
    assert summary.notes == ["không tính báo cáo của Sở Xây dựng (tệp r.xlsx, trang tính «Báo cáo», dòng 4): "
                             "đơn vị này không thuộc các đơn vị phải báo cáo theo kế hoạch"]
    assert summary.total("hoi_thao") == 3 and summary.total("bai_viet") == 17
    so = summary.totals.loc["so"]
    assert (so["expected"], so["reported"], so["on_time"], so["late"], so["missing"]) == (3, 2, 1, 1, 1)
    assert (so["hoi_thao"], so["bai_viet"]) == (3, 5)
    assert summary.totals.loc["", "group_name"] == "Tổng cộng"
    assert summary.highlights == [("Sở Y tế", "Hội thảo lớn")]
    # groups in registry order, units in Vietnamese order within a group
    assert summary.units["code"].tolist() == ["S2", "S3", "S1", "H2", "H1"]


def test_a_response_without_a_date_cannot_be_judged(registry):
    u = registry.units
    responses = FakeSet([FakeResponse(u["S1"], None, {"hoi_thao": 1})])
    with pytest.raises(InputError) as error:
        summarise([u["S1"]], responses, INDICATORS, registry, DEADLINE, 2024)
    assert str(error.value) == ("tệp r.xlsx, trang tính «Báo cáo», dòng 4, cột «Ngày gửi»: thiếu ngày gửi báo "
                                "cáo, nên không xác định được đúng hạn hay trễ hạn")


@pytest.mark.parametrize("sent, issued, phrase", [
    (date(1900, 1, 5), None, "ngày gửi 05/01/1900 không thuộc năm 2024 của kế hoạch"),
    (date(2023, 12, 30), None, "ngày gửi 30/12/2023 không thuộc năm 2024 của kế hoạch"),
    (date(2024, 1, 21), date(2024, 2, 5), "ngày gửi 21/01/2024 trước ngày ban hành kế hoạch 05/02/2024"),
])
def test_a_response_sent_outside_the_plans_time_is_refused(registry, sent, issued, phrase):
    responses = FakeSet([FakeResponse(registry.units["S1"], sent, {"hoi_thao": 1})])
    with pytest.raises(InputError, match=phrase):
        summarise([registry.units["S1"]], responses, INDICATORS, registry, DEADLINE, 2024, issued)


def test_counts_must_be_whole_numbers(registry):
    responses = FakeSet([FakeResponse(registry.units["S1"], date(2024, 5, 20), {"hoi_thao": 1.5})])
    with pytest.raises(InputError) as error:
        summarise([registry.units["S1"]], responses, INDICATORS, registry, DEADLINE, 2024)
    assert str(error.value) == ("tệp r.xlsx, trang tính «Báo cáo», dòng 4, cột «Số hội thảo (cuộc)»: «Số hội "
                                "thảo» là số đếm, phải là số nguyên (đang là 1,5)")
