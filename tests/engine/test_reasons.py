"""Structured reasons and warnings: codes, params, one Vietnamese rendering, storage."""

import json
from datetime import date

import pytest
from hypothesis import given

from danhgia.engine import (
    RATING_REASON_CODES,
    REASON_CODES,
    WARNING_CODES,
    Rating,
    Reason,
    policy_from_mapping,
    rate_quarter,
    reasons_from_json,
    reasons_to_json,
    render_reason,
    render_reasons,
)

from .helpers import person, texts, unit
from .test_properties import quarter


def rate_one(policy, p, *units):
    policy = policy_from_mapping(
        {"id": policy.id, "extends": policy.source, "quota": {"pct": 100, "max_pct": 100}}
    )
    return rate_quarter(policy, [p], list(units or (unit(),))).people[0]


def test_the_band_reason(lamdong):
    result = rate_one(lamdong, person(total="92.5"))
    assert result.reasons == [Reason("band", {"total": "92.5", "rating": "HTXSNV"})]
    assert str(result.reasons[0]) == "92,50 điểm → HTXSNV"
    assert result.reasons[0].rating == "HTXSNV"
    assert result.reason_texts == ["92,50 điểm → HTXSNV"]


def test_a_deferred_person(lamdong):
    result = rate_one(lamdong, person(total=None, deferred="sick_leave"))
    assert result.reasons == [Reason("deferred", {"case": "sick_leave"})]
    assert str(result.reasons[0]) == (
        "Chưa đánh giá, xếp loại quý này: nghỉ ốm từ 2 tháng trở lên trong quý; "
        "kết quả chuyển sang quý sau"
    )
    # a case the engine does not know (the web application's "other")
    assert str(Reason("deferred", {"case": "other"})) == (
        "Chưa đánh giá, xếp loại quý này: thuộc trường hợp chưa đánh giá theo quy định; "
        "kết quả chuyển sang quý sau"
    )


@pytest.mark.parametrize(
    ("p", "u", "reason", "text"),
    [
        (
            person(total="95", tasks_total=6, tasks_completed=5),
            unit(),
            Reason("own_tasks", {"completed": 5, "total": 6, "rating": "KHTNV"}),
            "Cá nhân hoàn thành 5/6 nhiệm vụ được giao (83,33 %) < 100 % → KHTNV",
        ),
        (
            person(total="95"),
            unit(total=20, exceeding=5),
            Reason("unit_exceeding", {"unit": "u", "exceeding": 5, "total": 20, "rating": "HTTNV"}),
            "Nhiệm vụ vượt mức của đơn vị 25 % < 30 % → HTTNV",
        ),
        (
            person(total="95"),
            unit(total=10, completed=9),
            Reason(
                "unit_not_on_time",
                {
                    "unit": "u",
                    "completed": 9,
                    "total": 10,
                    "late": 0,
                    "needs": "HTXSNV",
                    "rating": "HTTNV",
                },
            ),
            "Đơn vị hoàn thành 9/10 nhiệm vụ (90 %); HTXSNV cần đơn vị hoàn thành 100 % nhiệm vụ "
            "đúng hạn → HTTNV",
        ),
        (
            person(total="80"),
            unit(total=10, late=1),
            Reason(
                "unit_not_on_time",
                {
                    "unit": "u",
                    "completed": 10,
                    "total": 10,
                    "late": 1,
                    "needs": "HTTNV",
                    "rating": "HTNV",
                },
            ),
            "Đơn vị có 1 nhiệm vụ hoàn thành chậm tiến độ; HTTNV cần đơn vị hoàn thành 100 % "
            "nhiệm vụ đúng hạn → HTNV",
        ),
        (
            person(total="80"),
            unit(total=10, completed=6),
            Reason(
                "unit_below_70",
                {"unit": "u", "completed": 6, "total": 10, "late": 0, "rating": "KHTNV"},
            ),
            "Đơn vị hoàn thành 6/10 nhiệm vụ (60 %) < 70 % → KHTNV",
        ),
        (
            person(total="95", role="head"),
            unit(rating=Rating.SATISFACTORY),
            Reason("head_collective", {"unit": "u", "collective_rating": "HTNV", "rating": "HTNV"}),
            "Người đứng đầu không cao hơn mức xếp loại của tập thể (HTNV) → HTNV",
        ),
    ],
)
def test_each_condition_step(lamdong, p, u, reason, text):
    result = rate_one(lamdong, p, u)
    assert reason in result.reasons
    assert str(reason) == text


@pytest.mark.parametrize(
    ("role", "head", "rating"), [("head", True, "KHTNV"), ("deputy", False, "HTTNV")]
)
def test_the_collective_step_says_head_or_not(lamdong, role, head, rating):
    result = rate_one(
        lamdong,
        person(total="95", role=role, collective="c"),
        unit(),
        unit("c", total=10, completed=6),
    )
    reason = result.reasons[-1]
    assert reason == Reason(
        "collective_below_70",
        {"unit": "c", "completed": 6, "total": 10, "late": 0, "head": head, "rating": rating},
    )
    suffix = ", người đứng đầu" if head else ""
    assert str(reason) == f"Tập thể hoàn thành 6/10 nhiệm vụ (60 %) < 70 %{suffix} → {rating}"


def test_force_majeure_shows_the_effective_total(lamdong):
    result = rate_one(lamdong, person(total="80"), unit(total=10, completed=6, force_majeure=True))
    assert result.rating == Rating.GOOD  # 6 of 6 once excused
    result = rate_one(
        lamdong, person(total="80"), unit(total=10, completed=6, late=2, force_majeure=True)
    )
    assert result.reasons[-1].params["total"] == 6
    assert str(result.reasons[-1]).startswith("Đơn vị có 2 nhiệm vụ hoàn thành chậm tiến độ")


@pytest.mark.parametrize(
    ("completed", "late", "text"),
    [
        (
            8,
            0,
            "Chưa có quy định xếp loại khi đơn vị hoàn thành 8/10 nhiệm vụ (80 %) (từ 70 % đến "
            "dưới 100 %): giữ tối đa HTNV, đề nghị cấp có thẩm quyền xem xét, quyết định",
        ),
        (
            10,
            3,
            "Chưa có quy định xếp loại khi đơn vị hoàn thành 100 % nhưng 30 % nhiệm vụ chậm tiến "
            "độ (> 20 %): giữ tối đa HTNV, đề nghị cấp có thẩm quyền xem xét, quyết định",
        ),
    ],
)
def test_the_gap_warning(lamdong, completed, late, text):
    result = rate_one(lamdong, person(total="60"), unit(total=10, completed=completed, late=late))
    (warning,) = result.warnings
    assert warning.code == "unit_gap"
    assert warning.params == {"unit": "u", "completed": completed, "total": 10, "late": late}
    assert warning.rating is None
    assert str(warning) == text


@pytest.mark.parametrize(
    ("rule", "dossier", "reason", "warning"),
    [
        (
            "down_one_level",
            "late",
            "Hồ sơ nộp chậm: hạ một mức → HTTNV",
            None,
        ),
        (
            "down_one_level",
            "missing",
            "Không nộp hồ sơ đánh giá: hạ một mức → HTTNV",
            None,
        ),
        ("khtnv", "late", "Hồ sơ nộp chậm → KHTNV", None),
        ("khtnv", "missing", "Không nộp hồ sơ đánh giá → KHTNV", None),
        ("warn", "late", None, "Hồ sơ nộp chậm: đề nghị cấp có thẩm quyền xem xét"),
        ("warn", "missing", None, "Không nộp hồ sơ đánh giá: đề nghị cấp có thẩm quyền xem xét"),
    ],
)
def test_the_dossier_steps(lamdong, rule, dossier, reason, warning):
    key = "late_dossier" if dossier == "late" else "missing_dossier"
    policy = policy_from_mapping(
        {"id": "d", "extends": "central-2026", key: rule, "quota": {"pct": 100, "max_pct": 100}}
    )
    result = rate_quarter(policy, [person(total="95", dossier=dossier)], [unit()]).people[0]
    codes = {"down_one_level": "dossier_down", "khtnv": "dossier_khtnv", "warn": "dossier_warn"}
    if reason is not None:
        assert result.reasons[-1].code == codes[rule]
        assert result.reasons[-1].params["dossier"] == dossier
        assert str(result.reasons[-1]) == reason
        assert result.warnings == []
    else:
        assert result.warnings == [Reason("dossier_warn", {"dossier": dossier})]
        assert str(result.warnings[0]) == warning


def test_the_quota_cut_and_the_tie_name_people(lamdong):
    people = [
        person("a", total="95", group="g", name="Nguyễn Thị An"),
        person("b", total="95", group="g"),
    ]
    people += [person(f"x{i}", total="80", group="g") for i in range(3)]
    result = rate_quarter(lamdong, people, [unit()])
    a, b = result.people[:2]
    assert b.reasons[-1] == Reason(
        "quota_cut", {"group": "g", "allowed": 1, "base": 5, "pct": "20", "rating": "HTTNV"}
    )
    assert str(b.reasons[-1]) == (
        "Ngoài tỷ lệ HTXSNV của nhóm: tối đa 1 trên 5 người (20 %), xếp sau theo thứ tự ưu tiên"
        " → HTTNV"
    )
    tie = Reason("tie", {"group": "g", "people": ["a", "b"], "names": ["Nguyễn Thị An", "b"]})
    assert a.warnings == [tie] and b.warnings == [tie]
    assert str(tie) == (
        "Không phân định được thứ tự ưu tiên giữa Nguyễn Thị An, b theo tiêu chí của quy định; "
        "hệ thống xếp theo mã, đề nghị cấp có thẩm quyền quyết định"
    )
    # the caller's names replace the ids: no sentence to parse
    names = {"a": "Nguyễn Thị An", "b": "Trần Văn Bình"}
    assert "giữa Nguyễn Thị An, Trần Văn Bình theo" in render_reason(tie, names)


def test_the_authoritys_override_and_correction_use_the_same_renderer():
    assert render_reason(Reason("override", {"reason": "Thành tích đột xuất"})) == (
        "Cấp có thẩm quyền điều chỉnh: Thành tích đột xuất"
    )
    assert render_reason(Reason("correction", {"reason": "Sai sót khi nhập"})) == (
        "Đính chính: Sai sót khi nhập"
    )


def test_a_legacy_sentence_passes_through():
    sentence = "91,20 điểm → HTXSNV"
    assert render_reason(sentence) == sentence
    assert Reason.from_json(sentence) == sentence
    assert render_reasons([sentence, Reason("correction", {"reason": "x"})]) == [
        sentence,
        "Đính chính: x",
    ]


def test_storage_round_trips_through_json():
    reasons = [
        Reason("band", {"total": "92.5", "rating": "HTXSNV"}),
        Reason("tie", {"group": "g", "people": ["a", "b"], "names": ["A", "B"]}),
        "Cấp có thẩm quyền điều chỉnh: lý do cũ",
    ]
    stored = json.loads(json.dumps(reasons_to_json(reasons)))
    assert stored[0] == {"code": "band", "params": {"total": "92.5", "rating": "HTXSNV"}}
    assert reasons_from_json(stored) == reasons
    assert hash(reasons[0]) == hash(Reason.from_json(stored[0]))
    assert len({reasons[0], Reason.from_json(stored[0])}) == 1
    with pytest.raises(ValueError):
        Reason.from_json({"params": {}})


def test_a_reason_is_its_sentence_for_callers_that_treat_it_as_text():
    band = Reason("band", {"total": "91.2", "rating": "HTXSNV"})
    cut = Reason("unit_exceeding", {"unit": "u", "exceeding": 5, "total": 20, "rating": "HTTNV"})
    assert isinstance(band, str)
    sentence = "91,20 điểm → HTXSNV"
    assert band == sentence
    assert sentence == band  # the other way round
    assert "; ".join([band, cut]) == (
        "91,20 điểm → HTXSNV; Nhiệm vụ vượt mức của đơn vị 25 % < 30 % → HTTNV"
    )
    # a JSON column stores the sentence, as it stored the engine's sentences before
    assert json.loads(json.dumps([band])) == ["91,20 điểm → HTXSNV"]
    assert f"{band}" == str(band) == render_reason(band)
    # the structure decides equality between reasons
    other = Reason("band", {"total": "91.20", "rating": "HTXSNV"})
    assert str(other) == str(band)
    assert other != band
    assert not other == band  # noqa: SIM201 - __eq__ itself, not __ne__
    assert Reason("points_missing").params == {}
    with pytest.raises(AttributeError):
        band.code = "x"


def test_an_unknown_code_still_says_something():
    text = render_reason(Reason("from_a_newer_engine", {"x": 1}))
    assert text == 'from_a_newer_engine: {"x": 1}'


SAMPLE_PARAMS = {
    "total": "92.5",
    "rating": "HTTNV",
    "case": "training",
    "completed": 8,
    "late": 1,
    "exceeding": 2,
    "unit": "u",
    "needs": "HTXSNV",
    "head": True,
    "collective_rating": "HTNV",
    "dossier": "late",
    "group": "g",
    "allowed": 2,
    "base": 10,
    "pct": "20",
    "people": ["a", "b"],
    "names": ["A", "B"],
    "reason": "lý do",
    "max": "2",
    "places": 2,
    "criterion": "B.1.1",
    "old": "1.5",
    "new": "HTTNV",
    "band_changed": True,
    "existing": 1,
    "days": 4,
}


@pytest.mark.parametrize("code", REASON_CODES)
def test_every_code_renders_vietnamese_without_placeholders(code):
    params = dict(SAMPLE_PARAMS)
    params["total"] = 10 if code not in ("band",) else "92.5"
    text = render_reason(Reason(code, params))
    assert text.strip()
    assert "%(" not in text
    assert "{" not in text and "}" not in text
    assert "None" not in text


def test_the_code_lists_are_consistent():
    assert set(RATING_REASON_CODES) | set(WARNING_CODES) <= set(REASON_CODES)
    assert not set(RATING_REASON_CODES) & set(WARNING_CODES)


@given(quarter())
def test_every_reason_of_a_quarter_is_known_renders_and_stores(case):
    policy, people, units, groups = case
    result = rate_quarter(policy, people, units, groups)
    for rating in result.people:
        for reason in rating.reasons:
            assert reason.code in RATING_REASON_CODES
        for warning in rating.warnings:
            assert warning.code in WARNING_CODES
        for item in [*rating.reasons, *rating.warnings]:
            text = render_reason(item)
            assert text and "%(" not in text
            assert Reason.from_json(json.loads(json.dumps(item.to_json()))) == item
        assert texts(rating.reasons) == rating.reason_texts


def test_the_spec_example_reason(laocai):
    p1 = person("p1", unit="so-tc", total="92.5", gender="female", service_start=date(1998, 3, 1))
    result = rate_one(laocai, p1, unit("so-tc", total=20, exceeding=7))
    assert texts(result.reasons) == ["92,50 điểm → HTXSNV"]
