"""Deterministic generator of a year of realistic demo complaints for Qinghai (no Django)."""

import bisect
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from demo import phrases as P

SHANGHAI = ZoneInfo("Asia/Shanghai")

FIELDS = ("air", "water", "noise", "solid_waste", "ecology", "radiation", "other")
CHANNEL_WEIGHTS = {"hotline_12369": 30, "wechat": 25, "web": 12, "hotline_12345": 12}
CHANNEL_WEIGHTS |= {"national_system": 8, "letter": 5, "petition_bureau": 4, "visit": 4}
ANONYMOUS_SHARE = {"visit": 0.02, "petition_bureau": 0.05, "national_system": 0.1, "letter": 0.3}
EARLY_OUTCOMES = ("registered", "accepted", "declined", "forwarded", "handling", "extended")
LATE_OUTCOMES = ("replied", "concluded", "satisfied", "reviewed", "archived", "merged")
OUTCOMES = EARLY_OUTCOMES + LATE_OUTCOMES
REPLIED_OUTCOMES = frozenset({"replied", "concluded", "satisfied", "reviewed", "archived"})
RATED_OUTCOMES = frozenset({"satisfied", "reviewed", "archived"})
MONTH_WEIGHT = (0.6, 0.55, 0.8, 1.0, 1.2, 1.5, 1.7, 1.6, 1.2, 1.0, 0.8, 0.7)  # January first
# Hour of receipt from midnight: daytime and evening dominate.
HOUR_WEIGHT: tuple[float, ...] = (
    *(0.4, 0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8),
    *(2, 3, 3, 2.5, 1.5, 1.5, 2, 2.5),
)
HOUR_WEIGHT = (*HOUR_WEIGHT, *(2.5, 2, 1.5, 2, 2, 1.8, 1.4, 0.8))
# Progress by age in days: (upper bound, {outcome: weight}); older cases are further along.
PROGRESS = (
    (3, {"registered": 5, "accepted": 4, "forwarded": 1}),
    (10, {"registered": 1, "accepted": 3, "forwarded": 3, "handling": 3}),
    (25, {"accepted": 1, "forwarded": 2, "handling": 5, "extended": 0.3, "replied": 1.5}),
    (45, {"handling": 3.5, "extended": 1, "replied": 3, "concluded": 2.5}),
    (
        90,
        {"handling": 0.5, "extended": 1, "replied": 1.5, "concluded": 3, "satisfied": 3}
        | {"reviewed": 0.3, "archived": 0.7},
    ),
    (10**6, {"concluded": 1, "satisfied": 3, "reviewed": 0.6, "archived": 5.4}),
)
PHONE_PREFIXES = tuple(f"1{n}" for n in (30, 31, 33, 35, 37, 38, 39, 50, 51, 52, 53, 55, 56, 57))
PHONE_PREFIXES += tuple(f"1{n}" for n in (58, 77, 80, 82, 86, 87, 88, 89, 99))
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True, slots=True)
class DemoComplaint:
    """One demo 信访投诉事项 with how far the demo should drive it."""

    content: str
    address: str
    county_code: str
    latitude: float | None
    longitude: float | None
    fields: tuple[str, ...]
    subcategory: str
    track: str
    channel: str
    received_at: datetime
    anonymous: bool
    petitioner_name: str | None
    petitioner_phone: str | None
    petitioner_id_number: str | None
    outcome: str
    repeat_of: int | None
    decline_reason: str | None
    finding: str | None
    measures: str | None
    reply: str | None
    satisfaction: str | None


@dataclass(frozen=True, slots=True)
class County:
    """A county as people write it in addresses, with its prefecture and local knowledge."""

    code: str
    name: str
    prefecture_code: str
    prefecture: str
    place: P.Place


@dataclass(frozen=True, slots=True)
class Matter:
    """What is complained about and where; a repeat complaint reuses the matter of the original."""

    county: County
    subcategory: str
    fields: tuple[str, ...]
    track: str
    site: str
    group: int
    problem: int
    project: str
    town: str
    spot: str
    river: str
    reserve: str
    address: str
    herder: bool


@dataclass(frozen=True, slots=True)
class Petitioner:
    """A fake person who may complain more than once."""

    name: str
    phone: str
    id_number: str | None


def id_check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def load_counties(regions_file: Path) -> list[County]:
    """Read the counties of the province file, named the way addresses write them."""
    data = json.loads(regions_file.read_text(encoding="utf-8"))
    counties = []
    for pref in data["prefectures"]:
        pref_name = pref["short_name"] + "州" if pref["name"].endswith("自治州") else pref["name"]
        for c in pref["counties"]:
            name = c["name"]
            if name.endswith("自治县"):
                name = c["short_name"] + "县"
            elif name.endswith("行政委员会"):
                name = c["short_name"] + "行委"
            counties.append(County(c["code"], name, pref["code"], pref_name, P.PLACES[c["code"]]))
    return counties


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _received_times(rng: random.Random, start: date, end: date, count: int) -> list[datetime]:
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    picked = rng.choices(days, weights=[MONTH_WEIGHT[d.month - 1] for d in days], k=count)
    hours = rng.choices(range(24), weights=HOUR_WEIGHT, k=count)
    return sorted(
        datetime.combine(d, time(h, rng.randrange(60), rng.randrange(60)), tzinfo=SHANGHAI)
        for d, h in zip(picked, hours, strict=True)
    )


def _groups(spec: dict) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """Sites and the problems that fit them, with the county kinds they occur in."""
    return spec.get("groups") or (("UAPI", spec["sites"], spec["problems"]),)


def _new_matter(rng: random.Random, county: County) -> Matter:
    kind = P.KINDS.index(county.place.kind)
    field_roll = rng.random()
    town = rng.choice(county.place.towns)
    river = rng.choice(county.place.waters)
    fill = {
        "brand": rng.choice(P.BRANDS),
        "co": rng.choice(P.COMPANIES),
        "town": town,
        "where": town,
        "river": river,
    }
    fields: tuple[str, ...]
    if field_roll < 0.1:
        subs = {k: v["w"][kind] for k, v in P.OTHER_SUBCATEGORIES.items()}
        sub, fields, track = _weighted(rng, subs), ("other",), "petition"
        site = rng.choice(P.OTHER_SITES).format(**fill)
        group_index, problem = 0, rng.randrange(len(P.OTHER_SUBCATEGORIES[sub]["texts"]))
    else:
        sub = _weighted(rng, {k: v["w"][kind] for k, v in P.SUBCATEGORIES.items()})
        spec = P.SUBCATEGORIES[sub]
        fields = (spec["field"],)
        if spec["secondary"] and rng.random() < 0.12:
            fields += (rng.choice(spec["secondary"]),)
        track = (
            "petition"
            if rng.random() < 0.06 or (spec["field"] == "radiation" and rng.random() < 0.3)
            else "report"
        )
        usable = [g for g in _groups(spec) if county.place.kind in g[0]] or list(_groups(spec))
        group = usable[rng.randrange(len(usable))]
        site = rng.choice(group[1]).format(**fill)
        group_index = _groups(spec).index(group)
        problem = rng.randrange(len(group[2]))
    pastoral = county.place.kind == "P"
    if county.place.kind == "U" and not town.endswith(("镇", "乡")):
        spot = rng.choice(P.ESTATES) + rng.choice(P.ESTATE_SUFFIXES)
    elif town.endswith(("园", "区")):
        spot = ""
    else:
        spot = rng.choice(P.VILLAGES_HERD if pastoral else P.VILLAGES_FARM) + "村"
    placed = fields != ("other",) and site not in P.ACTOR_SITES
    address = _address(rng, county, town, spot, river, site if placed else "")
    herder = pastoral and fields[0] in ("ecology", "water", "solid_waste") and rng.random() < 0.7
    reserve = rng.choice(P.RESERVES[county.prefecture_code])
    project = rng.choice(P.PROJECTS)
    return Matter(
        county,
        sub,
        fields,
        track,
        site,
        group_index,
        problem,
        project,
        town,
        spot,
        river,
        reserve,
        address,
        herder,
    )


def _address(
    rng: random.Random, county: County, town: str, spot: str, river: str, site: str
) -> str:
    roll = rng.random()
    prefix = (
        county.prefecture + county.name
        if rng.random() < 0.6 or county.place.kind == "U"
        else county.name
    )
    if roll < 0.12:
        return rng.choice(
            (f"{county.name}{town}附近", f"{county.name}{river}边上", f"{county.name}一带")
        )
    if roll < 0.3 and site and len(site) < 14:
        return f"{prefix}{town}{spot}{site}"
    if spot.endswith(tuple(P.ESTATE_SUFFIXES)) and roll < 0.7:
        return f"{prefix}{town}{spot}{rng.randint(1, 24)}号楼"
    return f"{prefix}{town}{spot}"


def _slots(rng: random.Random, matter: Matter, received: datetime) -> dict[str, object]:
    earlier = received - timedelta(days=rng.randint(2, 60))
    where = matter.town + matter.spot if rng.random() < 0.6 or not matter.spot else matter.spot
    return {
        "town": matter.town,
        "village": matter.spot.removesuffix("村") or rng.choice(P.VILLAGES_HERD),
        "where": where,
        "site": matter.site,
        "river": matter.river,
        "reserve": matter.reserve,
        "county": matter.county.name,
        "project": matter.project,
        "m": earlier.month,
        "d": earlier.day,
        "h": rng.choice((10, 11, 12, 1, 2)),
        "dist": rng.choice((20, 30, 50, 80, 100, 200, 500)),
    }


def _compose(
    rng: random.Random, matter: Matter, received: datetime, channel: str, repeat: bool
) -> str:
    slots = _slots(rng, matter, received)
    field = matter.fields[0]
    opener = rng.choice(P.HERDER_OPENERS if matter.herder else P.OPENERS).format(**slots)
    if field == "other":
        other = P.OTHER_SUBCATEGORIES[matter.subcategory]
        body = other["texts"][matter.problem].format(**slots)
        closer = rng.choice(other["closers"])
        stop = rng.choice(("。", "，", "！")) if closer else rng.choice(("。", "！", ""))
        text = rng.choice(other["openers"]).format(**slots) + body + stop + closer
        return _roughen(rng, text, channel)
    spec = P.SUBCATEGORIES[matter.subcategory]
    group = _groups(spec)[matter.group][2]
    problems = [group[matter.problem]]
    problems += rng.sample([p for p in group if p != problems[0]], k=min(1, len(group) - 1))
    nightly = field in ("air", "noise", "water")  # night-time details only fit these
    when = rng.choice([t for t in P.TIMES if nightly or "晚上" not in t]).format(**slots)
    angry = rng.random() < 0.15
    end = "！" if angry else "。"
    style = rng.choices(("short", "medium", "long"), weights=(25, 50, 25))[0]
    marker = rng.choice(P.REPEAT_MARKERS) if repeat else ""
    if style == "short":
        text = marker + problems[0].format(**slots) + end
        if rng.random() < 0.6:
            text += rng.choice(P.DEMANDS) + rng.choice(("。", "！", ""))
        return _roughen(rng, text, channel)
    home = ""
    if style == "long" and matter.spot and rng.random() < 0.5:
        home = f"我家就住在{matter.county.name}{matter.town}{matter.spot}，"
    parts = [opener + marker + home + when + "，" + problems[0].format(**slots)]
    if style == "long":
        # A second mention of the site at the start of a clause reads better as a pronoun.
        pronoun = {"site": rng.choice(("他们", "他们", "对方"))}
        parts += [
            p.format(**(slots | pronoun if p.startswith("{site}") else slots)) for p in problems[1:]
        ]
    for extra in matter.fields[1:]:
        parts.append(rng.choice(P.EXTRA_BY_FIELD[extra]))
    parts.append(rng.choice(P.CONSEQUENCES[field]))
    if not repeat and rng.random() < (0.6 if style == "long" else 0.15):
        urban = matter.county.place.kind == "U"
        history = [h for h in P.HISTORY if not (urban and "村" in h)]
        parts.append(rng.choice(history).format(**slots))
    text = "，".join(parts) + end
    if angry:
        text += rng.choice(P.ANGRY)
    text += rng.choice(P.DEMANDS) + rng.choice(("。", "！", "，")) + rng.choice(P.CLOSERS)
    return _roughen(rng, text, channel)


def _roughen(rng: random.Random, text: str, channel: str) -> str:
    if channel.startswith("hotline") and rng.random() < 0.4:
        text = rng.choice(P.HOTLINE_PREFIXES) + text
    if rng.random() < 0.15:
        for right, wrong in rng.sample(P.TYPOS, k=3):
            text = text.replace(right, wrong, 1)
    if rng.random() < 0.08:
        text = text.replace("，", " ").replace("。", " ").strip()
    return text


def _outcome(rng: random.Random, age_days: float) -> str:
    if age_days >= 2 and rng.random() < 0.03:
        return "declined"
    if age_days >= 75 and rng.random() < 0.045:
        return "handling"
    return _weighted(rng, next(w for bound, w in PROGRESS if age_days < bound))


def _petitioner(
    rng: random.Random, county: County, pool: dict[str, list[Petitioner]], channel: str
) -> Petitioner:
    known = pool.setdefault(county.code, [])
    if known and rng.random() < 0.15:
        return rng.choice(known)
    if county.place.kind == "P" and rng.random() < 0.7:
        name = "".join(rng.sample(P.TIBETAN_NAMES, k=2 if rng.random() < 0.4 else 1))
    else:
        name = rng.choice(P.SURNAMES) + rng.choice(P.GIVEN)
    phone = rng.choice(PHONE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    id_number = None
    if rng.random() < (0.5 if channel in ("visit", "letter", "petition_bureau") else 0.08):
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(50 * 365))
        first17 = f"{county.code}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        id_number = first17 + id_check_digit(first17)
    person = Petitioner(name, phone, id_number)
    known.append(person)
    return person


def _measures(rng: random.Random, matter: Matter, finding: str | None) -> tuple[str, float | None]:
    """Return what the bureau did and the fine in 10,000 yuan, if any."""
    if finding is None:
        return P.OTHER_MEASURES[matter.subcategory], None
    spec = P.SUBCATEGORIES[matter.subcategory]
    if spec.get("complies"):
        return "现场检查；委托监测；" + spec["remedy"], None
    if finding == "不属实":
        return "现场检查；开展监督性监测；向信访人做好解释", None
    fine = rng.choice(P.FINES) if spec.get("fine", True) and finding == "属实" else None
    text = "现场检查；" + spec["remedy"]
    return (f"{text}；立案处罚，罚款{fine:g}万元" if fine else text), fine


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _reply(
    rng: random.Random, matter: Matter, name: str | None, received: datetime, channel: str,
    finding: str | None, fine: float | None, replied: date,
) -> str:  # fmt: skip
    """Write the bureau's formal answer to the petitioner, naming the place and what was found."""
    county = matter.county
    short = county.name.removesuffix("行委") if county.name.endswith("行委") else county.name[:-1]
    visited = received.date() + timedelta(days=rng.randint(1, 4))
    slots: dict[str, object] = {
        "asked": f"您于{_cn_date(received.date())}{P.CHANNEL_VIA[channel]}反映",
        "place": f"{county.name}{matter.town}{matter.spot}",
        "county": county.name, "site": matter.site, "project": matter.project,
        "upper": f"{county.prefecture}生态环境局", "visited": f"{visited.month}月{visited.day}日",
    }  # fmt: skip
    if matter.fields[0] == "other":
        body = P.OTHER_REPLIES[matter.subcategory].format(**slots)
    else:
        spec = P.SUBCATEGORIES[matter.subcategory]
        slots |= {
            "issue": spec["issue"],
            "partner": spec.get("partner", P.PARTNERS[matter.fields[0]]),
        }
        slots |= {"observed": spec["observed"], "remedy": spec["remedy"], "finding": finding}
        body = P.REPLY_INSPECTED.format(**slots)
        if spec.get("complies"):
            body += P.REPLY_COMPLIES.format(**slots)
        elif finding == "不属实":
            body += P.REPLY_UNFOUNDED.format(ok=P.OK_FINDINGS[matter.fields[0]], **slots)
        else:
            body += P.REPLY_FOUNDED.format(**slots)
            body += f"，并依法立案处罚，罚款{fine:g}万元。" if fine else "。"
            body += "下一步将加强日常巡查，防止问题反弹。"
    body += "\n" + P.REPLY_THANKS
    if matter.subcategory not in ("政策建议", "表扬感谢"):
        body += P.REPLY_REVIEW.format(**slots)
    head = f"{name}同志：" if name else "信访人："
    unit = f"{county.prefecture}生态环境局{short}分局"
    return f"{head}\n{body}\n{unit}\n{_cn_date(replied)}"


def _resolution(
    rng: random.Random, matter: Matter, outcome: str, name: str | None, received: datetime,
    channel: str, end: date,
) -> tuple[str | None, str | None, str | None, str | None]:  # fmt: skip
    """Return finding, measures, reply and satisfaction as far as the outcome has got."""
    finding = measures = reply = None
    if outcome in REPLIED_OUTCOMES:
        if matter.fields[0] != "other":
            finding = _weighted(rng, {"属实": 55, "部分属实": 25, "不属实": 20})
            finding = "不属实" if P.SUBCATEGORIES[matter.subcategory].get("complies") else finding
        measures, fine = _measures(rng, matter, finding)
        replied = received.date() + timedelta(days=rng.randint(12, 55))
        replied = min(replied, end - timedelta(days=1))
        reply = _reply(rng, matter, name, received, channel, finding, fine, replied)
    satisfaction = None
    if outcome in RATED_OUTCOMES:
        satisfaction = _weighted(rng, P.SATISFACTION[outcome])
    return finding, measures, reply, satisfaction


def _coordinates(rng: random.Random, county: County) -> tuple[float | None, float | None]:
    """Return a point roughly inside the county for about 30% of complaints, else nothing."""
    if rng.random() >= 0.3:
        return None, None
    spread = 0.35 if county.place.kind == "P" else 0.08
    lat = round(county.place.lat + rng.uniform(-spread, spread), 6)
    return lat, round(county.place.lon + rng.uniform(-spread, spread), 6)


def _repeat_candidates(items: list[DemoComplaint], received: datetime) -> list[int]:
    """Indexes of reports of the last 120 days that a new complaint may repeat; items are sorted."""
    window = timedelta(days=120)
    first = bisect.bisect_left(items, received - window, key=lambda c: c.received_at)
    recent = range(first, len(items))
    return [i for i in recent if items[i].track == "report" and items[i].outcome != "merged"]


def _unique_content(
    rng: random.Random, matter: Matter, received: datetime, channel: str, repeat: bool,
    seen: set[str],
) -> str:  # fmt: skip
    """Compose until the text is new; a hotline-style time stamp settles rare collisions."""
    for attempt in range(40):
        content = _compose(rng, matter, received, channel, repeat)
        if attempt >= 20:
            content = f"（{received.hour}时{received.minute}分{received.second}秒记录）{content}"
        if content not in seen:
            seen.add(content)
            return content
    raise RuntimeError("phrase banks too small for the requested count")


def generate_year(
    *, seed: int = 2026, start: date, end: date, regions_file: Path, count: int = 1200
) -> list[DemoComplaint]:
    """Return `count` complaints received in [start, end), oldest first, fixed by the seed."""
    if end <= start:
        raise ValueError(f"empty period: {start} to {end}")
    rng = random.Random(seed)
    counties = load_counties(regions_file)
    weights = [P.TOWN_COUNTY_WEIGHT[c.place.kind] for c in counties]
    draws = counties + rng.choices(counties, weights=weights, k=max(count - len(counties), 0))
    rng.shuffle(draws)
    # The first draw of each county is never turned into a repeat, so every county appears.
    first_draw = {c.code: i for i, c in reversed(list(enumerate(draws)))}
    end_at = datetime.combine(end, time(0), tzinfo=SHANGHAI)
    pool: dict[str, list[Petitioner]] = {}
    matters: list[Matter] = []
    items: list[DemoComplaint] = []
    seen: set[str] = set()
    for i, received in enumerate(_received_times(rng, start, end, count)):
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        earlier = _repeat_candidates(items, received)
        repeat_of = None
        if earlier and first_draw[draws[i].code] != i and rng.random() < 0.045:
            repeat_of = rng.choice(earlier)
        matter = matters[repeat_of] if repeat_of is not None else _new_matter(rng, draws[i])
        content = _unique_content(rng, matter, received, channel, repeat_of is not None, seen)
        age = (end_at - received).total_seconds() / 86400
        outcome = "merged" if repeat_of is not None else _outcome(rng, age)
        if matter.subcategory == "表扬感谢":  # thanks are neither declined, extended nor appealed
            outcome = {"declined": "accepted", "extended": "handling", "reviewed": "archived"}.get(
                outcome, outcome
            )
        anonymous = rng.random() < ANONYMOUS_SHARE.get(channel, 0.3)
        person = None if anonymous else _petitioner(rng, matter.county, pool, channel)
        name = person.name if person else None
        finding, measures, reply, satisfaction = _resolution(
            rng, matter, outcome, name, received, channel, end
        )
        latitude, longitude = _coordinates(rng, matter.county)
        items.append(DemoComplaint(
            content=content, address=matter.address, county_code=matter.county.code,
            latitude=latitude, longitude=longitude, fields=matter.fields,
            subcategory=matter.subcategory, track=matter.track, channel=channel,
            received_at=received, anonymous=anonymous, petitioner_name=name,
            petitioner_phone=person.phone if person else None,
            petitioner_id_number=person.id_number if person else None,
            outcome=outcome, repeat_of=repeat_of,
            decline_reason=rng.choice(P.DECLINE_REASONS) if outcome == "declined" else None,
            finding=finding, measures=measures, reply=reply, satisfaction=satisfaction,
        ))  # fmt: skip
        matters.append(matter)
    return items
