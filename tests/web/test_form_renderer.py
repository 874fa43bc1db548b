"""danhgia.form_renderer: widgets built in Python are byte for byte Django's templates' HTML."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from danhgia.evaluations.forms import SelfAssessmentForm
from danhgia.evaluations.scoring import entries_of, linked_tasks, rules_for
from danhgia.form_renderer import PYTHON_WIDGETS, PythonWidgets
from tests.web import factories as f

from .evaluation_data import form_post

TRICKY = "a \"quoted\" <b>bold</b> & 'single' 12,5"


class KitchenSink(forms.Form):
    text = forms.CharField(initial=TRICKY, max_length=20)
    number = forms.IntegerField(initial=1234567, min_value=1)
    decimal = forms.DecimalField(initial=Decimal("12.50"), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial=TRICKY)
    email = forms.EmailField(required=False)
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x<y")
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))
    off = forms.CharField(widget=forms.TextInput(attrs={"disabled": False, "data-x": 0}))
    safe = forms.CharField(initial=mark_safe("<i>safe</i>"))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 1}), initial=TRICKY)
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    box = forms.BooleanField(required=False, initial=True)
    box_off = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        choices=[("", gettext_lazy("— Chọn mức —")), ("a&b", "A & B"), (3, "Ba <3>")],
        initial="a&b",
    )
    grouped = forms.ChoiceField(
        choices=[("Nhóm <1>", [("1", "Một"), ("2", "Hai")]), ("3", "Ba")], initial="2"
    )
    typed = forms.TypedChoiceField(choices=[("", "—"), (1, "Mức 1"), (2, "Mức 2")], coerce=int)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], initial=["x", "y"])
    radio = forms.ChoiceField(
        choices=[("1", gettext_lazy("Đảm bảo")), ("0", "Không <đảm bảo>")],
        widget=forms.RadioSelect(attrs={"class": "inline"}),
        initial="0",
    )
    radio_groups = forms.ChoiceField(
        choices=[("Nhóm", [("1", "Một"), ("2", "Hai")])], widget=forms.RadioSelect
    )
    checks = forms.MultipleChoiceField(
        choices=[("x", "X & x"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        initial=["y"],
        required=False,
    )
    upload = forms.FileField(required=False)
    plain_upload = forms.FileField(required=False, widget=forms.FileInput)
    date = forms.DateField(required=False, initial="2026-11-30")


def _pairs(form_class, *args, **kwargs):
    fast = form_class(*args, renderer=PYTHON_WIDGETS, **kwargs)
    slow = form_class(*args, renderer=DjangoTemplates(), **kwargs)
    fast.is_bound and fast.is_valid()
    slow.is_bound and slow.is_valid()
    return fast, slow


def _assert_same(fast, slow) -> int:
    """Every field and every sub-widget ("radio.tag") as both renderers draw them."""
    compared = 0
    for name in slow.fields:
        assert str(fast[name]) == str(slow[name]), name
        for fast_sub, slow_sub in zip(fast[name], slow[name], strict=True):
            assert fast_sub.tag() == slow_sub.tag(), name
            assert str(fast_sub) == str(slow_sub), name
        compared += 1
    return compared


def test_every_kind_of_widget_renders_as_the_templates_do():
    fast, slow = _pairs(KitchenSink)
    assert 'value="a &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; &amp; &#x27;single' in str(
        fast["text"]
    )
    assert _assert_same(fast, slow) == len(KitchenSink.base_fields)


def test_bound_values_with_errors_render_as_the_templates_do():
    data = {
        "text": TRICKY * 2,  # too long: an error, the value shown again
        "number": "-3",
        "hidden": "<script>",
        "area": "\n" + TRICKY,
        "choice": "a&b",
        "typed": "2",
        "radio": "1",
        "checks": ["x", "y"],
        "box": "on",
    }
    fast, slow = _pairs(KitchenSink, data)
    assert fast.errors
    assert _assert_same(fast, slow) == len(KitchenSink.base_fields)


def test_unknown_templates_go_to_django(monkeypatch):
    """A date widget's input is built here; a multi-widget is not: Django renders it."""
    seen = []
    original = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        seen.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    split = forms.SplitDateTimeField().widget
    html = split.render("when", None, renderer=PYTHON_WIDGETS)
    assert html == forms.SplitDateTimeField().widget.render(
        "when", None, renderer=DjangoTemplates()
    )
    assert "django/forms/widgets/splitdatetime.html" in seen
    seen.clear()
    forms.DateInput().render("day", "2026-11-30", renderer=PYTHON_WIDGETS)
    assert seen == []


@pytest.fixture
def evaluation(world):
    period = f.make_evaluation_period(world.unit_a.block)
    return f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])


def _self_assessment_forms(evaluation, data=None):
    rules = rules_for(evaluation)
    entries = entries_of(evaluation)
    tasks = linked_tasks(evaluation)
    initial = {"lock_version": evaluation.lock_version, "self_comment": TRICKY}
    fast = SelfAssessmentForm(rules, entries, tasks, data, initial=initial)
    slow = SelfAssessmentForm(
        rules, entries, tasks, data, initial=initial, renderer=DjangoTemplates()
    )
    if data is not None:
        fast.is_valid(), slow.is_valid()
    return fast, slow


def test_the_self_assessment_form_never_falls_back_to_templates(evaluation, monkeypatch):
    fast, slow = _self_assessment_forms(evaluation)
    assert isinstance(fast.renderer, PythonWidgets)
    assert _assert_same(fast, slow) == len(slow.fields)

    def refuse(*args, **kwargs):
        raise AssertionError("a widget of the self-assessment went to a template")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    fast, _slow = _self_assessment_forms(evaluation)
    for name in fast.fields:
        str(fast[name])
        [w.tag() for w in fast[name]]


def test_the_posted_self_assessment_renders_as_the_templates_do(evaluation):
    data = form_post(evaluation, {"A.1.1": True, "B.1.1": "3,5<", "B.2.5": "Khá", "B.1.2": 2})
    data["B_1_1-comment"] = TRICKY
    fast, slow = _self_assessment_forms(evaluation, data)
    assert fast.errors  # "3,5<" is not a number
    assert _assert_same(fast, slow) == len(slow.fields)
