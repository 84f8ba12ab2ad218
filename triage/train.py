"""Train the field classifier's linear heads with scikit-learn and export them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from triage.classify import FIELDS, FieldModel, training_fingerprint
from triage.features import analyze


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def train_model(rows: Sequence[dict[str, object]], c: float = 3.0) -> FieldModel:
    """Fit primary-field, field-presence and subcategory heads on labelled rows."""
    texts = [str(r["text"]) for r in rows]
    fields = [list(r["fields"]) for r in rows]  # type: ignore[call-overload]
    vectorizer = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform([analyze(t) for t in texts])
    primary = np.array([FIELDS.index(f[0]) for f in fields])
    head = LogisticRegression(C=c, max_iter=2000).fit(matrix, primary)
    weights = [head.coef_.T]
    biases = [head.intercept_]
    for field in FIELDS:
        present = np.array([field in f for f in fields])
        presence = LogisticRegression(C=c, max_iter=2000).fit(matrix, present)
        weights.append(presence.coef_.T)
        biases.append(presence.intercept_)
    labelled = [i for i, r in enumerate(rows) if r.get("subcategory")]
    sub_labels = [str(rows[i]["subcategory"]) for i in labelled]
    sub_head = LogisticRegression(C=c, max_iter=2000).fit(matrix[labelled], sub_labels)
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
