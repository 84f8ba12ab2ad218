"""Public JSON API: submit a complaint, follow its progress, rate the reply."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from cases.selectors import case_public_progress
from cases.services import ActionInput, case_act
from core.errors import NotFound
from intake.services import Receipt, Submission, receipt_lookup, register_submission
from intake.validation import CONTENT_MAX, PetitionerInput

router = Router(tags=["公众"])


class PetitionerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=30)
    id_number: str = Field("", max_length=18)
    address: str = Field("", max_length=300)


class SubmissionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    channel: str = "web"
    content: str = Field(..., max_length=CONTENT_MAX)
    address: str = Field("", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    petitioner: PetitionerIn | None = None
    anonymous: bool = False
    track: str = "report"

    def submission(self, **extra: Any) -> Submission:
        """The registration input this JSON asks for; `extra` adds what the door knows."""
        petitioner = PetitionerInput(**self.petitioner.dict()) if self.petitioner else None
        fields = {
            "channel": self.channel,
            "content": self.content,
            "address": self.address,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "petitioner": petitioner,
            "anonymous": self.anonymous,
            "track": self.track,
        }
        return Submission(**{**fields, **extra})


def receipt_answer(receipt: Receipt) -> Status:
    """201 with the receipt for a new case, 200 with the same receipt for a repeated one."""
    body = {
        "receipt_number": receipt.receipt_number,
        "query_code": receipt.query_code,
        "status": receipt.case.status,
    }
    return Status(201 if receipt.created else 200, body)


class ReceiptOut(Schema):
    receipt_number: str
    query_code: str
    status: str


class TimelineStep(Schema):
    at: str
    text: str


class ProgressOut(Schema):
    receipt_number: str
    status: str
    status_label: str
    fields: list[str]
    handling_unit: str
    registered_at: datetime
    due_date: date | None
    deadline_provisional: bool
    reply: str | None
    replied_at: datetime | None
    satisfaction: str | None
    satisfaction_label: str | None
    can_rate: bool
    timeline: list[TimelineStep]


class RatingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    query_code: str
    satisfaction: str


class ErrorOut(Schema):
    detail: str


@router.post("", response={201: ReceiptOut, 200: ReceiptOut, 422: ErrorOut})
def submit(request: HttpRequest, payload: SubmissionIn) -> Status:
    """Register a complaint; an Idempotency-Key header makes retries return the same receipt."""
    key = request.headers.get("Idempotency-Key", "")
    return receipt_answer(register_submission(submission=payload.submission(idempotency_key=key)))


@router.get("/{receipt_number}", response={200: ProgressOut, 404: ErrorOut})
def progress(request: HttpRequest, receipt_number: str, query_code: str = "") -> dict[str, Any]:
    """Public progress; a wrong receipt number or query code is the same 404."""
    case = receipt_lookup(receipt_number=receipt_number, query_code=query_code)
    if case is None:
        raise NotFound("受理编号或查询码不正确")
    return case_public_progress(case)


@router.post(
    "/{receipt_number}/satisfaction", response={200: ProgressOut, 404: ErrorOut, 409: ErrorOut}
)
def rate(request: HttpRequest, receipt_number: str, payload: RatingIn) -> dict[str, Any]:
    """The petitioner rates the reply: satisfied, basically, dissatisfied."""
    case = receipt_lookup(receipt_number=receipt_number, query_code=payload.query_code)
    if case is None:
        raise NotFound("受理编号或查询码不正确")
    case = case_act(
        case_id=case.pk,
        action="rate",
        actor=None,
        data=ActionInput(satisfaction=payload.satisfaction),
    )
    return case_public_progress(case)
