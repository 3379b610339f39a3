"""Pages anyone can see: the start page, the site's policies, health."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from portal.extensions import limiter
from portal.services import agency, enquiries, health
from portal.web.access import public
from portal.web.public.forms import InformationPackForm
from portal.web.service_open import once_open
from portal.web.shared_pages import shared_page

bp = Blueprint("public", __name__)

# Per address, to keep bots out without a CAPTCHA; the same email asking
# twice in a day is caught by the service, and sent nothing twice.
PACK_LIMIT = "10 per hour"


@bp.route("/")
@public
@shared_page
def start():
    return render_template("public/start.html")


@bp.route("/accessibility")
@public
@shared_page
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/privacy")
@public
@shared_page
def privacy():
    return render_template("public/privacy.html")


@bp.route("/cookies")
@public
@shared_page
def cookies():
    return render_template("public/cookies.html")


@bp.route("/healthz")
@public
def healthz():
    if health.database_ok():
        return jsonify(status="ok", database="ok"), 200
    return jsonify(status="unavailable", database="unreachable"), 503


@bp.route("/information-pack", methods=["GET", "POST"])
@public
@limiter.limit(PACK_LIMIT, exempt_when=lambda: request.method != "POST")
@shared_page
@once_open
def information_pack():
    form = InformationPackForm()
    form.council.choices = [(str(c.id), c.name) for c in agency.councils()]
    if form.validate_on_submit():
        if form.website.data:
            # A bot filled in the hidden field: say thank you and keep nothing.
            return redirect(url_for("public.information_pack_sent"))
        enquiries.request_information_pack(
            full_name=form.full_name.data,
            email=form.email.data,
            postcode=form.postcode.data,
            council_id=int(form.council.data),
            heard_about=form.heard_about.data or None,
            consent_to_contact=form.consent.data == "yes",
            emails_per_recipient_per_hour=current_app.config["PUBLIC_EMAILS_PER_RECIPIENT_PER_HOUR"],
            phone=form.phone.data,
            best_times=form.best_times.data,
        )
        return redirect(url_for("public.information_pack_sent"))
    status = 400 if form.is_submitted() else 200
    return render_template("public/information_pack.html", form=form), status


@bp.route("/information-pack/sent")
@public
def information_pack_sent():
    # The same page for a first request, a repeat and a bot: it tells nobody
    # whether an address has asked before (the reference is in the email).
    return render_template("public/information_pack_sent.html")
