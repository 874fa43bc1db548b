from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("khung-cham-diem/", views.framework_list, name="framework_list"),
    path("khung-cham-diem/<id:pk>/", views.framework_detail, name="framework_detail"),
]
