"""Households from a spreadsheet: one or two adults, where they live, the
council that placed the child, the stages with their real dates, the named
social worker and the catch-up choice. Keyed by the agency's own reference,
so the same file imported again changes nothing.

One function, :func:`sync`, both previews (``write=False``) and imports a
row, so what the preview says is what the import does."""

from __future__ import annotations

from collections.abc import Callable

from portal.extensions import db
from portal.models import CatchUpPreference, Household, ImportedPerson, Role, StageChange, User
from portal.services import clock
from portal.services.imports.household_rows import HouseholdRow, Known


class Changes:
    """Sets attributes only when they differ, and only when writing."""

    def __init__(self, write: bool):
        self.write = write
        self.changed = False

    def set(self, target, attribute: str, value) -> None:
        if getattr(target, attribute) != value:
            self.changed = True
            if self.write:
                setattr(target, attribute, value)

    def add(self, make: Callable[[], object]) -> object | None:
        """Something new: made (by ``make``) and added only when writing."""
        self.changed = True
        if not self.write:
            return None
        new = make()
        db.session.add(new)
        return new


def _sync_adults(row: HouseholdRow, household: Household, known: Known, changes: Changes, batch_id) -> None:
    for adult in row.adults:
        user = known.users.get(adult.email) if adult.email else None
        if adult.email and user is None:
            user = changes.add(
                lambda adult=adult: User(
                    email=adult.email,
                    full_name=adult.name,
                    phone=adult.phone,
                    role=row.role,
                    household=household,
                    created_at=clock.now(),
                )
            )
        elif user is not None:
            changes.set(user, "full_name", adult.name)
            changes.set(user, "phone", adult.phone or user.phone)
            if user.role in (Role.APPLICANT, Role.FAMILY):
                changes.set(user, "role", row.role)
        if changes.write:
            db.session.add(
                ImportedPerson(
                    batch_id=batch_id,
                    user=user,
                    household=household,
                    full_name=adult.name,
                    phone=adult.phone,
                    row_number=row.number,
                )
            )


def _sync_history(
    row: HouseholdRow, household: Household, known: Known, changes: Changes, actor_id: int
) -> None:
    """Each stage on its real date, so the annual report counts what the file says."""
    recorded = known.stages.get(household.id, {}) if household.id else {}
    for stage, day in row.stages.items():
        if stage in recorded:
            changes.set(recorded[stage], "started_on", day)
        else:
            changes.add(
                lambda stage=stage, day=day: StageChange(
                    household=household,
                    stage=stage,
                    started_on=day,
                    recorded_by_id=actor_id,
                    recorded_at=clock.now(),
                )
            )
    if row.catch_up_given:
        preference = known.catch_up.get(household.id) if household.id else None
        if preference is None:
            changes.add(
                lambda: CatchUpPreference(
                    household=household, frequency_years=row.catch_up, updated_at=clock.now()
                )
            )
        else:
            changes.set(preference, "frequency_years", row.catch_up)


def sync(row: HouseholdRow, known: Known, *, write: bool, actor_id: int, batch_id: int | None) -> str:
    """ "created", "updated" or "unchanged": what importing the row does (and, writing, did)."""
    household = known.households.get(row.reference)
    created = household is None
    if created:
        if not write:
            return "created"
        household = Household(
            reference=row.reference, name=row.name, council_id=row.council_id, created_at=clock.now()
        )
        db.session.add(household)
        known.households[row.reference] = household
    changes = Changes(write)
    changes.set(household, "name", row.name)
    changes.set(household, "council_id", row.council_id)
    changes.set(household, "placing_council_id", row.placing_council_id)
    if row.social_worker_id is not None:
        changes.set(household, "social_worker_id", row.social_worker_id)
    _sync_adults(row, household, known, changes, batch_id)
    _sync_history(row, household, known, changes, actor_id)
    if created:
        return "created"
    return "updated" if changes.changed else "unchanged"
