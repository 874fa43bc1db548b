from django.contrib import admin
from django.urls import include, path

from danhgia.ops.health import healthz

# The apps' routes use <id:…> (never <int:…>): danhgia.converters, registered by core's ready().

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include("danhgia.core.urls")),
    path("", include("danhgia.organisation.urls")),
    path("", include("danhgia.periods.urls")),
    path("", include("danhgia.rules.urls")),
    path("", include("danhgia.evaluations.urls")),
    path("", include("danhgia.tasks.urls")),
    path("", include("danhgia.review.urls")),
    path("", include("danhgia.dossiers.urls")),
    path("", include("danhgia.decisions.urls")),
    path("", include("danhgia.audit.urls")),
    path("", include("danhgia.api.urls")),
    path("", include("danhgia.jobs.urls")),
    path("", include("danhgia.documents.urls")),
    path("", include("danhgia.analytics.urls")),
    # for load balancers and monitoring: no sign-in, no personal data (danhgia.ops.health)
    path("healthz/", healthz, name="healthz"),
    path("", include("danhgia.notices.urls")),
]
