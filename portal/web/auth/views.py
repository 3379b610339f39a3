"""Signing in and out, accepting an invitation, resetting a password."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from portal.extensions import limiter
from portal.services import accounts, second_factor, sign_in_throttle
from portal.web import timeout
from portal.web.access import EVERY_ROLE, allow, home_endpoint, public
from portal.web.auth.forms import (
    ChoosePasswordForm,
    ForgotPasswordForm,
    SecondFactorForm,
    SetUpSecondFactorForm,
    SignInForm,
)
from portal.web.auth.session import begin_session, end_session, finish_second_factor, pending_user

bp = Blueprint("auth", __name__)

FORM_LIMIT = "20 per minute"


def _post_only(_=None) -> bool:
    return request.method != "POST"


def _attempt() -> sign_in_throttle.Attempt:
    config = current_app.config
    return sign_in_throttle.Attempt(
        source=request.remote_addr,
        rules=sign_in_throttle.ThrottleRules.from_config(config),
        emails_per_recipient_per_hour=config["PUBLIC_EMAILS_PER_RECIPIENT_PER_HOUR"],
        forgot_password_link=config["BASE_URL"] + url_for("auth.forgot_password"),
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                email=form.email.data, password=form.password.data, attempt=_attempt()
            )
        except accounts.SignInPaused as error:
            form.email.errors.append(str(error))
            status = 429
        except accounts.SignInFailed as error:
            form.email.errors.append(str(error))
            status = 400
        else:
            return redirect(begin_session(user, request.args.get("next")))
    elif form.is_submitted():
        status = 400
    return render_template("auth/sign_in.html", form=form, timed_out=timeout.sign_in_notice()), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def second_factor_code():
    user = pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if not user.has_second_factor:
        return redirect(url_for("auth.set_up_second_factor"))
    form = SecondFactorForm()
    status = 200
    if form.validate_on_submit():
        try:
            second_factor.verify(user_id=user.id, code=form.code.data, attempt=_attempt())
        except second_factor.CodesPaused as error:
            form.code.errors.append(str(error))
            status = 429
        except (second_factor.CodeRejected, second_factor.SecondFactorNotSetUp) as error:
            form.code.errors.append(str(error))
            status = 400
        else:
            return redirect(finish_second_factor())
    elif form.is_submitted():
        status = 400
    return render_template("auth/second_factor.html", form=form), status


@bp.route("/sign-in/set-up-authenticator", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def set_up_second_factor():
    user = pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if user.has_second_factor:
        return redirect(url_for("auth.second_factor_code"))
    form = SetUpSecondFactorForm()
    status = 200
    if form.validate_on_submit():
        try:
            backup_codes = second_factor.confirm_set_up(
                user_id=user.id, code=form.code.data, attempt=_attempt()
            )
        except second_factor.CodesPaused as error:
            form.code.errors.append(str(error))
            status = 429
        except second_factor.CodeRejected as error:
            form.code.errors.append(str(error))
            status = 400
        else:
            # Shown once, in this response: only their hashes are kept.
            return render_template(
                "auth/backup_codes.html", backup_codes=backup_codes, continue_to=finish_second_factor()
            )
    elif form.is_submitted():
        status = 400
    return render_template(
        "auth/set_up_second_factor.html", form=form, set_up=second_factor.set_up_details(user)
    ), status


@bp.route("/sign-out", methods=["POST"])
@allow(EVERY_ROLE)
def sign_out():
    accounts.sign_out(user_id=current_user.id)
    end_session()
    return redirect(url_for("auth.signed_out"))


@bp.route("/signed-out")
@public
def signed_out():
    return render_template("auth/signed_out.html")


def _choose_password(*, token: str, check, complete, template: str):
    try:
        user = check(token)
    except accounts.InvalidToken:
        return render_template("auth/link_expired.html"), 404
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            user = complete(token=token, password=form.password.data)
        except accounts.PasswordRejected as error:
            form.password.errors.append(str(error))
        else:
            return redirect(begin_session(user, None))
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, user=user), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def accept_invitation(token: str):
    return _choose_password(
        token=token,
        # Opening the link is noted (for an import's invitations page); posting the form is not.
        check=accounts.open_invitation if request.method == "GET" else accounts.check_invitation,
        complete=accounts.accept_invitation,
        template="auth/accept_invitation.html",
    )


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            email=form.email.data,
            emails_per_recipient_per_hour=current_app.config["PUBLIC_EMAILS_PER_RECIPIENT_PER_HOUR"],
            link_hours=current_app.config["PASSWORD_RESET_HOURS"],
        )
        return redirect(url_for("auth.reset_link_sent"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/forgot-password/sent")
@public
def reset_link_sent():
    return render_template("auth/reset_link_sent.html")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(FORM_LIMIT, exempt_when=_post_only)
def reset_password(token: str):
    return _choose_password(
        token=token,
        check=accounts.check_password_reset,
        complete=accounts.reset_password,
        template="auth/reset_password.html",
    )
