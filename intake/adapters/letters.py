"""来信: a clerk uploads a scanned letter, OCR reads it in the background, the clerk registers."""

from django import forms
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from accounts.models import User
from cases.models import Channel
from core import clock
from core.errors import DomainError, Forbidden, InvalidInput, NotAllowed
from intake import ocr
from intake.adapters.visits import DESK_ROLES, StaffRequest, desk_required
from intake.models import LetterScan
from intake.services import Receipt, Submission, register_submission
from intake.validation import AttachmentInput, PetitionerInput, clean_attachments

SCAN_TYPES = frozenset({"image/jpeg", "image/png", "application/pdf"})
RECENT_SCANS = 20


def letter_scan_upload(*, name: str, content: bytes, actor: User) -> LetterScan:
    """Keep a scanned letter for the actor's unit and queue its OCR after commit."""
    if actor.unit is None or actor.role not in DESK_ROLES:
        raise Forbidden("只有登记员和分办员可以登记来信")
    if not content:
        raise InvalidInput("请选择来信的扫描件（JPG、PNG 或 PDF）")
    checked = clean_attachments([AttachmentInput(name or "来信", content)])[0]
    if checked.content_type not in SCAN_TYPES:
        raise InvalidInput("来信扫描件须为 JPG、PNG 或 PDF 文件")
    with transaction.atomic():
        scan = LetterScan.objects.create(
            file=ContentFile(checked.content, name=checked.name),
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.content),
            uploaded_by=actor,
            unit=actor.unit,
            uploaded_at=clock.now(),
        )
        transaction.on_commit(lambda: letter_ocr.enqueue(scan_id=scan.pk))
    return scan


def letter_ocr_run(*, scan_id: int) -> str:
    """Read the scan and store the text; a scan already read or registered is left alone."""
    scan = LetterScan.objects.get(pk=scan_id)
    if scan.ocr_state != LetterScan.OcrState.PENDING:
        return scan.ocr_state
    with scan.file.open("rb") as stored:
        result = ocr.recognise(stored.read(), scan.content_type)
    LetterScan.objects.filter(pk=scan_id, ocr_state=LetterScan.OcrState.PENDING).update(
        ocr_state=result.state, ocr_text=result.text, ocr_note=result.note
    )
    return result.state


@task()
def letter_ocr(*, scan_id: int) -> str:
    """OCR of one scanned letter; safe to run again."""
    return letter_ocr_run(scan_id=scan_id)


def letter_register(
    *, scan: LetterScan, content: str, address: str, petitioner: PetitionerInput, actor: User
) -> Receipt:
    """Register the letter as a case (channel 来信) with its scan attached; only once."""
    with transaction.atomic():
        locked = LetterScan.objects.select_for_update().get(pk=scan.pk)
        if locked.case_id is not None:
            raise NotAllowed(f"这封来信已登记为 {locked.case.receipt_number}")  # type: ignore[union-attr]
        with locked.file.open("rb") as stored:
            data = stored.read()
        receipt = register_submission(
            submission=Submission(
                channel=Channel.LETTER,
                content=content,
                address=address,
                petitioner=petitioner,
                attachments=[AttachmentInput(locked.original_name, data)],
            ),
            actor=actor,
        )
        locked.case = receipt.case
        locked.save(update_fields=["case"])
    return receipt


class UploadForm(forms.Form):
    scan = forms.FileField(
        label=_lazy("来信扫描件（JPG、PNG 或 PDF，不超过 10 MB）"),
        error_messages={"required": _lazy("请选择来信的扫描件（JPG、PNG 或 PDF）")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class LetterForm(forms.Form):
    content = forms.CharField(
        label=_lazy("来信内容（识别结果，请对照原件更正）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    address = forms.CharField(label=_lazy("问题地点"), required=False)
    name = forms.CharField(label=_lazy("来信人姓名"), required=False)
    phone = forms.CharField(
        label=_lazy("联系电话"), required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    sender_address = forms.CharField(label=_lazy("来信人地址"), required=False)


@desk_required
def letter_new(request: StaffRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["scan"]
        try:
            scan = letter_scan_upload(name=upload.name, content=upload.read(), actor=request.user)
        except DomainError as failure:
            error = failure.message
        else:
            return redirect("intake_staff:letter", scan_id=scan.pk)
    recent = LetterScan.objects.filter(unit=request.user.unit).select_related("case")
    context = {"form": form, "error": error, "recent": recent[:RECENT_SCANS]}
    return render(
        request,
        "intake/staff_letter_new.html",
        context,
        status=422 if error or form.errors else 200,
    )


def _scan_or_404(user: User, scan_id: int) -> LetterScan:
    scan = LetterScan.objects.filter(pk=scan_id, unit=user.unit).select_related("case").first()
    if scan is None:
        raise Http404
    return scan


@desk_required
def letter_detail(request: StaffRequest, scan_id: int) -> HttpResponse:
    scan = _scan_or_404(request.user, scan_id)
    form = LetterForm(request.POST or None, initial={"content": scan.ocr_text})
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receipt = letter_register(
                scan=scan,
                content=data["content"],
                address=data["address"],
                petitioner=PetitionerInput(
                    name=data["name"], phone=data["phone"], address=data["sender_address"]
                ),
                actor=request.user,
            )
        except DomainError as failure:
            error = failure.message
        else:
            request.session["letter_query_code"] = [receipt.receipt_number, receipt.query_code]
            return redirect("intake_staff:letter", scan_id=scan.pk)
    shown = request.session.get("letter_query_code") or []
    query_code = shown[1] if scan.case and shown and shown[0] == scan.case.receipt_number else ""
    context = {"scan": scan, "form": form, "error": error, "query_code": query_code}
    return render(
        request, "intake/staff_letter.html", context, status=422 if error or form.errors else 200
    )


@desk_required
@require_GET
def letter_scan_file(request: StaffRequest, scan_id: int) -> HttpResponse:
    """The scan itself, only to the desk of the unit that holds it."""
    scan = _scan_or_404(request.user, scan_id)
    with scan.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=scan.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
