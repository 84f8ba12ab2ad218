"""Background work for routing: ids in, idempotent."""

from django.tasks import task

from routing.assessment import case_assess


@task()
def case_assess_later(*, case_id: int) -> str:
    """Triage a case whose triage failed at registration; safe to run again."""
    return case_assess(case_id=case_id)["risk"]["level"]
