"""Registration: every door ends here. Validate, store, give a receipt — one transaction."""

import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from accounts.models import Unit, User
from cases.deadlines import deadline_for, local_date
from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    DeadlineRule,
    Field,
    Petitioner,
    ReceiptCounter,
    Subcategory,
    Track,
)
from cases.workflow import Status
from core import clock, crypto
from core.errors import InvalidInput
from core.outbox import outbox_for_case_event
from intake.exif import first_gps
from intake.validation import (
    AttachmentInput,
    PetitionerInput,
    clean_address,
    clean_attachments,
    clean_content,
    clean_coordinates,
    clean_petitioner,
)
from regions.models import Region
from routing.assessment import case_assess
from routing.tasks import case_assess_later

logger = logging.getLogger(__name__)

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


@dataclass(frozen=True)
class Submission:
    channel: str
    content: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    petitioner: PetitionerInput | None = None
    anonymous: bool = False
    track: str = Track.REPORT
    region_code: str = ""
    field_codes: tuple[str, ...] = ()
    subcategory: str = ""  # a name within the primary field, e.g. 餐饮油烟
    attachments: list[AttachmentInput] = field(default_factory=list)
    idempotency_key: str = ""
    source: str = ""  # an outside system that pushed it, e.g. "hotline-12345"
    external_id: str = ""  # its id there: the same id again returns the same case


@dataclass(frozen=True)
class Receipt:
    case: Case
    query_code: str
    created: bool

    @property
    def receipt_number(self) -> str:
        return self.case.receipt_number


def _next_receipt_number() -> str:
    """Day-based sequence ('2026112900017'); caller holds a transaction."""
    day = local_date(clock.now())
    ReceiptCounter.objects.get_or_create(day=day)
    counter = ReceiptCounter.objects.select_for_update().get(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{day:%Y%m%d}{counter.last:05d}"


def _existing_receipt(submission: Submission) -> Receipt | None:
    """The case an earlier try of this submission made, found by idempotency key or source id."""
    case = None
    if submission.external_id:
        # The exclude lets SQLite use the partial unique index on (source, external_id).
        case = (
            Case.objects.filter(source=submission.source, external_id=submission.external_id)
            .exclude(external_id="")
            .first()
        )
    if case is None and submission.idempotency_key:
        case = Case.objects.filter(idempotency_key=submission.idempotency_key).first()
    if case is None:
        return None
    return Receipt(case, crypto.decrypt(case.query_code_encrypted), created=False)


def _petitioner_create(petitioner: PetitionerInput) -> Petitioner:
    return Petitioner.objects.create(
        name_encrypted=crypto.encrypt(petitioner.name),
        phone_encrypted=crypto.encrypt(petitioner.phone),
        id_number_encrypted=crypto.encrypt(petitioner.id_number),
        address_encrypted=crypto.encrypt(petitioner.address),
        phone_hash=crypto.phone_hash(petitioner.phone),
        id_number_hash=crypto.keyed_hash(petitioner.id_number),
    )


def _validated(submission: Submission) -> Submission:
    if submission.channel not in Channel.values:
        raise InvalidInput(f"渠道 {submission.channel!r} 无效，可选：{'、'.join(Channel.values)}")
    if submission.track not in Track.values:
        raise InvalidInput("类型须为 report（举报违法行为）或 petition（其他信访事项）")
    if len(submission.idempotency_key) > 128 or len(submission.external_id) > 128:
        raise InvalidInput("Idempotency-Key 和来源编号最长 128 个字符")
    if submission.external_id and not submission.source:
        raise InvalidInput("有来源编号时须说明来源系统")
    latitude, longitude = clean_coordinates(submission.latitude, submission.longitude)
    attachments = clean_attachments(submission.attachments)
    if latitude is None and longitude is None:  # where the first geotagged photo was taken
        latitude, longitude = first_gps(a.content for a in attachments) or (None, None)
    return Submission(
        channel=submission.channel,
        content=clean_content(submission.content),
        address=clean_address(submission.address),
        latitude=latitude,
        longitude=longitude,
        petitioner=clean_petitioner(submission.petitioner, submission.anonymous),
        anonymous=submission.anonymous or submission.petitioner is None,
        track=submission.track,
        region_code=submission.region_code,
        field_codes=submission.field_codes,
        subcategory=submission.subcategory,
        attachments=attachments,
        idempotency_key=submission.idempotency_key,
        source=submission.source.strip(),
        external_id=submission.external_id.strip(),
    )


def register_submission(
    *,
    submission: Submission,
    actor: User | None = None,
    receiving_unit: Unit | None = None,
    assess_now: bool = True,
) -> Receipt:
    """Register one submission and return its receipt; a repeated idempotency key returns the first.

    The case starts at `receiving_unit`, by default the actor's unit or the provincial department.
    """
    if found := _existing_receipt(submission):
        return found
    clean = _validated(submission)
    region = None
    if clean.region_code:
        region = Region.objects.filter(code=clean.region_code).first()
        if region is None:
            raise InvalidInput(f"没有代码为 {clean.region_code} 的行政区划")
    by_code = Field.objects.in_bulk(clean.field_codes, field_name="code")
    fields = [by_code[code] for code in dict.fromkeys(clean.field_codes) if code in by_code]
    if len(fields) != len(set(clean.field_codes)):
        raise InvalidInput(
            f"领域代码无效，可选：{'、'.join(Field.objects.values_list('code', flat=True))}"
        )
    subcategory = None
    if clean.subcategory:
        subcategory = Subcategory.objects.filter(
            field=fields[0] if fields else None, name=clean.subcategory
        ).first()
        if subcategory is None:
            raise InvalidInput(f"主要领域下没有“{clean.subcategory}”这一类别")
    unit = receiving_unit or (actor.unit if actor else None)
    unit = unit or Unit.objects.get(code=settings.DEPLOYMENT_PROVINCE)
    query_code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(6))
    now = clock.now()
    try:
        with transaction.atomic():
            case = Case.objects.create(
                receipt_number=_next_receipt_number(),
                query_code_encrypted=crypto.encrypt(query_code),
                channel=clean.channel,
                track=clean.track,
                content=clean.content,
                address=clean.address,
                region=region,
                latitude=clean.latitude,
                longitude=clean.longitude,
                primary_field=fields[0] if fields else None,
                subcategory=subcategory,
                petitioner=_petitioner_create(clean.petitioner) if clean.petitioner else None,
                anonymous=clean.anonymous,
                status=Status.REGISTERED,
                handling_unit=unit,
                registered_at=now,
                idempotency_key=clean.idempotency_key or None,
                source=clean.source,
                external_id=clean.external_id,
            )
            case.fields.set(fields)
            deadline = deadline_for(
                track=case.track, step=DeadlineRule.Step.ACCEPT, start=local_date(now)
            )
            if deadline:
                case.due_date, case.deadline_provisional = deadline.due, deadline.provisional
                case.save(update_fields=["due_date", "deadline_provisional"])
            for attachment in clean.attachments:
                Attachment.objects.create(
                    case=case,
                    file=ContentFile(attachment.content, name=attachment.name),
                    original_name=attachment.name,
                    content_type=attachment.content_type,
                    size=len(attachment.content),
                )
            CaseEvent.objects.create(
                case=case,
                action="register",
                to_status=Status.REGISTERED,
                actor=actor,
                unit=unit,
                at=now,
                data={"channel": clean.channel},
            )
            outbox_for_case_event(case=case, event=case.events.get(action="register"))
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its receipt.
        if found := _existing_receipt(clean):
            return found
        raise
    if assess_now:
        _assess(case)
    else:  # bulk imports: the task worker triages them, so a long file is not held up
        case_assess_later.enqueue(case_id=case.pk)
    return Receipt(case, query_code, created=True)


def _assess(case: Case) -> None:
    """Triage at once; a failure there must never lose the registration, so retry it later."""
    try:
        with transaction.atomic():
            case.triage = case_assess(case_id=case.pk)
    except Exception:
        logger.exception("triage failed for %s; queued again", case.receipt_number)
        case_assess_later.enqueue(case_id=case.pk)
    case.refresh_from_db()


def receipt_lookup(*, receipt_number: str, query_code: str) -> Case | None:
    """The case when the query code matches, else None (same answer for both failures)."""
    case = Case.objects.filter(receipt_number=receipt_number.strip()).first()
    if case is None:
        return None
    expected = crypto.decrypt(case.query_code_encrypted)
    if not secrets.compare_digest(expected, query_code.strip().upper()):
        return None
    return case
