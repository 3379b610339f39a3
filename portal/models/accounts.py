"""People who sign in, the households applicants and families belong to,
and the single-use tokens emailed to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.agency import Council
from portal.models.base import Base, EnumText, LabelledEnum


class Role(LabelledEnum):
    APPLICANT = "applicant"
    FAMILY = "family", "Adoptive family"
    CONNECTOR = "connector", "Peer connector"
    ADVISOR = "advisor"
    SOCIAL_WORKER = "social_worker"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES

    @property
    def needs_household(self) -> bool:
        return self in (Role.APPLICANT, Role.FAMILY)


STAFF_ROLES = frozenset({Role.ADVISOR, Role.SOCIAL_WORKER, Role.MANAGER, Role.ADMIN})
# Staff, and connectors who see families' details, sign in with a second factor.
SECOND_FACTOR_ROLES = STAFF_ROLES | {Role.CONNECTOR}
MAX_ADULTS_PER_HOUSEHOLD = 2


class Household(Base):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    # The council that placed the child: responsible for adoption support for
    # 3 years after the adoption order (Adoption Support Services Regulations).
    placing_council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"))
    # The named social worker applicants can contact while in assessment.
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", use_alter=True))
    # The agency's own case reference, from an imported spreadsheet: the same
    # row imported again updates this household instead of adding another.
    reference: Mapped[str | None] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime]

    council: Mapped[Council] = relationship(lazy="joined", foreign_keys=[council_id])
    placing_council: Mapped[Council | None] = relationship(foreign_keys=[placing_council_id])
    social_worker: Mapped[User | None] = relationship(foreign_keys=[social_worker_id])
    adults: Mapped[list[User]] = relationship(back_populates="household", foreign_keys="User.household_id")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Kept so a support-call form can offer it again; families may change it.
    phone: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[Role] = mapped_column(EnumText(Role, 20))
    # Staff only: how the households they work with reach them.
    work_phone: Mapped[str | None] = mapped_column(String(40))
    work_email: Mapped[str | None] = mapped_column(String(320))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    # None until the person accepts their invitation and chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Bumped at sign-out and on deactivation, so old session cookies stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]
    last_signed_in_at: Mapped[datetime | None]
    # The authenticator app's shared secret, encrypted (services/second_factor.py).
    # Set at the first sign-in; in use once confirmed with a code.
    totp_secret_encrypted: Mapped[str | None] = mapped_column(String(255))
    totp_confirmed_at: Mapped[datetime | None]
    # The time step of the last code accepted: no code is accepted twice.
    totp_last_step: Mapped[int | None]

    household: Mapped[Household | None] = relationship(back_populates="adults", foreign_keys=[household_id])

    # What Flask-Login asks of a user object; no Flask import is needed for it.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ", 1)[0]

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    @property
    def has_second_factor(self) -> bool:
        return self.totp_confirmed_at is not None


class TokenPurpose(LabelledEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


class AccountToken(Base):
    """A single-use, time-limited emailed link. Only its hash is stored."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TokenPurpose] = mapped_column(EnumText(TokenPurpose, 20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # When the emailed link was first opened: an import's invitations page
    # tells "link opened" from "sent".
    opened_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class SignInFailure(Base):
    """One failed sign-in (a wrong password or code), keyed by a hash of the
    account (the email typed, or the user for a code) and a hash of the
    client's address, so that guessing can be slowed per account and refused
    per source without storing what was typed or who typed it."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_key_at", "email_key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(String(64))
    # None for failures recorded before sources were kept.
    source_key: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime]


class BackupCode(Base):
    """A single-use code for signing in without the authenticator app.
    Shown once at set-up; only a salted hash is kept."""

    __tablename__ = "backup_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(100))
    used_at: Mapped[datetime | None]
