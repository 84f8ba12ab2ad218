"""Reads for Open311: our fields and subcategories as services, cases as public requests."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from cases.models import Case, Field, Subcategory
from cases.workflow import OPEN_STATUSES

# A subcategory's service code is its field's code, this separator and its id: "air-12".
SUBCATEGORY_SEPARATOR = "-"
FALLBACK_SERVICE_CODE = "other"  # cases not yet classified show as the "other" field


@dataclass(frozen=True)
class Service:
    """An Open311 service: one field (领域) or one subcategory (问题类别) within it."""

    code: str
    name: str
    group: str
    description: str
    keywords: str
    field_code: str
    subcategory_name: str = ""


def _field_service(field: Field, subcategories: list[Subcategory]) -> Service:
    names = [s.name for s in subcategories]
    return Service(
        code=field.code,
        name=field.name,
        group=field.name,
        description=f"{field.name}领域的问题（不确定具体类别时选这一项）",
        keywords=",".join(names),
        field_code=field.code,
    )


def _subcategory_service(subcategory: Subcategory) -> Service:
    field = subcategory.field
    return Service(
        code=f"{field.code}{SUBCATEGORY_SEPARATOR}{subcategory.pk}",
        name=subcategory.name,
        group=field.name,
        description=f"{field.name} · {subcategory.name}",
        keywords=subcategory.name,
        field_code=field.code,
        subcategory_name=subcategory.name,
    )


def open311_services() -> list[Service]:
    """Every field, each followed by its subcategories, in the reference order."""
    services = []
    subcategories = list(Subcategory.objects.select_related("field").order_by("field__order", "pk"))
    for field in Field.objects.all():
        own = [s for s in subcategories if s.field_id == field.pk]
        services.append(_field_service(field, own))
        services.extend(_subcategory_service(s) for s in own)
    return services


def open311_service(code: str) -> Service | None:
    """The service with this code, or None."""
    field_code, _, subcategory_id = code.partition(SUBCATEGORY_SEPARATOR)
    if not subcategory_id:
        field = Field.objects.filter(code=field_code).first()
        if field is None:
            return None
        return _field_service(field, list(field.subcategories.order_by("pk")))
    if not subcategory_id.isdigit():
        return None
    subcategory = (
        Subcategory.objects.select_related("field")
        .filter(pk=int(subcategory_id), field__code=field_code)
        .first()
    )
    return _subcategory_service(subcategory) if subcategory else None


def service_code_of(case: Case) -> tuple[str, str]:
    """The (service_code, service_name) a case shows under."""
    if case.subcategory_id is not None and case.subcategory is not None:
        return _subcategory_service(case.subcategory).code, case.subcategory.name
    if case.primary_field is not None:
        return case.primary_field.code, case.primary_field.name
    return FALLBACK_SERVICE_CODE, "其他"


def case_is_open(case: Case) -> bool:
    return case.status in OPEN_STATUSES


def _service_filter(codes: list[str]) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        field_code, _, subcategory_id = code.partition(SUBCATEGORY_SEPARATOR)
        if subcategory_id.isdigit():
            condition |= Q(subcategory_id=int(subcategory_id), primary_field__code=field_code)
        elif not subcategory_id:
            condition |= Q(primary_field__code=field_code)
            if field_code == FALLBACK_SERVICE_CODE:
                condition |= Q(primary_field__isnull=True)
    return condition


def _public_cases() -> QuerySet[Case]:
    return Case.objects.select_related(
        "primary_field", "subcategory__field", "handling_unit"
    ).order_by("-registered_at", "-pk")


def open311_requests_by_id(receipt_numbers: list[str]) -> list[Case]:
    """The cases with these receipt numbers, newest first (unknown numbers are left out)."""
    return list(_public_cases().filter(receipt_number__in=receipt_numbers))


def open311_requests(
    *,
    start: datetime,
    end: datetime,
    service_codes: list[str],
    statuses: set[str],
    limit: int,
) -> list[Case]:
    """Cases registered in [start, end], newest first, at most `limit` of them."""
    cases = _public_cases().filter(registered_at__gte=start, registered_at__lte=end)
    if service_codes:
        cases = cases.filter(_service_filter(service_codes))
    if statuses == {"open"}:
        cases = cases.filter(status__in=list(OPEN_STATUSES))
    elif statuses == {"closed"}:
        cases = cases.exclude(status__in=list(OPEN_STATUSES))
    return list(cases[:limit])


def open311_request(receipt_number: str) -> Case | None:
    return _public_cases().filter(receipt_number=receipt_number).first()
