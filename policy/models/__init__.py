"""The policy workspace's records (private to the policy team) and its public pages.

Every record keeps its full history (``policy.models.base``); workflows that change them
live in ``policy.actions``.
"""

from policy.models.base import VersionedRecord
from policy.models.calendar import CalendarToken
from policy.models.coalitions import Coalition, CoalitionActivity, Engagement
from policy.models.consultations import Consultation, Question
from policy.models.evidence import Citation, EvidenceItem
from policy.models.organisations import Organisation
from policy.models.pages import PublishedResponsePage, ResponseIndexPage
from policy.models.responses import Answer, Response, ResponseVersion, ReviewComment

# Every model whose rows keep a history, in the order the workspace lists them.
TRACKED_MODELS = [
    Organisation,
    Consultation,
    Question,
    Response,
    Answer,
    ReviewComment,
    ResponseVersion,
    EvidenceItem,
    Citation,
    Coalition,
    CoalitionActivity,
    Engagement,
]

__all__ = [
    "TRACKED_MODELS",
    "Answer",
    "CalendarToken",
    "Citation",
    "Coalition",
    "CoalitionActivity",
    "Consultation",
    "Engagement",
    "EvidenceItem",
    "Organisation",
    "PublishedResponsePage",
    "Question",
    "Response",
    "ResponseIndexPage",
    "ResponseVersion",
    "ReviewComment",
    "VersionedRecord",
]
