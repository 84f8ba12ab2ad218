"""Public pages: submit a complaint, the receipt, and progress by receipt number + query code."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.deadlines import deadline_rule
from cases.models import Channel, DeadlineRule, Satisfaction
from cases.selectors import case_deadline_state, case_public_progress
from cases.services import ActionInput, case_act
from core.errors import DomainError
from intake.forms import LookupForm, SubmitForm
from intake.services import Submission, receipt_lookup, register_submission
from intake.validation import AttachmentInput, PetitionerInput

RECEIPT_KEY, PROGRESS_KEY = "public_receipt", "public_progress"
# Which field a validation message is about, so the page can mark it (the service says it in words).
ERROR_FIELDS = {"内容": "content", "地点": "address", "姓名": "name", "电话": "phone"}


def _error_field(message: str) -> str:
    return next((name for word, name in ERROR_FIELDS.items() if word in message), "")


def _submission(form: SubmitForm, files: list) -> Submission:
    data = form.cleaned_data
    return Submission(
        channel=Channel.WEB,
        content=data["content"],
        address=data["address"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        petitioner=PetitionerInput(name=data["name"], phone=data["phone"]),
        anonymous=data["anonymous"],
        attachments=[AttachmentInput(f.name, f.read(), f.content_type or "") for f in files],
        idempotency_key=data["idempotency_key"],
    )


def submit(request: HttpRequest) -> HttpResponse:
    form, error_field = SubmitForm(request.POST or None), ""
    if request.method == "POST" and form.is_valid():
        try:
            made = register_submission(
                submission=_submission(form, request.FILES.getlist("photos"))
            )
        except DomainError as error:
            form.add_error(None, error.message)
            error_field = _error_field(error.message)
        else:
            request.session[RECEIPT_KEY] = [made.receipt_number, made.query_code]
            return redirect("intake:receipt")
    status = 422 if form.errors else 200
    context = {"form": form, "error_field": error_field}
    return render(request, "intake/submit.html", context, status=status)


def receipt(request: HttpRequest) -> HttpResponse:
    if RECEIPT_KEY not in request.session:
        return redirect("intake:progress")
    number, code = request.session[RECEIPT_KEY]
    case = receipt_lookup(receipt_number=number, query_code=code)
    if case is None:
        return redirect("intake:progress")
    context = {
        "case": case,
        "query_code": code,
        "accept_rule": deadline_rule(track=case.track, step=DeadlineRule.Step.ACCEPT),
        "conclude_rule": deadline_rule(track=case.track, step=DeadlineRule.Step.CONCLUDE),
    }
    return render(request, "intake/receipt.html", context)


def progress(request: HttpRequest) -> HttpResponse:
    """POST a receipt number and query code; the proven pair is kept in the session, then shown."""
    form = LookupForm(request.POST or None, initial={"receipt_number": request.GET.get("n", "")})
    if request.method == "POST" and form.is_valid():
        number, code = form.cleaned_data["receipt_number"], form.cleaned_data["query_code"]
        if receipt_lookup(receipt_number=number, query_code=code) is not None:
            request.session[PROGRESS_KEY] = [number.strip(), code.strip().upper()]
            return redirect("intake:progress")
        form.add_error(None, _("受理编号或查询码不对，请核对后再试。查询码在登记回执上，共 6 位。"))
    case = None
    if request.method == "GET" and PROGRESS_KEY in request.session:
        number, code = request.session[PROGRESS_KEY]
        case = receipt_lookup(receipt_number=number, query_code=code)
    context: dict[str, object] = {"form": form}
    context["progress"] = case_public_progress(case) if case else None
    if case:
        context["deadline_state"] = case_deadline_state(case)
        context["satisfactions"] = Satisfaction.choices
    return render(request, "intake/progress.html", context, status=422 if form.errors else 200)


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    number, code = request.session.get(PROGRESS_KEY) or ("", "")
    case = receipt_lookup(receipt_number=number, query_code=code)
    if case is None:
        return redirect("intake:progress")
    data = ActionInput(satisfaction=request.POST.get("satisfaction", ""))
    try:
        case_act(case_id=case.pk, action="rate", actor=None, data=data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("感谢您的评价！"))
    return redirect("intake:progress")
