from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from .views import docs, engine, organisation, reads, tokens, writes

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("units", organisation.UnitViewSet, basename="unit")
router.register("officials", organisation.OfficialViewSet, basename="official")
router.register("comparison-groups", reads.ComparisonGroupViewSet, basename="comparisongroup")
router.register("periods", reads.PeriodViewSet, basename="period")
router.register("frameworks", reads.FrameworkViewSet, basename="framework")
router.register("policies", reads.PolicyViewSet, basename="policy")
router.register("evaluations", writes.EvaluationViewSet, basename="evaluation")
router.register("tasks", writes.TaskViewSet, basename="task")
router.register("collective-results", writes.CollectiveResultViewSet, basename="collective")
router.register("decisions", reads.DecisionViewSet, basename="decision")
router.register("publications", reads.PublicationViewSet, basename="publication")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/score", engine.ScoreView.as_view(), name="score"),
    path("api/v1/rate", engine.RateView.as_view(), name="rate"),
    path("api/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/docs/", docs.DocsView.as_view(), name="docs"),
    path("tai-khoan/khoa-api/", tokens.token_list, name="tokens"),
    path("tai-khoan/khoa-api/<id:pk>/thu-hoi/", tokens.token_revoke, name="token_revoke"),
    # any other address under /api/: the API's own JSON 404, not the site's HTML page
    re_path(r"^api/", docs.not_found),
]
