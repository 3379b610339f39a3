"""Password hashing and the password rules.

argon2id at argon2-cffi's RFC 9106 low-memory profile (64 MiB, 3 passes),
above OWASP ASVS's minimum (46 MiB, 1 pass). As NCSC advises: long
passphrases are welcome, common passwords are refused, no composition rules.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256

_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, type=Type.ID)
# Verified against when the account is unknown, so both paths take as long.
_DUMMY_HASH = _hasher.hash("this is not anybody's password")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password can't be used, in words for the person, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    normalised = password.strip().lower()
    if normalised in _common_passwords() or len(set(normalised)) < 4:
        return "Password is too easy to guess. Try three random words"
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in normalised:
        return "Password must not contain your email address"
    return None
