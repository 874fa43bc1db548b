from django.urls import path

from .views import decision, exports, results, stages

app_name = "decisions"

urlpatterns = [
    # Step 4: the authority's rating run and decision; corrections (SPEC §6, §8)
    path("quyet-dinh/", decision.decide_index, name="decide_index"),
    path("quyet-dinh/<id:period>/", decision.decide_view, name="decide"),
    path("quyet-dinh/<id:period>/da-quyet-dinh/", decision.decided, name="decided"),
    path(
        "quyet-dinh/<id:period>/da-quyet-dinh/excel/",
        exports.decided_export,
        name="decided_export",
    ),
    path("quyet-dinh/<id:period>/cong-khai/", decision.publish_view, name="publish"),
    path("quyet-dinh/<id:period>/luu-tru/", decision.archive_view, name="archive"),
    path("quyet-dinh/dinh-chinh/<id:pk>/", decision.correct, name="correct"),
    # Step 5: published results (SPEC §14)
    path("ket-qua/", results.results_index, name="results_index"),
    path("ket-qua/<id:period>/", results.results, name="results"),
    path("ket-qua/<id:period>/excel/", results.results_export, name="results_export"),
    # Every stage side by side (SPEC §6, §13)
    path("cac-buoc/", stages.stages_list, name="stages"),
    path("danh-gia/<id:pk>/cac-buoc/", stages.stages_detail, name="stages_detail"),
]
