"""Tests of the demo complaint generator; pure Python, no database."""

import json
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from demo.corpus import (
    CHANNEL_WEIGHTS,
    FIELDS,
    OUTCOMES,
    RATED_OUTCOMES,
    REPLIED_OUTCOMES,
    DemoComplaint,
    generate_year,
    id_check_digit,
    load_counties,
)

ROOT = Path(__file__).resolve().parents[2]
REGIONS_FILE = ROOT / "regions" / "data" / "630000.json"
REFERENCE_FILE = ROOT / "cases" / "data" / "reference.json"
START, END = date(2025, 11, 1), date(2026, 11, 1)


@cache
def year(seed: int = 2026) -> tuple[DemoComplaint, ...]:
    return tuple(generate_year(seed=seed, start=START, end=END, regions_file=REGIONS_FILE))


def test_it_returns_the_same_year_for_the_same_seed() -> None:
    again = generate_year(seed=2026, start=START, end=END, regions_file=REGIONS_FILE)

    assert tuple(again) == year()


def test_it_returns_a_different_year_for_another_seed() -> None:
    assert [c.content for c in year(7)[:20]] != [c.content for c in year()[:20]]


def test_it_generates_the_requested_count_in_order_of_receipt() -> None:
    items = year()

    assert len(items) == 1200
    assert [c.received_at for c in items] == sorted(c.received_at for c in items)


def test_it_places_every_receipt_inside_the_period_in_shanghai_time() -> None:
    for c in year():
        assert c.received_at.utcoffset() == timedelta(hours=8)
        assert START <= c.received_at.date() < END


def test_it_receives_more_in_summer_than_in_winter() -> None:
    months = Counter(c.received_at.month for c in year())

    assert months[7] > months[1] * 1.5


def test_it_covers_every_county() -> None:
    codes = {county.code for county in load_counties(REGIONS_FILE)}

    assert len(codes) == 45
    assert {c.county_code for c in year()} == codes


def test_it_covers_every_field_channel_and_outcome() -> None:
    items = year()

    assert {f for c in items for f in c.fields} == set(FIELDS)
    assert {c.channel for c in items} == set(CHANNEL_WEIGHTS)
    assert {c.outcome for c in items} == set(OUTCOMES)


def test_it_makes_the_12369_hotline_and_wechat_the_busiest_channels() -> None:
    top_two = [channel for channel, _ in Counter(c.channel for c in year()).most_common(2)]

    assert set(top_two) == {"hotline_12369", "wechat"}


def test_it_never_repeats_a_content() -> None:
    contents = [c.content for c in year()]

    assert len(set(contents)) == len(contents)


def test_it_keeps_other_and_multi_field_complaints_near_a_tenth() -> None:
    items = year()
    other = sum(c.fields[0] == "other" for c in items) / len(items)
    multi = sum(len(c.fields) > 1 for c in items) / len(items)

    assert 0.06 < other < 0.14 and 0.05 < multi < 0.15
    assert all(len(set(c.fields)) == len(c.fields) for c in items)


def test_it_points_merged_complaints_to_an_earlier_one_in_the_same_county() -> None:
    items = year()
    merged = [(i, c) for i, c in enumerate(items) if c.outcome == "merged"]

    assert merged
    for i, c in merged:
        assert c.repeat_of is not None and c.repeat_of < i
        original = items[c.repeat_of]
        assert (original.county_code, original.address, original.subcategory) == (
            c.county_code,
            c.address,
            c.subcategory,
        )
    assert all(c.repeat_of is None for c in items if c.outcome != "merged")


def test_it_writes_replies_exactly_for_outcomes_that_need_them() -> None:
    for c in year():
        assert (c.reply is not None) == (c.outcome in REPLIED_OUTCOMES)
        assert (c.measures is not None) == (c.outcome in REPLIED_OUTCOMES)


def test_it_names_the_county_and_the_handling_branch_in_every_reply() -> None:
    names = {county.code: county.name for county in load_counties(REGIONS_FILE)}

    for c in year():
        if c.reply:
            assert c.fields[0] == "other" or names[c.county_code] in c.reply
            assert c.reply.splitlines()[-2].endswith("分局")


def test_it_rates_satisfaction_exactly_for_rated_outcomes() -> None:
    for c in year():
        assert (c.satisfaction is not None) == (c.outcome in RATED_OUTCOMES)
        assert c.satisfaction in (None, "满意", "基本满意", "不满意")


def test_it_gives_findings_only_to_replied_reports_of_a_field() -> None:
    for c in year():
        expected = c.outcome in REPLIED_OUTCOMES and c.fields[0] != "other"
        assert (c.finding is not None) == expected
        assert c.finding in (None, "属实", "部分属实", "不属实")


def test_it_gives_a_reason_to_every_declined_complaint_and_no_other() -> None:
    items = year()

    assert all((c.decline_reason is not None) == (c.outcome == "declined") for c in items)
    assert 0.01 < sum(c.outcome == "declined" for c in items) / len(items) < 0.05


def test_it_leaves_recent_complaints_in_early_states() -> None:
    recent = [c for c in year() if (datetime(2026, 11, 1).date() - c.received_at.date()).days < 10]
    early = {"registered", "accepted", "forwarded", "handling", "declined", "merged"}

    assert recent and all(c.outcome in early for c in recent)


def test_it_hides_the_petitioner_of_anonymous_complaints() -> None:
    items = year()

    for c in items:
        person = (c.petitioner_name, c.petitioner_phone, c.petitioner_id_number)
        assert (
            (person == (None, None, None))
            if c.anonymous
            else c.petitioner_name and c.petitioner_phone
        )
    assert 0.18 < sum(c.anonymous for c in items) / len(items) < 0.32


def test_it_reuses_some_phones_to_make_repeat_petitioners() -> None:
    phones = Counter(c.petitioner_phone for c in year() if c.petitioner_phone)

    assert any(n > 1 for n in phones.values())
    assert all(len(p) == 11 and p.isdigit() and p.startswith("1") for p in phones)


def test_it_gives_id_numbers_with_a_qinghai_prefix_and_a_valid_check_digit() -> None:
    ids = [c.petitioner_id_number for c in year() if c.petitioner_id_number]

    assert ids
    for number in ids:
        assert len(number) == 18 and number.startswith("63") and number[:17].isdigit()
        assert number[17] == id_check_digit(number[:17])


def test_it_computes_the_check_digit_of_a_known_id_number() -> None:
    assert id_check_digit("11010519491231002") == "X"


def test_it_locates_about_a_third_near_the_county_seat() -> None:
    items = year()
    located = [c for c in items if c.latitude is not None]

    assert 0.25 < len(located) / len(items) < 0.35
    for c in located:
        assert c.latitude and c.longitude and 31.5 < c.latitude < 39.5 and 89 < c.longitude < 103.5
    assert all((c.latitude is None) == (c.longitude is None) for c in items)


def test_it_uses_reports_for_most_and_petitions_for_every_other_field_complaint() -> None:
    items = year()

    assert sum(c.track == "report" for c in items) > len(items) * 0.7
    assert all(c.track == "petition" for c in items if c.fields[0] == "other")


def test_it_uses_only_subcategories_and_decline_reasons_of_the_reference_data() -> None:
    reference = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    subcategories = {(f["code"], s) for f in reference["fields"] for s in f["subcategories"]}
    reasons = {r["text"] for r in reference["decline_reasons"]}

    for c in year():
        assert (c.fields[0], c.subcategory) in subcategories
        assert c.decline_reason is None or c.decline_reason in reasons


def test_an_address_names_places_never_the_people_complained_of() -> None:
    addresses = [c.address for c in year()]
    assert any("金矿" in a or "砂场" in a for a in addresses)  # places still do
    assert not [a for a in addresses if "一伙外地人" in a or a.endswith("有人")]
