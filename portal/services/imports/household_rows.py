"""Reading a households spreadsheet's rows: the template's columns, each
cell checked, and what the portal already holds that the rows name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    CatchUpPreference,
    Council,
    Household,
    Role,
    Stage,
    StageChange,
    User,
)
from portal.models.accounts import MAX_ADULTS_PER_HOUSEHOLD, STAFF_ROLES
from portal.services import clock
from portal.services.imports.cells import Cells, Problem, repeated
from portal.services.imports.files import Row

STAGE_COLUMNS = {
    Stage.ENQUIRY: "enquiry_date",
    Stage.STAGE_ONE: "stage_one_date",
    Stage.STAGE_ONE_COMPLETE: "stage_one_complete_date",
    Stage.STAGE_TWO: "stage_two_date",
    Stage.APPROVED: "approved_date",
    Stage.MATCHED: "matched_date",
    Stage.PLACED: "placed_date",
    Stage.ADOPTION_ORDER: "adoption_order_date",
    Stage.WITHDRAWN: "withdrawn_date",
}
ADULT_COLUMNS = tuple(f"adult_{n}_{what}" for n in (1, 2) for what in ("name", "email", "phone"))
COLUMNS = (
    "reference",
    "household_name",
    *ADULT_COLUMNS,
    "council",
    "placing_council",
    "stage",
    *STAGE_COLUMNS.values(),
    "social_worker_email",
    "catch_up",
)
EXAMPLE = (
    "HH-0001",
    "Sam and Alex Example",
    "Sam Example",
    "sam@example.com",
    "07700 900001",
    "Alex Example",
    "",
    "07700 900002",
    "Kent",
    "Medway",
    "Adoption order granted",
    "2021-05-04",
    "2021-07-01",
    "2021-09-01",
    "2021-09-20",
    "2022-01-17",
    "2022-06-01",
    "2022-07-15",
    "2023-02-01",
    "",
    "",
    "every 2 years",
)
# The stages after which the adults are a family rather than applicants.
FAMILY_STAGES = frozenset({Stage.PLACED, Stage.ADOPTION_ORDER})
CATCH_UP_CHOICES = {
    "none": None,
    "no": None,
    "1": 1,
    "every year": 1,
    "2": 2,
    "every 2 years": 2,
    "3": 3,
    "every 3 years": 3,
}


@dataclass(frozen=True)
class Adult:
    name: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class HouseholdRow:
    number: int
    reference: str
    name: str
    adults: tuple[Adult, ...]
    council_id: int
    placing_council_id: int | None
    stages: dict[Stage, date]
    social_worker_id: int | None
    # None: the cell was empty, so the household's choice is left as it is.
    catch_up: int | None
    catch_up_given: bool

    @property
    def role(self) -> Role:
        latest = max(self.stages, key=lambda stage: (self.stages[stage], list(Stage).index(stage)))
        return Role.FAMILY if latest in FAMILY_STAGES else Role.APPLICANT


@dataclass
class NewRows:
    """Rows to insert; each names its household by reference until that has an id."""

    households: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)
    stages: list[dict] = field(default_factory=list)
    catch_up: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)


@dataclass
class Known:
    """What the portal already holds that the file's rows may name, read once."""

    councils: dict[str, int]
    social_workers: dict[str, int]
    households: dict[str, Household]
    users: dict[str, User]
    stages: dict[int, dict[Stage, StageChange]]
    catch_up: dict[int, CatchUpPreference]
    # Read once: no date in the file may be after it.
    today: date = field(default_factory=clock.today)
    # What importing adds, gathered for one bulk insert (households.finish).
    new: NewRows = field(default_factory=lambda: NewRows())


def _stage_choices() -> dict[str, Stage]:
    choices: dict[str, Stage] = {}
    for stage in Stage:
        choices[stage.label.lower()] = stage
        choices[stage.value] = stage
        choices[stage.value.replace("_", " ")] = stage
    return choices


def known_for(rows: list[Row]) -> Known:
    references = {row.values.get("reference", "").strip() for row in rows} - {""}
    emails = {
        row.values.get(column, "").strip().lower() for row in rows for column in ADULT_COLUMNS[1::3]
    } - {""}
    households = {
        h.reference: h
        for h in db.session.scalars(
            select(Household)
            .where(Household.reference.in_(references))
            .options(selectinload(Household.adults))
        )
        if h.reference is not None
    }
    household_ids = [h.id for h in households.values()]
    stages: dict[int, dict[Stage, StageChange]] = {}
    for change in db.session.scalars(
        select(StageChange)
        .where(StageChange.household_id.in_(household_ids))
        .order_by(StageChange.started_on)
    ):
        stages.setdefault(change.household_id, {})[change.stage] = change
    staff = select(User.email, User.id).where(User.role.in_([r.value for r in STAFF_ROLES]), User.is_active)
    return Known(
        councils={name.lower(): id_ for id_, name in db.session.execute(select(Council.id, Council.name))},
        social_workers={email: id_ for email, id_ in db.session.execute(staff)},
        households=households,
        users={
            u.email: u
            for u in db.session.scalars(
                select(User).where(User.email.in_(emails)).options(selectinload(User.household))
            )
        },
        stages=stages,
        catch_up={
            p.household_id: p
            for p in db.session.scalars(
                select(CatchUpPreference).where(CatchUpPreference.household_id.in_(household_ids))
            )
        },
    )


def key(row: HouseholdRow) -> str:
    return row.reference


def existing_keys(known: Known) -> dict[str, Household]:
    return known.households


def _council(cells: Cells, column: str, known: Known, *, required: bool) -> int | None:
    name = cells.text(column, required=required, max_length=100)
    if name is None:
        return None
    council_id = known.councils.get(name.lower())
    if council_id is None:
        cells.problem(column, f"there is no council called '{name}': add it under Councils first")
    return council_id


def _adults(cells: Cells) -> tuple[Adult, ...]:
    adults = []
    for n in (1, 2):
        name = cells.text(f"adult_{n}_name", required=n == 1)
        email = cells.email(f"adult_{n}_email")
        phone = cells.text(f"adult_{n}_phone", max_length=40)
        if name:
            adults.append(Adult(name, email, phone))
        elif n == 2 and (email or phone):
            cells.problem("adult_2_name", "is empty, but the second adult has an email or phone")
    return tuple(adults)


def _stages(cells: Cells) -> dict[Stage, date]:
    stages = {stage: day for stage, column in STAGE_COLUMNS.items() if (day := cells.date(column))}
    stage = cells.choice(
        "stage", _stage_choices(), required=True, names=", ".join(stage.label for stage in Stage)
    )
    if stage is None:
        return stages
    if stage not in stages:
        cells.problem(STAGE_COLUMNS[stage], f"is empty: the stage is {stage.label}, so its date is needed")
    elif stage != Stage.WITHDRAWN:
        later = [s for s, day in stages.items() if day > stages[stage]]
        if later:
            cells.problem(
                STAGE_COLUMNS[later[0]],
                f"is after the {stage.label} date, but the stage column says {stage.label}",
            )
    return stages


def _room_for_new_adults(cells: Cells, household: Household | None, adults: tuple[Adult, ...]) -> None:
    """A household in the portal keeps its accounts: new emails may not take it past two adults."""
    if household is None:
        return
    named = {adult.email for adult in adults if adult.email}
    keeping = [user for user in household.adults if user.email not in named]
    if len(keeping) + len(named) > MAX_ADULTS_PER_HOUSEHOLD:
        cells.problem(
            "adult_2_email",
            f"{household.reference} already has two adults with accounts: an email that differs from theirs "
            "would add a third (change it on the household's page instead)",
        )


def parse(row: Row, known: Known) -> tuple[HouseholdRow | None, list[Problem]]:
    cells = Cells(row, known.today)
    reference = cells.text("reference", required=True, max_length=60)
    adults = _adults(cells)
    council_id = _council(cells, "council", known, required=True)
    placing_council_id = _council(cells, "placing_council", known, required=False)
    stages = _stages(cells)
    social_worker_email = cells.email("social_worker_email")
    social_worker_id = None
    if social_worker_email:
        social_worker_id = known.social_workers.get(social_worker_email)
        if social_worker_id is None:
            cells.problem("social_worker_email", f"no member of staff has the email {social_worker_email}")
    catch_up_given = bool(cells.text("catch_up"))
    catch_up = (
        cells.choice("catch_up", CATCH_UP_CHOICES, names="none, every year, every 2 years, every 3 years")
        if catch_up_given
        else None
    )
    if catch_up and Stage.ADOPTION_ORDER not in stages:
        cells.problem("catch_up", "catch-up calls need an adoption_order_date")
    for adult in adults:
        user = known.users.get(adult.email) if adult.email else None
        if user is not None and (user.household is None or user.household.reference != reference):
            column = "adult_1_email" if adult is adults[0] else "adult_2_email"
            cells.problem(column, f"{adult.email} is already used by someone else in the portal")
    _room_for_new_adults(cells, known.households.get(reference or ""), adults)
    if cells.problems or reference is None or council_id is None:
        return None, cells.problems
    name = cells.text("household_name") or " and ".join(adult.name for adult in adults)
    return (
        HouseholdRow(
            number=row.number,
            reference=reference,
            name=name,
            adults=adults,
            council_id=council_id,
            placing_council_id=placing_council_id,
            stages=stages,
            social_worker_id=social_worker_id,
            catch_up=catch_up,
            catch_up_given=catch_up_given,
        ),
        [],
    )


def within_file(rows: list[Row]) -> list[Problem]:
    """The same household or the same email twice in one file."""
    return repeated(rows, ("reference",), ("adult_1_email", "adult_2_email"))
