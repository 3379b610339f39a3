"""Imports: templates to download, an upload, its preview, then the import."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from portal.models import ImportKind, ImportStatus, Role
from portal.services import imports
from portal.services.errors import DomainError
from portal.services.imports import invitations
from portal.web.access import allow
from portal.web.forms import ConfirmForm
from portal.web.staff.import_forms import ImportUploadForm
from portal.web.uploads import accepts_large_uploads

bp = Blueprint("imports", __name__, url_prefix="/imports")

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.route("", methods=["GET", "POST"])
@allow(Role.ADMIN)
@accepts_large_uploads
def index():
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            batch = imports.upload(
                kind=ImportKind(form.kind.data),
                file_name=upload.filename or "",
                content=upload.read(),
                actor_id=current_user.id,
            )
        except DomainError as error:
            form.file.errors.append(str(error))
        else:
            return redirect(url_for("staff.imports.batch", batch_id=batch.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "staff/imports.html", form=form, kinds=list(ImportKind), recent=imports.recent()
    ), status


@bp.route("/templates/<any(households, staff, connectors):kind>.<any(csv, xlsx):extension>")
@allow(Role.ADMIN)
def template(kind: str, extension: str):
    file_name, content = imports.template(ImportKind(kind), extension)
    return Response(
        content,
        mimetype=MIMETYPES[extension],
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )


@bp.route("/<int:batch_id>")
@allow(Role.ADMIN)
def batch(batch_id: int):
    batch = imports.get(batch_id)
    progress = imports.progress(batch)
    if progress.under_way:
        return render_template("staff/import_progress.html", batch=batch, progress=progress)
    outcome = imports.preview(batch_id, actor_id=current_user.id)
    invited = invitations.status(batch_id) if outcome.batch.status == ImportStatus.IMPORTED else None
    return render_template(
        "staff/import.html", outcome=outcome, progress=progress, shown=imports.SHOWN, invited=invited
    )


@bp.route("/<int:batch_id>/progress")
@allow(Role.ADMIN)
def progress(batch_id: int):
    """What the status page polls: where the import is, in its words."""
    progress = imports.progress(imports.get(batch_id))
    return jsonify(
        status=progress.status.value,
        text=progress.text,
        rows_done=progress.rows_done,
        row_count=progress.row_count,
        under_way=progress.under_way,
    )


@bp.route("/<int:batch_id>/import", methods=["POST"])
@allow(Role.ADMIN)
def run(batch_id: int):
    imports.get(batch_id)
    if ConfirmForm().validate_on_submit():
        try:
            imports.queue(batch_id, actor_id=current_user.id)
        except DomainError as error:
            flash(str(error), "error")
    return redirect(url_for("staff.imports.batch", batch_id=batch_id))


@bp.route("/<int:batch_id>/invite", methods=["POST"])
@allow(Role.ADMIN)
def invite(batch_id: int):
    imports.get(batch_id)
    if ConfirmForm().validate_on_submit():
        per_minute = current_app.config["INVITATIONS_PER_MINUTE"]
        try:
            count = invitations.invite_not_accepted(
                batch_id=batch_id,
                actor_id=current_user.id,
                per_minute=per_minute,
                link_hours=current_app.config["INVITATION_HOURS"],
            )
        except DomainError as error:
            flash(str(error), "error")
        else:
            minutes = -(-count // per_minute)
            flash(f"{count} invitations queued: they go out over about {minutes} minutes", "success")
    return redirect(url_for("staff.imports.batch", batch_id=batch_id))
