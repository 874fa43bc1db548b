"""``{% decided_result evaluation as decision %}``: the decision in force on an evaluation, as the
reader may read it (the evaluation's overview, D9).

``{% own_results_card official %}``: an official's results over the quarters on pages of the
apps below the decisions app (the official's page), which may not import it (pyproject.toml's
layers); the home page reads the same data through ``core.services.home_page``."""

from django import template

from danhgia.decisions.own_results import own_results
from danhgia.decisions.stages import decision_in_force
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period

register = template.Library()


@register.inclusion_tag("decisions/_own_results.html", takes_context=True)
def own_results_card(context, official) -> dict:
    user = context["request"].user
    period = Period.objects.filter(state=PeriodState.OPEN).order_by("-year", "-quarter").first()
    return {"results": own_results(user, official, period), "user": user}


@register.simple_tag(takes_context=True)
def decided_result(context, evaluation):
    return decision_in_force(context["request"].user, evaluation)
