from django.urls import path

from .views import (
    appraisal,
    audit,
    decision,
    dossier,
    results,
    returns,
    review,
    stages,
    verification,
    worklist,
)

app_name = "decisions"

urlpatterns = [
    # Step 4: the authority's rating run and decision; corrections (SPEC §6, §8)
    path("quyet-dinh/", decision.decide_index, name="decide_index"),
    path("quyet-dinh/<int:period>/", decision.decide_view, name="decide"),
    path("quyet-dinh/<int:period>/da-quyet-dinh/", decision.decided, name="decided"),
    path("quyet-dinh/<int:period>/cong-khai/", decision.publish_view, name="publish"),
    path("quyet-dinh/<int:period>/luu-tru/", decision.archive_view, name="archive"),
    path("quyet-dinh/dinh-chinh/<int:pk>/", decision.correct, name="correct"),
    # Step 5: published results (SPEC §14)
    path("ket-qua/", results.results_index, name="results_index"),
    path("ket-qua/<int:period>/", results.results, name="results"),
    # Every stage side by side (SPEC §6, §13)
    path("cac-buoc/", stages.stages_list, name="stages"),
    path("danh-gia/<int:pk>/cac-buoc/", stages.stages_detail, name="stages_detail"),
    # The audit log (SPEC §5): appraisers and administrators, read-only
    path("nhat-ky/", audit.audit_log, name="audit_log"),
    # Steps 3a-3c: verification, the unit's review, dossiers, appraisal, returns (SPEC §6, §10)
    path("xet-duyet/", worklist.review_index, name="review_index"),
    path("xet-duyet/<int:period>/xac-nhan/", verification.verification, name="verification"),
    path(
        "xet-duyet/<int:period>/xac-nhan/<int:official>/",
        verification.verify,
        name="verify_person",
    ),
    path("xet-duyet/<int:period>/don-vi/<int:unit>/", review.review_unit, name="review_unit"),
    path(
        "xet-duyet/<int:period>/don-vi/<int:unit>/hoi-nghi/",
        review.review_meeting,
        name="review_meeting",
    ),
    path("xet-duyet/phieu/<int:pk>/xem-xet/", review.review_form, name="review_form"),
    path(
        "xet-duyet/phieu/<int:pk>/xem-xet/tinh-diem/",
        review.review_recalculate,
        name="review_recalculate",
    ),
    path("xet-duyet/phieu/<int:pk>/tra-lai/", returns.return_view, name="return_evaluation"),
    path("xet-duyet/<int:period>/ho-so/<int:unit>/", dossier.dossier, name="dossier"),
    path(
        "xet-duyet/<int:period>/ho-so/<int:unit>/nop/",
        dossier.dossier_submit,
        name="dossier_submit",
    ),
    path("xet-duyet/ho-so/tai-lieu/<int:pk>/", dossier.dossier_document, name="dossier_document"),
    path(
        "xet-duyet/<int:period>/tham-dinh/<int:unit>/",
        appraisal.appraisal_unit,
        name="appraisal_unit",
    ),
    path(
        "xet-duyet/<int:period>/tham-dinh/<int:unit>/kiem-tra-ho-so/",
        appraisal.dossier_check,
        name="dossier_check",
    ),
    path(
        "xet-duyet/<int:period>/tham-dinh/<int:unit>/nhiem-vu-then-chot/",
        appraisal.key_task,
        name="key_task",
    ),
    path("xet-duyet/phieu/<int:pk>/tham-dinh/", appraisal.appraisal_form, name="appraisal_form"),
    path(
        "xet-duyet/phieu/<int:pk>/tham-dinh/tinh-diem/",
        appraisal.appraisal_recalculate,
        name="appraisal_recalculate",
    ),
]
