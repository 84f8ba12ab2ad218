"""The artefacts (classifier, same-matter weights): built from the repo's data, saved, loaded."""

import json
from pathlib import Path

from triage.classify import FieldClassifier, classify, load_model, save_model
from triage.corpus import read_templates, training_rows
from triage.matter import (
    PAIR_FEATURES,
    POSSIBLE,
    SAME,
    default_same_matter_model,
    link_kind,
    load_same_matter_model,
    read_pairs,
    same_matter,
    save_same_matter_model,
)
from triage.train import train_model, train_same_matter


def test_a_saved_model_loads_back_and_answers_the_same(tmp_path: Path) -> None:
    rows = training_rows()[::20]
    model = train_model(rows)
    save_model(model, tmp_path)
    loaded = load_model(tmp_path)
    assert loaded is not None
    text = "楼下饭馆油烟太大"
    assert FieldClassifier(loaded).classify(text) == FieldClassifier(model).classify(text)


def test_a_missing_artefact_loads_as_none(tmp_path: Path) -> None:
    assert load_model(tmp_path) is None


def test_every_template_group_has_a_known_label() -> None:
    slots, groups = read_templates()
    assert len(groups) > 20 and "loc" in slots
    reference = Path(__file__).resolve().parents[2] / "cases" / "data" / "reference.json"
    known = {
        (field["code"], name)
        for field in json.loads(reference.read_text("utf-8"))["fields"]
        for name in field["subcategories"]
    }
    assert all(g.fields and (g.fields[0], g.subcategory) in known for g in groups)


def test_an_empty_text_gets_an_answer_not_an_error() -> None:
    result = classify("")
    assert result.fields and result.reasons


def test_same_matter_weights_keep_their_signs_and_few_false_links(tmp_path: Path) -> None:
    rows = read_pairs()
    model = train_same_matter(rows)
    for (name, sign), weight in zip(PAIR_FEATURES, model.weights, strict=True):
        assert weight * sign >= 0, name
    assert 0.5 <= model.threshold < 1.0
    save_same_matter_model(model, tmp_path / "same_matter.json")
    assert load_same_matter_model(tmp_path / "same_matter.json") == model
    different = [r for r in rows if not r["same"]]
    linked = sum(same_matter(str(r["a"]), str(r["b"]))[0] for r in different)
    assert linked / len(different) <= 0.1  # fitted on these pairs: a loose bound, not a score


def test_the_clerk_is_asked_about_repeats_the_model_cannot_settle() -> None:
    model = default_same_matter_model()
    assert 0.0 < model.possible < model.threshold
    judged = [
        (r["same"], link_kind(same_matter(str(r["a"]), str(r["b"]))[1])) for r in read_pairs()
    ]
    repeats = [kind for same, kind in judged if same]
    others = [kind for same, kind in judged if not same]
    linked, asked = repeats.count(SAME) / len(repeats), repeats.count(POSSIBLE) / len(repeats)
    assert asked > 0.2 and linked + asked > 0.75
    # Fitted on these pairs: loose bounds, not scores.
    assert others.count(SAME) / len(others) <= 0.1
    assert (others.count(SAME) + others.count(POSSIBLE)) / len(others) <= 0.3
