"""Text features shared by training and inference: jieba words plus character n-grams."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import numpy as np

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


def char_grams(clean: str) -> list[str]:
    """Character 1-, 2- and 3-grams of each whitespace-separated chunk."""
    tokens: list[str] = []
    for chunk in clean.split():
        tokens.extend(chunk)
        tokens.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
        tokens.extend(chunk[i : i + 3] for i in range(len(chunk) - 2))
    return tokens


def _gram_keys(codes: np.ndarray, size: int) -> np.ndarray:
    """Each `size`-gram of a code-point array as one integer: 21 bits a character, so 1-, 2-
    and 3-grams never share a key (a longer gram's key is always larger)."""
    keys = codes[: len(codes) - size + 1].copy()
    for offset in range(1, size):
        keys <<= 21
        keys |= codes[offset : len(codes) - size + 1 + offset]
    return keys


def _codes(clean: str) -> np.ndarray:
    return np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


class KnownTerms:
    """Finds a model's terms in a text: the same tokens as `analyze` keeps, restricted to the
    model's vocabulary, at a fraction of the cost.

    Character grams are matched as integers in numpy; words by forward maximum matching over
    the model's own words (only words the model knows can carry weight), tried only where a
    known word's first two characters stand.
    """

    def __init__(self, vocabulary: dict[str, int]) -> None:
        grams = {t: i for t, i in vocabulary.items() if not t.startswith("w:") and len(t) <= 3}
        keys = np.array([_gram_keys(_codes(t), len(t))[0] for t in grams], dtype=np.uint64)
        order = np.argsort(keys)
        self.gram_keys = keys[order]
        self.gram_index = np.array(list(grams.values()), dtype=np.int64)[order]
        self.words = {t[2:]: i for t, i in vocabulary.items() if t.startswith("w:")}
        sizes: dict[int, set[int]] = {}
        for word in self.words:
            if len(word) >= 2:
                sizes.setdefault(int(_gram_keys(_codes(word[:2]), 2)[0]), set()).add(len(word))
        self.head_keys = np.array(sorted(sizes), dtype=np.uint64)
        self.head_sizes = [tuple(sorted(sizes[int(k)], reverse=True)) for k in self.head_keys]

    def _known(self, keys: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the keys found in the sorted table, and where in the table."""
        if not len(table) or not len(keys):
            return np.empty(0, np.int64), np.empty(0, np.int64)
        at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
        hit = np.flatnonzero(table[at] == keys)
        return hit, at[hit]

    def indices(self, text: str) -> np.ndarray:
        """Vocabulary indices of the text's tokens, one per occurrence."""
        clean = NON_TEXT.sub(" ", text).strip()
        codes = _codes(clean)
        found: list[np.ndarray] = []
        for size in (1, 2, 3):
            _, at = self._known(_gram_keys(codes, size), self.gram_keys)
            found.append(self.gram_index[at])
        positions, heads = self._known(_gram_keys(codes, 2), self.head_keys)
        words: list[int] = []
        after = 0  # the end of the last word matched: words never overlap
        for position, head in zip(positions.tolist(), heads.tolist(), strict=True):
            if position < after:
                continue
            for size in self.head_sizes[head]:
                index = self.words.get(clean[position : position + size])
                if index is not None:
                    words.append(index)
                    after = position + size
                    break
        found.append(np.array(words, dtype=np.int64))
        return np.concatenate(found)
