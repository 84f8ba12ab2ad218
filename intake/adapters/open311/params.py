"""Parse Open311 parameters into our inputs; anything unusable raises InvalidInput (→ 400)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cases.models import Channel
from core.errors import InvalidInput
from intake.adapters.open311.selectors import open311_service
from intake.services import Submission
from intake.validation import PetitionerInput

SOURCE = "open311"
WINDOW = timedelta(days=90)  # GeoReport v2: default and widest date range
MAX_REQUESTS = 1000  # GeoReport v2: most requests one query returns
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(params: Mapping[str, str], name: str) -> str:
    return (params.get(name) or "").strip()


def _float(params: Mapping[str, str], name: str) -> float | None:
    value = _text(params, name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise InvalidInput(_("%(name)s 须为数字（WGS84 十进制度）") % {"name": name}) from None


def _person_name(first: str, last: str) -> str:
    if _CJK.search(first + last):
        return f"{last}{first}"  # 姓 before 名
    return f"{first} {last}".strip()


def submission_from(params: Mapping[str, str]) -> Submission:
    """A POST requests call as a Submission on the open311 channel."""
    code = _text(params, "service_code")
    if not code:
        raise InvalidInput(_("缺少 service_code"))
    service = open311_service(code)
    if service is None:
        raise InvalidInput(_("没有 service_code 为 %(code)s 的服务") % {"code": code})
    latitude, longitude = _float(params, "lat"), _float(params, "long")
    address = _text(params, "address_string")
    address_id = _text(params, "address_id")
    if latitude is None and longitude is None and not address and not address_id:
        raise InvalidInput(_("须提供位置：lat 和 long，或 address_string，或 address_id"))
    if not _text(params, "description"):
        raise InvalidInput(_("缺少 description（反映的问题）"))
    # Email has no home in our petitioner record; it is not stored.
    name = _person_name(_text(params, "first_name"), _text(params, "last_name"))
    phone = _text(params, "phone")
    petitioner = PetitionerInput(name=name, phone=phone) if name or phone else None
    return Submission(
        channel=Channel.OPEN311,
        content=_text(params, "description"),
        address=address,
        latitude=latitude,
        longitude=longitude,
        petitioner=petitioner,
        anonymous=petitioner is None,
        # Our address repository is GB/T 2260: an address_id is a county code.
        region_code=address_id,
        field_codes=(service.field_code,),
        subcategory=service.subcategory_name,
        source=SOURCE,
    )


def _moment(params: Mapping[str, str], name: str) -> datetime | None:
    value = _text(params, name)
    if not value:
        return None
    # An unencoded "+08:00" arrives as " 08:00".
    value = re.sub(r"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$", r"\1+\2", value)
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if moment is None and day is not None:
        moment = datetime(day.year, day.month, day.day)
    if moment is None:
        raise InvalidInput(
            _("%(name)s 须为 ISO 8601 时间，如 2026-11-29T08:00:00+08:00") % {"name": name}
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@dataclass(frozen=True)
class RequestQuery:
    ids: list[str]
    service_codes: list[str]
    start: datetime
    end: datetime
    statuses: set[str]


def _list(params: Mapping[str, str], name: str) -> list[str]:
    return [item.strip() for item in _text(params, name).split(",") if item.strip()]


def request_query_from(params: Mapping[str, str], now: datetime) -> RequestQuery:
    """GET requests filters; without dates, the last 90 days."""
    ids = _list(params, "service_request_id")[:MAX_REQUESTS]
    codes = _list(params, "service_code")
    for code in codes:
        if open311_service(code) is None:
            raise InvalidInput(_("没有 service_code 为 %(code)s 的服务") % {"code": code})
    statuses = set(_list(params, "status"))
    if not statuses <= {"open", "closed"}:
        raise InvalidInput(_("status 只能是 open 或 closed"))
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if end is None:
        end = start + WINDOW if start else now
    if start is None:
        start = end - WINDOW
    if start > end:
        raise InvalidInput(_("start_date 不能晚于 end_date"))
    if end - start > WINDOW:
        raise InvalidInput(_("start_date 到 end_date 不能超过 90 天"))
    return RequestQuery(ids=ids, service_codes=codes, start=start, end=end, statuses=statuses)
