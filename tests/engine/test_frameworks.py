"""Shipped frameworks: content transcribed from the appendices, validation (SPEC §12)."""

import re
import unicodedata
from decimal import Decimal

import pytest

from danhgia.engine import (
    DataFileError,
    InputError,
    framework_from_mapping,
    list_framework_ids,
    load_framework,
)
from danhgia.engine.framework_loading import FRAMEWORK_DIR

SHIPPED = [
    "central-2026-pl3",
    "lamdong-2026-pl1",
    "lamdong-2026-pl2",
    "lamdong-2026-pl3",
    "lamdong-2026-pl4",
    "lamdong-2026-pl5",
    "lamdong-2026-pl6",
]


def test_every_spec_framework_id_is_shipped():
    assert list_framework_ids() == SHIPPED


@pytest.mark.parametrize(
    ("framework_id", "status"),
    [
        ("lamdong-2026-pl1", "invalid"),
        ("lamdong-2026-pl2", "invalid"),
        ("lamdong-2026-pl3", "draft"),
        ("lamdong-2026-pl4", "draft"),
        ("lamdong-2026-pl5", "valid"),
        ("lamdong-2026-pl6", "draft"),
        ("central-2026-pl3", "valid"),
    ],
)
def test_status(framework_id, status):
    assert load_framework(framework_id).status == status


@pytest.mark.parametrize("framework_id", ["lamdong-2026-pl1", "lamdong-2026-pl2"])
def test_phu_luc_1_and_2_axis_6_adds_up_to_9_of_10(framework_id):
    framework = load_framework(framework_id)
    assert framework.problems == ("axis 6 rows add up to 9 of 10",)
    assert framework.axis(6).rows_total == 9
    assert [a.max for a in framework.axes] == [15, 10, 10, 15, 10, 10]


def test_drafts_name_what_is_missing():
    pl3 = load_framework("lamdong-2026-pl3")
    assert any("sau 2.4" in p for p in pl3.problems)
    assert "axis 2 rows add up to 12 of 15" in pl3.problems
    pl4 = load_framework("lamdong-2026-pl4")
    assert any("sau 1.4" in p for p in pl4.problems)
    assert pl4.axis(5).rows_total == 10
    assert pl4.criterion("B.4.5") is not None
    pl6 = load_framework("lamdong-2026-pl6")
    assert [pl6.criterion(c) is not None for c in ("B.2.6", "B.2.7", "B.2.1")] == [
        True,
        True,
        False,
    ]
    assert [pl6.axis(n).max for n in (3, 4, 5)] == [10, 15, 15]


def test_phu_luc_5_has_four_axes_25_15_15_15():
    pl5 = load_framework("lamdong-2026-pl5")
    assert [(a.number, a.max, a.rows_total) for a in pl5.axes] == [
        (1, 25, 25),
        (2, 15, 15),
        (3, 15, 15),
        (4, 15, 15),
    ]


def test_central_phu_luc_3_axes_are_single_criteria_with_their_items():
    central = load_framework("central-2026-pl3")
    assert [a.max for a in central.axes] == [15, 10, 10, 15, 10, 10]
    assert central.criterion("B.1").items[0] == "Tốc độ tăng trưởng kinh tế GDP/GRDP"


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_part_a_is_shared_and_worth_30(framework_id):
    framework = load_framework(framework_id)
    codes = [c.code for c in framework.part_a]
    assert codes == [f"A.1.{n}" for n in range(1, 10)] + [f"A.2.{n}" for n in range(1, 5)] + [
        f"A.3.{n}" for n in range(1, 5)
    ]
    assert [g.max for g in framework.groups] == [18, 4, 8]
    assert sum(c.max for c in framework.part_a) == 30


@pytest.mark.parametrize("framework_id", SHIPPED)
def test_rows_are_well_formed(framework_id):
    framework = load_framework(framework_id)
    for criterion in framework.part_b:
        assert re.fullmatch(r"B\.\d(\.\d+)?", criterion.code), criterion.code
        assert criterion.code.startswith(f"B.{criterion.group}")
        assert criterion.text.strip()
        assert unicodedata.is_normalized("NFC", criterion.text)
        assert criterion.max > 0
        if criterion.measure == "category":
            assert criterion.categories


@pytest.mark.parametrize(
    ("framework_id", "code", "measure", "target"),
    [
        ("lamdong-2026-pl1", "B.1.1", "ratio", (Decimal(18), Decimal(20))),
        ("lamdong-2026-pl1", "B.2.1", "ratio", (Decimal(2), Decimal(3))),
        ("lamdong-2026-pl1", "B.2.5", "category", None),
        ("lamdong-2026-pl1", "B.3.2", "level", None),
        ("lamdong-2026-pl1", "B.3.3", "ratio", Decimal(90)),
        ("lamdong-2026-pl1", "B.4.2", "level", None),
        ("lamdong-2026-pl1", "B.6.4", "reduction", Decimal(10)),
        ("lamdong-2026-pl5", "B.1.1", "ratio", Decimal(5)),
        ("lamdong-2026-pl5", "B.1.6", "ratio", None),
        ("lamdong-2026-pl5", "B.2.6", "ratio", Decimal(3)),
        ("lamdong-2026-pl5", "B.3.1", "ratio", Decimal(1)),
        ("lamdong-2026-pl5", "B.4.2", "level", None),
    ],
)
def test_measure_types_follow_the_spec_rule(framework_id, code, measure, target):
    criterion = load_framework(framework_id).criterion(code)
    assert criterion.measure == measure
    assert criterion.target == target


def test_texts_are_verbatim():
    pl1 = load_framework("lamdong-2026-pl1")
    assert pl1.criterion("B.1.1").text == "Tốc độ tăng trưởng kinh tế GDP/GRDP"
    assert pl1.criterion("B.1.1").target_hint == "18-20% so với kế hoạch năm"
    assert pl1.criterion("A.3.1").text == (
        "Chủ động, nghiêm túc thực hiện tự phê bình và phê bình, có tinh thần cầu thị và tiếp thu"
        " phản biện, góp ý."
    )
    assert load_framework("lamdong-2026-pl6").criterion("B.5.1").note == (
        "Có tài liệu minh chứng kèm theo"
    )


def test_unknown_framework_names_the_field():
    with pytest.raises(InputError, match=r"^framework: unknown framework 'nope'"):
        load_framework("nope")


def test_a_framework_file_by_path(tmp_path):
    source = (FRAMEWORK_DIR / "lamdong-2026-pl5.yaml").read_text(encoding="utf-8")
    file = tmp_path / "mine.yaml"
    file.write_text(source.replace("id: lamdong-2026-pl5", "id: mine"), encoding="utf-8")
    assert load_framework(str(file)).id == "mine"
    assert load_framework(str(file)).status == "valid"


def minimal(**changes):
    data = {
        "id": "t",
        "axes": [
            {
                "axis": 1,
                "title": "Một",
                "max": 70,
                "criteria": [
                    {"code": "B.1.1", "text": "x", "max": 70, "measure": "ratio", "target": 5}
                ],
            }
        ],
    }
    data.update(changes)
    return data


def test_a_minimal_framework_validates():
    assert framework_from_mapping(minimal()).status == "valid"


def test_validator_reports_axes_not_adding_to_70():
    data = minimal()
    data["axes"][0]["max"] = 60
    data["axes"][0]["criteria"][0]["max"] = 60
    assert framework_from_mapping(data).problems == ("axes add up to 60 of 70",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "colour: unknown framework key"),
        ({"status": "maybe"}, "status: expected complete | draft"),
        ({"axes": []}, "axes: expected a non-empty list of axes"),
    ],
)
def test_bad_framework_files_are_refused_with_the_path(change, message):
    with pytest.raises(DataFileError) as info:
        framework_from_mapping(minimal(**change))
    assert str(info.value) == message


def test_bad_rows_are_refused_with_the_path():
    data = minimal()
    data["axes"][0]["criteria"][0]["measure"] = "vibes"
    with pytest.raises(DataFileError, match=r"^axes\[0\]\.criteria\[0\]\.measure: expected one of"):
        framework_from_mapping(data)
    data = minimal()
    data["axes"][0]["criteria"][0]["code"] = "B.2.1"
    with pytest.raises(DataFileError, match=r"expected a code starting with B\.1\."):
        framework_from_mapping(data)
