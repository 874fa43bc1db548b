from django.urls import path

from . import views

app_name = "periods"

urlpatterns = [
    path("ky-danh-gia/", views.period_list, name="period_list"),
]
