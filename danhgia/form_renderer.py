"""Django's form widgets rendered in Python, byte for byte as its templates render them.

A form of ~40 criteria draws ~150 widgets (and each radio button of part A once more, through
``BoundWidget.tag``); through the template engine each costs a template render with its
includes, which was about a third of the self-assessment page's CPU (docs/ARCHITECTURE.md,
"Scale"). ``PythonWidgets`` renders the widget templates the project uses (``input.html`` and
the inputs that include it, ``textarea.html``, ``select.html`` with ``select_option.html``,
``radio.html`` and ``checkbox_select.html`` with their options) with plain string building and
hands every other template (multi-widgets such as a split date and time, a file input showing
its current file…) to Django's renderer. A form opts in with ``default_renderer = PYTHON_WIDGETS``;
``tests/web/test_form_renderer.py`` compares both renderers on every kind of widget.

The templates' rules followed here: ``{{ x }}`` is localized (``formats.localize``) then
escaped unless already safe; ``|stringformat:'s'`` is ``"%s" % x``, escaped unless ``x`` is
safe; ``{% if value is not False %}`` and ``is not True`` are identity tests; the renderer
strips the outer whitespace of its result.
"""

from __future__ import annotations

from html import escape as html_escape

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
#: the templates that are ``{% include "django/forms/widgets/input.html" %}`` and nothing else
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "checkbox",
        "file",
        "search",
        "tel",
        "color",
        "date",
        "datetime",
        "time",
    )
}
_OPTIONS = {f"{_WIDGETS}radio_option.html", f"{_WIDGETS}checkbox_option.html"}


def text(value) -> str:
    """``{{ value }}`` with autoescape on (strings, numbers, lazy translations). A plain
    ``str`` (most values) skips ``conditional_escape``'s lazy wrappers: the same bytes
    (``django.utils.html.escape`` is ``html.escape``), a fifth of the cost."""
    if type(value) is str:
        return html_escape(value)
    return conditional_escape(localize(value))


_text = text


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}`` with autoescape on."""
    if type(value) is str:
        return html_escape(value)
    return conditional_escape(value) if isinstance(value, SafeData) else escape(value)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


# Each function returns what its template file renders, trailing newlines included (they show
# where a template includes another); the renderer strips the outer whitespace.


def _input(widget: dict) -> str:
    """``input.html``."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _input_option(widget: dict) -> str:
    """``radio_option.html`` and ``checkbox_option.html``: ``input_option.html`` and a newline,
    an input in its label when ``wrap_label``."""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n\n"
    target = widget["attrs"].get("id")
    label_for = f' for="{_text(target)}"' if target else ""
    return f"<label{label_for}>{_input(widget)} {_text(widget['label'])}</label>\n\n"


def _multiple_input(widget: dict) -> str | None:
    """``radio.html`` and ``checkbox_select.html``: ``multiple_input.html``."""
    target = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_text(target)}"' if target else "",
        f' class="{_text(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            if option["template_name"] not in _OPTIONS:
                return None
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _select_option(widget: dict) -> str:
    return (
        f'<option value="{_string(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{_text(widget['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    """``select.html`` with ``select_option.html``."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != f"{_WIDGETS}select_option.html":
                return None
            parts.append("\n  " + _select_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _clearable_file_input(widget: dict) -> str | None:
    if widget.get("is_initial"):
        return None  # a current file with its link and "clear" box: the template
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>"
    )


_RENDER = {
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}select_option.html": _select_option,
    f"{_WIDGETS}radio.html": _multiple_input,
    f"{_WIDGETS}checkbox_select.html": _multiple_input,
    **dict.fromkeys(_OPTIONS, _input_option),
    f"{_WIDGETS}clearable_file_input.html": _clearable_file_input,
    **dict.fromkeys(_INPUTS, _input),
}


class PythonWidgets(DjangoTemplates):
    """Django's template form renderer, with the common widget templates built in Python."""

    def render(self, template_name, context, request=None):
        build = _RENDER.get(template_name)
        widget = context.get("widget") if build is not None else None
        if widget is not None:
            html = build(widget)
            if html is not None:
                return mark_safe(html.strip())
        return super().render(template_name, context, request)


PYTHON_WIDGETS = PythonWidgets()
