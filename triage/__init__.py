"""Triage of environmental complaints: field, place, repeats and risk. Plain Python, no Django."""

from triage.classify import Classification, classify
from triage.locate import Place, locate
from triage.matter import (
    POSSIBLE,
    SAME,
    MatterKey,
    key_from_record,
    key_record,
    key_score,
    link_kind,
    link_reasons,
    matter_key,
    same_keys,
    same_matter,
)
from triage.repeats import Match, RepeatIndex
from triage.risk import Risk, SurgeCheck, assess_risk, surge_check

__all__ = [
    "POSSIBLE",
    "SAME",
    "Classification",
    "Match",
    "MatterKey",
    "Place",
    "RepeatIndex",
    "Risk",
    "SurgeCheck",
    "assess_risk",
    "classify",
    "key_from_record",
    "key_record",
    "key_score",
    "link_kind",
    "link_reasons",
    "locate",
    "matter_key",
    "same_keys",
    "same_matter",
    "surge_check",
]
