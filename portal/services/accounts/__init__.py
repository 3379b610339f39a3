"""Accounts: people and households, invitations, signing in, password resets,
roles and deactivation.

    people          finding people and households; the user a session names
    tokens          single-use emailed links and the password they set
    invitations     staff invite people; the first admin
    password_reset  resets that tell no one which addresses have accounts
    sign_in         signing in (under the throttle) and out
    admin           roles, deactivation, the list of people
"""

from portal.services.accounts.admin import change_role, list_users, pending_invitations, set_active
from portal.services.accounts.errors import (
    EmailAlreadyRegistered,
    HouseholdFull,
    InvalidToken,
    PasswordRejected,
    SignInFailed,
    SignInPaused,
)
from portal.services.accounts.invitations import (
    accept_invitation,
    check_invitation,
    create_admin,
    invitable_roles,
    invite,
    open_invitation,
    resend_invitation,
    send_invitation,
)
from portal.services.accounts.password_reset import (
    check_password_reset,
    request_password_reset,
    reset_password,
)
from portal.services.accounts.people import (
    create_household,
    get_household,
    get_user,
    load_session_user,
    normalise_email,
)
from portal.services.accounts.sign_in import authenticate, finish_sign_in, sign_out

__all__ = [
    "EmailAlreadyRegistered",
    "HouseholdFull",
    "InvalidToken",
    "PasswordRejected",
    "SignInFailed",
    "SignInPaused",
    "accept_invitation",
    "authenticate",
    "change_role",
    "check_invitation",
    "check_password_reset",
    "create_admin",
    "create_household",
    "finish_sign_in",
    "get_household",
    "get_user",
    "invitable_roles",
    "invite",
    "list_users",
    "load_session_user",
    "normalise_email",
    "pending_invitations",
    "request_password_reset",
    "open_invitation",
    "resend_invitation",
    "send_invitation",
    "reset_password",
    "set_active",
    "sign_out",
]
