from django.urls import path

from .views import appraisal, returns, review, verification, worklist

app_name = "review"

urlpatterns = [
    # Steps 3a-3c: verification, the unit's review, appraisal, returns (SPEC §6)
    path("xet-duyet/", worklist.review_index, name="review_index"),
    path("xet-duyet/<id:period>/xac-nhan/", verification.verification, name="verification"),
    path(
        "xet-duyet/<id:period>/xac-nhan/<id:official>/",
        verification.verify,
        name="verify_person",
    ),
    path("xet-duyet/<id:period>/don-vi/<id:unit>/", review.review_unit, name="review_unit"),
    path("xet-duyet/phieu/<id:pk>/xem-xet/", review.review_form, name="review_form"),
    path(
        "xet-duyet/phieu/<id:pk>/xem-xet/tinh-diem/",
        review.review_recalculate,
        name="review_recalculate",
    ),
    path("xet-duyet/phieu/<id:pk>/tra-lai/", returns.return_view, name="return_evaluation"),
    path(
        "xet-duyet/<id:period>/tham-dinh/<id:unit>/",
        appraisal.appraisal_unit,
        name="appraisal_unit",
    ),
    path(
        "xet-duyet/<id:period>/tham-dinh/<id:unit>/nhiem-vu-then-chot/",
        appraisal.key_task,
        name="key_task",
    ),
    path("xet-duyet/phieu/<id:pk>/tham-dinh/", appraisal.appraisal_form, name="appraisal_form"),
    path(
        "xet-duyet/phieu/<id:pk>/tham-dinh/tinh-diem/",
        appraisal.appraisal_recalculate,
        name="appraisal_recalculate",
    ),
]
