"""Who may see or do what: the one module that decides every right (SPEC §4, §6, §14).

Pages, downloads, jobs and the API all ask here. ``restrict`` filters a queryset to what a
user may see or act on (per model, ``rules.RULES``); ``can``/``require`` answer for one object;
``steps`` says who owns each step of the quarter; ``freeze`` says what may no longer change at
all. The package imports only the organisation's models (a user's scopes) and the apps'
choice sets; it reaches other models through their relations.
"""

from .actions import Action
from .queries import (
    NOT_FOUND,
    can,
    get_for_user_or_404,
    get_official_for_user_or_404,
    require,
    restrict,
    unit_or_404,
    visible_officials,
)
from .scopes import (
    AUDIT_READER_ROLES,
    EVALUATION_VIEWER_ROLES,
    TASK_ASSIGNER_ROLES,
    UNIT_CLERK_ROLES,
    Scope,
    ancestor_paths,
    assigned_roles,
    assigning_scopes,
    assigning_unit_ids,
    covers_unit,
    has_scoped_role,
    holds,
    is_administrator,
    own_official,
    path_prefixes,
    scopes,
    units_in_scope,
)
from .steps import (
    may,
    on_unit,
    opens_review_pages,
    owns,
    reads_decisions,
    require_may,
    require_on_unit,
    require_owner,
    sees_later_steps,
    unit_ids_for,
    units_for,
)

__all__ = [
    "AUDIT_READER_ROLES",
    "EVALUATION_VIEWER_ROLES",
    "NOT_FOUND",
    "TASK_ASSIGNER_ROLES",
    "UNIT_CLERK_ROLES",
    "Action",
    "Scope",
    "ancestor_paths",
    "assigned_roles",
    "assigning_scopes",
    "assigning_unit_ids",
    "can",
    "covers_unit",
    "get_for_user_or_404",
    "get_official_for_user_or_404",
    "has_scoped_role",
    "holds",
    "is_administrator",
    "may",
    "on_unit",
    "opens_review_pages",
    "own_official",
    "owns",
    "path_prefixes",
    "reads_decisions",
    "require",
    "require_may",
    "require_on_unit",
    "require_owner",
    "restrict",
    "scopes",
    "sees_later_steps",
    "unit_ids_for",
    "unit_or_404",
    "units_for",
    "units_in_scope",
    "visible_officials",
]
