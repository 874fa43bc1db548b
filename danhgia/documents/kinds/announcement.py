"""The public announcement of results (SPEC §13.1; Lào Cai 6.5 (3)): ``thong-bao-ket-qua``.

Its record is a publication (so it exists only after publication), read by whoever ``access``
lets read the publication; it lists the published people of the publication's unit (published
or archived evaluations) with their rating in force, the scores when the policy publishes them,
and the tally per rating. Archived per publication and latest decision in force.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.decisions.models import Decision, Publication
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation

from .. import summary_tables as t
from ..naming import quarter_label
from ..presentation import letterhead, num
from ..registry import DocumentKind, register
from ..summary import CHUNK_SIZE, label

PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


def announcement_lookup(request, pk: int) -> Publication:
    return access.get_for_user_or_404(
        request.user,
        Publication.objects.select_related("unit__parent__parent", "period__policy_version"),
        pk=pk,
    )


def _published(publication: Publication):
    current = Decision.objects.filter(evaluation=OuterRef("pk"), superseded_by__isnull=True)
    latest = current.order_by("-decided_at", "-pk")
    return (
        Evaluation.objects.filter(
            period=publication.period,
            official__unit__path__startswith=publication.unit.path,
            state__in=PUBLIC_STATES,
        )
        .annotate(
            decided_rating=Subquery(latest.values("rating")[:1]),
            decided_total=Subquery(latest.values("total")[:1]),
            decision_id=Subquery(latest.values("pk")[:1]),
        )
        .order_by("official__unit__path", "official__given_name", "official__full_name", "pk")
    )


def _announcement_revision(publication: Publication) -> str:
    latest = _published(publication).aggregate(latest=Max("decision_id"))["latest"]
    return f"cong-khai-{publication.pk}-qd-{latest or 0}"


def build_announcement(publication: Publication, user: Any) -> dict[str, Any]:
    show_scores = publication.period.policy_version.load().publish_scores
    rows = []
    counts: dict[str, int] = {}
    for number, (name, party, government, mass_org, unit, rating, total) in enumerate(
        _published(publication)
        .values_list(
            "official__full_name",
            "official__party_position",
            "official__government_position",
            "official__mass_org_position",
            "official__unit__name",
            "decided_rating",
            "decided_total",
        )
        .iterator(chunk_size=CHUNK_SIZE),
        1,
    ):
        counts[rating or ""] = counts.get(rating or "", 0) + 1
        rows.append(
            {
                "number": str(number),
                "name": name,
                "position": "; ".join(p for p in (party, government, mass_org) if p),
                "unit": unit,
                "total": num(total) if show_scores else "",
                "rating": label(rating or ""),
            }
        )
    quarter = t.quarter_words(publication.period)
    return {
        "title": _("THÔNG BÁO"),
        "subtitle": _("Kết quả đánh giá, xếp loại chất lượng cán bộ lãnh đạo, quản lý %(q)s")
        % {"q": quarter},
        "letterhead": letterhead(publication.unit, publication.published_at.date()),
        "scope": publication.unit.name,
        "quarter": quarter,
        "published_on": publication.published_at.strftime("%d/%m/%Y"),
        "note": publication.note,
        "show_scores": show_scores,
        "rows": rows,
        "count": str(len(rows)),
        "tally": [
            {"label": label(code), "count": str(counts.get(code, 0))}
            for code in ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
        ],
    }


def _announcement_name(publication: Publication) -> list[object]:
    return [publication.unit.name, quarter_label(publication.period)]


def _announcement_sample(user: Any) -> Publication | None:
    return (
        access.restrict(user, Publication.objects.select_related("unit", "period"))
        .order_by("-published_at")
        .first()
    )


ANNOUNCEMENT = register(
    DocumentKind(
        code="thong-bao-ket-qua",
        title=gettext_lazy("Thông báo kết quả xếp loại quý"),
        file_stem="Thong-bao-ket-qua",
        lookup=announcement_lookup,
        build=build_announcement,
        name_parts=_announcement_name,
        docx_template="thong-bao-ket-qua.docx",
        html_template="documents/pdf/thong_bao_ket_qua.html",
        revision=_announcement_revision,
        sample=_announcement_sample,
    )
)
