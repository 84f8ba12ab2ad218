"""Background work for cases: ids in, idempotent, each calling a service."""

from django.tasks import task

from cases.models import Case
from cases.services import case_deadline_recount


@task()
def deadlines_recount(*, year: int) -> int:
    """Recount provisional deadlines falling in `year`; returns how many are firm now."""
    firm = 0
    ids = Case.objects.filter(deadline_provisional=True, due_date__year__gte=year - 1)
    for case_id in ids.values_list("pk", flat=True):
        firm += not case_deadline_recount(case_id=case_id).deadline_provisional
    return firm
