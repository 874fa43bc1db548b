"""The demo's people: names, ages, posts held and absences (``demo._Builder``'s part).

Everything is drawn from the builder's random generator (a fixed seed), with dates counted from
the first day of the oldest quarter the demo holds (``demo_calendar``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from danhgia.organisation.choices import AbsenceKind, Gender, LeadershipRole, ManagementScope
from danhgia.organisation.models import Absence, ComparisonGroup, Official, PositionHistory, Unit
from danhgia.organisation.services import expected_retirement_date

from . import demo_data as data
from .demo_calendar import DemoCalendar

#: communes and wards were re-formed on this day (two-level local government)
COMMUNES_FORMED = date(2025, 7, 1)
FEMALE_SHARE = 0.3
MINORITY_SHARE = 0.15


class PeopleMixin:
    """Staffing of units; the builder holds ``rng``, ``cal``, ``reference_day``, ``groups``,
    ``officials``, ``history``, ``absences`` and ``first_code``."""

    rng: random.Random
    cal: DemoCalendar
    reference_day: date
    groups: dict[str, ComparisonGroup]
    officials: list[Official]
    history: list[PositionHistory]
    absences: list[Absence]
    first_code: int

    def _staff(self, unit: Unit, posts: tuple[data.Post, ...]) -> None:
        for post in posts:
            for _n in range(post.count):
                self._person(unit, post)

    def _person(self, unit: Unit, post: data.Post) -> None:
        rng = self.rng
        gender = post.gender or (Gender.FEMALE if rng.random() < FEMALE_SHARE else Gender.MALE)
        minority = rng.random() < MINORITY_SHARE
        family_names, weights = zip(*data.FAMILY_NAMES, strict=True)
        family = (
            rng.choice(data.MINORITY_FAMILY_NAMES)
            if minority and rng.random() < 0.6
            else rng.choices(family_names, weights)[0]
        )
        name = " ".join(
            (family, rng.choice(data.MIDDLE_NAMES[gender]), rng.choice(data.GIVEN_NAMES[gender]))
        )
        born, retirement = self._birth(post, gender)
        service_start = born + timedelta(days=rng.randint(22 * 365, 27 * 365))
        official = Official(
            code=f"{data.CODE_PREFIX}{self.first_code + len(self.officials):05d}",
            gender=gender,
            date_of_birth=born,
            ethnic_minority=minority,
            unit=unit,
            party_position=post.party,
            government_position=post.government,
            mass_org_position=post.mass_org,
            leadership_role=post.role,
            management_scope=post.scope,
            comparison_group=self.groups[post.group],
            service_start=service_start,
            expected_retirement=retirement,
        )
        official.set_names(name)
        self.officials.append(official)
        self._history(official, unit)
        self._absence(official)

    def _birth(self, post: data.Post, gender: Gender) -> tuple[date, date]:
        """A birth date plausible for the post, for someone not retiring within the demo's
        quarters and the year after them."""
        if post.scope == ManagementScope.POLITBURO:
            low, high = 48, 58
        else:
            low, high = {
                LeadershipRole.HEAD: (45, 58),
                LeadershipRole.DEPUTY: (40, 57),
                LeadershipRole.MEMBER: (34, 56),
            }[post.role]
        age = self.rng.randint(low, high)
        while True:
            born = self.reference_day - timedelta(days=age * 365 + self.rng.randint(0, 364))
            retirement = expected_retirement_date(born, gender)
            if retirement > self.reference_day + timedelta(days=2 * 365):
                return born, retirement
            age -= 1

    def _history(self, official: Official, unit: Unit) -> None:
        rng = self.rng
        title = official.position_titles
        if unit.block.code == "xa-phuong":
            # formed on 1/7/2025; a demo seeded for an earlier day keeps its quarters staffed
            appointed = min(COMMUNES_FORMED, self.reference_day - timedelta(days=90))
        else:
            appointed = self.reference_day - timedelta(days=rng.randint(90, 8 * 365))
        appointed = max(appointed, official.service_start + timedelta(days=6 * 365))
        current = PositionHistory(
            official=official,
            unit=unit,
            title=title,
            leadership_role=official.leadership_role,
            start_date=appointed,
        )
        self.history.append(current)
        if rng.random() < 0.4:
            earlier = official.service_start + timedelta(days=rng.randint(2 * 365, 5 * 365))
            if earlier < appointed:
                self.history.append(
                    PositionHistory(
                        official=official,
                        unit=unit,
                        title="Chuyên viên chính",
                        leadership_role=LeadershipRole.MEMBER,
                        start_date=earlier,
                        end_date=appointed - timedelta(days=1),
                    )
                )

    def _absence(self, official: Official) -> None:
        roll = self.rng.random()
        age = (self.reference_day - official.date_of_birth).days // 365
        moved, last = self.cal.moved, self.cal.past_quarters[-1]
        if roll < 0.015:  # in the open quarter
            kind, start, end = (
                AbsenceKind.TRAINING,
                moved(date(2026, 7, 6)),
                moved(date(2026, 9, 25)),
            )
            note = "Lớp bồi dưỡng cán bộ lãnh đạo, quản lý"
        elif roll < 0.025 and official.gender == Gender.FEMALE and age < 42:
            # six months from just before the last published quarter
            start = moved(date(2026, 6, 15), last)
            kind, end, note = AbsenceKind.MATERNITY_LEAVE, start + timedelta(days=182), ""
        elif roll < 0.03:  # a short one in the last published quarter: no deferral
            start, end = moved(date(2026, 8, 3), last), moved(date(2026, 8, 21), last)
            kind, note = AbsenceKind.SICK_LEAVE, ""
        else:
            return
        self.absences.append(
            Absence(official=official, kind=kind, start_date=start, end_date=end, note=note)
        )

    def _long_leave(self) -> None:
        """One deputy of Sở Nội vụ on sick leave through the last published quarter (a
        deferral there, SPEC §9), whatever the random draws gave."""
        deputies = [
            o
            for o in self.officials
            if o.unit.code == "so-noi-vu" and o.leadership_role == LeadershipRole.DEPUTY
        ]
        if not deputies:
            return
        last = self.cal.past_quarters[-1]
        self.absences.append(
            Absence(
                official=max(deputies, key=lambda o: o.code),
                kind=AbsenceKind.SICK_LEAVE,
                start_date=self.cal.moved(date(2026, 6, 25), last),
                end_date=self.cal.moved(date(2026, 10, 10), last),
                note="Điều trị dài ngày",
            )
        )
