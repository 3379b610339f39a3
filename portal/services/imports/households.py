"""Households from a spreadsheet: one or two adults, where they live, the
council that placed the child, the stages with their real dates, the named
social worker and the catch-up choice. Keyed by the agency's own reference,
so the same file imported again changes nothing.

One function, :func:`sync`, both previews (``write=False``) and imports a
row, so what the preview says is what the import does. What is new is
gathered and inserted in bulk at the end (:func:`finish`): 10,000 households
in seconds, not minutes."""

from __future__ import annotations

from sqlalchemy import insert, select

from portal.extensions import db
from portal.models import CatchUpPreference, Household, ImportedPerson, Role, StageChange, User
from portal.services import clock
from portal.services.imports.household_rows import HouseholdRow, Known, NewRows


class Changes:
    """Sets attributes only when they differ, and only when writing; counts what is new."""

    def __init__(self, write: bool, new: NewRows):
        self.write = write
        self.new = new
        self.changed = False

    def set(self, target, attribute: str, value) -> None:
        if getattr(target, attribute) != value:
            self.changed = True
            if self.write:
                setattr(target, attribute, value)

    def add(self, rows: list[dict], values: dict) -> None:
        self.changed = True
        if self.write:
            rows.append(values)


def _household_key(row: HouseholdRow, household: Household | None) -> dict:
    return {"household_id": household.id} if household else {"reference": row.reference}


def _sync_adults(
    row: HouseholdRow, household: Household | None, known: Known, changes: Changes, batch_id
) -> None:
    for adult in row.adults:
        user = known.users.get(adult.email) if adult.email else None
        if adult.email and user is None:
            changes.add(
                changes.new.users,
                {
                    **_household_key(row, household),
                    "email": adult.email,
                    "full_name": adult.name,
                    "phone": adult.phone,
                    "role": row.role,
                    "created_at": clock.now(),
                },
            )
        elif user is not None:
            changes.set(user, "full_name", adult.name)
            changes.set(user, "phone", adult.phone or user.phone)
            if user.role in (Role.APPLICANT, Role.FAMILY):
                changes.set(user, "role", row.role)
        if changes.write:
            changes.new.people.append(
                {
                    **_household_key(row, household),
                    "batch_id": batch_id,
                    "email": adult.email,
                    "full_name": adult.name,
                    "phone": adult.phone,
                    "row_number": row.number,
                }
            )


def _sync_history(
    row: HouseholdRow, household: Household | None, known: Known, changes: Changes, actor_id: int
) -> None:
    """Each stage on its real date, so the annual report counts what the file says."""
    recorded = known.stages.get(household.id, {}) if household else {}
    for stage, day in row.stages.items():
        if stage in recorded:
            changes.set(recorded[stage], "started_on", day)
        else:
            changes.add(
                changes.new.stages,
                {
                    **_household_key(row, household),
                    "stage": stage,
                    "started_on": day,
                    "recorded_by_id": actor_id,
                    "recorded_at": clock.now(),
                },
            )
    if row.catch_up_given:
        preference = known.catch_up.get(household.id) if household else None
        if preference is None:
            changes.add(
                changes.new.catch_up,
                {
                    **_household_key(row, household),
                    "frequency_years": row.catch_up,
                    "updated_at": clock.now(),
                },
            )
        else:
            changes.set(preference, "frequency_years", row.catch_up)


def sync(row: HouseholdRow, known: Known, *, write: bool, actor_id: int, batch_id: int | None) -> str:
    """ "created", "updated" or "unchanged": what importing the row does (and, writing, did)."""
    household = known.households.get(row.reference)
    changes = Changes(write, known.new)
    if household is None:
        changes.add(
            known.new.households,
            {
                "reference": row.reference,
                "name": row.name,
                "council_id": row.council_id,
                "placing_council_id": row.placing_council_id,
                "social_worker_id": row.social_worker_id,
                "created_at": clock.now(),
            },
        )
    else:
        changes.set(household, "name", row.name)
        changes.set(household, "council_id", row.council_id)
        changes.set(household, "placing_council_id", row.placing_council_id)
        if row.social_worker_id is not None:
            changes.set(household, "social_worker_id", row.social_worker_id)
    _sync_adults(row, household, known, changes, batch_id)
    _sync_history(row, household, known, changes, actor_id)
    if household is None:
        return "created"
    return "updated" if changes.changed else "unchanged"


def _with_household_ids(rows: list[dict], ids: dict[str, int]) -> list[dict]:
    return [
        {key: value for key, value in row.items() if key != "reference"}
        | {"household_id": row.get("household_id") or ids[row["reference"]]}
        for row in rows
    ]


def finish(known: Known) -> None:
    """Insert what the rows made new, in bulk, in this transaction."""
    db.session.flush()
    new = known.new
    ids: dict[str, int] = {}
    # Ids are read back by their keys: RETURNING over thousands of rows is slow to gather.
    if new.households:
        db.session.execute(insert(Household), new.households)
        references = [row["reference"] for row in new.households]
        found = select(Household.reference, Household.id).where(Household.reference.in_(references))
        ids = {reference: id_ for reference, id_ in db.session.execute(found) if reference is not None}
    user_ids = {email: user.id for email, user in known.users.items()}
    if new.users:
        db.session.execute(insert(User), _with_household_ids(new.users, ids))
        found = select(User.email, User.id).where(User.email.in_([row["email"] for row in new.users]))
        user_ids.update({email: id_ for email, id_ in db.session.execute(found)})
    for model, rows in ((StageChange, new.stages), (CatchUpPreference, new.catch_up)):
        if rows:
            db.session.execute(insert(model), _with_household_ids(rows, ids))
    people = [
        {key: value for key, value in person.items() if key != "email"}
        | {"user_id": user_ids.get(person["email"]) if person["email"] else None}
        for person in _with_household_ids(new.people, ids)
    ]
    if people:
        db.session.execute(insert(ImportedPerson), people)
