"""Work-product catalogues (central Phụ lục 1): versions, approval, the one that applies.

A unit's catalogue lists its products with points; the standard product has coefficient 1 and
every other product's coefficient is its points ÷ the standard's. A version is approved for a
quarter by the unit's authority and applies from that quarter on, to the unit and every unit
below it that has none of its own; a change makes a new version, so that earlier quarters keep
the one they used (tasks also keep the coefficient they were assigned with).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .choices import CatalogueState
from .errors import TaskError
from .models import Catalogue, Product

PRODUCT_FIELDS = (
    "name",
    "kind",
    "submission_level",
    "complexity",
    "points",
    "is_standard",
    "order",
)


def effective_in(period: Period, prefix: str = "") -> Q:
    """Approved catalogues whose first quarter is ``period`` or earlier."""
    return Q(**{f"{prefix}state": CatalogueState.APPROVED}) & (
        Q(**{f"{prefix}period__year__lt": period.year})
        | Q(
            **{
                f"{prefix}period__year": period.year,
                f"{prefix}period__quarter__lte": period.quarter,
            }
        )
    )


def ancestor_paths(unit: Unit) -> list[str]:
    """The unit's path and those of every unit above it, nearest first."""
    parts = unit.path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]


def applicable_catalogues(units: Iterable[Unit], period: Period) -> dict[int, Catalogue | None]:
    """Unit id → the catalogue its people's tasks use in the period (one query for all units).

    The nearest unit up the tree (the unit itself first) with an approved catalogue effective
    in the period; of that unit's versions, the highest.
    """
    units = list(units)
    paths = {path for unit in units for path in ancestor_paths(unit)}
    best: dict[str, Catalogue] = {}
    candidates = (
        Catalogue.objects.filter(effective_in(period), unit__path__in=paths)
        .select_related("unit", "period")
        .order_by("unit__path", "-version")
    )
    for catalogue in candidates:
        best.setdefault(catalogue.unit.path, catalogue)
    result = {}
    for unit in units:
        result[unit.pk] = next((best[path] for path in ancestor_paths(unit) if path in best), None)
    return result


def standard_points(catalogue: Catalogue) -> Decimal | None:
    standard = next((p for p in catalogue.products.all() if p.is_standard), None)
    return standard.points if standard is not None else None


def product_rows(catalogue: Catalogue) -> list[tuple[Product, Decimal | None]]:
    """Each product with its coefficient (points ÷ standard points, 2 decimals half-up)."""
    products = list(catalogue.products.all())
    base = next((p.points for p in products if p.is_standard), None)
    return [(p, p.coefficient(base) if base else None) for p in products]


def _products_snapshot(catalogue: Catalogue) -> list[dict]:
    return [
        {field: str(getattr(p, field)) for field in ("name", "points", "is_standard")}
        for p in catalogue.products.all()
    ]


def create_catalogue(unit: Unit, period: Period, user, note: str = "") -> Catalogue:
    """A new draft version for the unit, starting from its latest version's products.

    A unit has at most one draft at a time; a new version cannot apply from a quarter before
    its latest approved one (earlier quarters keep theirs).
    """
    with transaction.atomic():
        latest = (
            Catalogue.objects.select_for_update()
            .filter(unit=unit)
            .select_related("period")
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.state == CatalogueState.DRAFT:
            raise TaskError(
                _(
                    "Đơn vị đang có dự thảo danh mục (phiên bản %(version)d): hãy hoàn thiện và "
                    "phê duyệt dự thảo đó trước khi tạo phiên bản mới."
                )
                % {"version": latest.version}
            )
        if not period.is_open:
            raise TaskError(_("Kỳ đánh giá %(period)s đã đóng.") % {"period": period})
        if latest is not None and (period.year, period.quarter) < (
            latest.period.year,
            latest.period.quarter,
        ):
            raise TaskError(
                _(
                    "Phiên bản mới không thể áp dụng từ %(period)s, trước quý của phiên bản "
                    "đang áp dụng (%(latest)s)."
                )
                % {"period": period, "latest": latest.period}
            )
        version = (Catalogue.objects.filter(unit=unit).aggregate(v=Max("version"))["v"] or 0) + 1
        catalogue = Catalogue.objects.create(unit=unit, period=period, version=version, note=note)
        if latest is not None:
            Product.objects.bulk_create(
                Product(catalogue=catalogue, **{f: getattr(p, f) for f in PRODUCT_FIELDS})
                for p in latest.products.all()
            )
        action = AuditAction.CATALOGUE_VERSIONED if latest else AuditAction.CATALOGUE_CREATED
        log_action(
            user,
            action,
            catalogue,
            after={
                "unit": unit.code,
                "version": version,
                "period": period.code,
                "from_version": latest.version if latest else None,
            },
        )
    return catalogue


def save_products(catalogue: Catalogue, formset, user) -> Catalogue:
    """Save the product rows of a draft (the formset is valid); refuse an approved version."""
    with transaction.atomic():
        locked = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
        if locked.state != CatalogueState.DRAFT:
            raise TaskError(_("Danh mục đã được phê duyệt: hãy tạo phiên bản mới để thay đổi."))
        before = _products_snapshot(locked)
        formset.save()
        log_action(
            user,
            AuditAction.CATALOGUE_UPDATED,
            locked,
            before={"products": before},
            after={"products": _products_snapshot(locked)},
        )
    return locked


def approve_catalogue(catalogue: Catalogue, user) -> Catalogue:
    """Approve a draft: it needs products and exactly one standard product."""
    with transaction.atomic():
        locked = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
        if locked.state != CatalogueState.DRAFT:
            raise TaskError(_("Danh mục này đã được phê duyệt."))
        products = list(locked.products.all())
        if not products:
            raise TaskError(_("Danh mục chưa có sản phẩm nào."))
        if sum(p.is_standard for p in products) != 1:
            raise TaskError(
                _("Danh mục phải có đúng một sản phẩm chuẩn (hệ số 1,00) trước khi phê duyệt.")
            )
        locked.state = CatalogueState.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked.save(update_fields=["state", "approved_by", "approved_at"])
        log_action(
            user,
            AuditAction.CATALOGUE_APPROVED,
            locked,
            before={"state": CatalogueState.DRAFT},
            after={"state": CatalogueState.APPROVED, "products": _products_snapshot(locked)},
        )
    return locked
