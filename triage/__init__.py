"""Triage of environmental complaints: field, place, repeats and risk. Plain Python, no Django."""

from triage.classify import Classification, classify
from triage.locate import Place, locate
from triage.repeats import Match, RepeatIndex, same_matter
from triage.risk import Risk, SurgeAlert, SurgeDetector, assess_risk

__all__ = [
    "Classification",
    "Match",
    "Place",
    "RepeatIndex",
    "Risk",
    "SurgeAlert",
    "SurgeDetector",
    "assess_risk",
    "classify",
    "locate",
    "same_matter",
]
