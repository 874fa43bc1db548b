"""The user's own page of API tokens: create (the secret shown once), see last use, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access

from ..forms import TokenForm
from ..models import ApiToken
from ..tokens import create_token, revoke_token


def own_tokens(user):
    """The user's own tokens (an administrator too sees only theirs here)."""
    return access.restrict(user, ApiToken.objects.all()).filter(user=user)


@login_required
def token_list(request):
    created = None
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            token, created = create_token(
                request.user,
                form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
                days=form.cleaned_data["days"],
                actor=request.user,
            )
            messages.success(
                request, _("Đã tạo khóa “%(name)s”. Hãy sao chép ngay.") % {"name": token.name}
            )
            form = TokenForm()
        else:
            status = 400
    else:
        form = TokenForm()
    context = {"form": form, "tokens": own_tokens(request.user), "created": created}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = own_tokens(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập."))
    revoke_token(token, actor=request.user)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("api:tokens")
