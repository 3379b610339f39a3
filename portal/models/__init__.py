"""Every model, imported so that Alembic and the app see the whole schema."""

from portal.models.accounts import (
    AccountToken,
    BackupCode,
    Household,
    Role,
    SignInFailure,
    TokenPurpose,
    User,
)
from portal.models.agency import AgencySettings, Council
from portal.models.audit import AuditEvent
from portal.models.base import Base
from portal.models.catchup import CatchUpCall, CatchUpOutcome, CatchUpPreference
from portal.models.connectors import (
    CloseReason,
    ConnectorConcern,
    ConnectorContact,
    ConnectorLink,
    ConnectorProfile,
    ConnectorProfileTag,
    ConnectorStatus,
    ConnectorTag,
    ContactMethod,
    LinkStatus,
)
from portal.models.course_sessions import SessionAttendance, SessionReminder
from portal.models.enquiries import HeardAbout, InformationPackRequest
from portal.models.events import Audience, Booking, BookingStatus, Event, EventKind, EventSession
from portal.models.imports import ImportBatch, ImportedPerson, ImportKind, ImportStatus
from portal.models.jobs import JobRun
from portal.models.journey import Stage, StageChange, StatusUpdate
from portal.models.kept_forms import KeptForm
from portal.models.messages import Message, MessageRequest, MessageThread, SavedReply
from portal.models.outbox import OutboxMessage, OutboxStatus
from portal.models.shared_data import SharedDataVersion
from portal.models.support import SupportCallRequest, SupportCallStatus, SupportOutcome
from portal.models.surveys import (
    AnswerType,
    ManagerFollowUpRequest,
    PublishedSurveyFigure,
    PublishedSurveyPeriod,
    QuestionSet,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
    SurveyTally,
)
from portal.models.triage import ReferenceCounter, TriageItem, TriageNote, TriageStatus
from portal.models.triage_people import TriageContact, TriageSearchTerm

__all__ = [
    "SessionAttendance",
    "SessionReminder",
    "AccountToken",
    "AgencySettings",
    "AnswerType",
    "Audience",
    "AuditEvent",
    "Base",
    "Booking",
    "BookingStatus",
    "CatchUpCall",
    "CatchUpOutcome",
    "CatchUpPreference",
    "CloseReason",
    "ConnectorConcern",
    "ConnectorContact",
    "ConnectorLink",
    "ConnectorProfile",
    "ConnectorProfileTag",
    "ConnectorStatus",
    "ConnectorTag",
    "ContactMethod",
    "Council",
    "Event",
    "EventKind",
    "EventSession",
    "HeardAbout",
    "Household",
    "LinkStatus",
    "ImportBatch",
    "ImportedPerson",
    "ImportKind",
    "ImportStatus",
    "InformationPackRequest",
    "JobRun",
    "KeptForm",
    "ManagerFollowUpRequest",
    "Message",
    "MessageRequest",
    "MessageThread",
    "OutboxMessage",
    "OutboxStatus",
    "PublishedSurveyFigure",
    "PublishedSurveyPeriod",
    "QuestionSet",
    "ReferenceCounter",
    "Role",
    "SavedReply",
    "SharedDataVersion",
    "SignInFailure",
    "BackupCode",
    "Stage",
    "StageChange",
    "StatusUpdate",
    "SupportCallRequest",
    "SupportCallStatus",
    "SupportOutcome",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyKind",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyTally",
    "TokenPurpose",
    "TriageContact",
    "TriageItem",
    "TriageNote",
    "TriageSearchTerm",
    "TriageStatus",
    "User",
]
