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
    words = [w for w in tokenizer().lcut(clean, HMM=False) if len(w) > 1 and w != " "]
    return ["w:" + w for w in words] + char_grams(clean)


def analyze_known(text: str, lexicon: frozenset[str], longest: int) -> list[str]:
    """Like analyze, but words by forward maximum matching over the model's own words.

    Only words the model knows can carry weight, so matching against them gives nearly the
    same features as jieba at a fraction of the cost on long texts.
    """
    clean = NON_TEXT.sub(" ", text).strip()
    tokens: list[str] = []
    i, end = 0, len(clean)
    while i < end:
        if clean[i : i + 2] not in lexicon_heads(lexicon):
            i += 1
            continue
        for size in range(min(longest, end - i), 1, -1):
            if clean[i : i + size] in lexicon:
                tokens.append("w:" + clean[i : i + size])
                i += size
                break
        else:
            i += 1
    return tokens + char_grams(clean)


@lru_cache(maxsize=4)
def lexicon_heads(lexicon: frozenset[str]) -> frozenset[str]:
    """The first two characters of every word: most positions in a text start none."""
    return frozenset(word[:2] for word in lexicon)


def char_grams(clean: str) -> list[str]:
    """Character 1-, 2- and 3-grams of each whitespace-separated chunk."""
    tokens: list[str] = []
    for chunk in clean.split():
        tokens.extend(chunk)
        tokens.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
        tokens.extend(chunk[i : i + 3] for i in range(len(chunk) - 2))
    return tokens
