from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("danh-gia/", views.evaluation_list, name="list"),
    path("danh-gia/lap-phieu/", views.evaluation_start, name="start"),
    path("danh-gia/don-vi/<int:pk>/", views.unit_members, name="unit_members"),
    path("danh-gia/don-vi/<int:pk>/lap-phieu/", views.unit_start, name="unit_start"),
    path("danh-gia/<int:pk>/", views.evaluation_detail, name="detail"),
    path("danh-gia/<int:pk>/muc-tieu/", views.targets, name="targets"),
    path("danh-gia/<int:pk>/muc-tieu/duyet/", views.approve_targets, name="approve_targets"),
    path(
        "danh-gia/<int:pk>/muc-tieu/<str:code>/dieu-chinh/",
        views.amend_target,
        name="amend_target",
    ),
    path("danh-gia/<int:pk>/tu-danh-gia/", views.self_assessment, name="self_assessment"),
    path("danh-gia/<int:pk>/tu-danh-gia/tinh-diem/", views.recalculate, name="recalculate"),
    path("danh-gia/minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
]
