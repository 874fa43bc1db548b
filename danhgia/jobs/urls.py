from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("cong-viec/", views.job_list, name="list"),
    path("cong-viec/<id:pk>/", views.job_detail, name="detail"),
    path("cong-viec/<id:pk>/tien-do/", views.job_progress, name="progress"),
    path("cong-viec/<id:pk>/chay-lai/", views.job_retry, name="retry"),
]
