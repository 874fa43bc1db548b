from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("khung-cham-diem/", views.framework_list, name="framework_list"),
    path("khung-cham-diem/<id:pk>/", views.framework_detail, name="framework_detail"),
    path("khung-cham-diem/<id:pk>/sao-chep/", views.framework_copy, name="framework_copy"),
    path("khung-cham-diem/<id:pk>/hoan-thien/", views.framework_edit, name="framework_edit"),
    path("khung-cham-diem/<id:pk>/kiem-tra/", views.framework_check, name="framework_check"),
    path("khung-cham-diem/nhap-tep/", views.rules_import, name="import"),
    path("khung-cham-diem/so-sanh/", views.rules_compare, name="compare"),
]
