"""The clerks' corrections as training data for triage, with personal data taken out: texts with
the fields and subcategory a clerk set, and pairs of cases a clerk said are (merged) or are not
(不是同一事项) one matter. Written by `manage.py export_corrections`; reviewed before they join
`triage/data`."""

from collections.abc import Iterator
from typing import Any

from cases.models import Case
from core import crypto
from core.redaction import MASK, redact_personal_data
from routing.models import TriageCorrection


def _clean(case: Case, text: str) -> str:
    """The text without contact data, and without the petitioner's own name where it is written."""
    text = redact_personal_data(text)
    if case.petitioner and case.petitioner.name_encrypted:
        name = crypto.decrypt(case.petitioner.name_encrypted)
        if len(name) >= 2:
            text = text.replace(name, MASK)
    return text


def corrected_texts() -> Iterator[dict[str, Any]]:
    """Each corrected case once, as its clerk last left it: text, fields (primary first) and
    subcategory, in the form of the classifier's held-out rows."""
    seen: set[int] = set()
    corrections = TriageCorrection.objects.select_related("case__petitioner").order_by("-at")
    for correction in corrections:
        if "fields" not in correction.after or correction.case_id in seen:
            continue
        seen.add(correction.case_id)
        yield {
            "text": _clean(correction.case, correction.case.content),
            "fields": correction.after["fields"],
            "subcategory": correction.after.get("subcategory") or None,
            "source": "correction",
        }


def judged_pairs() -> Iterator[dict[str, Any]]:
    """Pairs a clerk judged, in the form of `triage/data/pairs.jsonl`: a case merged into
    another, or confirmed as one matter with it, is one matter; a link or question a clerk
    dismissed is not."""
    merged = Case.objects.filter(merged_into__isnull=False).select_related(
        "petitioner", "merged_into__petitioner"
    )
    for case in merged:
        if case.merged_into:
            yield _pair(case, case.merged_into, same=True, kind="clerk_merged")
    judgements = TriageCorrection.objects.filter(after__has_key="dismissed").select_related(
        "case__petitioner"
    )
    for correction in judgements:
        before, after = correction.before, correction.after
        for name, same in (("confirmed", True), ("dismissed", False)):
            numbers = set(after[name]) - set(before.get(name, []))
            others = Case.objects.filter(receipt_number__in=numbers).select_related("petitioner")
            for other in others:
                yield _pair(correction.case, other, same=same, kind=f"clerk_{name}")


def _pair(case: Case, other: Case, *, same: bool, kind: str) -> dict[str, Any]:
    return {
        "a": _clean(case, case.matter_text),
        "b": _clean(other, other.matter_text),
        "same": same,
        "kind": kind,
        "set": "clerks",
    }
