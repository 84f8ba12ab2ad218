"""Triage of environmental complaints: field, place, repeats and risk. Plain Python, no Django."""

from triage.classify import Classification, classify
from triage.locate import Place, locate
from triage.repeats import Match, RepeatIndex, link_reasons, same_matter
from triage.risk import Risk, SurgeCheck, assess_risk, surge_check

__all__ = [
    "Classification",
    "Match",
    "Place",
    "RepeatIndex",
    "Risk",
    "SurgeCheck",
    "assess_risk",
    "classify",
    "link_reasons",
    "locate",
    "same_matter",
    "surge_check",
]
