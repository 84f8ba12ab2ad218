from cases.models.case import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Finding,
    Petitioner,
    ReceiptCounter,
    Satisfaction,
    matter_text,
)
from cases.models.reference import (
    DeadlineRule,
    DeclineReason,
    Field,
    HolidayOverride,
    Subcategory,
    Track,
)

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "Channel",
    "DeadlineRule",
    "DeclineReason",
    "Field",
    "Finding",
    "HolidayOverride",
    "Petitioner",
    "ReceiptCounter",
    "Satisfaction",
    "Subcategory",
    "Track",
    "matter_text",
]
