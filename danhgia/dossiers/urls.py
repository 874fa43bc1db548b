from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    # The unit's meeting and dossier (SPEC §10)
    path(
        "xet-duyet/<int:period>/don-vi/<int:unit>/hoi-nghi/",
        views.review_meeting,
        name="review_meeting",
    ),
    path("xet-duyet/ho-so-chua-nop-nop-muon/", views.overdue, name="overdue"),
    path("xet-duyet/<int:period>/ho-so/<int:unit>/", views.dossier, name="dossier"),
    path(
        "xet-duyet/<int:period>/ho-so/<int:unit>/nop/", views.dossier_submit, name="dossier_submit"
    ),
    path("xet-duyet/<int:period>/ho-so/<int:unit>/bien-ban/", views.minutes, name="minutes"),
    path("xet-duyet/<int:period>/ho-so/<int:unit>/bieu-tong-hop/", views.summary, name="summary"),
    path("xet-duyet/ho-so/tai-lieu/<int:pk>/", views.dossier_document, name="dossier_document"),
    path(
        "xet-duyet/<int:period>/tham-dinh/<int:unit>/kiem-tra-ho-so/",
        views.dossier_check,
        name="dossier_check",
    ),
]
