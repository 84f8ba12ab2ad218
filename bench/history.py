"""Synthetic complaint history for the triage benchmark: matters, look-alikes and paraphrases."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

COUNTIES = (
    ("630102", "城东区", 8),
    ("630103", "城中区", 8),
    ("630104", "城西区", 8),
    ("630105", "城北区", 7),
    ("630106", "湟中区", 5),
    ("630121", "大通县", 4),
    ("630123", "湟源县", 2),
    ("630202", "乐都区", 3),
    ("630203", "平安区", 2),
    ("630222", "民和县", 2),
    ("630223", "互助县", 3),
    ("630224", "化隆县", 1),
    ("630225", "循化县", 1),
    ("632221", "门源县", 1),
    ("632223", "海晏县", 1),
    ("632301", "同仁市", 1),
    ("632521", "共和县", 2),
    ("632523", "贵德县", 1),
    ("632621", "玛沁县", 1),
    ("632701", "玉树市", 1),
    ("632801", "格尔木市", 5),
    ("632802", "德令哈市", 2),
    ("632803", "茫崖市", 1),
    ("632822", "都兰县", 1),
)
FIRST = "老小大金鑫盛华宏恒永福祥瑞兴昌顺泰和隆丰源达新德康安广宝聚汇天中正东西南北光明晨"
SECOND = "王张马李赵刘韩记家鑫源达通海川宁峰林远航阳明辉城丰泰信诚嘉杨陈周吴郑冯孙朱胡郭何"
# A 1,000,000-case history is national scale: the rest of the country as 2,000 synthetic counties.
NATIONAL = tuple(
    (f"{110000 + 7 * i:06d}", FIRST[i % 40] + SECOND[i // 40 % 40] + "县", 1) for i in range(2000)
)
ROAD_FIRST = "五八七文长黄昆海湟西东南北光朝胜建同新民康和"
ROAD_SECOND = "四一湖成江河仑宁川城门阳利设仁华安乐泰平兴"
ROAD_KIND = ("路", "大街", "村", "小区", "巷")
# problem kind -> facility types that cause it, history wordings, query wordings
PROBLEMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "oil_smoke": (
        ("烧烤店", "火锅店", "饭馆", "拉面馆", "餐厅"),
        (
            "{spot}的{fac}油烟直排，熏得窗户都不敢开",
            "{fac}的排烟管道对着居民楼，满屋子油烟味",
            "{county}{spot}{fac}油烟太大，楼上住户受不了",
            "反映{fac}没有装油烟净化器，油烟扰民",
        ),
        (
            "{fac}天天冒油烟，我们家衣服都不敢晾在外面",
            "又是{spot}那家{fac}，做饭的油烟全往我家钻",
        ),
    ),
    "noise": (
        ("烧烤店", "KTV", "酒吧", "工地", "料场", "厂"),
        (
            "{spot}{fac}半夜还很吵，噪音扰民睡不着",
            "{fac}晚上十二点了还轰隆隆响，吵死人",
            "{county}{fac}夜里噪声太大，{spot}的居民没法休息",
        ),
        (
            "{fac}又开始半夜吵了，一晚上都睡不着觉",
            "还是{spot}{fac}的噪音问题，夜里吵得不行",
        ),
    ),
    "exhaust": (
        ("化工厂", "砖厂", "水泥厂", "锅炉房", "厂"),
        (
            "{spot}附近{fac}晚上冒黑烟，味道呛人",
            "{fac}烟囱排废气，{county}这边天都是灰的",
            "举报{fac}偷排废气，黑烟滚滚",
        ),
        (
            "{fac}的烟囱昨晚又冒黑烟了，呛得人咳嗽",
            "{spot}的{fac}废气还是没人管，天天冒烟",
        ),
    ),
    "dust": (
        ("搅拌站", "料场", "工地"),
        (
            "{spot}{fac}扬尘严重，灰尘满天飞",
            "{fac}粉尘太大，{county}{spot}家家窗台一层灰",
            "{fac}砂石不苫盖，一刮风尘土飞扬",
        ),
        (
            "{fac}的灰尘又飘到我们家了，桌子上一层土",
            "{spot}那个{fac}扬尘还是很大",
        ),
    ),
    "water": (
        ("洗车场", "屠宰场", "养殖场", "化工厂", "厂"),
        (
            "{fac}把污水直排到河里，{spot}一段水都黑了",
            "{county}{spot}{fac}偷排废水",
            "{fac}通过暗管排污，河水发臭",
        ),
        (
            "{fac}又往河里排污水了，河边都是死鱼",
            "{spot}{fac}的废水还在往外流",
        ),
    ),
    "odor": (
        ("养殖场", "屠宰场", "有机肥厂", "厂"),
        (
            "{spot}{fac}臭气熏天，窗户都不敢开",
            "{fac}散发恶臭，{county}附近居民头晕恶心",
        ),
        (
            "{fac}的臭味又来了，熏得人想吐",
            "{spot}那个{fac}异味还是很大",
        ),
    ),
    "waste": (
        ("工地", "厂", "洗车场", "料场"),
        (
            "{fac}把垃圾废渣乱倒在{spot}路边",
            "{county}{fac}随意倾倒建筑垃圾",
        ),
        (
            "{fac}又往{spot}倒垃圾了",
            "{fac}乱倒的废渣还堆在那里没人清理",
        ),
    ),
}
OPENERS = ("", "", "您好，", "领导好，", "再次反映：", "我要投诉，", "12369你好，")
ENDINGS = ("", "", "请尽快处理。", "希望有关部门管一管！", "已经反映好几次了。", "谢谢。")


@dataclass(frozen=True)
class Matter:
    """One matter: a named facility on a spot in a county, causing one kind of problem."""

    number: int
    region_code: str
    county: str
    spot: str
    facility: str
    problem: str


def _name(rng: random.Random, first: str, second: str) -> str:
    return rng.choice(first) + rng.choice(second)


def make_matters(count: int, seed: int = 11) -> list[Matter]:
    """Matters clustered on shared spots; a fifth reuse a facility for a different problem."""
    rng = random.Random(seed)
    counties = COUNTIES + NATIONAL
    weights = [w for _, _, w in counties]
    matters: list[Matter] = []
    seen: set[tuple[str, str, str, str]] = set()
    while len(matters) < count:
        number = len(matters)
        if matters and rng.random() < 0.2:
            base = rng.choice(matters[-2000:])
            problem = rng.choice([p for p in PROBLEMS if p != base.problem])
            if (base.region_code, base.spot, base.facility, problem) not in seen:
                seen.add((base.region_code, base.spot, base.facility, problem))
                matters.append(
                    Matter(number, base.region_code, base.county, base.spot, base.facility, problem)
                )
            continue
        code, county, _ = rng.choices(counties, weights)[0]
        spot = _name(rng, ROAD_FIRST, ROAD_SECOND) + rng.choice(ROAD_KIND)
        problem = rng.choice(tuple(PROBLEMS))
        facility = _name(rng, FIRST, SECOND) + rng.choice(PROBLEMS[problem][0])
        if (code, spot, facility, problem) in seen:
            continue
        seen.add((code, spot, facility, problem))
        matters.append(Matter(number, code, county, spot, facility, problem))
    return matters


def wording(matter: Matter, rng: random.Random, query: bool = False) -> str:
    """One complaint text about a matter; queries use wordings the history never uses."""
    templates = PROBLEMS[matter.problem][2 if query else 1]
    body = rng.choice(templates).format(
        fac=matter.facility,
        spot=matter.spot if rng.random() < 0.8 else "",
        county=matter.county if rng.random() < 0.5 else "",
    )
    return rng.choice(OPENERS) + body + rng.choice(ENDINGS)


def history(matters: list[Matter], size: int, seed: int = 12) -> Iterator[tuple[str, str, Matter]]:
    """Yield (case_id, text, matter) for `size` earlier cases spread over the matters."""
    rng = random.Random(seed)
    for number in range(size):
        matter = matters[number % len(matters)] if number < len(matters) else rng.choice(matters)
        yield f"C{number:07d}", wording(matter, rng), matter
