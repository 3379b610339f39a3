"""The survey pages' forms, built from the agency's questions. Every
question may be left unanswered."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length, Optional

from portal.models.surveys import AnswerType, SurveyKind
from portal.services import surveys
from portal.web.forms import TextInput, email_field, name_field, strip_whitespace, submit_button


def _field(question: surveys.Question):
    if question.answer_type is AnswerType.TEXT:
        return TextAreaField(
            question.wording,
            description="Please do not include names or other details that identify you or your child.",
            widget=GovCharacterCount(),
            filters=[strip_whitespace],
            validators=[
                Optional(),
                Length(
                    max=surveys.TEXT_MAX_LENGTH,
                    message=f"Your answer must be {surveys.TEXT_MAX_LENGTH} characters or fewer",
                ),
            ],
        )
    values = [value for value, _ in question.choices]
    return RadioField(
        question.wording,
        description=question.hint or "",
        widget=GovRadioInput(),
        choices=question.choices,
        validate_choice=False,
        validators=[Optional(), AnyOf(values, message="Choose one of the answers given")],
    )


def _survey_form(kind: SurveyKind) -> type[FlaskForm]:
    fields = {q.field_name: _field(q) for q in surveys.questions(kind)}
    fields["submit"] = submit_button("Send my answers")
    return type(f"{kind.name.title().replace('_', '')}SurveyForm", (FlaskForm,), fields)


SURVEY_FORMS: dict[SurveyKind, type[FlaskForm]] = {kind: _survey_form(kind) for kind in SurveyKind}


class ManagerContactForm(FlaskForm):
    name = name_field("Your name")
    phone = StringField(
        "Phone number (optional)",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=40, message="Phone number must be 40 characters or fewer")],
        render_kw={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"},
    )
    email = email_field("Email address (optional)", required=False)
    best_time = StringField(
        "When is a good time to contact you? (optional)",
        description="For example, weekday mornings.",
        widget=TextInput(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=200, message="This must be 200 characters or fewer")],
    )
    submit = submit_button("Ask a manager to contact me")
