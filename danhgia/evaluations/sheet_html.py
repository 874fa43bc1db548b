"""The self-assessment sheet's rows as HTML, built in Python.

The page draws 20–30 rows, each with ~10 cells, and the HTMX recalculation sends each row's
points, KPI and errors again as out-of-band swaps. Through the template engine (an include per
cell, ~40 variables per row) this was most of the CPU of both requests (docs/ARCHITECTURE.md
"Scale", under load). The functions below write the same bytes as the templates they replaced
(``_pts``, ``_kpi``, ``_err``, ``_section_pts``, ``_notes``, ``_tasks`` and the row loops of
``self_assessment.html``); every value is escaped as the template engine escapes it
(``form_renderer.text``), widgets come from their bound fields (``form_renderer``).
``tests/web/test_sheet_html.py`` holds the markup.
"""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danhgia.form_renderer import text as _e  # ``{{ value }}``, the template engine's bytes
from danhgia.vn_format import vn_date, vn_number

from .sheets import Row, Section, Sheet

OOB = ' hx-swap-oob="true"'


def _oob(oob: bool) -> str:
    return OOB if oob else ""


def pts(row: Row, oob: bool = False) -> str:
    if row.points is not None:
        inner = _e(vn_number(row.points, 2))
    elif row.entry.not_applicable:
        inner = f'<span class="muted small">{_("Không áp dụng")}</span>'
    else:
        inner = "—"
    return f'<span id="pts-{row.key}"{_oob(oob)}>{inner}</span>\n'


def kpi(row: Row, oob: bool = False) -> str:
    value = row.kpi
    if value is not None:
        inner = _e(vn_number(value))
        if row.exceeded:
            inner += f' <span class="badge badge--exceeded" title="{_("Vượt mục tiêu")}">↑</span>'
    else:
        inner = "—"
    return f'<span id="kpi-{row.key}"{_oob(oob)}>{inner}</span>\n'


def err(row: Row, oob: bool = False) -> str:
    errors = "".join(f'<span class="error">{_e(error)}</span>' for error in row.errors)
    return f'<span id="err-{row.key}" class="row-errors"{_oob(oob)}>{errors}</span>\n'


def section_pts(section: Section, prefix: str, oob: bool = False) -> str:
    points = section.points
    if points is not None:
        inner = _e(vn_number(points, 2)) + ("" if section.complete else "*")
    else:
        inner = "—"
    html = f'<span id="{prefix}-{section.number}"{_oob(oob)}>{inner}</span>'
    if section.rescaled and not oob:
        note = _("(quy đổi theo các tiêu chí áp dụng)")
        html += f' <span class="muted small rescaled-note">{note}</span>'
    return html + "\n"


def _label(field) -> str:
    return (
        f'<label class="visually-hidden" for="{_e(field.id_for_label)}">{_e(field.label)}</label>'
    )


def _present(fields: dict, name: str):
    """The bound field when the template's ``{% if row.fields.<name> %}`` held."""
    field = fields.get(name)
    return field if field is not None and field else None


def notes(row: Row, editable: bool) -> str:
    out = []
    note = row.criterion.note
    if note:
        out.append(f'<div class="muted small">{_e(note)}</div>')
    out.append("\n")
    comment = _present(row.fields, "comment") if editable else None
    if comment is not None:
        out.append(_label(comment) + str(comment))
    elif row.entry.comment:
        out.append(f'<div class="prose small">{_e(row.entry.comment)}</div>')
    out.append('\n<ul class="files">\n  ')
    for file in row.evidence:
        name = _e(file.original_name)
        url = _e(reverse("evaluations:evidence_download", args=[file.pk]))
        out.append(
            f'\n  <li><a href="{url}">{name}</a> <span class="muted small">'
            f"({_e(filesizeformat(file.size))})</span>"
        )
        if editable:
            confirm = _(
                "Xóa tệp minh chứng “%(name)s”? Tệp bị xóa hẳn, không khôi phục được. Những gì "
                "bạn vừa nhập mà chưa lưu nháp sẽ không được giữ."
            ) % {"name": name}
            out.append(
                f' <button type="submit" form="remove-evidence-{_e(file.pk)}" class="link-button '
                f'small" data-confirm="{confirm}">{_("Xóa tệp")}</button>'
            )
        out.append("</li>\n  ")
    out.append("\n</ul>\n")
    evidence = _present(row.fields, "evidence") if editable else None
    if evidence is not None:
        out.append(f'<label class="file small">{_("Thêm minh chứng")} {evidence}</label>')
    out.append("\n")
    return "".join(out)


def tasks(row: Row) -> str:
    count = len(row.tasks)
    summary = ngettext(
        "%(count)s nhiệm vụ được giao cho tiêu chí này",
        "%(count)s nhiệm vụ được giao cho tiêu chí này",
        count,
    ) % {"count": count}
    out = [
        f'<details class="tasks"{" open" if row.from_tasks else ""}>\n'
        f"  <summary>{summary}</summary>\n"
        '  <div class="table-scroll"><table class="table table--compact table--tasks">\n'
        f'    <thead><tr><th scope="col">{_("Nhiệm vụ")}</th><th scope="col">{_("Sản phẩm")}'
        f'</th><th scope="col" class="num">{_("Kế hoạch")}</th><th scope="col" class="num">'
        f'{_("Đã thực hiện")}</th><th scope="col">{_("Hạn")}</th><th scope="col">'
        f"{_('Hoàn thành')}</th></tr></thead>\n"
        "    <tbody>\n      "
    ]
    for task in row.tasks:
        if task.completed_on:
            done = _e(vn_date(task.completed_on))
            if task.is_late:
                done += f' <span class="badge badge--late">{_("Chậm hạn")}</span>'
        else:
            done = _("Chưa hoàn thành")
        url = _e(reverse("tasks:task_detail", args=[task.pk]))
        out.append(
            "\n      <tr>\n"
            f'        <td><a href="{url}">{_e(task.title)}</a></td>\n'
            f"        <td>{_e(task.product_name)}</td>\n"
            f'        <td class="num">{_e(vn_number(task.planned_quantity))}</td>\n'
            f'        <td class="num">{_e(vn_number(task.delivered_quantity) or "—")}</td>\n'
            f'        <td class="nowrap">{_e(vn_date(task.due_date))}</td>\n'
            f'        <td class="nowrap">{done}</td>\n'
            "      </tr>\n      "
        )
    out.append("\n    </tbody>\n  </table></div>\n  ")
    figures = row.task_kpi
    if figures:
        text = _(
            "KPI nhiệm vụ: số lượng %(a)s; chất lượng %(b)s; tiến độ %(c)s; lãnh đạo, chỉ đạo "
            "%(d)s."
        ) % {
            "a": _e(vn_number(figures.quantity, 4)),
            "b": _e(vn_number(figures.quality, 4)),
            "c": _e(vn_number(figures.timeliness, 4)),
            "d": _e(vn_number(figures.leadership, 4)),
        }
        out.append(f'<p class="muted small">{text}</p>')
    out.append("\n</details>\n")
    return "".join(out)


def _section_head(section: Section, prefix: str, title: str, colspan: int) -> str:
    return (
        '\n      <tr class="axis-row">\n'
        f'        <th scope="rowgroup">{section.number}</th>\n'
        f'        <th scope="rowgroup" colspan="{colspan}">{title}</th>\n'
        f'        <th class="num">{_e(vn_number(section.group.max))}</th>\n'
        f'        <th class="num">{section_pts(section, prefix)}</th>\n'
        "        <th></th>\n      </tr>\n      "
    )


def _choices(field) -> str:
    """``core/_choices.html`` for a level (legend hidden: the column heading names it)."""
    error = " choices--error" if field.errors else ""
    radios = "".join(
        f'<label class="choice" for="{_e(radio.id_for_label)}">{radio.tag()}'
        f"<span>{_e(radio.choice_label)}</span></label>"
        for radio in field
    )
    return (
        f'\n<fieldset class="choices{error}" id="{_e(field.auto_id)}">\n'
        f'  <legend class="visually-hidden">{_e(field.label)}</legend>\n'
        f"  {radios}\n</fieldset>\n"
    )


def part_a(sheet: Sheet, editable: bool) -> SafeString:
    """The general criteria's sections and rows (the body of the first table)."""
    general_na = sheet.general_not_applicable
    out = []
    for section in sheet.groups:
        out.append(_section_head(section, "grp", _e(section.group.title), 4 if general_na else 3))
        for row in section.rows:
            key, criterion = row.key, row.criterion
            out.append(
                f'\n      <tr id="row-{key}">\n'
                f'        <td class="nowrap">{_e(row.number)}</td>\n'
                f"        <td>{_e(criterion.text)}{err(row)}</td>\n        "
            )
            if editable:
                code = _e(row.code)
                cells = "".join(
                    f'<td class="cell-check"><label>{radio.tag()}<span class="visually-hidden">'
                    f"{code} {_e(radio.choice_label)}</span></label></td>"
                    for radio in row.fields.get("met", ())
                )
                out.append(f"\n        {cells}\n        ")
            else:
                met, entry = row.entry.met, row.entry
                out.append(
                    '\n        <td class="cell-check">'
                    f"{'x' if met is True else ''}</td>\n"
                    f'        <td class="cell-check">{"x" if met is False else ""}</td>\n        '
                )
                if general_na:
                    na = "x" if entry.not_applicable else ""
                    out.append(f'<td class="cell-check">{na}</td>')
                out.append("\n        ")
            out.append(
                f'\n        <td class="num">{_e(vn_number(criterion.max))}</td>\n'
                f'        <td class="num">{pts(row)}</td>\n'
                f"        <td>{notes(row, editable)}</td>\n      </tr>\n      "
            )
        out.append("\n      ")
    return mark_safe("".join(out))  # every value above is escaped


def _target_cell(row: Row) -> str:
    if row.entry.not_applicable:
        return _("Không áp dụng")
    if row.measure in ("ratio", "reduction"):
        return _e(row.target or _("Chưa có mục tiêu"))
    hint = row.criterion.target_hint or row.measure_label
    return f'<span class="muted small">{_e(hint)}</span>'


def _entered_cell(row: Row, editable: bool) -> str:
    if not editable or row.entry.not_applicable:
        return f"\n          {_e(row.entered or '—')}\n          "
    fields, count = row.fields, len(row.tasks)
    out = ["\n          "]
    use_tasks = _present(fields, "use_tasks")
    if use_tasks is not None:
        text = ngettext(
            "Chấm theo %(count)s nhiệm vụ được giao",
            "Chấm theo %(count)s nhiệm vụ được giao",
            count,
        ) % {"count": count}
        out.append(f'<label class="check small">{use_tasks} {text}</label>')
    out.append('\n          <span class="measured">\n          ')
    actual = _present(fields, "actual")
    if actual is not None:
        out.append(_label(actual) + str(actual))
        if row.measure == "reduction":
            hint = _("mức giảm đạt được (số âm nếu tăng)")
            out.append(f'<span class="muted small">{hint}</span>')
    out.append("\n          ")
    category = _present(fields, "category")
    if category is not None:
        out.append(_label(category) + str(category))
    out.append("\n          ")
    level = _present(fields, "level")
    if level is not None:
        out.append(_choices(level))
    out.append("\n          </span>\n          ")
    if row.measure == "tasks":
        if row.tasks:
            text = ngettext(
                "Theo %(count)s nhiệm vụ được giao", "Theo %(count)s nhiệm vụ được giao", count
            ) % {"count": count}
        else:
            text = _("Chưa có nhiệm vụ được giao")
        out.append(f'<span class="small">{text}</span>')
    out.append("\n          ")
    return "".join(out)


def part_b(sheet: Sheet, editable: bool) -> SafeString:
    """The axes' sections and rows, each row's tasks on a row of their own (rough edge #23)."""
    out = []
    for section in sheet.axes:
        title = _("Trục (%(number)s) – %(title)s") % {
            "number": _e(section.number),
            "title": _e(section.group.title),
        }
        out.append(_section_head(section, "axis", title, 4))
        for row in section.rows:
            criterion = row.criterion
            items = ""
            if criterion.items:
                items = "".join(f"<li>{_e(item)}</li>" for item in criterion.items)
                items = f'<ul class="items">{items}</ul>'
            out.append(
                f'\n      <tr id="row-{row.key}">\n'
                f'        <td class="nowrap">{_e(row.number)}</td>\n'
                "        <td>\n"
                f"          {_e(criterion.text)}\n"
                f"          {items}\n"
                f"          {err(row)}\n"
                "        </td>\n"
                f"        <td>{_target_cell(row)}</td>\n"
                "        <td>\n"
                f"          {_entered_cell(row, editable)}\n"
                "        </td>\n"
                f'        <td class="num">{kpi(row)}</td>\n'
                f'        <td class="num">{_e(vn_number(criterion.max))}</td>\n'
                f'        <td class="num">{pts(row)}</td>\n'
                f"        <td>{notes(row, editable)}</td>\n      </tr>\n      \n      "
            )
            if row.tasks:
                out.append(
                    f'<tr class="tasks-row" id="tasks-{row.key}"><td data-label=""></td>'
                    f'<td colspan="7" data-label="">{tasks(row)}</td></tr>'
                )
            out.append("\n      ")
        out.append("\n      ")
    return mark_safe("".join(out))  # every value above is escaped


def recalc_cells(sheet: Sheet) -> SafeString:
    """The recalculation's out-of-band swaps: each row's points, KPI and errors, then each
    section's points."""
    out = []
    for row in sheet.rows:
        out.append(pts(row, True))
        if row.criterion.part != "A":
            out.append(kpi(row, True))
        out.append(err(row, True))
        out.append("\n")
    out.extend(section_pts(section, "grp", True) for section in sheet.groups)
    out.extend(section_pts(section, "axis", True) for section in sheet.axes)
    return mark_safe("".join(out))  # every value above is escaped
