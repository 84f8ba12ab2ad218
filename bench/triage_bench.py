"""Benchmark triage: classify speed and accuracy, locate accuracy, repeat index at 1M cases.

Run from the repository root: .venv/bin/python bench/triage_bench.py [--history N]
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # measure on one core

import argparse  # noqa: E402
import collections  # noqa: E402
import csv  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from history import Matter, make_matters, wording  # noqa: E402
from history import history as make_history  # noqa: E402

from triage.classify import classify, default_classifier  # noqa: E402
from triage.corpus import DATA_DIR, HELDOUT_PATH, read_jsonl  # noqa: E402
from triage.locate import locate  # noqa: E402
from triage.matter import (  # noqa: E402
    PAIRS_PATH,
    key_score,
    matter_key,
    read_pairs,
    same_matter,
)
from triage.repeats import RepeatIndex  # noqa: E402
from triage.train import train_same_matter  # noqa: E402

RECALL_QUERIES = 100  # each exhaustive search reads the whole history
REALWORLD = ROOT.parent / "shared" / "realworld" / "messages-to-leaders.csv"


def macro_f1(truth: list[str], predicted: list[str]) -> float:
    """Macro-averaged F1 over the labels present in the truth."""
    scores = []
    for label in sorted(set(truth)):
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def throughput(texts: list[str], seconds: float = 3.0) -> int:
    """Texts classified per second on one core, over at least `seconds`."""
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            classify(text)
        count += len(texts)
    return round(count / (time.perf_counter() - started))


def bench_classify(figures: dict[str, object]) -> None:
    """Speed on one core, macro-F1 on the separately written held-out set and on real messages."""
    started = time.perf_counter()
    default_classifier()
    figures["classifier_load_s"] = round(time.perf_counter() - started, 2)
    heldout = read_jsonl(HELDOUT_PATH)
    texts = [str(r["text"]) for r in heldout]
    predicted = [classify(t) for t in texts]
    truth = [str(r["fields"][0]) for r in heldout]  # type: ignore[index]
    figures["heldout_texts"] = len(heldout)
    figures["heldout_macro_f1"] = round(macro_f1(truth, [c.fields[0] for c in predicted]), 3)
    # Batch 5 was written after the last template change and never used for tuning; the
    # errors of batches 1-3 informed template edits; batch 4 was scored once before the last.
    # Batch 6 (suggestions, thanks, hard negatives) was written before the fourth template round
    # and its errors were seen while writing it; batch 7 was written after and never tuned on.
    # Batch 8 (the newer subcategories) was scored once before the templates' last edits.
    # Batch 9 (280 texts by a separate author who never saw the code or the templates) was
    # never tuned on. Batch 10 (140 texts, a second separate author, field only) was scored
    # once; two texts of its pair file led to two cue phrases.
    for batch in sorted({int(str(r.get("batch", 0))) for r in heldout}):
        pairs = [
            (t, c.fields[0])
            for r, t, c in zip(heldout, truth, predicted, strict=True)
            if int(str(r.get("batch", 0))) == batch
        ]
        figures[f"heldout_macro_f1_batch{batch}"] = round(
            macro_f1([t for t, _ in pairs], [p for _, p in pairs]), 3
        )
    subs = [
        (r["subcategory"], c.subcategory)
        for r, c in zip(heldout, predicted, strict=True)
        if r["subcategory"]
    ]
    figures["heldout_subcategory_acc"] = round(sum(a == b for a, b in subs) / len(subs), 3)
    rng = random.Random(3)
    figures["classify_per_s"] = throughput([wording(m, rng) for m in make_matters(2000, seed=5)])
    labels_path = DATA_DIR / "realworld_labels.jsonl"
    if REALWORLD.exists() and labels_path.exists():
        rows = list(csv.reader(REALWORLD.open(encoding="utf-8-sig")))
        messages = [row[1] for row in rows if row[1].strip()]
        figures["classify_long_chars"] = round(sum(map(len, messages)) / len(messages))
        figures["classify_long_per_s"] = throughput(messages)
        labels = read_jsonl(labels_path)
        truth = [str(x["field"]) for x in labels]
        guess = [classify(rows[int(str(x["row"]))][1]).fields[0] for x in labels]
        figures["realworld_texts"] = len(labels)
        figures["realworld_macro_f1"] = round(macro_f1(truth, guess), 3)
        figures["realworld_accuracy"] = round(
            sum(t == g for t, g in zip(truth, guess, strict=True)) / len(truth), 3
        )


def bench_locate(figures: dict[str, object]) -> None:
    """County accuracy and wrong codes on hand-written addresses (null is right when asked), as
    the library answers (a prefecture when only that is known) and as the county the CLI gives
    (null unless a county is certain), overall and per batch."""
    rows = read_jsonl(DATA_DIR / "heldout_places.jsonl")
    right = wrong = 0
    by_batch: dict[int, list[tuple[str | None, str | None]]] = collections.defaultdict(list)
    for row in rows:
        place = locate(str(row["address"]))
        expected = row["region_code"]
        right += place.region_code == expected
        wrong += place.region_code is not None and place.region_code != expected
        county = place.region_code if place.level == "county" else None
        expected_county = None if expected is None or str(expected).endswith("00") else expected
        by_batch[int(str(row["batch"]))].append((county, expected_county))  # type: ignore[arg-type]
    figures["locate_addresses"] = len(rows)
    figures["locate_accuracy"] = round(right / len(rows), 3)
    figures["locate_wrong_code_rate"] = round(wrong / len(rows), 3)
    for batch, answers in sorted(by_batch.items()):
        figures[f"locate_county_accuracy_batch{batch}"] = round(
            sum(got == want for got, want in answers) / len(answers), 3
        )
        figures[f"locate_wrong_county_codes_batch{batch}"] = sum(
            got is not None and got != want for got, want in answers
        )


def bench_pairs(figures: dict[str, object], matters: list[Matter]) -> None:
    """same_matter on true paraphrase pairs and on look-alike pairs (same spot or same facility)."""
    rng = random.Random(8)
    true_pairs = [(wording(m, rng), wording(m, rng, query=True)) for m in matters[:1500]]
    by_spot: dict[tuple[str, str], list[Matter]] = collections.defaultdict(list)
    for m in matters:
        by_spot[(m.region_code, m.spot)].append(m)
    lookalikes = [
        (wording(a, rng), wording(b, rng, query=True))
        for group in by_spot.values()
        if len(group) > 1
        for a, b in itertools.pairwise(group)
    ][:1500]
    found = sum(same_matter(a, b)[0] for a, b in true_pairs)
    linked = sum(same_matter(a, b)[0] for a, b in lookalikes)
    figures["pair_recall"] = round(found / len(true_pairs), 3)
    figures["pair_false_link_rate"] = round(linked / len(lookalikes), 3)
    figures["pairs_tested"] = len(true_pairs) + len(lookalikes)


def bench_written_pairs(figures: dict[str, object]) -> None:
    """same_matter on hand-written pairs: repeats reworded or shortened, and look-alikes."""
    rows = read_jsonl(DATA_DIR / "heldout_pairs.jsonl")
    for batch in sorted({int(str(r["batch"])) for r in rows}):
        pairs = [r for r in rows if int(str(r["batch"])) == batch]
        linked = [(bool(r["same"]), same_matter(str(r["a"]), str(r["b"]))[0]) for r in pairs]
        true = sum(same for same, _ in linked)
        figures[f"written_pair_recall_batch{batch}"] = round(
            sum(same and found for same, found in linked) / max(true, 1), 3
        )
        figures[f"written_pair_false_link_rate_batch{batch}"] = round(
            sum(found and not same for same, found in linked) / max(len(linked) - true, 1), 3
        )


def bench_pairs_by_writer(figures: dict[str, object]) -> None:
    """Same matter on the pairs of one writer, the model fitted on the other writers' pairs only:
    each labelled set (A, B held out in heldout_pairs.jsonl as batches 3 and 4; C to M and Q to U in
    pairs.jsonl, which the shipped model is fitted on) is left out in turn. Reported for links
    (the model's threshold) and for links or questions to the clerk (its possible threshold)."""
    rows = [r for r in read_jsonl(DATA_DIR / "heldout_pairs.jsonl") if r["batch"] in (3, 4)]
    sets = [{**r, "set": "A" if r["batch"] == 3 else "B"} for r in rows] + read_pairs(PAIRS_PATH)
    rates: dict[str, list[tuple[float, float]]] = {"": [], "_or_asked": []}
    for held in sorted({str(r["set"]) for r in sets}):
        model = train_same_matter([r for r in sets if r["set"] != held])
        scored = [
            (bool(r["same"]), key_score(matter_key(str(r["a"])), matter_key(str(r["b"])), model))
            for r in sets
            if r["set"] == held
        ]
        true = sum(same for same, _ in scored)
        for tier, threshold in (("", model.threshold), ("_or_asked", model.possible)):
            found = sum(same and score >= threshold for same, score in scored) / true
            false = sum(score >= threshold and not same for same, score in scored)
            rates[tier].append((found, false / (len(scored) - true)))
            figures[f"unseen_writer_pair_recall{tier}_{held}"] = round(found, 3)
            figures[f"unseen_writer_pair_false_link_rate{tier}_{held}"] = round(
                rates[tier][-1][1], 3
            )
    for tier, pairs in rates.items():
        figures[f"unseen_writer_pair_recall{tier}"] = round(
            sum(f for f, _ in pairs) / len(pairs), 3
        )
        figures[f"unseen_writer_pair_false_link_rate{tier}"] = round(
            sum(f for _, f in pairs) / len(pairs), 3
        )


def bench_index(figures: dict[str, object], size: int) -> None:
    """Build the history index, then lookup latency, recall vs exhaustive and vs ground truth."""
    matters = make_matters(max(size // 3, 1000))
    bench_pairs(figures, matters)
    before = rss_mb()
    started = time.perf_counter()
    index = RepeatIndex()
    case_matter: list[int] = []
    for case_id, text, matter in make_history(matters, size):
        index.add(case_id, text, matter.region_code)
        case_matter.append(matter.number)
    figures["history"] = size
    figures["index_build_s"] = round(time.perf_counter() - started, 1)
    figures["index_mb"] = round(index.memory_bytes() / 2**20)
    figures["index_rss_mb"] = round(rss_mb() - before)
    per_matter = collections.Counter(case_matter)
    rng = random.Random(21)
    queries = [(m, wording(m, rng, query=True)) for m in rng.sample(matters, 1000)]
    timings, tp, fp, fn = [], 0, 0, 0
    for matter, text in queries:
        started = time.perf_counter()
        found = index.find(text, matter.region_code, limit=50)
        timings.append((time.perf_counter() - started) * 1000)
        good = sum(case_matter[int(f.case_id[1:])] == matter.number for f in found)
        tp, fp, fn = tp + good, fp + len(found) - good, fn + per_matter[matter.number] - good
    timings.sort()
    figures["lookup_p50_ms"] = round(timings[len(timings) // 2], 2)
    figures["lookup_p95_ms"] = round(timings[int(len(timings) * 0.95)], 2)
    figures["repeat_recall"] = round(tp / max(tp + fn, 1), 3)
    figures["repeat_false_link_rate"] = round(fp / max(tp + fp, 1), 4)
    agree = total = 0
    for matter, text in queries[:RECALL_QUERIES]:
        exact = {m.case_id for m in index.find_exhaustive(text, matter.region_code, limit=10**6)}
        fast = {m.case_id for m in index.find(text, matter.region_code, limit=10**6)}
        agree, total = agree + len(exact & fast), total + len(exact)
    figures["recall"] = round(agree / max(total, 1), 4)
    figures["recall_sample_queries"] = RECALL_QUERIES


def main() -> None:
    """Run every measurement, print figures, end with one JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=1_000_000)
    size = parser.parse_args().history
    figures: dict[str, object] = {}
    for step in (bench_classify, bench_locate, bench_written_pairs, bench_pairs_by_writer):
        step(figures)
        print(step.__name__, {k: v for k, v in figures.items()}, flush=True)
    bench_index(figures, size)
    for name, value in figures.items():
        print(f"{name:28} {value}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
