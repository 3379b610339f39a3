from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput
from wtforms import RadioField
from wtforms.validators import DataRequired

from portal.models import ImportKind
from portal.web.forms import submit_button


class ImportUploadForm(FlaskForm):
    kind = RadioField(
        "What does the file list?",
        widget=GovRadioInput(),
        choices=ImportKind.choices(),
        validators=[DataRequired("Choose what the file lists")],
    )
    file = FileField(
        "Spreadsheet (CSV or XLSX)",
        description="Start from a template below. Nothing is imported until you have checked the preview.",
        widget=GovFileInput(),
        validators=[FileRequired("Choose a CSV or XLSX file")],
    )
    submit = submit_button("Check the file")
