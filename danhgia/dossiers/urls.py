from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    # The unit's meeting and dossier (SPEC §10)
    path(
        "xet-duyet/<id:period>/don-vi/<id:unit>/hoi-nghi/",
        views.review_meeting,
        name="review_meeting",
    ),
    path("xet-duyet/ho-so-chua-nop-nop-muon/", views.overdue, name="overdue"),
    path("xet-duyet/<id:period>/ho-so/<id:unit>/", views.dossier, name="dossier"),
    path("xet-duyet/<id:period>/ho-so/<id:unit>/nop/", views.dossier_submit, name="dossier_submit"),
    path("xet-duyet/<id:period>/ho-so/<id:unit>/bien-ban/", views.minutes, name="minutes"),
    path("xet-duyet/<id:period>/ho-so/<id:unit>/bieu-tong-hop/", views.summary, name="summary"),
    path("xet-duyet/ho-so/tai-lieu/<id:pk>/", views.dossier_document, name="dossier_document"),
    path(
        "xet-duyet/ho-so/tai-lieu/<id:pk>/go/",
        views.dossier_document_remove,
        name="dossier_document_remove",
    ),
    path(
        "xet-duyet/<id:period>/tham-dinh/<id:unit>/kiem-tra-ho-so/",
        views.dossier_check,
        name="dossier_check",
    ),
]
