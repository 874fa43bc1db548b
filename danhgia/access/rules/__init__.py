"""Every model's access rule, by model label: the one table ``restrict`` reads.

A rule is a function ``(user, action) -> Q`` over the model's own rows. Administrators never
reach a rule (they may do everything). A model missing here is visible to nobody but
administrators: adding a model means adding its rule and a row in the permission matrices.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from . import (
    api,
    audit,
    decisions,
    dossiers,
    evaluations,
    jobs,
    organisation,
    review,
    tasks,
)

Rule = Callable[..., Q]

RULES: dict[str, Rule] = {
    "organisation.unit": organisation.unit,
    "organisation.official": organisation.official,
    "organisation.positionhistory": organisation.person_record,
    "organisation.absence": organisation.person_record,
    "organisation.roleassignment": organisation.role_assignment,
    "organisation.block": organisation.configuration,
    "organisation.comparisongroup": organisation.configuration,
    "rules.frameworkversion": organisation.configuration,
    "rules.policyversion": organisation.configuration,
    "periods.period": organisation.configuration,
    "periods.deadline": organisation.configuration,
    "periods.periodframework": organisation.configuration,
    "tasks.task": tasks.task,
    "tasks.taskevidence": tasks.task_evidence,
    "tasks.catalogue": tasks.catalogue,
    "tasks.product": tasks.product,
    "tasks.collectiveresult": tasks.collective_result,
    "tasks.forcemajeure": tasks.force_majeure,
    "evaluations.evaluation": evaluations.evaluation,
    "evaluations.criterionentry": evaluations.criterion_entry,
    "evaluations.evidence": evaluations.evidence,
    "review.stagescore": review.stage_score,
    "review.stagecriterionscore": review.stage_criterion_score,
    "review.keytaskassessment": review.key_task_assessment,
    "dossiers.reviewmeeting": dossiers.review_meeting,
    "dossiers.dossier": dossiers.dossier,
    "dossiers.dossierdocument": dossiers.dossier_document,
    "decisions.decision": decisions.decision,
    "decisions.accountability": decisions.accountability,
    "decisions.publication": decisions.publication,
    "audit.auditentry": audit.audit_entry,
    "api.apitoken": api.api_token,
    "jobs.job": jobs.job,
    # Templates and archived documents are reached through their document kind's record
    # (danhgia.documents.registry: each kind's lookup asks this module); the rows themselves
    # are the administrator's.
    "documents.templateoverride": organisation.administrators_only,
    "documents.archiveddocument": organisation.administrators_only,
    "notices.notice": jobs.notice,
}

#: Some rules decided on a record already read in this request, without a query (``can_loaded``):
#: a function ``(user, obj) -> bool | None`` giving the same answer as the rule's Q for that
#: record as read, or None when what it needs was not read with it. Each has a test that it
#: agrees with the rule's Q (tests/web/test_access_loaded.py).
LOADED_RULES: dict[tuple[str, str], Callable[..., bool | None]] = {
    ("evaluations.evaluation", "change"): evaluations.changes_loaded,
}
