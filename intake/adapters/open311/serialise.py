"""Open311 answers as plain dicts, rendered as JSON or as XML with the spec's element names."""

import json
from datetime import datetime, time
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

from cases.models import Case, Track
from core.redaction import redact_personal_data
from intake.adapters.open311.selectors import Service, case_is_open, service_code_of

DESCRIPTION_MAX = 4000  # request.json: description maxLength

# XML wraps a list in a plural element whose items take the singular name.
_ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the local offset, as the spec's examples (2010-04-14T06:37:38-08:00)."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def service_dict(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": False,
        "type": "realtime",
        "keywords": service.keywords,
        "group": service.group,
    }


def service_definition_dict(service: Service) -> dict[str, Any]:
    return {"service_code": service.code, "attributes": []}


def _public_description(case: Case) -> str | None:
    """The complaint text with contact data masked; petition matters stay private."""
    if case.track != Track.REPORT:
        # Other petition matters (§31(六)) are about the petitioner's own affairs.
        return None
    text = redact_personal_data(case.content)
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def _expected(case: Case) -> str | None:
    if case.due_date is None or not case_is_open(case):
        return None
    end_of_day = datetime.combine(case.due_date, time(23, 59, 59))
    return iso(timezone.make_aware(end_of_day))


def request_dict(case: Case) -> dict[str, Any]:
    """A case as the public may see it: never the petitioner's name, phone, ID or address."""
    service_code, service_name = service_code_of(case)
    is_open = case_is_open(case)
    closed_at = case.concluded_at or case.replied_at
    return {
        "service_request_id": case.receipt_number,
        "status": "open" if is_open else "closed",
        "status_notes": case.status_label,
        "service_name": service_name,
        "service_code": service_code,
        "description": _public_description(case),
        "agency_responsible": case.handling_unit.name,
        "service_notice": None,
        "requested_datetime": iso(case.registered_at),
        "updated_datetime": iso(case.updated_at if is_open else closed_at or case.updated_at),
        "expected_datetime": _expected(case),
        "address": redact_personal_data(case.address) or None,
        "address_id": case.region_id or None,
        "zipcode": None,
        "lat": case.latitude,
        "long": case.longitude,
        "media_url": None,
    }


def error_list(code: int, description: str) -> list[dict[str, Any]]:
    return [{"code": code, "description": description}]


def _xml_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml_fill(parent: ElementTree.Element, tag: str, value: Any) -> None:
    element = ElementTree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_fill(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_fill(element, _ITEM_TAGS.get(tag, "item"), item)
    else:
        element.text = _xml_value(value)


def to_xml(root: str, data: Any) -> bytes:
    """`data` (a list or a dict) under the element `root`."""
    element = ElementTree.Element(root)
    if isinstance(data, list):
        for item in data:
            _xml_fill(element, _ITEM_TAGS[root], item)
    else:
        for key, value in data.items():
            _xml_fill(element, key, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """`data` as JSON, or as XML under the element `root`."""
    if fmt == "xml":
        return HttpResponse(
            to_xml(root, data), status=status, content_type="text/xml; charset=utf-8"
        )
    body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def render_error(fmt: str, code: int, description: str) -> HttpResponse:
    return render(fmt, "errors", error_list(code, description), status=code)
