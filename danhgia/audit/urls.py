from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    # The audit log (SPEC §5): appraisers and administrators, read-only
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhat-ky/excel/", views.audit_export, name="audit_export"),
]
