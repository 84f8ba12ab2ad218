"""Same matter on the demo year: what a clerk would see at registration, against the generator's
own answer (each demo complaint that repeats another says which, `DemoComplaint.repeat_of`).

Run from the repository root: .venv/bin/python bench/demo_repeats.py [--seed N] [--count N]
Every complaint is compared, as registration does, with the earlier ones of its county in the
last 180 days (at most 500), by their matter keys; no database is written. Reports how many
repeats are linked to their matter or at least asked about (疑似同一事项), and how many links and
questions join different matters. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopetition.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

import triage  # noqa: E402
from cases.models import matter_text  # noqa: E402
from demo.corpus import DemoComplaint, generate_year  # noqa: E402
from routing.assessment import CANDIDATES_MAX, POSSIBLE_SHOWN, REPEAT_WINDOW  # noqa: E402


def matter_of(items: list[DemoComplaint], index: int) -> int:
    """The first complaint of the matter a complaint raises."""
    while items[index].repeat_of is not None:
        index = items[index].repeat_of
    return index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--count", type=int, default=1200)
    args = parser.parse_args()
    end = date(2026, 11, 29)
    items = list(
        generate_year(
            seed=args.seed,
            start=end - timedelta(days=365),
            end=end,
            count=args.count,
            regions_file=settings.PROVINCE_DATA_FILE,
        )
    )
    started = time.perf_counter()
    keys = [triage.matter_key(matter_text(item.address, item.content)) for item in items]
    order = sorted(range(len(items)), key=lambda i: items[i].received_at)
    figures = dict.fromkeys(
        ("repeats", "linked", "linked_or_asked", "links", "wrong_links", "asks", "wrong_asks"), 0
    )
    asking = 0
    for position, i in enumerate(order):
        earlier = [
            j
            for j in order[:position]
            if items[j].county_code == items[i].county_code
            and items[i].received_at - items[j].received_at <= REPEAT_WINDOW
        ][-CANDIDATES_MAX:]
        scored = sorted(((triage.key_score(keys[i], keys[j]), j) for j in earlier), reverse=True)
        links = [j for score, j in scored if triage.link_kind(score) == triage.SAME]
        asks = [j for score, j in scored if triage.link_kind(score) == triage.POSSIBLE]
        asks = asks[:POSSIBLE_SHOWN]
        mine = matter_of(items, i)
        figures["links"] += len(links)
        figures["wrong_links"] += sum(matter_of(items, j) != mine for j in links)
        figures["asks"] += len(asks)
        figures["wrong_asks"] += sum(matter_of(items, j) != mine for j in asks)
        asking += bool(asks)
        if items[i].repeat_of is not None:
            figures["repeats"] += 1
            figures["linked"] += any(matter_of(items, j) == mine for j in links)
            figures["linked_or_asked"] += any(matter_of(items, j) == mine for j in links + asks)
    result = {
        "seed": args.seed,
        "complaints": len(items),
        **figures,
        "complaints_asking": asking,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
