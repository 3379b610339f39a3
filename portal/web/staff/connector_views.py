"""Staff pages for peer connectors: the list with each one's load, their
profiles, proposing a link for a household, a link's page and closing it, and
the figures."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import accounts, clock, connectors, journey, reporting, shared_contact
from portal.services.errors import DomainError
from portal.services.financial_year import FinancialYear
from portal.web.access import MANAGERS_AND_ADMINS, STAFF, allow
from portal.web.connector_profile import TAG_CHOICES, CloseForm, ProfileForm, profile_form, save_profile
from portal.web.query_args import FINANCIAL_YEAR, PAGE, choice, page_number, reads
from portal.web.staff.connector_forms import ProposeForm

bp = Blueprint("connectors", __name__)

TAGS = choice("tags", "Experience", dict(TAG_CHOICES), many=True)


@bp.route("/connectors")
@allow(STAFF)
@reads(PAGE)
def index():
    page = connectors.connectors_page(page=page_number(), page_size=current_app.config["QUEUE_PAGE_SIZE"])
    return render_template("staff/connectors/index.html", page=page)


@bp.route("/connectors/<int:user_id>", methods=["GET", "POST"])
@allow(STAFF)
def profile(user_id: int):
    view = connectors.profile_for(user_id)
    if request.method == "POST":
        form = profile_form(view, ProfileForm())
        if save_profile(form, user_id):
            flash("Profile saved", "success")
            return redirect(url_for("staff.connectors.index"))
        return render_template("staff/connectors/profile.html", view=view, form=form), 400
    return render_template("staff/connectors/profile.html", view=view, form=profile_form(view))


def _render_propose(household_id: int, form: ProposeForm | None = None, status: int = 200):
    household = accounts.get_household(household_id)
    if request.method == "POST":
        tags = [t for t in request.form.getlist("tags") if t in dict(TAG_CHOICES)]
    else:
        tags = list(TAGS.read_all())
    stage = journey.current_stage(household.id)
    linkable = stage in connectors.LINKABLE_STAGES
    open_link = connectors.open_link_for_household(household.id)
    found = connectors.suggestions(household_id=household.id, tags=tags) if linkable and not open_link else []
    form = form or ProposeForm(formdata=None)
    form.connector.choices = [(str(s.user.id), s.user.full_name) for s in found]
    form.shared_detail.choices = shared_contact.choices(household.id)
    return render_template(
        "staff/connectors/propose.html",
        household=household,
        stage=stage,
        linkable=linkable,
        open_link=open_link,
        suggestions=found,
        tags=tags,
        tag_choices=TAG_CHOICES,
        history=connectors.links_for_household(household.id),
        form=form,
    ), status


@bp.route("/households/<int:household_id>/connector", methods=["GET", "POST"])
@allow(STAFF)
@reads(TAGS)
def propose(household_id: int):
    if request.method == "GET":
        return _render_propose(household_id)
    form = ProposeForm()
    form.connector.choices = [(value, value) for value in request.form.getlist("connector")]
    form.shared_detail.choices = shared_contact.choices(household_id)
    if form.validate_on_submit():
        if not form.connector.data.isdigit():
            abort(400)
        try:
            link = connectors.propose(
                household_id=household_id,
                connector_id=int(form.connector.data),
                household_contact=form.household_contact.data,
                actor_id=current_user.id,
            )
            shared_contact.share(link, form.shared_detail.data)
        except DomainError as error:
            form.connector.errors = [str(error)]
        else:
            flash(
                "Link proposed. The connector has been emailed and has 5 working days to answer.", "success"
            )
            return redirect(url_for("staff.connectors.link", link_id=link.id))
    return _render_propose(household_id, form=form, status=400)


def _render_link(link_id: int, form: CloseForm | None = None, status: int = 200):
    link = connectors.get_link(link_id)
    return render_template(
        "staff/connectors/link.html",
        link=link,
        stage=journey.current_stage(link.household_id),
        contacts=connectors.contacts(link.id),
        concerns=connectors.concerns_for_link(link.id),
        form=form or CloseForm(formdata=None),
    ), status


@bp.route("/connector-links/<int:link_id>")
@allow(STAFF)
def link(link_id: int):
    return _render_link(link_id)


@bp.route("/connector-links/<int:link_id>/close", methods=["POST"])
@allow(STAFF)
def close(link_id: int):
    form = CloseForm()
    if form.validate_on_submit():
        try:
            connectors.close(
                link_id=link_id, actor_id=current_user.id, reason=form.reason.data, by_connector=False
            )
        except DomainError as error:
            form.reason.errors = [str(error)]
        else:
            flash("Link closed", "success")
            return redirect(url_for("staff.connectors.link", link_id=link_id))
    return _render_link(link_id, form=form, status=400)


@bp.route("/connectors/figures")
@allow(MANAGERS_AND_ADMINS)
@reads(FINANCIAL_YEAR)
def figures():
    current = FinancialYear.containing(clock.today())
    year = FINANCIAL_YEAR.read() or current
    return render_template(
        "staff/connectors/figures.html",
        year=year,
        years=[current.previous.previous, current.previous, current],
        figures=reporting.peer_connectors.figures(year),
    )
