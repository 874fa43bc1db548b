from django.urls import path

from .views import detail, lists, self_assessment, targets, workbook

app_name = "evaluations"

urlpatterns = [
    path("danh-gia/", lists.evaluation_list, name="list"),
    path("danh-gia/excel/", lists.evaluation_export, name="list_export"),
    path("danh-gia/lap-phieu/", lists.evaluation_start, name="start"),
    path("danh-gia/don-vi/<id:pk>/", lists.unit_members, name="unit_members"),
    path("danh-gia/don-vi/<id:pk>/excel/", lists.unit_members_export, name="unit_members_export"),
    path("danh-gia/don-vi/<id:pk>/lap-phieu/", lists.unit_start, name="unit_start"),
    path(
        "danh-gia/don-vi/<id:pk>/duyet-muc-tieu/",
        lists.unit_approve_targets,
        name="unit_approve_targets",
    ),
    path("danh-gia/<id:pk>/", detail.evaluation_detail, name="detail"),
    path("danh-gia/<id:pk>/muc-tieu/", targets.targets, name="targets"),
    path("danh-gia/<id:pk>/muc-tieu/duyet/", targets.approve_targets, name="approve_targets"),
    path(
        "danh-gia/<id:pk>/muc-tieu/<str:code>/dieu-chinh/",
        targets.amend_target,
        name="amend_target",
    ),
    path("danh-gia/<id:pk>/bang-tinh/", workbook.workbook_download, name="workbook_download"),
    path("danh-gia/<id:pk>/bang-tinh/tai-len/", workbook.workbook_upload, name="workbook_upload"),
    path("danh-gia/<id:pk>/tu-danh-gia/", self_assessment.self_assessment, name="self_assessment"),
    path(
        "danh-gia/<id:pk>/tu-danh-gia/tinh-diem/",
        self_assessment.recalculate,
        name="recalculate",
    ),
    path(
        "danh-gia/minh-chung/<id:pk>/",
        self_assessment.evidence_download,
        name="evidence_download",
    ),
    path(
        "danh-gia/minh-chung/<id:pk>/xoa/",
        self_assessment.evidence_remove,
        name="evidence_remove",
    ),
]
