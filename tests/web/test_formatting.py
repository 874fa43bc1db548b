"""Vietnamese dates and numbers everywhere in the UI (SPEC §14)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats

from danhgia.core.templatetags.vn import vn_date, vn_number


def test_the_language_time_zone_and_formats_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert formats.date_format(date(2026, 9, 30)) == "30/09/2026"
    assert formats.date_format(date(2026, 9, 30), "SHORT_DATE_FORMAT") == "30/09/2026"
    assert formats.number_format(Decimal("1234.5"), 2, use_l10n=True, force_grouping=True) == (
        "1.234,50"
    )
    assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"


def test_template_defaults_use_day_month_year_and_the_decimal_comma():
    rendered = Template("{{ d|date }} {{ n }}").render(
        Context({"d": date(2026, 10, 2), "n": Decimal("89.37")})
    )
    assert rendered == "02/10/2026 89,37"


def test_vn_date():
    assert vn_date(date(2026, 7, 1)) == "01/07/2026"
    utc = datetime(2026, 9, 30, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert vn_date(utc) == "01/10/2026 03:00"  # shown in Vietnam's time
    assert vn_date(None) == ""


def test_vn_number():
    assert vn_number(Decimal("89.365"), 2) == "89,37"  # half-up
    assert vn_number(Decimal("1234.5"), 2) == "1.234,50"
    assert vn_number(Decimal("22.50")) == "22,5"
    assert vn_number(3) == "3"
    assert vn_number(None) == ""


def test_range_messages_of_djangos_validators_have_no_stray_space():
    """Rough edge #22: "… lớn hơn hoặc bằng với 0 ." came from Django's own catalogue."""
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxValueValidator, MinValueValidator
    from django.utils import translation

    with translation.override("vi"):
        messages = []
        for validator, value in ((MinValueValidator(0), -1), (MaxValueValidator(5), 9)):
            try:
                validator(value)
            except ValidationError as error:
                messages.append(error.messages[0])
    assert messages == ["Giá trị phải lớn hơn hoặc bằng 0.", "Giá trị phải nhỏ hơn hoặc bằng 5."]


def test_every_number_field_reads_numbers_the_same_way():
    """S12/#29: "1.000" was a thousand in the self-assessment and one in a task's quantity."""
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from danhgia.evaluations.forms import NumberField as EvaluationNumber
    from danhgia.number_input import NumberField, parse_number
    from danhgia.tasks.forms import quantity_field

    assert EvaluationNumber is NumberField  # one field, one parser
    quantity = quantity_field("Số lượng")
    for text, number in [("1.000", 1000), ("1,5", Decimal("1.5")), ("1.234,5", Decimal("1234.5"))]:
        assert quantity.clean(text) == number == parse_number(text)
    for bad in ("1e3", "-1", "1,555", "0x10"):
        with pytest.raises(ValidationError):
            quantity.clean(bad)
    assert quantity.prepare_value(Decimal("2.50")) == "2,5"
    # the page prints the label before the error: the message does not repeat it (#22)
    with pytest.raises(ValidationError) as refused:
        quantity.clean("-1")
    assert refused.value.messages == ["không được là số âm."]
    assert quantity.prepare_value(Decimal("1000.00")) == "1000"
    assert quantity.prepare_value(0.375) == "0,375"  # not "0.375", which reads as 375


@pytest.mark.parametrize(
    ("code", "html"),
    [
        ("HTXSNV", '<span class="rating rating--htxsnv" title="HTXSNV">HTXSNV</span>'),
        ("KHTNV", '<span class="rating rating--khtnv" title="KHTNV">KHTNV</span>'),
        (
            "DEFERRED",
            '<span class="rating rating--deferred" title="DEFERRED">Chưa xếp loại</span>',
        ),
        (None, '<span class="muted">—</span>'),
        ("", '<span class="muted">—</span>'),
    ],
)
def test_a_ratings_badge(code, html):
    from danhgia.engine import Rating

    rendered = Template("{{ code|rating_badge }}|{{ missing.rating|rating_badge }}").render(
        Context({"code": code})
    )
    assert rendered == f'{html}|<span class="muted">—</span>'
    if code and code != "DEFERRED":  # the engine's rating renders as its code
        assert Template("{{ r|rating_badge }}").render(Context({"r": Rating(code)})) == html
