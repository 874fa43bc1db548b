from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/tim/", views.unit_options, name="unit_options"),
    path("can-bo/", views.official_list, name="official_list"),
    path("can-bo/excel/", views.official_export, name="official_export"),
    path("can-bo/<id:pk>/", views.official_detail, name="official_detail"),
    path("nhap-to-chuc/", views.import_upload, name="import"),
    path("nhap-to-chuc/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap-to-chuc/mau.xlsx", views.import_template, name="import_template"),
    path(
        "dat-mat-khau/<str:uidb64>/<str:token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
]
