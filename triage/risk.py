"""风险研判: a complaint's risk level with reasons; surge alerts per enterprise or county+field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

LEVELS = ("低", "中", "高", "重大")

# (reason, points, cue words); the first matching cue is quoted back to the clerk.
CUES: tuple[tuple[str, int, tuple[str, ...]], ...] = tuple(
    (reason, points, tuple(words.split()))
    for reason, points, words in (
        ("群体投诉", 2, "联名 很多住户 全体 几十户 上百户 大家一起 集体 村民们 业主们 多户 几百人"),
        ("扬言扩大事态", 2, "媒体 曝光 记者 发到网上 抖音 去北京 上访 到省里 堵路 拉横幅 微博"),
        ("越级反映", 1, "越级 省领导 中央 督察组 国家信访局 找省里"),
        ("危害健康或生命", 2, "中毒 癌 白血病 住院 死鱼 鱼死 翻白肚 流鼻血 呼吸困难 畸形 羊死"),
        ("涉及敏感区域", 1, "学校 幼儿园 医院 养老院 小学 中学"),
        ("涉及生态敏感区", 2, "饮用水水源 水源地 水源保护区 自然保护区 国家公园 三江源 青海湖"),
        ("极端言行", 5, "自杀 跳楼 同归于尽 拼命 自焚 喝农药"),
    )
)


@dataclass(frozen=True)
class Risk:
    """Risk level (低/中/高/重大) of a complaint and the reasons for it."""

    level: str
    reasons: tuple[str, ...]


def assess_risk(
    text: str,
    *,
    repeat_count: int = 0,
    level_skipping: bool = False,
    prior_violations: int = 0,
    in_surge: bool = False,
) -> Risk:
    """Grade a complaint's risk from its text, repeats, the enterprise's record and surges."""
    points = 0
    reasons: list[str] = []
    for reason, weight, words in CUES:
        cue = next((w for w in words if w in text), None)
        if cue is not None:
            points += weight
            reasons.append(f"{reason}（「{cue}」）")
    if repeat_count:
        points += 2 if repeat_count >= 3 else 1
        reasons.append(f"重复投诉{repeat_count}次")
    if level_skipping and not any(r.startswith("越级反映") for r in reasons):
        points += 1
        reasons.append("越级反映")
    if prior_violations:
        points += 2 if prior_violations >= 3 else 1
        reasons.append(f"同一被投诉对象此前{prior_violations}次查证属实")
    if in_surge:
        points += 1
        reasons.append("同类投诉短期激增")
    level = LEVELS[0 if points == 0 else 1 if points <= 2 else 2 if points <= 4 else 3]
    return Risk(level, tuple(reasons))


@dataclass(frozen=True)
class SurgeRule:
    """When complaints about one subject count as a surge: the one rule, for replays and counts."""

    window_days: float = 3
    min_count: int = 3
    factor: float = 3.0
    # A subject with little history is taken to draw one complaint a month.
    floor_per_day: float = 1 / 30

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)


SURGE_RULE = SurgeRule()


@dataclass(frozen=True)
class SurgeCheck:
    """How a subject's last window compares with its usual rate."""

    count: int
    expected: float
    surging: bool


def surge_check(
    *, recent: int, earlier: int, history_days: float, rule: SurgeRule = SURGE_RULE
) -> SurgeCheck:
    """Decide whether `recent` complaints in the window are a surge.

    `earlier` complaints fell in the `history_days` before the window; a history of a day or
    less says nothing about the usual rate, so the floor rate stands in for it.
    """
    rate = max(rule.floor_per_day, earlier / history_days if history_days > 1 else 0.0)
    expected = rate * rule.window_days
    surging = recent >= rule.min_count and recent >= rule.factor * expected
    return SurgeCheck(recent, expected, surging)


def surge_reason(label: str, check: SurgeCheck, rule: SurgeRule = SURGE_RULE) -> str:
    """The alert's sentence for a supervisor."""
    return f"{label}近{rule.window_days:g}天被投诉{check.count}次，平时约{check.expected:.1f}次"
