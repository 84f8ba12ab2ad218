"""属地管理、分级负责: which unit should handle a matter, from rules in data (pure: no ORM)."""

from collections.abc import Sequence
from dataclasses import dataclass

COUNTY_BRANCH = "county_branch"
PREFECTURE_BUREAU = "prefecture_bureau"
UNIT = "unit"  # a named unit, e.g. a business department of the department
LETTER = "letter"  # another government body, by letter (致函)


@dataclass(frozen=True)
class Rule:
    """One responsibility rule; empty conditions match anything."""

    target: str
    reason: str
    field: str = ""
    subcategory: str = ""
    keywords: tuple[str, ...] = ()  # any of them in the text
    region_prefix: str = ""  # a province or city code prefix where a local rule applies
    unit_code: str = ""  # for UNIT
    body: str = ""  # for LETTER
    priority: int = 100  # lower wins


@dataclass(frozen=True)
class Matter:
    """What triage knows of a case, as routing needs it."""

    text: str
    fields: tuple[str, ...]
    subcategory: str
    county_code: str | None
    counties_mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    target: str
    unit_code: str | None  # None for a letter, or when no unit can be named yet
    body: str
    reason: str


def _matches(rule: Rule, matter: Matter) -> bool:
    if rule.field and rule.field not in matter.fields:
        return False
    if rule.subcategory and rule.subcategory != matter.subcategory:
        return False
    if rule.keywords and not any(k in matter.text for k in rule.keywords):
        return False
    return not rule.region_prefix or (matter.county_code or "").startswith(rule.region_prefix)


def _prefecture_of(county_code: str) -> str:
    return county_code[:4] + "00"


def _resolve(rule: Rule, matter: Matter) -> Proposal | None:
    county = matter.county_code
    if rule.target == LETTER:
        return Proposal(LETTER, None, rule.body, rule.reason)
    if rule.target == UNIT:
        return Proposal(UNIT, rule.unit_code, "", rule.reason)
    if rule.target == PREFECTURE_BUREAU and county:
        return Proposal(PREFECTURE_BUREAU, _prefecture_of(county), "", rule.reason)
    if rule.target == COUNTY_BRANCH and county:
        return Proposal(COUNTY_BRANCH, county, "", rule.reason)
    return None


def propose(matter: Matter, rules: Sequence[Rule]) -> Proposal | None:
    """The first matching rule by priority that can name a handler; None: the dispatcher decides."""
    spread = {c[:4] for c in matter.counties_mentioned}
    if len(set(matter.counties_mentioned)) > 1:
        if len(spread) == 1:
            code = _prefecture_of(matter.counties_mentioned[0])
            return Proposal(
                PREFECTURE_BUREAU, code, "", "事项涉及同一市州的多个县区，由市州生态环境局办理"
            )
        return Proposal(UNIT, None, "", "事项跨市州，由省生态环境厅确定承办单位")
    for rule in sorted(rules, key=lambda r: r.priority):
        if _matches(rule, matter) and (proposal := _resolve(rule, matter)):
            return proposal
    return None
