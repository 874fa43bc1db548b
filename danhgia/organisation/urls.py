from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("can-bo/", views.official_list, name="official_list"),
    path("can-bo/excel/", views.official_export, name="official_export"),
    path("can-bo/<id:pk>/", views.official_detail, name="official_detail"),
]
