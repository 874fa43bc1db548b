from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    # Dashboards (SPEC §13.3)
    path("thong-ke/", views.ratings, name="ratings"),
    path("thong-ke/diem-theo-truc/", views.axes, name="axes"),
    path("thong-ke/cac-buoc/", views.stages, name="stages"),
    path("thong-ke/tien-do/", views.progress_view, name="progress"),
    path("thong-ke/xu-huong/", views.trends, name="trends"),
    path("thong-ke/can-luu-y/", views.risk_view, name="risk"),
    path("thong-ke/excel/", views.export, name="export"),
    path("thong-ke/bang/", views.table, name="table"),
    path("thong-ke/can-bo/", views.people, name="people"),
    path("thong-ke/can-bo/excel/", views.people_export, name="people_export"),
    path("thong-ke/can-bo/<id:pk>/", views.person, name="person"),
    # The year-end view
    path("cuoi-nam/", views.year_end, name="year_end"),
    path("cuoi-nam/ban-in/", views.year_end_print, name="year_end_print"),
    path("cuoi-nam/excel/", views.year_end_export, name="year_end_export"),
    path("cuoi-nam/excel/<id:pk>/", views.year_end_export_file, name="year_end_export_file"),
]
