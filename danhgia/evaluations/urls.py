from django.urls import path

from .views import detail, lists, self_assessment, targets

app_name = "evaluations"

urlpatterns = [
    path("danh-gia/", lists.evaluation_list, name="list"),
    path("danh-gia/lap-phieu/", lists.evaluation_start, name="start"),
    path("danh-gia/don-vi/<int:pk>/", lists.unit_members, name="unit_members"),
    path("danh-gia/don-vi/<int:pk>/lap-phieu/", lists.unit_start, name="unit_start"),
    path("danh-gia/<int:pk>/", detail.evaluation_detail, name="detail"),
    path("danh-gia/<int:pk>/muc-tieu/", targets.targets, name="targets"),
    path("danh-gia/<int:pk>/muc-tieu/duyet/", targets.approve_targets, name="approve_targets"),
    path(
        "danh-gia/<int:pk>/muc-tieu/<str:code>/dieu-chinh/",
        targets.amend_target,
        name="amend_target",
    ),
    path("danh-gia/<int:pk>/tu-danh-gia/", self_assessment.self_assessment, name="self_assessment"),
    path(
        "danh-gia/<int:pk>/tu-danh-gia/tinh-diem/",
        self_assessment.recalculate,
        name="recalculate",
    ),
    path(
        "danh-gia/minh-chung/<int:pk>/",
        self_assessment.evidence_download,
        name="evidence_download",
    ),
    path(
        "danh-gia/minh-chung/<int:pk>/xoa/",
        self_assessment.evidence_remove,
        name="evidence_remove",
    ),
]
