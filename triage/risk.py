"""风险研判: a complaint's risk level with reasons; surge alerts per enterprise or county+field."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
        reasons.append(f"被投诉企业有{prior_violations}次违法记录")
    if in_surge:
        points += 1
        reasons.append("同类投诉短期激增")
    level = LEVELS[0 if points == 0 else 1 if points <= 2 else 2 if points <= 4 else 3]
    return Risk(level, tuple(reasons))


@dataclass(frozen=True)
class SurgeAlert:
    """A surge of complaints about one subject (enterprise, or county+field) within days."""

    subject: str
    count: int
    expected: float
    since: datetime
    reason: str


@dataclass
class _Subject:
    first_seen: datetime
    times: deque[datetime] = field(default_factory=deque)
    earlier: int = 0
    alerted: bool = False


class SurgeDetector:
    """Raise one alert when complaints about a subject jump above its usual rate."""

    def __init__(
        self,
        window_days: float = 3,
        min_count: int = 3,
        factor: float = 3.0,
        floor_per_day: float = 1 / 30,
    ) -> None:
        self.window = timedelta(days=window_days)
        self.min_count = min_count
        self.factor = factor
        self.floor_per_day = floor_per_day
        self.subjects: dict[str, _Subject] = {}

    def observe(self, subject: str, at: datetime) -> SurgeAlert | None:
        """Record one complaint; return an alert only on the first complaint that makes a surge."""
        state = self.subjects.setdefault(subject, _Subject(first_seen=at))
        state.times.append(at)
        while state.times and state.times[0] <= at - self.window:
            state.times.popleft()
            state.earlier += 1
        count = len(state.times)
        history_days = (at - self.window - state.first_seen).total_seconds() / 86400
        rate = max(self.floor_per_day, state.earlier / history_days if history_days > 1 else 0.0)
        expected = rate * self.window.total_seconds() / 86400
        surging = count >= self.min_count and count >= self.factor * expected
        if not surging:
            state.alerted = False
            return None
        if state.alerted:
            return None
        state.alerted = True
        days = self.window.total_seconds() / 86400
        return SurgeAlert(
            subject,
            count,
            round(expected, 2),
            state.times[0],
            f"{subject}近{days:g}天被投诉{count}次，平时约{expected:.1f}次",
        )
