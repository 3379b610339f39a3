"""People: invitations for all staff; the user list, roles and deactivation for admins."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.extensions import limiter
from portal.models.accounts import Role
from portal.services import accounts, agency, audit, second_factor
from portal.services.errors import DomainError, NotFound
from portal.web.access import STAFF, allow
from portal.web.forms import ConfirmForm, form_with_what_was_typed
from portal.web.query_args import PAGE, choice, page_number, reads
from portal.web.staff.admin_forms import ChangeRoleForm, InviteForm
from portal.web.timeout import keeps_typed_forms

bp = Blueprint("admin", __name__)
ROLE = choice("role", "Role", [role.value for role in Role])


@bp.route("/users")
@allow(Role.ADMIN)
@reads(ROLE, PAGE)
def users():
    role = ROLE.read()
    page = accounts.list_users(role=role, page=page_number())
    invitations = accounts.pending_invitations([u.id for u in page.items])
    return render_template(
        "staff/users.html", page=page, invitations=invitations, roles=list(Role), role=role
    )


# Each invitation sends an email: a stolen staff session must not become a spam cannon.
INVITE_LIMIT = "60 per hour"


@bp.route("/invite", methods=["GET", "POST"])
@allow(STAFF)
@keeps_typed_forms
@limiter.limit(INVITE_LIMIT, exempt_when=lambda: request.method != "POST")
def invite():
    form = form_with_what_was_typed(InviteForm)
    form.role.choices = [(r.value, r.label) for r in accounts.invitable_roles(current_user)]
    form.council.choices = [("", "Choose council")] + [(str(c.id), c.name) for c in agency.councils()]
    if form.validate_on_submit():
        try:
            user = accounts.invite(
                email=form.email.data,
                full_name=form.full_name.data,
                role=Role(form.role.data),
                invited_by=current_user,
                household_id=form.household_number.data,
                new_household_name=form.household_name.data,
                new_household_council_id=int(form.council.data) if form.council.data else None,
                link_hours=current_app.config["INVITATION_HOURS"],
            )
        except accounts.EmailAlreadyRegistered as error:
            form.email.errors.append(str(error))
        except (accounts.HouseholdFull, NotFound) as error:
            form.household_number.errors.append(str(error))
        except DomainError as error:
            form.household_name.errors.append(str(error))
        else:
            flash(f"Invitation sent to {user.full_name}", "success")
            return redirect(url_for("staff.admin.invite"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/invite.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@allow(Role.ADMIN)
def user(user_id: int):
    person = accounts.get_user(user_id)
    role_form = ChangeRoleForm(role=person.role)
    role_form.role.choices = Role.choices()
    status = 200
    if request.method == "POST":
        if role_form.validate_on_submit():
            try:
                accounts.change_role(user_id=user_id, role=Role(role_form.role.data), actor=current_user)
            except DomainError as error:
                role_form.role.errors.append(str(error))
            else:
                flash("Role changed", "success")
                return redirect(url_for("staff.admin.user", user_id=user_id))
        status = 400
    invitation = accounts.pending_invitations([person.id]).get(person.id)
    return render_template(
        "staff/user.html",
        person=person,
        role_form=role_form,
        action_form=ConfirmForm(),
        invitation=invitation,
    ), status


USER_ACTIONS = "deactivate, reactivate, resend, 'reset-authenticator'"


@bp.route(f"/users/<int:user_id>/<any({USER_ACTIONS}):action>", methods=["POST"])
@allow(Role.ADMIN)
def user_action(user_id: int, action: str):
    accounts.get_user(user_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("staff.admin.user", user_id=user_id))
    try:
        if action == "resend":
            accounts.resend_invitation(
                user_id=user_id, actor=current_user, link_hours=current_app.config["INVITATION_HOURS"]
            )
            flash("Invitation sent again", "success")
        elif action == "reset-authenticator":
            second_factor.reset(user_id=user_id, actor=current_user)
            flash("Authenticator app reset: they set up a new one when they next sign in", "success")
        else:
            accounts.set_active(user_id=user_id, active=action == "reactivate", actor=current_user)
            flash("Account reactivated" if action == "reactivate" else "Account deactivated", "success")
    except DomainError as error:
        flash(str(error), "error")
    return redirect(url_for("staff.admin.user", user_id=user_id))


@bp.route("/security-events")
@allow(Role.ADMIN)
@reads(PAGE)
def security_events():
    page = audit.security_events(page=page_number())
    return render_template("staff/security_events.html", page=page, labels=audit.SECURITY_ACTIONS)
