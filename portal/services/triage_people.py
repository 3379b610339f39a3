"""Who each queue item is about, how to reach them, and finding items by them.

Each item keeps a contact (the name shown in the queue) and a few normalised
search terms: its reference, the name and each word of it, the email, the
phone's digits and the postcode without spaces, for the person who asked and
for each adult of the household. A search looks terms up by prefix on their
index (a range, so SQLite and PostgreSQL both use the index), never by scanning
joined text. Search terms are personal: they are never logged (the request log
blanks ``q=``) and never audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, delete, false, func, or_, select

from portal.extensions import db
from portal.models import Household, TriageContact, TriageItem, TriageSearchTerm, User

# Shorter than this and a prefix would match a large part of the queue.
MIN_SEARCH_LENGTH = 2
# Above every character people type: the end of a prefix range.
PREFIX_END = "\U0010ffff"
PHONE_LIKE = re.compile(r"^[\d\s()+-]+$")


@dataclass(frozen=True)
class ContactDetails:
    name: str
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None
    best_times: str | None = None


def phone_digits(phone: str) -> str:
    """07700 900123, +44 7700 900123 and (07700) 900-123 all as 07700900123."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def terms_for(details: ContactDetails) -> set[str]:
    terms = set()
    name = _words(details.name)
    if name:
        terms.add(name)
        terms.update(name.split(" "))
    if details.email:
        terms.add(details.email.strip().lower())
    if details.phone and phone_digits(details.phone):
        terms.add(phone_digits(details.phone))
    if details.postcode:
        terms.add("".join(details.postcode.split()).lower())
    return {term[:320] for term in terms if term}


def household_adults(household_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.household_id == household_id).order_by(User.id)))


def household_people(household_id: int) -> list[ContactDetails]:
    return [
        ContactDetails(name=u.full_name, email=u.email, phone=u.phone) for u in household_adults(household_id)
    ]


def record(item: TriageItem, details: ContactDetails | None) -> None:
    """Keep who ``item`` is about: the details given, else its household's."""
    people = household_people(item.household_id) if item.household_id is not None else []
    if details is None and item.household_id is not None:
        household = db.session.get_one(Household, item.household_id)
        first = people[0] if people else ContactDetails(name="")
        details = ContactDetails(name=household.name, email=first.email, phone=first.phone)
    terms = {item.reference.lower()}
    for person in [details, *people] if details else people:
        terms |= terms_for(person)
    if details is not None:
        db.session.add(
            TriageContact(
                triage_item_id=item.id,
                name=details.name[:200],
                email=details.email,
                phone=details.phone,
                postcode=details.postcode,
                best_times=details.best_times,
            )
        )
    db.session.add_all(TriageSearchTerm(triage_item_id=item.id, term=term) for term in sorted(terms))


def search_keys(query: str) -> set[str]:
    """What a typed search is looked up as: words, a postcode, a phone number."""
    words = _words(query)
    keys = {words, words.replace(" ", "")}
    if PHONE_LIKE.match(query) and len(phone_digits(query)) >= 3:
        keys.add(phone_digits(query))
    return {key for key in keys if len(key) >= MIN_SEARCH_LENGTH}


def matching_items(query: str):
    """A subquery of the ids of items found by ``query`` (by prefix of any term)."""
    keys = search_keys(query)
    if not keys:
        return select(TriageSearchTerm.triage_item_id).where(false())
    return select(TriageSearchTerm.triage_item_id).where(
        or_(
            *(
                and_(TriageSearchTerm.term >= key, TriageSearchTerm.term < key + PREFIX_END)
                for key in sorted(keys)
            )
        )
    )


@dataclass(frozen=True)
class WhoAndHow:
    """What the item's page shows of the people it is about."""

    contact: TriageContact | None
    household: Household | None
    adults: list[User]


def who_and_how(item: TriageItem) -> WhoAndHow:
    """The same queries whether or not the item is about a household, so no
    item's page takes more queries than another's."""
    household = db.session.scalar(select(Household).where(Household.id == item.household_id))
    adults = list(
        db.session.scalars(select(User).where(User.household_id == item.household_id).order_by(User.id))
    )
    return WhoAndHow(contact=item.contact, household=household, adults=adults)


def forget(item_ids) -> None:
    """Erase who ``item_ids`` (a subquery) were about: their contact, and every
    search term but the reference."""
    reference = (
        select(func.lower(TriageItem.reference))
        .where(TriageItem.id == TriageSearchTerm.triage_item_id)
        .scalar_subquery()
    )
    for statement in (
        delete(TriageContact).where(TriageContact.triage_item_id.in_(item_ids)),
        delete(TriageSearchTerm).where(
            TriageSearchTerm.triage_item_id.in_(item_ids), TriageSearchTerm.term != reference
        ),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
