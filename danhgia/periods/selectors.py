"""Reading periods for the pages (every signed-in user reads them: configuration)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from .models import Period


def period_or_404(pk) -> Period:
    """The period with its policy version, or 404 (also for an id that is not a number)."""
    try:
        return Period.objects.select_related("policy_version").get(pk=pk)
    except (Period.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(_("Không tìm thấy kỳ đánh giá.")) from None
