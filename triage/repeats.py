"""重信重访: find earlier cases about the same matter (same place, same problem, any wording)."""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from triage.matter import (
    LINK_WORDING,
    MIN_SHINGLES,
    PROBLEM_WORDS,
    VAGUE_SUBCATEGORIES,
    MatterKey,
    default_same_matter_model,
    key_score,
    matter_key,
    name_key,
)

__all__ = ["Match", "RepeatIndex"]


@dataclass(frozen=True)
class Match:
    """An earlier case found to be about the same matter."""

    case_id: str
    score: float


PROBLEM_KINDS = tuple(PROBLEM_WORDS)
FOLLOW_UP_BIT = 1 << len(PROBLEM_KINDS)
ANOTHER_BIT = FOLLOW_UP_BIT << 1
# The names a case is stored with, by kind, as MatterKey holds them.
NAME_KINDS = ("facility", "spot", "place", "part", "quoted", "source", "mention")


def _name_feature(name: str, kind: str, subcategory: str | None) -> int | None:
    """Posting key of a name (matter.linkable compares a pair only if they share one): facilities
    by the last two characters of their name, so "家老王" finds "老王"; streets, villages and
    quoted names whole; a county or town together with the problem's subcategory (alone it would
    post half a county)."""
    if kind == "facility":
        short = name_key(name)
        return zlib.crc32(("@" + short).encode()) if short else None
    if kind in ("spot", "quoted"):
        return zlib.crc32((kind + "@" + name).encode())
    if kind in ("place", "mention") and subcategory not in VAGUE_SUBCATEGORIES:
        return zlib.crc32(("@@" + name + "|" + str(subcategory)).encode())
    return None


def _named(key: MatterKey) -> list[tuple[str, str]]:
    return (
        [(n, "facility") for n in key.facilities]
        + [(n, "spot") for n in key.spots]
        + [(n, "place") for n in key.places]
        + [(n, "part") for n in key.parts]
        + [(n, "quoted") for n in key.quoted]
        + [(n, "source") for n in key.sources]
        + [(n, "mention") for n in key.mentions]
    )


class RepeatIndex:
    """Earlier cases stored compactly, with an inverted index of names and rare shingles."""

    def __init__(self, candidates: int = 300, rare_features: int = 8) -> None:
        self.candidates = candidates
        self.rare_features = rare_features
        self.case_ids: list[str] = []
        self.regions: list[str | None] = []
        self.received: list[datetime | None] = []
        self.postings: dict[int, array[int]] = {}
        self.shingles = array("I")
        self.shingle_start = array("Q", [0])
        self.distinctive = array("I")
        self.distinctive_start = array("Q", [0])
        self.name_ids: dict[str, int] = {}
        self.name_list: list[tuple[str, str]] = []
        self.class_ids: dict[tuple[tuple[str, ...], str | None, bool], int] = {}
        self.class_list: list[tuple[tuple[str, ...], str | None, bool]] = []
        self.classes = array("H")
        self.names = array("I")
        self.name_start = array("Q", [0])
        self.problem_bits = array("H")

    def __len__(self) -> int:
        return len(self.case_ids)

    def add(
        self,
        case_id: str,
        text: str,
        region_code: str | None = None,
        received_at: datetime | None = None,
    ) -> None:
        """Index one earlier case."""
        number = len(self.case_ids)
        key = matter_key(text)
        self.case_ids.append(case_id)
        self.regions.append(sys.intern(region_code) if region_code else None)
        self.received.append(received_at)
        self.problem_bits.append(
            sum(1 << i for i, k in enumerate(PROBLEM_KINDS) if k in key.problems)
            | (FOLLOW_UP_BIT if key.follow_up else 0)
            | (ANOTHER_BIT if key.another else 0)
        )
        problem = (key.fields, key.subcategory, key.confident)
        class_id = self.class_ids.setdefault(problem, len(self.class_list))
        if class_id == len(self.class_list):
            self.class_list.append(problem)
        self.classes.append(class_id)
        named = _named(key)
        for name, kind in named:
            name_id = self.name_ids.setdefault(kind + name, len(self.name_list))
            if name_id == len(self.name_list):
                self.name_list.append((name, kind))
            self.names.append(name_id)
        self.name_start.append(len(self.names))
        shingles = sorted(key.shingles)
        self.shingles.extend(shingles)
        self.shingle_start.append(len(self.shingles))
        self.distinctive.extend(sorted(key.distinctive))
        self.distinctive_start.append(len(self.distinctive))
        features = [_name_feature(n, kind, key.subcategory) for n, kind in named]
        words = sorted(key.shingles | key.distinctive)  # rare pairs inside names are posted too
        for feature in [f for f in features if f is not None] + words:
            posting = self.postings.get(feature)
            if posting is None:
                posting = self.postings[feature] = array("I")
            posting.append(number)

    def add_many(self, cases: Iterable[tuple[str, str, str | None]]) -> None:
        """Index many (case_id, text, region_code) triples."""
        for case_id, text, region in cases:
            self.add(case_id, text, region)

    def stored_key(self, number: int) -> MatterKey:
        """Rebuild the MatterKey of an indexed case."""
        bits = self.problem_bits[number]
        names = [
            self.name_list[i]
            for i in self.names[self.name_start[number] : self.name_start[number + 1]]
        ]
        fields, subcategory, confident = self.class_list[self.classes[number]]
        by_kind = {kind: frozenset(n for n, k in names if k == kind) for kind in NAME_KINDS}
        start, end = self.distinctive_start[number], self.distinctive_start[number + 1]
        return MatterKey(
            frozenset(k for i, k in enumerate(PROBLEM_KINDS) if bits >> i & 1),
            by_kind["facility"],
            by_kind["spot"],
            frozenset(self.shingles[self.shingle_start[number] : self.shingle_start[number + 1]]),
            by_kind["place"],
            fields,
            subcategory,
            confident,
            frozenset(self.distinctive[start:end]),
            by_kind["part"],
            by_kind["quoted"],
            bool(bits & FOLLOW_UP_BIT),
            by_kind["source"],
            bool(bits & ANOTHER_BIT),
            by_kind["mention"],
        )

    def _posting(self, feature: int) -> np.ndarray:
        posting = self.postings.get(feature)
        return np.frombuffer(posting, dtype=np.uint32) if posting else np.empty(0, np.uint32)

    def _named_postings(self, key: MatterKey) -> list[np.ndarray]:
        features = [_name_feature(n, kind, key.subcategory) for n, kind in _named(key)]
        return [self._posting(f) for f in features if f is not None]

    def candidate_numbers(self, key: MatterKey) -> np.ndarray:
        """Cases sharing a facility/spot name or the most of the query's rarest shingles."""
        named = self._named_postings(key)
        lists = sorted((self._posting(f) for f in key.shingles | key.distinctive), key=len)
        chosen = [p for p in lists[: self.rare_features] if len(p)]
        numbers = np.empty(0, dtype=np.uint32)
        if chosen:
            numbers, counts = np.unique(np.concatenate(chosen), return_counts=True)
            if len(numbers) > self.candidates:
                numbers = numbers[np.argpartition(-counts, self.candidates)[: self.candidates]]
        if named:
            numbers = np.union1d(numbers, np.concatenate(named))
        return numbers

    def _scored(
        self, key: MatterKey, numbers: Iterable[int], region_code: str | None, limit: int
    ) -> list[Match]:
        found = []
        threshold = default_same_matter_model().threshold
        for number in numbers:
            region = self.regions[number]
            if region_code and region and region != region_code:
                continue
            score = key_score(key, self.stored_key(number))
            if score >= threshold:
                found.append(Match(self.case_ids[number], score))
        found.sort(key=lambda m: -m.score)
        return found[:limit]

    def find(self, text: str, region_code: str | None = None, limit: int = 10) -> list[Match]:
        """Earlier cases about the same matter as the text, best first."""
        key = matter_key(text)
        return self._scored(key, (int(n) for n in self.candidate_numbers(key)), region_code, limit)

    def find_exhaustive(
        self, text: str, region_code: str | None = None, limit: int = 10
    ) -> list[Match]:
        """Exact search: every case passes a bound no same-matter case can fail, then is scored."""
        key = matter_key(text)
        if not len(self):
            return []
        query = np.fromiter(key.shingles, dtype=np.uint32, count=len(key.shingles))
        starts = np.frombuffer(self.shingle_start, dtype=np.uint64)
        flat = np.frombuffer(self.shingles, dtype=np.uint32)
        hits = np.isin(flat, query).astype(np.int32)
        sizes = np.diff(starts).astype(np.int64)
        inter = np.add.reduceat(np.append(hits, 0), starts[:-1].astype(np.int64))
        inter[sizes == 0] = 0
        shorter = np.maximum(np.minimum(len(query), sizes), MIN_SHINGLES)
        numbers = np.flatnonzero(inter / shorter >= LINK_WORDING - 1e-9)
        named = self._named_postings(key) + [self._posting(f) for f in key.distinctive]
        if named:
            numbers = np.union1d(numbers, np.concatenate(named))
        return self._scored(key, (int(n) for n in numbers), region_code, limit)

    def memory_bytes(self) -> int:
        """Approximate memory held by the index structures."""
        postings = sum(p.itemsize * len(p) + 64 for p in self.postings.values())
        postings += sys.getsizeof(self.postings)
        arrays = sum(
            a.itemsize * len(a)
            for a in (
                self.shingles,
                self.shingle_start,
                self.distinctive,
                self.distinctive_start,
                self.names,
                self.name_start,
                self.problem_bits,
                self.classes,
            )
        )
        ids = sum(sys.getsizeof(c) for c in self.case_ids) + 8 * 3 * len(self.case_ids)
        names = sum(sys.getsizeof(n) + 100 for n, _ in self.name_list)
        return postings + arrays + ids + names
