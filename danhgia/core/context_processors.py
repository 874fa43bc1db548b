"""What the base template needs to draw the main navigation for the user's roles."""

from __future__ import annotations

from functools import cached_property

from danhgia import access
from danhgia.organisation.choices import Role

#: the roles of steps 3a-3c (``decisions.views.step_helpers.REVIEW_ROLES``)
REVIEW_ROLES = frozenset(
    str(r)
    for r in (Role.ASSIGNING_AGENCY, Role.UNIT_LEADERSHIP, Role.UNIT_SECRETARY, Role.APPRAISER)
)


class Navigation:
    """The roles the user holds, read only when the template asks (no query of its own: the
    role assignments are read once per request by ``access``; the official role is not needed
    for the menu)."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def roles(self) -> frozenset[str]:
        if access.is_administrator(self.user):  # a superuser needs no role read
            return frozenset({str(Role.ADMINISTRATOR)})
        return frozenset(str(role) for role in access.assigned_roles(self.user))

    @property
    def is_administrator(self) -> bool:
        return str(Role.ADMINISTRATOR) in self.roles

    @property
    def decides(self) -> bool:
        """Authorities (and administrators) open the decision pages."""
        return self.is_administrator or str(Role.AUTHORITY) in self.roles

    @property
    def reads_audit(self) -> bool:
        """Appraisers (and administrators) read the audit log."""
        return self.is_administrator or str(Role.APPRAISER) in self.roles

    @property
    def reviews(self) -> bool:
        """Assigning agencies, unit leadership and secretaries, appraisers (and administrators)
        work on steps 3a-3c: verification, review, dossiers, appraisal ("Xét duyệt")."""
        return self.is_administrator or bool(self.roles & REVIEW_ROLES)


def navigation(request) -> dict:
    return {"nav": Navigation(request.user)}
