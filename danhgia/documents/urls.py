from django.urls import path

from . import dossier_views, views

app_name = "documents"

urlpatterns = [
    path("tai-lieu/<slug:kind>/<id:pk>/<slug:fmt>/", views.download, name="download"),
    path("ho-so-don-vi/<id:unit>/zip/", dossier_views.dossier_download, name="dossier_zip"),
    path("cong-viec/<id:pk>/tep/", dossier_views.job_file, name="job_file"),
    path("mau-van-ban/", views.template_list, name="templates"),
    path("mau-van-ban/<slug:kind>/tai-ve/", views.template_download, name="template_download"),
    path("mau-van-ban/<slug:kind>/tai-len/", views.template_upload, name="template_upload"),
    path("mau-van-ban/<slug:kind>/mau-goc/", views.template_reset, name="template_reset"),
    path(
        "mau-van-ban/<slug:kind>/xem-thu/<slug:fmt>/",
        views.template_preview,
        name="template_preview",
    ),
]
