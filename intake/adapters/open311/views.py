"""Open311 GeoReport v2 endpoints: plain function views that parse, call and render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core import clock
from core.errors import DomainError
from intake.adapters.open311 import selectors
from intake.adapters.open311.params import (
    MAX_REQUESTS,
    request_query_from,
    submission_from,
)
from intake.adapters.open311.serialise import (
    render,
    render_error,
    request_dict,
    service_definition_dict,
    service_dict,
)
from intake.adapters.open311.tokens import receipt_number_from, token_for
from intake.services import register_submission

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-29T00:00:00+08:00"  # change when the endpoints or services' shape changes

View = Callable[..., HttpResponse]


def _domain_errors_as_open311(view: View) -> View:
    """A DomainError becomes the spec's error array; invalid input is a 400 as Open311 says."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except DomainError as error:
            code = 400 if error.status_code == 422 else error.status_code
            return render_error(fmt, code, error.message)

    return wrapped


def _params(request: HttpRequest) -> dict[str, str]:
    """Query string, then form fields on top (clients send POST parameters either way)."""
    params = {key: request.GET.get(key, "") for key in request.GET}
    params.update({key: request.POST.get(key, "") for key in request.POST})
    return params


def _api_key_valid(key: str) -> bool:
    return any(constant_time_compare(key, known) for known in settings.OPEN311_API_KEYS)


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    body = {
        "changeset": CHANGESET,
        "contact": _("青海省生态环境厅 信访投诉 12369"),
        "key_service": _("向青海省生态环境厅系统管理员申请 api_key"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url.rsplit("/discovery.", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, "discovery", body)


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(fmt, "services", [service_dict(s) for s in selectors.open311_services()])


@require_GET
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    service = selectors.open311_service(service_code)
    if service is None:
        return render_error(fmt, 404, _("没有 service_code 为 %(c)s 的服务") % {"c": service_code})
    return render(fmt, "service_definition", service_definition_dict(service))


def _request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    query = request_query_from(request.GET, clock.now())
    if query.ids:
        cases = selectors.open311_requests_by_id(query.ids)
    else:
        cases = selectors.open311_requests(
            start=query.start,
            end=query.end,
            service_codes=query.service_codes,
            statuses=query.statuses,
            limit=MAX_REQUESTS,
        )
    return render(fmt, "service_requests", [request_dict(case) for case in cases])


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    params = _params(request)
    if not _api_key_valid(params.get("api_key", "")):
        return render_error(fmt, 403, _("api_key 无效或缺失，不能提交"))
    receipt = register_submission(submission=submission_from(params))
    notice = _(
        "已登记，受理编号 %(number)s，查询码 %(code)s。"
        "请妥善保存，凭受理编号和查询码可查询办理进度。"
    ) % {"number": receipt.receipt_number, "code": receipt.query_code}
    body = [
        {
            "service_request_id": receipt.receipt_number,
            "service_notice": notice,
            "token": token_for(receipt.receipt_number),
            "account_id": None,
        }
    ]
    return render(fmt, "service_requests", body)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_domain_errors_as_open311
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: public requests matching the filters. POST: create one (needs an api_key)."""
    if request.method == "POST":
        return _request_create(request, fmt)
    return _request_list(request, fmt)


@require_GET
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    case = selectors.open311_request(service_request_id)
    if case is None:
        return render_error(fmt, 404, _("没有编号为 %(n)s 的事项") % {"n": service_request_id})
    return render(fmt, "service_requests", [request_dict(case)])


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    receipt_number = receipt_number_from(token)
    case = selectors.open311_request(receipt_number) if receipt_number else None
    if case is None:
        return render_error(fmt, 404, _("没有这个 token"))
    body = [{"service_request_id": case.receipt_number, "token": token}]
    return render(fmt, "service_requests", body)
