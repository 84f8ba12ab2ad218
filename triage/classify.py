"""Field classification (六大领域) of a complaint text with a linear model on words and n-grams."""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from triage import corpus
from triage.corpus import TEMPLATES_PATH, WRITTEN_PATH, training_rows
from triage.features import KnownTerms

FIELDS = ("air", "water", "noise", "solid_waste", "ecology", "radiation", "other")
FIELD_NAMES = {
    "air": "大气",
    "water": "水",
    "noise": "噪声",
    "solid_waste": "固体废物",
    "ecology": "生态",
    "radiation": "辐射",
    "other": "非污染事项",
}
MODEL_DIR = Path(__file__).parent / "model"
SECONDARY_THRESHOLD = 0.5
# A character n-gram holding one of these is a fragment (施工把, 的油烟), not a phrase to quote.
FUNCTION_CHARACTERS = re.compile("[的了把在是和就都也还又着被给让呢吗吧啊]")
# What a petitioner asks for can make a text another matter than the pollution it tells: a
# dispute of an earlier reply or a request for its review (答复与事实不符, 对回复不满意, 希望州上
# 重新调查), or a request to disclose information (申请公开). Such a text is that matter first,
# whatever pollution it tells, which follows it. In the labelled texts every one of the 109
# objections and 57 requests these words mark is labelled so.
REQUESTS = (
    (
        "对答复不服",
        "对答复提出异议",
        re.compile(
            r"(答复|回复|复函|回函|处理结果|处理意见|办理结果)[^。！？!?]{0,40}?"
            r"(不服|不属实|不实|与事实不符|不认可|不满意|不接受|(?<![没无])有异议|糊弄|敷衍)"
            r"|(不服|不认可|不满意|不接受|(?<![没无])有异议|质疑)[^。！？!?]{0,8}"
            r"(答复|回复|复函|处理结果|处理意见|办理结果)"
            r"|不同意(这个|你们的|该)?(结论|答复|回复|处理)"
            r"|(申请|要求|请求)(复查|复核|复测|重新调查|重新核查|重新处理)"
            r"|(希望|请)[^。！？!?，,]{0,6}重新(调查|核查|处理|检测)"
        ),
    ),
    (
        "政府信息公开",
        "申请公开信息",
        re.compile("申请公开|依申请公开|信息公开申请|申请政府信息公开"),
    ),
)
# Where a text tells two problems, the one it stresses is its primary (最受不了的还是砖窑的烟,
# 主要是那个味) and one it sets aside is not (这还是其次, 另反映…): each read alone, and taken
# only when the model is this sure of it.
STRESSED = re.compile(
    r"最(大的|主要的|严重的|要命的|受不了的|难受的|头疼的|烦的|让人受不了的|担心的|怕的)(问题|还)?"
    r"(就是|是|还是)|主要(问题)?(是|还是)|关键(问题)?是|请先"
)
SET_ASIDE = re.compile("其次|这是一方面|另外|此外|另反映|还反映|还称|顺便|次要|先不说|暂且不说")
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
STRESS_CONFIDENCE = 0.6
# Bump when features or training change, so artefacts built by older code are rebuilt.
MODEL_VERSION = "2"


@dataclass(frozen=True)
class Classification:
    """Fields of one complaint (primary first), its subcategory and why."""

    fields: tuple[str, ...]
    subcategory: str | None
    reasons: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class FieldModel:
    """Exported linear model: one weight matrix for the primary, presence and subcategory heads."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    subcategories: tuple[str, ...]
    subcategory_field: tuple[str, ...]
    fingerprint: str


CORPUS_CODE = Path(corpus.__file__)


def training_fingerprint(
    paths: tuple[Path, ...] = (TEMPLATES_PATH, WRITTEN_PATH, CORPUS_CODE),
) -> str:
    """Hash of what the training data is made from, so a stale artefact is rebuilt."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def vectorize(model: FieldModel, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct feature indices and their sublinear tf-idf values, l2-normalised."""
    indices, counts = np.unique(indices, return_counts=True)
    values = (1.0 + np.log(counts)) * model.idf[indices]
    norm = math.sqrt(float(values @ values)) or 1.0
    return indices, values / norm


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max())
    return np.asarray(shifted / shifted.sum())


class FieldClassifier:
    """Applies an exported FieldModel; cheap to call per text."""

    def __init__(self, model: FieldModel) -> None:
        self.model = model
        self.known_terms = KnownTerms(model.vocabulary)
        self.terms = {index: term for term, index in model.vocabulary.items()}
        n = len(FIELDS)
        self.primary = slice(0, n)
        self.presence = slice(n, 2 * n)
        self.sub = slice(2 * n, 2 * n + len(model.subcategories))

    def classify(self, text: str) -> Classification:
        """Classify one complaint text."""
        indices, values, rows, scores = self._scores(text)
        primary_p = _softmax(scores[self.primary])
        best = int(primary_p.argmax())
        presence = 1.0 / (1.0 + np.exp(-scores[self.presence]))
        fields = [FIELDS[best]] + [
            f
            for i, f in enumerate(FIELDS)
            if f not in (FIELDS[best], "other") and presence[i] >= SECONDARY_THRESHOLD
        ]
        if fields[0] == "other":
            fields = ["other"]
        stress = self._stressed(text, fields)
        if stress:
            fields = [stress[0], *(f for f in fields if f != stress[0])]
            best = FIELDS.index(stress[0])
        primary = fields[0]
        subcategory = self._subcategory(scores[self.sub], primary)
        reasons = self._reasons(indices, values, rows[:, best], primary, subcategory)
        if stress:
            reasons = (*reasons, stress[1])
        confidence = round(float(primary_p[best]), 3)
        for matter, what, words in REQUESTS:
            asked = words.search(text)
            if asked:
                told = tuple(f for f in fields if f != "other")
                head = f"判定为{FIELD_NAMES['other']}（{matter}）"
                return Classification(
                    ("other", *told), matter, (head, f"{what}：「{asked.group()}」"), confidence
                )
        return Classification(tuple(fields), subcategory, reasons, confidence)

    def _scores(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The text's known terms, their values, their weight rows and the heads' scores."""
        indices, values = vectorize(self.model, self.known_terms.indices(text))
        rows = self.model.weights[indices]
        return indices, values, rows, values @ rows + self.model.bias

    def _primary(self, text: str) -> tuple[str, float]:
        """The primary field of a stretch of text by the model alone, and its probability."""
        primary_p = _softmax(self._scores(text)[3][self.primary])
        best = int(primary_p.argmax())
        return FIELDS[best], float(primary_p[best])

    def _stressed(self, text: str, fields: list[str]) -> tuple[str, str] | None:
        """The field a two-problem text stresses, or the one left when what it sets aside is
        left out, with the words that say so; None when it does neither."""
        if fields[0] == "other":
            return None
        sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
        for sentence in sentences:
            cue = STRESSED.search(sentence)
            if cue and len(sentence) - cue.end() >= 2:
                field, p = self._primary(sentence[cue.end() :])
                if field not in ("other", fields[0]) and p >= STRESS_CONFIDENCE:
                    return field, f"着重反映：「{sentence[cue.start() :].strip()}」"
        kept = [s for s in sentences if not SET_ASIDE.search(s)]
        if 0 < len(kept) < len(sentences):
            field, p = self._primary("".join(kept))
            if field not in ("other", fields[0]) and p >= STRESS_CONFIDENCE:
                aside = next(s for s in sentences if SET_ASIDE.search(s))
                return field, f"次要反映：「{aside.strip()}」"
        return None

    def _subcategory(self, scores: np.ndarray, primary: str) -> str | None:
        allowed = [i for i, f in enumerate(self.model.subcategory_field) if f == primary]
        if not allowed:
            return None
        return self.model.subcategories[max(allowed, key=lambda i: scores[i])]

    def _reasons(
        self,
        indices: np.ndarray,
        values: np.ndarray,
        column: np.ndarray,
        primary: str,
        subcategory: str | None,
    ) -> tuple[str, ...]:
        contribution = values * column
        phrases: list[str] = []
        for position in np.argsort(-contribution):
            if contribution[position] <= 0 or len(phrases) == 3:
                break
            term = self.terms[int(indices[position])].removeprefix("w:")
            if (
                len(term) > 1
                and not FUNCTION_CHARACTERS.search(term)
                and not any(term in p or p in term for p in phrases)
            ):
                phrases.append(term)
        label = FIELD_NAMES[primary] + (f"（{subcategory}）" if subcategory else "")
        head = f"判定为{label}"
        if not phrases:
            return (head + "：未见明确的污染描述",)
        return (head, "关键词：" + "、".join(f"「{p}」" for p in phrases))


def save_model(model: FieldModel, directory: Path = MODEL_DIR) -> None:
    """Write the artefact: arrays in an .npz, terms and labels in JSON."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez(directory / "classifier.npz", idf=model.idf, weights=model.weights, bias=model.bias)
    terms = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    meta = {
        "terms": terms,
        "subcategories": model.subcategories,
        "subcategory_field": model.subcategory_field,
        "fingerprint": model.fingerprint,
    }
    (directory / "classifier.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def load_model(directory: Path = MODEL_DIR) -> FieldModel | None:
    """Read the artefact, or None when it is missing or built from other training data."""
    meta_path = directory / "classifier.json"
    if not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text("utf-8"))
    if meta["fingerprint"] != training_fingerprint():
        return None
    arrays = np.load(directory / "classifier.npz")
    return FieldModel(
        vocabulary={term: i for i, term in enumerate(meta["terms"])},
        idf=arrays["idf"],
        weights=arrays["weights"],
        bias=arrays["bias"],
        subcategories=tuple(meta["subcategories"]),
        subcategory_field=tuple(meta["subcategory_field"]),
        fingerprint=meta["fingerprint"],
    )


_lock = threading.Lock()
_classifier: FieldClassifier | None = None


def default_classifier() -> FieldClassifier:
    """Load the artefact once, building it in-process when it is missing or stale."""
    global _classifier
    with _lock:
        if _classifier is None:
            model = load_model()
            if model is None:
                from triage.train import train_model

                model = train_model(training_rows())
                save_model(model)
            _classifier = FieldClassifier(model)
        return _classifier


def classify(text: str) -> Classification:
    """Classify a complaint into fields (primary first), subcategory, reasons and confidence."""
    return default_classifier().classify(text)
