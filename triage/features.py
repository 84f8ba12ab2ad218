"""Text features shared by training and inference: jieba words plus character n-grams."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

# Domain words jieba's general dictionary splits badly; kept whole they carry the decision.
DOMAIN_WORDS = (
    "油烟",
    "油烟机",
    "净化器",
    "扬尘",
    "渣土车",
    "恶臭",
    "异味",
    "臭味",
    "废气",
    "黑烟",
    "烟囱",
    "噪音",
    "噪声",
    "扰民",
    "广场舞",
    "打桩",
    "夜间施工",
    "排污",
    "偷排",
    "暗管",
    "污水",
    "废水",
    "翻白肚",
    "死鱼",
    "水源地",
    "化粪池",
    "危废",
    "危险废物",
    "废机油",
    "医疗废物",
    "建筑垃圾",
    "尾矿",
    "尾矿库",
    "尾矿坝",
    "采砂",
    "挖沙",
    "盗采",
    "私挖滥采",
    "草场",
    "草原",
    "虫草",
    "保护区",
    "三江源",
    "国家公园",
    "基站",
    "辐射",
    "电磁辐射",
    "放射源",
    "探伤",
    "环评",
    "环境影响评价",
    "排污许可",
    "砂石料场",
    "盐湖",
    "光伏",
    "湟水河",
    "青海湖",
    "格尔木",
)
NON_TEXT = re.compile(r"[\s\d\W_]+")


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """Return a private jieba tokenizer with the domain words added (global jieba untouched)."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tok.add_word(word, freq=20000)
    return tok


def analyze(text: str) -> list[str]:
    """Return the feature tokens of a text: words prefixed 'w:' and character 1-3 grams."""
    clean = NON_TEXT.sub(" ", text).strip()
    tokens = ["w:" + w for w in tokenizer().lcut(clean, HMM=False) if len(w) > 1 and w != " "]
    for chunk in clean.split():
        tokens.extend(chunk)
        tokens.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
        tokens.extend(chunk[i : i + 3] for i in range(len(chunk) - 2))
    return tokens
