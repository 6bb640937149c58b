"""The reform app's models, split by sub-domain (STYLE §7.1: a package past ~800 lines).

InvalidTransition is the core's (kimphuong.workflow), the one base class of every transition error.
"""

from reform.models.assessment import (
    CONTENT_FIELDS,
    SNAPSHOT_LABELS,
    Assessment,
    AssessmentEvent,
    AssessmentEventQuerySet,
    AssessmentQuerySet,
    Completion,
    Evidence,
    FieldNote,
    ImmutableEvent,
    IncompleteAssessment,
    InvalidTransition,
    Level,
    Recommendation,
    TaskComment,
    evidence_upload_to,
)
from reform.models.notices import Notification, NotificationQuerySet, Reminder, ReminderKind, ReminderQuerySet
from reform.models.plan import (
    DONE_STATUSES,
    EDITABLE_STATUSES,
    VISIBLE_TO_OFFICE,
    Plan,
    Review,
    Status,
    Task,
    TaskQuerySet,
)

__all__ = [
    "CONTENT_FIELDS",
    "DONE_STATUSES",
    "EDITABLE_STATUSES",
    "SNAPSHOT_LABELS",
    "VISIBLE_TO_OFFICE",
    "Assessment",
    "AssessmentEvent",
    "AssessmentEventQuerySet",
    "AssessmentQuerySet",
    "Completion",
    "Evidence",
    "FieldNote",
    "ImmutableEvent",
    "IncompleteAssessment",
    "InvalidTransition",
    "Level",
    "Notification",
    "NotificationQuerySet",
    "Plan",
    "Recommendation",
    "Reminder",
    "ReminderKind",
    "ReminderQuerySet",
    "Review",
    "Status",
    "Task",
    "TaskComment",
    "TaskQuerySet",
    "evidence_upload_to",
]
