from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, URLField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange

from portal.web.forms import TextInput, email_field, submit_button


def _days(label: str, hint: str, maximum: int) -> IntegerField:
    return IntegerField(
        label,
        description=hint,
        widget=TextInput(),
        validators=[
            InputRequired(f"Enter the {label.lower()} as a whole number"),
            NumberRange(min=1, max=maximum, message=f"{label} must be between 1 and {maximum}"),
        ],
        render_kw={"inputmode": "numeric", "class": "govuk-input--width-4"},
    )


def _link(label: str) -> URLField:
    return URLField(
        label,
        widget=TextInput(),
        validators=[
            DataRequired(f"Enter the link to the {label.lower()}"),
            URL(require_tld=True, message="Enter a full web address, starting https://"),
            Length(max=500, message="Link must be 500 characters or fewer"),
        ],
        render_kw={"spellcheck": "false"},
    )


class AgencySettingsForm(FlaskForm):
    name = StringField(
        "Agency name",
        widget=TextInput(),
        validators=[DataRequired("Enter the agency name"), Length(max=200)],
    )
    contact_email = email_field("Contact email address")
    contact_phone = StringField(
        "Contact phone number",
        widget=TextInput(),
        validators=[DataRequired("Enter the contact phone number"), Length(max=40)],
        render_kw={"class": "govuk-input--width-20"},
    )
    team_inbox = email_field(
        "Team inbox",
        hint="The team's shared mailbox. The set-up checklist sends its test email here, and every "
        "email gives it as the address replies go to.",
    )
    stage_one_target_days = _days("Stage 1 target (days)", "The agency's target is 60 days.", 365)
    stage_two_target_days = _days("Stage 2 target (days)", "The agency's target is 121 days.", 365)
    support_call_working_days = _days(
        "Support call promise (working days)", "Families are called within this many working days.", 30
    )
    message_reply_working_days = _days(
        "Message answer promise (working days)",
        "Households' and connectors' messages are answered within this many working days.",
        30,
    )
    status_update_weeks = _days(
        "Weeks without an update before a nudge",
        "Applicants in assessment with no update for this long raise a queue item.",
        26,
    )
    stage_break_months = _days(
        "Break between Stage 1 and Stage 2 (months)",
        "How long applicants may take after Stage 1 ends; usually 6 months.",
        24,
    )
    pack_video_url = _link("Information pack videos")
    pack_presentation_url = _link("Information pack presentation")
    pack_guide_url = _link("Information pack written guide")
    submit = submit_button("Save settings")
