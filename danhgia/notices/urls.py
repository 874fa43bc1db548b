from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("thong-bao/", views.notice_list, name="list"),
    path("thong-bao/chuong/", views.bell, name="bell"),
]
