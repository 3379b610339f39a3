from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from portal.services import surveys
from portal.web.forms import TextInput, strip_whitespace, submit_button


class PeriodsForm(FlaskForm):
    """Which two periods to compare; read from the query string."""

    class Meta:
        csrf = False

    previous = StringField(
        "Previous period",
        description="A financial year like 2023/24, or months like 2025-04 to 2025-09.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[DataRequired("Enter the previous period")],
        render_kw={"class": "govuk-input--width-20"},
    )
    latest = StringField(
        "Latest period",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[DataRequired("Enter the latest period")],
        render_kw={"class": "govuk-input--width-20"},
    )
    submit = submit_button("Compare")


def _percentage_field(number: int, wording: str) -> IntegerField:
    return IntegerField(
        f"Statement {number}: {wording}",
        description="Percentage, 0 to 100.",
        widget=TextInput(),
        validators=[
            InputRequired(f"Enter the percentage for statement {number}"),
            NumberRange(0, 100, message=f"The percentage for statement {number} must be from 0 to 100"),
        ],
        render_kw={"class": "govuk-input--width-3", "inputmode": "numeric"},
    )


class PublishedFiguresForm(FlaskForm):
    period = StringField(
        "Financial year",
        description="For example, 2023/24.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[DataRequired("Enter the financial year")],
        render_kw={"class": "govuk-input--width-10"},
    )
    respondents = IntegerField(
        "Number of respondents (n)",
        widget=TextInput(),
        validators=[
            InputRequired("Enter the number of respondents"),
            NumberRange(0, 100000, message="Enter a number of respondents from 0"),
        ],
        render_kw={"class": "govuk-input--width-5", "inputmode": "numeric"},
    )
    submit = submit_button("Save published figures")


for _number, _question in enumerate(surveys.PRE_ORDER_STATEMENTS, start=1):
    setattr(PublishedFiguresForm, _question.field_name, _percentage_field(_number, _question.wording))
