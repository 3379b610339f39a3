"""Answering a survey from an emailed link, without signing in.

The link's token is only in the path of the survey page itself. After the
answers are saved the family moves to pages without it; the optional
"how should a manager contact you" step learns only, from a flag in the
browser's own signed session cookie, that a "yes" was given.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for

from portal.extensions import limiter
from portal.services import surveys
from portal.web.access import public
from portal.web.surveys.forms import SURVEY_FORMS, ManagerContactForm

bp = Blueprint("surveys", __name__, url_prefix="/surveys")

MANAGER_CONTACT_FLAG = "survey_manager_contact"
FOLLOW_UP_SENT_FLAG = "survey_follow_up_sent"
CONTACT_LIMIT = "10 per hour"
ANSWER_LIMIT = "20 per minute"


def _link_closed():
    return render_template("surveys/link_closed.html"), 410


@bp.route("/<token>", methods=["GET", "POST"])
@public
@limiter.limit(ANSWER_LIMIT, exempt_when=lambda: request.method != "POST")
def answer(token: str):
    try:
        kind = surveys.kind_for_link(token)
    except surveys.LinkNotValid:
        return _link_closed()
    questions = surveys.questions(kind)
    form = SURVEY_FORMS[kind]()
    if form.validate_on_submit():
        answers = {q.key: form[q.field_name].data for q in questions}
        try:
            result = surveys.submit(token=token, answers=answers)
        except surveys.LinkNotValid:
            return _link_closed()
        except surveys.InvalidAnswers as error:
            form[questions[0].field_name].errors.append(str(error))
        else:
            if result.manager_requested:
                session[MANAGER_CONTACT_FLAG] = True
                return redirect(url_for("surveys.manager_contact"))
            return redirect(url_for("surveys.thank_you"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "surveys/answer.html",
        form=form,
        kind=kind,
        questions=questions,
        text_max_length=surveys.TEXT_MAX_LENGTH,
    ), status


@bp.route("/thank-you")
@public
def thank_you():
    session.pop(MANAGER_CONTACT_FLAG, None)
    follow_up_sent = session.pop(FOLLOW_UP_SENT_FLAG, False)
    return render_template("surveys/thank_you.html", follow_up_sent=follow_up_sent)


@bp.route("/manager-contact", methods=["GET", "POST"])
@public
@limiter.limit(CONTACT_LIMIT, exempt_when=lambda: request.method != "POST")
def manager_contact():
    if not session.get(MANAGER_CONTACT_FLAG):
        return redirect(url_for("surveys.thank_you"))
    form = ManagerContactForm()
    if form.validate_on_submit():
        try:
            surveys.request_manager_follow_up(
                name=form.name.data,
                phone=form.phone.data,
                email=form.email.data,
                best_time=form.best_time.data,
            )
        except surveys.InvalidAnswers as error:
            form.phone.errors.append(str(error))
        else:
            session.pop(MANAGER_CONTACT_FLAG, None)
            session[FOLLOW_UP_SENT_FLAG] = True
            return redirect(url_for("surveys.thank_you"))
    status = 400 if form.is_submitted() else 200
    return render_template("surveys/manager_contact.html", form=form), status
