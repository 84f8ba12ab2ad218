"""重信重访: find earlier cases about the same matter (same place, same problem, any wording)."""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

# Problem kinds by keyword: two texts whose kinds are both known and disjoint are different matters.
PROBLEM_WORDS = {
    "oil_smoke": ("油烟", "排烟", "油烟机", "油哈味", "烟熏"),
    "exhaust": ("废气", "黑烟", "冒烟", "烟囱", "黄烟", "浓烟", "焚烧", "白烟", "硫磺"),
    "dust": ("扬尘", "灰尘", "粉尘", "尘土", "黄土", "沙土", "煤灰", "一层灰"),
    "odor": ("臭", "异味", "刺鼻", "腥"),
    "noise": ("噪音", "噪声", "吵", "轰鸣", "打桩", "音响", "喇叭", "砰砰", "轰隆", "睡不着", "震"),
    "water": ("废水", "污水", "排污", "黑水", "死鱼", "翻白肚", "血水", "河水", "水都"),
    "waste": ("垃圾", "倾倒", "废渣", "堆放", "尾矿", "废机油", "危废", "医疗废物", "乱倒"),
    "ecology": ("挖沙", "采砂", "盗采", "开矿", "草原", "草场", "砍树", "挖砂", "河道"),
    "radiation": ("辐射", "基站", "铁塔", "放射"),
}
# A facility or named spot: the two characters before the type word name it ("老王" 烧烤店).
FACILITY_TYPES = (
    "烧烤店",
    "烧烤",
    "火锅店",
    "饭馆",
    "饭店",
    "餐厅",
    "酒店",
    "宾馆",
    "拉面馆",
    "面馆",
    "小吃店",
    "超市",
    "KTV",
    "酒吧",
    "化工厂",
    "水泥厂",
    "有机肥厂",
    "电厂",
    "砖厂",
    "冶炼厂",
    "选矿厂",
    "工厂",
    "厂",
    "公司",
    "工地",
    "项目",
    "养殖场",
    "屠宰场",
    "料场",
    "搅拌站",
    "洗车场",
    "锅炉房",
    "采石场",
    "矿",
)
ROADS = ("路", "大街", "街", "巷", "村", "小区", "家属院", "花园", "桥")
FACILITY = re.compile(
    r"([\u4e00-\u9fa5A-Za-z0-9]{2})("
    + "|".join(sorted(FACILITY_TYPES + ROADS, key=len, reverse=True))
    + ")"
)
# Prefixes that point at a place without naming it ("那个化工厂", "附近的厂").
VAGUE = re.compile(r"[个的那这一些边面里近旁该们本]|^家")
BOILERPLATE = re.compile(
    r"您好|你好|领导好|尊敬的领导|麻烦|请尽快处理|希望有关部门|谢谢|请依法查处|盼回复|请环保部门|"
    r"[\s，。！？、：；,.!?:;“”\"'（）()]+"
)
SAME_THRESHOLD = 0.45
# Place agreement credited when one text names its place and the other does not.
UNKNOWN_PLACE = 0.25


@dataclass(frozen=True)
class MatterKey:
    """What identifies a matter in a text: problem kinds, facilities, roads and text shingles."""

    problems: frozenset[str]
    facilities: frozenset[str]
    spots: frozenset[str]
    shingles: frozenset[int]


@dataclass(frozen=True)
class Match:
    """An earlier case found to be about the same matter."""

    case_id: str
    score: float


def matter_key(text: str) -> MatterKey:
    """Extract the parts of a text that identify its matter."""
    clean = BOILERPLATE.sub("", text)
    found = {k for k, words in PROBLEM_WORDS.items() if any(w in clean for w in words)}
    if "water" in found:
        found.discard("odor")  # a stinking river is a water matter
    problems = frozenset(found)
    facilities: set[str] = set()
    spots: set[str] = set()
    for name, suffix in FACILITY.findall(clean):
        if VAGUE.search(name):
            continue
        if suffix in ROADS:
            spots.add(name + suffix)
        else:
            # The name alone: people write "金座烧烤店" one day and "金座烧烤" the next.
            facilities.add(name)
    shingles = frozenset(zlib.crc32(clean[i : i + 2].encode()) for i in range(len(clean) - 1))
    return MatterKey(problems, frozenset(facilities), frozenset(spots), shingles)


def _overlap(a: frozenset[str], b: frozenset[str], unknown: float) -> float:
    if not a or not b:
        return unknown
    return len(a & b) / min(len(a), len(b))


def key_score(a: MatterKey, b: MatterKey) -> float:
    """Similarity of two matters in [0, 1]; 0 when they clearly differ in problem or facility."""
    if a.problems and b.problems and not a.problems & b.problems:
        return 0.0
    if a.facilities and b.facilities and not a.facilities & b.facilities:
        return 0.0
    if a.spots and b.spots and not a.spots & b.spots:
        return 0.0
    union = len(a.shingles | b.shingles) or 1
    jaccard = len(a.shingles & b.shingles) / union
    place = max(
        _overlap(a.facilities, b.facilities, UNKNOWN_PLACE),
        _overlap(a.spots, b.spots, UNKNOWN_PLACE),
    )
    if not (a.facilities or b.facilities or a.spots or b.spots):
        place = 0.0
    return round(0.4 * jaccard + 0.4 * place + 0.2 * _overlap(a.problems, b.problems, 0.5), 3)


def same_matter(
    a: str, b: str, region_a: str | None = None, region_b: str | None = None
) -> tuple[bool, float]:
    """Decide whether two complaint texts raise the same matter; return the decision and score."""
    if region_a and region_b and region_a != region_b:
        return False, 0.0
    score = key_score(matter_key(a), matter_key(b))
    return score >= SAME_THRESHOLD, score


PROBLEM_KINDS = tuple(PROBLEM_WORDS)
# Below this shingle Jaccard a case can reach SAME_THRESHOLD only by sharing a facility or spot.
JACCARD_FLOOR = (SAME_THRESHOLD - 0.4 * UNKNOWN_PLACE - 0.2) / 0.4


def _name_feature(name: str) -> int:
    return zlib.crc32(("@" + name).encode())


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
        self.name_ids: dict[str, int] = {}
        self.name_list: list[tuple[str, bool]] = []
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
        )
        named = [(n, False) for n in key.facilities] + [(n, True) for n in key.spots]
        for name, is_spot in named:
            name_id = self.name_ids.setdefault(name, len(self.name_list))
            if name_id == len(self.name_list):
                self.name_list.append((name, is_spot))
            self.names.append(name_id)
        self.name_start.append(len(self.names))
        shingles = sorted(key.shingles)
        self.shingles.extend(shingles)
        self.shingle_start.append(len(self.shingles))
        for feature in [_name_feature(n) for n, _ in named] + shingles:
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
        return MatterKey(
            frozenset(k for i, k in enumerate(PROBLEM_KINDS) if bits >> i & 1),
            frozenset(n for n, spot in names if not spot),
            frozenset(n for n, spot in names if spot),
            frozenset(self.shingles[self.shingle_start[number] : self.shingle_start[number + 1]]),
        )

    def _posting(self, feature: int) -> np.ndarray:
        posting = self.postings.get(feature)
        return np.frombuffer(posting, dtype=np.uint32) if posting else np.empty(0, np.uint32)

    def candidate_numbers(self, key: MatterKey) -> np.ndarray:
        """Cases sharing a facility/spot name or the most of the query's rarest shingles."""
        named = [self._posting(_name_feature(n)) for n in key.facilities | key.spots]
        lists = sorted((self._posting(f) for f in key.shingles), key=len)
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
        for number in numbers:
            region = self.regions[number]
            if region_code and region and region != region_code:
                continue
            score = key_score(key, self.stored_key(number))
            if score >= SAME_THRESHOLD:
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
        jaccard = inter / np.maximum(len(query) + sizes - inter, 1)
        numbers = np.flatnonzero(jaccard >= JACCARD_FLOOR - 1e-9)
        named = [self._posting(_name_feature(n)) for n in key.facilities | key.spots]
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
                self.names,
                self.name_start,
                self.problem_bits,
            )
        )
        ids = sum(sys.getsizeof(c) for c in self.case_ids) + 8 * 3 * len(self.case_ids)
        names = sum(sys.getsizeof(n) + 100 for n, _ in self.name_list)
        return postings + arrays + ids + names
