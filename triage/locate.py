"""Locate a complaint: county-level GB/T 2260 code from a free-text address or GPS point."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from opencc import OpenCC
from pypinyin.pinyin_dict import pinyin_dict

from triage.features import tokenizer
from triage.geo import CountyShapes, county_shapes

DEFAULT_REGIONS = Path(__file__).resolve().parent.parent / "regions" / "data" / "630000.json"
DATA_DIR = Path(__file__).parent / "data"
# Short names that are also common words, roads or other provinces: they count only with a suffix.
WEAK_SHORT_NAMES = frozenset(
    {
        "城东",
        "城中",
        "城西",
        "城北",
        "平安",
        "互助",
        "河南",
        "共和",
        "乌兰",
        "玉树",
        "海南",
        "同德",
        "海北",
    }
)
# The gazetteer's groups and the kind of hit each gives; a group's entries name one code or,
# for a name in several counties, a list of them.
KINDS = {
    "aliases": "county",
    "towns": "town",
    "landmarks": "landmark",
    "borders": "border",
    "ambiguous": "ambiguous",
    "spans": "span",
    "streets": "street",
}
# Hits that name one place for certain, as opposed to narrowing or withholding.
PLACE_KINDS = ("county", "town", "landmark")
# Names this long or longer are matched by their sound too, when an address names no place as
# written (黄源县 for 湟源县, 恰不恰镇, 瞿坛寺): residents spell by ear and speech is transcribed by
# machine. Shorter names sound like common words (大雾, 贵的).
SOUNDED_NAME = 3
# A weak short name still names its county when pointed at: 平安那个加油站, 互助这边, 乌兰一带.
POINTED_AT = r"(?=那|这|一带|附近|县城|城里|收费站|高铁站|火车站|汽车站|服务区)"
# ...except where the short name is also a prefecture or a province (玉树那边, 河南那边), or
# a town elsewhere (湟中's 共和镇, 乐都's 共和乡).
NEVER_POINTED = frozenset({"玉树", "河南", "海南", "海北", "共和"})
# A town written without 镇/乡 (马坊那边, 官亭喇家村, 默勒牧委会, 寻化街子) names it where
# nothing else does, pointed at or first or last in the address, when the bare name is one
# town's only, no common word (建设, 温泉, 皇城) and no village's (新庄, 东沟, 大庄: every county
# has those).
TOWN_SUFFIX = re.compile("((藏族|回族|蒙古族|土族|撒拉族|哈萨克族)+)?(镇|乡|街道)$")
BARE_TOWN_AT = r"(?=那|这|一带|附近|村|牧委会|社区|新区|街上)"
COMMON_WORD = 50  # times jieba's dictionary has seen a word
VILLAGE_END = "沟庄寨滩坝营堡台河口窑塘店庙厂川岭湾路街城"
ROAD_AFTER = re.compile(r"^[东西南北中]?(路|街|大街|巷|大道|道|小区|广场)")
# Any place name written bare before a street word names a street, as 西宁's streets are named
# after the province's places (冷湖路 in 城西区, not 冷湖); 路边 and 路口 are beside a road there.
STREET_AFTER = re.compile(r"^[东西南北中]?(路(?![边口上旁过段])|街|大街|巷|大道)")
ADMINISTRATIVE_SUFFIX = ("县", "区", "市", "州", "行委", "镇", "乡", "街道", "村")
# A river, lake or mountain named after a county runs beyond it (大通河, 大通山).
NATURE_AFTER = re.compile(r"^(河|湖|山|水库|峡)")
# Where the caller lives (住城西区, 家住大通县).
RESIDENCE = re.compile("(?:住在|家住|居住在|住)$")
# "西宁到湟源的高速": a road between places lies in neither; nor does a place the caller is
# unsure of (平安还是乐都).
ROUTE = re.compile("到|至|往|去|还是|或者|或是")
# The far end of a route that is no place the gazetteer knows: a place written like a name, up to
# where the clause ends or the road is named (同仁到夏河, 格尔木到拉萨, 乐都到平安的高速上; not
# 大通县到现在都没人管, nor a direction: 青石嘴镇往东走一点) ...
ROUTE_ONWARD = re.compile(
    r"^(?:到|至|往)(?![东西南北前后里外上下左右回])[\u4e00-\u9fff]{2,4}?"
    r"(?=$|[，。,；;！!？?\s]|之间|的路|路上|的高速|高速|公路|国道|青藏|线上|[这那]一?段|路段|沿线|方向|一带|走)"
)
# ...the place it runs to from a known one (乐都和平安中间) ...
ROUTE_BETWEEN = re.compile(r"^(?:和|与|跟)[\u4e00-\u9fff]{2,4}?(?=之间|中间)")
# ...its near end written bare (平安到乐都这段) ...
ROUTE_NEAR = re.compile(r"([\u4e00-\u9fff]{2,4})(?:到|至|往|还是|或者|或是)$")
# ...and its near end unknown (从大武往花石峡).
ROUTE_FROM = re.compile(r"(?:从|由)[\u4e00-\u9fff]{2,4}(?:到|至|往)$")
# A bare short name directly followed by a business word is a brand ("祁连养殖场"), not a place.
BRAND_AFTER = re.compile(
    r"^(养殖|光伏|砖厂|洗煤|枸杞|加工|公司|宾馆|饭店|酒店|餐厅|饭馆|拉面|手抓|清真|商贸|超市|商店"
    r"|砂场|石料|水泥|化工|建材|物流|矿业|牧业|乳业|集团|实业|能源|电力|冶炼|砖瓦|牛羊|羊肉|肉联"
    r"|屠宰|商行|洗车|汽修|烧烤|火锅|农家乐|牧家乐|厂|店|馆)"
)
# Full-width letters and digits (Ｇ１０９) as the gazetteer writes them (G109).
FULL_WIDTH = {
    code: code - 0xFEE0
    for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, end + 1)
}
# A hyphen between two characters is a scanned line break (碾伯-镇).
LINE_BREAK_HYPHEN = re.compile("(?<=[\u4e00-\u9fff])[-‐－](?=[\u4e00-\u9fff])")
OTHER_PROVINCE_NAMES = (
    "北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北"
    "|湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|宁夏|新疆"
)
OTHER_PROVINCES = re.compile(f"({OTHER_PROVINCE_NAMES})(省|市|自治区)")
# An address that begins with another province's bare name (安徽淮南大通区, 甘肃张掖) is there,
# unless the name is also one of ours (河南县, 海南州) or a street's, a dish's or a ravine's
# (西藏路, 四川火锅, 江西沟).
OTHER_PROVINCE_FIRST = re.compile(
    f"^(?:中国)?(?!河南|海南)({OTHER_PROVINCE_NAMES})(?!路|街|巷|大道|火锅|菜|饭|人|沟|边)"
)


@dataclass(frozen=True)
class Place:
    """Where a complaint is: county code when known, prefecture code when only that is honest."""

    region_code: str | None
    region_name: str | None
    confidence: float
    reason: str
    level: str = "county"


@dataclass(frozen=True)
class Hit:
    """One place name found in an address."""

    name: str
    # county, prefecture, town, landmark; ambiguous (one name, places in several counties:
    # 八一路), street (a city's street other towns may share, known only with its prefecture:
    # 西宁兴海路) and span (one place across counties: 湟水河, 平安到乐都的路); route (one end
    # unknown: 同仁到夏河), border (on the province's edge: 唐古拉山口) and hint (a weak short
    # name beside an ambiguous place: 平安沙沟乡) only ever narrow or withhold
    kind: str
    codes: tuple[str, ...]


class Gazetteer:
    """Names of one province's prefectures, counties, towns and landmarks, matched longest first."""

    def __init__(self, regions_path: Path = DEFAULT_REGIONS) -> None:
        regions = json.loads(regions_path.read_text("utf-8"))
        self.province = regions["province"]
        self.names: dict[str, str] = {}
        self.parent: dict[str, str] = {}
        entries: dict[str, tuple[str, tuple[str, ...]]] = {}
        for prefecture in regions["prefectures"]:
            code, short = prefecture["code"], prefecture["short_name"]
            self.names[code] = prefecture["name"]
            for alias in (prefecture["name"], short + "市", short + "州"):
                entries.setdefault(alias, ("prefecture", (code,)))
            if short != "海南":  # bare 海南 is the island province
                entries.setdefault(short, ("prefecture", (code,)))
            for county in prefecture["counties"]:
                self.names[county["code"]] = county["name"]
                self.parent[county["code"]] = code
                for alias in county_aliases(county["name"], county["short_name"]):
                    entries[alias] = ("county", (county["code"],))
                entries[short + county["short_name"]] = ("county", (county["code"],))
        extra_path = DATA_DIR / f"gazetteer_{self.province['code']}.json"
        if extra_path.exists():
            extra = json.loads(extra_path.read_text("utf-8"))
            for group, kind in KINDS.items():
                for name, code in extra.get(group, {}).items():
                    entries[name] = (kind, (code,) if isinstance(code, str) else tuple(code))
        self.entries = entries
        alternatives = sorted(entries, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives)))
        self.pointed = {
            county["short_name"]: county["code"]
            for prefecture in regions["prefectures"]
            for county in prefecture["counties"]
            if county["short_name"] in WEAK_SHORT_NAMES - NEVER_POINTED
        }
        self.pointed_pattern = re.compile(
            "(" + "|".join(map(re.escape, self.pointed)) + ")" + POINTED_AT
        )
        self.weak_pattern = re.compile("|".join(map(re.escape, self.pointed)))

    def counties(self, code: str) -> list[str]:
        """The county itself, or every county of a prefecture."""
        if code in self.parent:
            return [code]
        return [county for county, parent in self.parent.items() if parent == code]

    def hits(self, text: str) -> list[Hit]:
        """Return the place names in a text, leftmost-longest, skipping road names; the places
        at both ends of a route (西宁到湟源) become one ambiguous place (one place when both are
        in one county); a route whose other end is unknown adds a `route` hit, and weak short
        names beside an ambiguous place add `hint`s."""
        found: list[Hit] = []
        starts: list[int] = []
        ends: list[int] = []
        for match in self.pattern.finditer(text):
            name = match.group()
            kind, codes = self.entries[name]
            if names_something_else(name, kind, text[match.end() :]):
                continue
            found.append(Hit(name, kind, codes))
            ends.append(match.end())
            starts.append(match.start())
        found, starts, ends = away_from_home(text, found, starts, ends)
        for i in range(len(found) - 1):
            if ROUTE.fullmatch(text[ends[i] : starts[i + 1]]):
                return [self.route(found[i], found[i + 1]), *found[:i], *found[i + 2 :]]
        for i, hit in enumerate(found):
            onward = ROUTE_ONWARD.match(text[ends[i] :]) or ROUTE_BETWEEN.match(text[ends[i] :])
            if onward and (i + 1 == len(found) or starts[i + 1] >= ends[i] + onward.end()):
                far = self.route_ends.get(onward.group()[1:])
                if far:
                    return [
                        self.route(hit, Hit(onward.group()[1:], "town", (far,))),
                        *found[:i],
                        *found[i + 1 :],
                    ]
                found.append(Hit(hit.name + onward.group(), "route", hit.codes))
                break
            near = ROUTE_NEAR.search(text[: starts[i]])
            end = near.end(1) if near else 0
            for at in range(near.start(1), end - 1) if near else ():
                name = text[at:end]
                if name in self.route_ends and (i == 0 or ends[i - 1] <= at):
                    near_hit = Hit(name, "town", (self.route_ends[name],))
                    return [self.route(near_hit, hit), *found[:i], *found[i + 1 :]]
            before = ROUTE_FROM.search(text[: starts[i]])
            if before and (i == 0 or ends[i - 1] <= before.start()):
                found.append(Hit(before.group() + hit.name, "route", hit.codes))
                break
        if all(h.kind == "prefecture" for h in found):
            return found + self.weak_hits(text)  # 海东市甘都黄河边: the town in the prefecture
        if any(h.kind in ("ambiguous", "span") for h in found):
            # 平安沙沟乡: a weak short name may still say which of the places so named is meant
            spans = list(zip(starts, ends, strict=True))
            for match in self.weak_pattern.finditer(text):
                if not any(start <= match.start() < end for start, end in spans):
                    found.append(Hit(match.group(), "hint", (self.pointed[match.group()],)))
        return found

    def weak_hits(self, text: str) -> list[Hit]:
        """Where a text names no place outright: a road between weak names (瞿昙到平安), weak
        short names pointed at (平安那个加油站), or else towns written bare (BARE_TOWN_AT)."""
        roads = [
            self.route(*(Hit(name, "town", (self.route_ends[name],)) for name in match.groups()))
            for match in self.weak_road_pattern.finditer(text)
        ]
        pointed = [
            Hit(match.group(), "county", (self.pointed[match.group()],))
            for match in self.pointed_pattern.finditer(text)
        ]
        return (
            roads
            or pointed
            or [
                Hit(name, "town", (self.bare_towns[name],))
                for match in self.bare_town_pattern.finditer(text)
                if not bare_name_something_else(text[match.end() :])
                for name in [match.group("first") or match.group("pointed")]
            ]
        )

    def route(self, near: Hit, far: Hit) -> Hit:
        """The road between two places: in their county when both are in one (结古到巴塘机场),
        else in any county of either."""
        ends_codes = near.codes + far.codes
        codes = tuple(dict.fromkeys(c for code in ends_codes for c in self.counties(code)))
        return Hit(near.name + "—" + far.name, "landmark" if len(codes) == 1 else "span", codes)

    @cached_property
    def route_ends(self) -> dict[str, str]:
        """Places by a name too weak to stand alone that still ends a route (平安到乐都, 大华镇往
        日月方向): weak county short names and towns written bare, each one county's only."""
        codes: dict[str, set[str]] = {}
        for name, (kind, (code, *_)) in self.entries.items():
            if kind == "town":
                codes.setdefault(TOWN_SUFFIX.sub("", name), set()).add(code)
        bare = {name: code for name, (code, *others) in codes.items() if not others}
        return {**bare, **self.pointed}

    @cached_property
    def weak_road_pattern(self) -> re.Pattern[str]:
        """A road between two places each written by a weak name (瞿昙到平安的山路上)."""
        names = "|".join(map(re.escape, sorted(self.route_ends, key=len, reverse=True)))
        return re.compile(f"({names})(?:到|至|往|还是|或者|或是)({names})")

    @cached_property
    def bare_towns(self) -> dict[str, str]:
        """Towns by a bare name that is theirs alone and no common word or village name."""
        words = tokenizer()
        words.check_initialized()
        return {
            bare: code
            for bare, code in self.route_ends.items()
            if bare not in self.pointed
            and len(bare) >= 2
            and bare not in self.entries
            and bare not in WEAK_SHORT_NAMES
            and bare[-1] not in VILLAGE_END
            and words.FREQ.get(bare, 0) < COMMON_WORD
        }

    @cached_property
    def bare_town_pattern(self) -> re.Pattern[str]:
        """Bare town names first or last in a text or after its prefecture (海东市甘都), or
        pointed at (BARE_TOWN_AT)."""
        names = "|".join(map(re.escape, sorted(self.bare_towns, key=len, reverse=True)))
        return re.compile(
            f"(?:^|(?<=[市州]))(?P<first>{names})|(?P<pointed>{names})(?:{BARE_TOWN_AT}|$)"
        )

    @cached_property
    def by_sound(self) -> dict[tuple[str, ...], str]:
        """Names of SOUNDED_NAME characters or more by each way they may be read; a sound two
        places share is left out (two spellings of one place, 察汗乌苏镇 and 察汉乌苏镇, keep
        it)."""
        by_sound: dict[tuple[str, ...], str | None] = {}
        for name in self.entries:
            if len(name) >= SOUNDED_NAME:
                for key in name_sounds(name):
                    known = by_sound.get(key, name)
                    one_place = known and self.entries[known] == self.entries[name]
                    by_sound[key] = known if one_place else None
        return {key: name for key, name in by_sound.items() if name}

    @cached_property
    def sound_lengths(self) -> list[int]:
        """The lengths of the sounded names, longest first."""
        return sorted({len(key) for key in self.by_sound}, reverse=True)

    def sounded_hits(self, text: str) -> list[Hit]:
        """The places whose names sound like part of the text, leftmost-longest (黄源县城: 湟源县);
        a name two places share the sound of is never taken."""
        sounds = sound(text)
        found: list[Hit] = []
        at = 0
        while at < len(text):
            for size in self.sound_lengths:
                name = self.by_sound.get(sounds[at : at + size])
                written = text[at : at + size]
                # A name misheard keeps its last character (黄源县, 瞿坛寺; not 建设项 for 建设乡),
                # and one written right but passed over by `hits` (格尔木河) stays passed over.
                if not name or written == name or written[-1] != name[-1]:
                    continue
                kind, codes = self.entries[name]
                if not names_something_else(name, kind, text[at + size :]):
                    found.append(Hit(name, kind, codes))
                    at += size
                    break
            else:
                at += 1
        return found


@lru_cache(maxsize=1)
def _readings() -> dict[str, tuple[str, ...]]:
    """Each character's readings without their tones, the commonest first (湟: huang, kuang)."""
    readings = {}
    for code, pinyin in pinyin_dict.items():
        toneless = (
            "".join(c for c in unicodedata.normalize("NFD", p) if not unicodedata.combining(c))
            for p in pinyin.split(",")
        )
        readings[chr(code)] = tuple(dict.fromkeys(toneless))
    return readings


def sound(text: str) -> tuple[str, ...]:
    """The text as toneless syllables, each character by its commonest reading; a character
    without one stands for itself."""
    readings = _readings()
    return tuple(readings[c][0] if c in readings else c for c in text)


def name_sounds(name: str, most: int = 16) -> list[tuple[str, ...]]:
    """The ways a name may be read, each character by either of its two commonest readings
    (卜 in 恰卜恰 is bo or bu; rarer ones, such as 省 read xian, make false friends), up to
    `most` ways."""
    readings = _readings()
    ways: list[tuple[str, ...]] = [()]
    for c in name:
        ways = [(*w, r) for w in ways for r in readings.get(c, (c,))[:2]][:most]
    return ways


def away_from_home(
    text: str, found: list[Hit], starts: list[int], ends: list[int]
) -> tuple[list[Hit], list[int], list[int]]:
    """The places found, without where the caller lives when the text names another county
    (住城西区，投诉的是湟中李家山镇的砖厂): where one lives says where only when nothing else
    does."""
    home = [bool(RESIDENCE.search(text[:start])) for start in starts]
    home_codes = {c for hit, there in zip(found, home, strict=True) if there for c in hit.codes}
    elsewhere = {
        c
        for hit, there in zip(found, home, strict=True)
        if not there and hit.kind in PLACE_KINDS
        for c in hit.codes
    }
    if not elsewhere or elsewhere & home_codes:
        return found, starts, ends
    kept = [i for i, there in enumerate(home) if not there]
    return [found[i] for i in kept], [starts[i] for i in kept], [ends[i] for i in kept]


def names_something_else(name: str, kind: str, after: str) -> bool:
    """Whether a place name, by what follows it, is part of a road's, a business's or a river's
    name (互助路, 祁连养殖场, 大通河, 冷湖路) rather than the place."""
    if is_bare(name, kind) and bare_name_something_else(after):
        return True
    return not name.endswith(ADMINISTRATIVE_SUFFIX) and bool(STREET_AFTER.match(after))


def bare_name_something_else(after: str) -> bool:
    """Whether a name written without its suffix begins a road's, business's or river's name."""
    return bool(ROAD_AFTER.match(after) or BRAND_AFTER.match(after) or NATURE_AFTER.match(after))


def is_bare(name: str, kind: str) -> bool:
    """A county or prefecture written without its administrative suffix."""
    return kind in ("county", "prefecture") and not name.endswith(("县", "区", "市", "州", "行委"))


def is_street(hit: Hit) -> bool:
    """A street or road: the same name runs through many towns."""
    return hit.kind == "landmark" and hit.name.endswith(("路", "街"))


def outranked(hits: list[Hit]) -> list[Hit]:
    """Drop bare short names and street names that disagree with a county written with its
    suffix (格尔木市八一路 is in 格尔木, whatever 八一路 means in 西宁); a landmark that
    disagrees (城东区塔尔寺) still makes the place unsure."""
    suffixed = {
        c for h in hits if h.kind == "county" and not is_bare(h.name, "county") for c in h.codes
    }
    if not suffixed:
        return hits
    return [
        h for h in hits if set(h.codes) & suffixed or not (is_bare(h.name, h.kind) or is_street(h))
    ]


def county_aliases(name: str, short: str) -> list[str]:
    """Every way a county is written: full name, short name with suffix, bare short name."""
    aliases = [name]
    suffix = name[-1] if name[-1] in "县区市" else ""
    if suffix:
        aliases.append(short + suffix)
    if name.endswith("自治县"):
        aliases.append(short + "县")
    if short not in WEAK_SHORT_NAMES:
        aliases.append(short)
    return aliases


@lru_cache(maxsize=1)
def _simplifier() -> OpenCC:
    return OpenCC("t2s")


def as_gazetteer_writes(text: str) -> str:
    """A text without spaces, in simplified characters and half-width letters and digits, as
    places are written in the gazetteer (海東 樂都區 is 海东乐都区; scanned letters and visitors
    write traditional characters), a scanned line break's hyphen dropped."""
    joined = LINE_BREAK_HYPHEN.sub("", re.sub(r"\s+", "", text))
    return _simplifier().convert(joined.translate(FULL_WIDTH))


@lru_cache(maxsize=4)
def default_gazetteer(regions_path: Path = DEFAULT_REGIONS) -> Gazetteer:
    """Gazetteer for one province, built once."""
    return Gazetteer(regions_path)


def _from_hits(gazetteer: Gazetteer, hits: list[Hit]) -> Place:
    routes = [h for h in hits if h.kind == "route"]
    borders = [h for h in hits if h.kind == "border"]
    hits = [h for h in hits if h.kind not in ("route", "border")]
    suffixed = {
        c for h in hits if h.kind == "county" and not is_bare(h.name, h.kind) for c in h.codes
    }
    if any(not set(r.codes) <= suffixed for r in routes):
        # a route within a county written with its suffix (湟中区多巴镇到甘河的路上) is in it
        return Place(None, None, 0.0, f"{routes[0].name}：路线的另一端不明，无法确定县区", "none")
    if borders and not hits:
        # 皇城乡 alone may be 甘肃肃南's 皇城镇 across the border; 门源皇城乡 is 门源's, and in
        # 湟中区多巴镇“尕海烤肉” the border's name is a shop's
        return Place(
            None, None, 0.0, f"{borders[0].name}在省界上，两侧地名相同或相连，无法确定县区", "none"
        )
    hits = outranked(hits)
    prefectures = {h.codes[0] for h in hits if h.kind == "prefecture"}
    homonyms = {code for h in hits if h.kind == "ambiguous" for code in h.codes}
    streets = {code for h in hits if h.kind == "street" for code in h.codes}
    spans = {code for h in hits if h.kind == "span" for code in h.codes}
    hints = {code for h in hits if h.kind == "hint" for code in h.codes}
    # A weak short name says which of the places so named, or which stretch, is meant (平安沙沟乡,
    # 平安湟水河段); a prefecture only which of the places so named (西宁市八一路): a place across
    # counties (海北州木里矿区, 黄南州李家峡) stays across them, its part in the prefecture named.
    narrowed = (homonyms | spans) & hints or {
        c for c in homonyms | streets if gazetteer.parent[c] in prefectures
    }
    hits = [h for h in hits if h.kind != "hint" or set(h.codes) & narrowed]
    named = {code for h in hits if h.kind in PLACE_KINDS for code in h.codes}
    named = named or narrowed
    spans = {c for c in spans if gazetteer.parent[c] in prefectures} or spans
    ambiguous = narrowed or homonyms | spans
    evidence = "、".join(h.name for h in hits)
    if len(named) == 1:
        code = named.pop()
        if prefectures and gazetteer.parent[code] not in prefectures:
            return Place(None, None, 0.0, f"地名互相矛盾（{evidence}），需人工确认", "none")
        strong = any(h.kind == "county" for h in hits)
        return Place(code, gazetteer.names[code], 0.95 if strong else 0.85, f"依据：{evidence}")
    candidates = named or ambiguous
    parents = {gazetteer.parent[c] for c in candidates} | prefectures
    if len(parents) == 1 and (candidates or prefectures):
        code = parents.pop()
        why = (
            "跨多个县区"
            if spans
            else "在多个县区都有同名地点"
            if len(candidates) > 1
            else "未写明县区"
        )
        return Place(
            code, gazetteer.names[code], 0.6, f"{evidence}{why}，只能确定到市州", "prefecture"
        )
    if candidates:
        return Place(None, None, 0.0, f"{evidence}可能属于多个县区，无法确定", "none")
    return Place(None, None, 0.0, "地址中没有可识别的本省地名", "none")


def _read(gazetteer: Gazetteer, clean: str, what: str = "") -> tuple[list[Hit], Place]:
    """The places a text names as written, or else by their sound where what is written names
    no county (格尔母市昆仑路: 昆仑路 runs through 西宁 and 格尔木), and where that puts it."""
    hits = gazetteer.hits(clean)
    as_written = _from_hits(gazetteer, hits)
    if as_written.level == "county" or not (heard := gazetteer.sounded_hits(clean)):
        return hits, as_written
    by_ear = _from_hits(gazetteer, hits + heard)
    if hits and by_ear.level != "county":
        return hits, as_written  # a sound may settle what is written, never unsettle it
    return hits + heard, Place(
        by_ear.region_code,
        by_ear.region_name,
        round(by_ear.confidence * 0.8, 2),
        f"{what}写法与地名不同，按读音认作{'、'.join(h.name for h in heard)}"
        + ("，请核对" if by_ear.level == "county" else "；" + by_ear.reason),
        by_ear.level,
    )


def locate(
    address: str,
    text: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    *,
    regions_path: Path = DEFAULT_REGIONS,
) -> Place:
    """Return the county (or honest prefecture / null) of a complaint's address, text or GPS."""
    gazetteer = default_gazetteer(regions_path)
    clean = as_gazetteer_writes(address)
    province = gazetteer.province
    foreign = OTHER_PROVINCES.search(clean) or OTHER_PROVINCE_FIRST.match(clean)
    if foreign and province["short_name"] not in clean[: foreign.start()]:
        return Place(None, None, 0.0, f"地址在{foreign.group()}，不属本省", "none")
    address_hits, place = _read(gazetteer, clean, "地址")
    # Text is read only when the address names no place at all: it must never contradict one.
    if not address_hits and text:
        from_text = _read(gazetteer, as_gazetteer_writes(text))[1]
        if from_text.level == "county":
            place = Place(
                from_text.region_code,
                from_text.region_name,
                0.6,
                "地址未写明，正文" + from_text.reason,
            )
    if latitude is None or longitude is None:
        return place
    return _with_gps(gazetteer, place, county_shapes(regions_path), latitude, longitude)


def _with_gps(
    gazetteer: Gazetteer,
    place: Place,
    shapes: CountyShapes | None,
    latitude: float,
    longitude: float,
) -> Place:
    if shapes is None:
        return place
    code, exact = shapes.county_at(latitude, longitude)
    if code is None:
        return place
    how = "坐标落在县界内" if exact else "坐标不在任何县界内，取最近的县域（低可信）"
    if place.level == "county":
        if place.region_code == code:
            return Place(code, place.region_name, 0.99, place.reason + "；" + how)
        return Place(
            place.region_code,
            place.region_name,
            0.5,
            place.reason + f"；但坐标在{gazetteer.names[code]}，需人工确认",
        )
    if place.level == "prefecture" and gazetteer.parent[code] != place.region_code:
        return place
    return Place(code, gazetteer.names[code], 0.85 if exact else 0.3, how)
