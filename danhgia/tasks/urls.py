from django.urls import path

from .views import carry, catalogues, collective, exports, force_majeure, tasks, workbooks

app_name = "tasks"

urlpatterns = [
    path("bat-kha-khang/", force_majeure.force_majeure_list, name="force_majeure_list"),
    path("bat-kha-khang/<id:pk>/", force_majeure.force_majeure_detail, name="force_majeure_detail"),
    path(
        "bat-kha-khang/<id:pk>/tai-ve/",
        force_majeure.force_majeure_download,
        name="force_majeure_download",
    ),
    path("nhiem-vu/", tasks.task_list, name="task_list"),
    path("nhiem-vu/excel/", exports.task_export, name="task_export"),
    path("nhiem-vu/giao/", tasks.task_assign, name="task_assign"),
    path("nhiem-vu/chuyen-quy-sau/", carry.carry_over, name="carry_over"),
    path("nhiem-vu/bang-tinh/giao/", workbooks.assignments_download, name="assignments_download"),
    path(
        "nhiem-vu/bang-tinh/giao/tai-len/",
        workbooks.assignments_upload,
        name="assignments_upload",
    ),
    path("nhiem-vu/bang-tinh/ket-qua/", workbooks.results_download, name="results_download"),
    path("nhiem-vu/bang-tinh/ket-qua/tai-len/", workbooks.results_upload, name="results_upload"),
    path("nhiem-vu/<id:pk>/", tasks.task_detail, name="task_detail"),
    path("nhiem-vu/<id:pk>/sua/", tasks.task_edit, name="task_edit"),
    path("nhiem-vu/<id:pk>/bao-cao/", tasks.task_report, name="task_report"),
    path("nhiem-vu/<id:pk>/danh-gia/", tasks.task_factors, name="task_factors"),
    path("nhiem-vu/<id:pk>/huy/", tasks.task_cancel, name="task_cancel"),
    path("nhiem-vu/<id:pk>/minh-chung/", tasks.task_evidence_add, name="task_evidence_add"),
    path(
        "nhiem-vu/minh-chung/<id:pk>/tai-ve/",
        tasks.task_evidence_download,
        name="task_evidence_download",
    ),
    path("danh-muc-san-pham/", catalogues.catalogue_list, name="catalogue_list"),
    path("danh-muc-san-pham/tao/", catalogues.catalogue_create, name="catalogue_create"),
    path("danh-muc-san-pham/<id:pk>/", catalogues.catalogue_detail, name="catalogue_detail"),
    path("danh-muc-san-pham/<id:pk>/sua/", catalogues.catalogue_edit, name="catalogue_edit"),
    path(
        "danh-muc-san-pham/<id:pk>/phe-duyet/",
        catalogues.catalogue_approve,
        name="catalogue_approve",
    ),
    path(
        "danh-muc-san-pham/<id:pk>/phien-ban-moi/",
        catalogues.catalogue_new_version,
        name="catalogue_new_version",
    ),
    path("ket-qua-tap-the/", collective.collective_list, name="collective_list"),
    path(
        "ket-qua-tap-the/<id:unit>/<id:period>/",
        collective.collective_detail,
        name="collective_detail",
    ),
    path(
        "ket-qua-tap-the/<id:unit>/<id:period>/sua/",
        collective.collective_edit,
        name="collective_edit",
    ),
    path(
        "ket-qua-tap-the/<id:unit>/<id:period>/bang-tinh/",
        workbooks.collective_download,
        name="collective_download",
    ),
    path(
        "ket-qua-tap-the/<id:unit>/<id:period>/bang-tinh/tai-len/",
        workbooks.collective_upload,
        name="collective_upload",
    ),
]
