"""The self-assessment sheet's rows, written in Python (``evaluations.sheet_html``)."""

from django import template

from danhgia.evaluations import sheet_html

register = template.Library()


@register.simple_tag
def sheet_part_a(sheet, editable):
    return sheet_html.part_a(sheet, bool(editable))


@register.simple_tag
def sheet_part_b(sheet, editable):
    return sheet_html.part_b(sheet, bool(editable))


@register.simple_tag
def sheet_recalc_cells(sheet):
    return sheet_html.recalc_cells(sheet)
