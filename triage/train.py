"""Fit the field classifier's linear heads and the same-matter weights, and export them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from triage.classify import FIELDS, FieldModel, training_fingerprint
from triage.features import analyze
from triage.matter import (
    PAIR_FEATURES,
    SameMatterModel,
    containment,
    matter_key,
    pair_features,
    pairs_fingerprint,
    ruled,
)


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def train_model(rows: Sequence[dict[str, object]], c: float = 3.0) -> FieldModel:
    """Fit primary-field, field-presence and subcategory heads on labelled rows."""
    texts = [str(r["text"]) for r in rows]
    fields = [list(r["fields"]) for r in rows]  # type: ignore[call-overload]
    # A row of weight w counts as w copies of itself, in the term statistics and in the fit.
    counts = [int(r.get("weight", 1)) for r in rows]  # type: ignore[call-overload]
    weight = np.array(counts, dtype=np.float64)
    analyzed = [analyze(t) for t in texts]
    # Terms are those of at least two different texts; their weights count the copies.
    # (the analyzer reads the text itself: lowercase would not apply and is off)
    terms = TfidfVectorizer(analyzer=_identity, min_df=2, lowercase=False).fit(analyzed).vocabulary_
    vectorizer = TfidfVectorizer(
        analyzer=_identity, vocabulary=terms, lowercase=False, sublinear_tf=True, dtype=np.float32
    )
    vectorizer.fit([tokens for tokens, n in zip(analyzed, counts, strict=True) for _ in range(n)])
    matrix = vectorizer.transform(analyzed)
    primary = np.array([FIELDS.index(f[0]) for f in fields])
    head = LogisticRegression(C=c, max_iter=2000).fit(matrix, primary, sample_weight=weight)
    weights = [head.coef_.T]
    biases = [head.intercept_]
    for field in FIELDS:
        present = np.array([field in f for f in fields])
        presence = LogisticRegression(C=c, max_iter=2000).fit(matrix, present, sample_weight=weight)
        weights.append(presence.coef_.T)
        biases.append(presence.intercept_)
    labelled = [i for i, r in enumerate(rows) if r.get("subcategory")]
    sub_labels = [str(rows[i]["subcategory"]) for i in labelled]
    sub_head = LogisticRegression(C=c, max_iter=2000).fit(
        matrix[labelled], sub_labels, sample_weight=weight[labelled]
    )
    subcategories = tuple(str(s) for s in sub_head.classes_)
    owner = {
        str(r["subcategory"]): fields[i][0] for i, r in enumerate(rows) if r.get("subcategory")
    }
    weights.append(sub_head.coef_.T)
    biases.append(sub_head.intercept_)
    return FieldModel(
        vocabulary={t: int(i) for t, i in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_.astype(np.float64),
        weights=np.hstack(weights).astype(np.float32),
        bias=np.concatenate(biases).astype(np.float32),
        subcategories=subcategories,
        subcategory_field=tuple(owner[s] for s in subcategories),
        fingerprint=training_fingerprint(),
    )


# The false-link rate the same-matter threshold is chosen for, on folds the weights never saw,
# and the share of look-alikes the clerk may be asked about (the lower, possible threshold).
FALSE_LINK_TARGET = 0.05
FALSE_ASK_TARGET = 0.25
FOLDS = 5
L2 = 1.0


def _fit_logistic(x: np.ndarray, y: np.ndarray, signs: Sequence[int]) -> tuple[np.ndarray, float]:
    """Logistic regression with an L2 penalty and each weight held to its sign."""

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * L2 * w @ w)
        error = p - y
        return value, np.append(x.T @ error + L2 * w, error.sum())

    bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
    start = np.zeros(x.shape[1] + 1)
    theta = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)]).x
    return theta[:-1], float(theta[-1])


def train_same_matter(rows: Sequence[dict[str, object]]) -> SameMatterModel:
    """Fit the same-matter weights on labelled pairs and choose the thresholds on held-out folds:
    the lowest probability whose false links stay within FALSE_LINK_TARGET, and the lowest at
    which the clerk is asked about no more than FALSE_ASK_TARGET of the look-alikes."""
    decided: list[float | None] = []  # the rules' answer where they decide, else None
    features = []
    for row in rows:
        a, b = matter_key(str(row["a"])), matter_key(str(row["b"]))
        shared = containment(a.shingles, b.shingles)
        decided.append(ruled(a, b, shared))
        features.append(pair_features(a, b, shared))
    x = np.array(features, dtype=np.float64)
    y = np.array([bool(r["same"]) for r in rows], dtype=np.float64)
    signs = [sign for _, sign in PAIR_FEATURES]
    learn = np.array([d is None for d in decided])
    held_out = np.zeros(len(rows))
    for fold in range(FOLDS):
        test = np.arange(len(rows)) % FOLDS == fold
        fold_weights, fold_bias = _fit_logistic(x[learn & ~test], y[learn & ~test], signs)
        held_out[test] = 1.0 / (1.0 + np.exp(-(x[test] @ fold_weights + fold_bias)))
    scores = np.array([d if d is not None else p for d, p in zip(decided, held_out, strict=True)])
    negatives = scores[y == 0]
    threshold = 0.5
    for candidate in sorted(set(np.round(scores, 3)) | {0.5}):
        if (negatives >= candidate).mean() <= FALSE_LINK_TARGET:
            threshold = float(candidate)
            break
    threshold = max(threshold, 0.5)
    possible = min(
        (c for c in set(np.round(scores, 3)) if (negatives >= c).mean() <= FALSE_ASK_TARGET),
        default=threshold,
    )
    weights, bias = _fit_logistic(x[learn], y[learn], signs)
    return SameMatterModel(
        tuple(round(float(w), 4) for w in weights),
        round(bias, 4),
        threshold,
        pairs_fingerprint(),
        min(float(possible), threshold),
    )
