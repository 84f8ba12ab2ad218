"""Who handles a matter, decided by rules in data (pure, no database)."""

from routing.rules import LETTER, PREFECTURE_BUREAU, UNIT, Matter, Rule, propose

LOCAL = Rule(target="county_branch", reason="属地办理", priority=100)
STALLS = Rule(
    target=LETTER,
    reason="城管负责",
    field="air",
    subcategory="餐饮油烟",
    keywords=("烧烤摊", "夜市"),
    body="属地城市管理部门",
    priority=20,
)
RADIATION = Rule(
    target=UNIT, reason="厅辐射处", subcategory="放射源", unit_code="630000-radiation", priority=10
)
XINING_ONLY = Rule(
    target=LETTER,
    reason="西宁地方规定",
    subcategory="社会生活噪声",
    region_prefix="6301",
    body="西宁市城市管理局",
    priority=15,
)
RULES = [LOCAL, STALLS, RADIATION, XINING_ONLY]


def matter(
    text: str = "",
    fields: tuple[str, ...] = ("air",),
    subcategory: str = "",
    county: str | None = "630104",
    mentioned: tuple[str, ...] = (),
) -> Matter:
    return Matter(text, fields, subcategory, county, mentioned)


def test_an_ordinary_matter_goes_to_the_county_branch_of_its_place() -> None:
    proposal = propose(matter("工厂冒黑烟", subcategory="工业废气"), RULES)
    assert proposal is not None
    assert (proposal.target, proposal.unit_code) == ("county_branch", "630104")


def test_street_stall_fumes_go_by_letter_to_urban_management() -> None:
    proposal = propose(matter("夜市烧烤摊油烟大", subcategory="餐饮油烟"), RULES)
    assert proposal is not None
    assert (proposal.target, proposal.body) == (LETTER, "属地城市管理部门")


def test_a_restaurant_kitchen_is_ours_although_it_is_also_cooking_fumes() -> None:
    proposal = propose(matter("饭店厨房油烟直排", subcategory="餐饮油烟"), RULES)
    assert proposal is not None and proposal.target == "county_branch"


def test_a_radiation_source_goes_to_the_departments_business_department() -> None:
    proposal = propose(matter("医院放射源", ("radiation",), "放射源", county=None), RULES)
    assert proposal is not None
    assert (proposal.target, proposal.unit_code) == (UNIT, "630000-radiation")


def test_a_city_rule_applies_only_in_that_city() -> None:
    in_xining = propose(matter("广场舞", ("noise",), "社会生活噪声", "630105"), RULES)
    in_golmud = propose(matter("广场舞", ("noise",), "社会生活噪声", "632801"), RULES)
    assert in_xining is not None and in_xining.body == "西宁市城市管理局"
    assert in_golmud is not None and in_golmud.unit_code == "632801"


def test_a_matter_spanning_counties_of_one_city_goes_to_the_city_bureau() -> None:
    proposal = propose(matter(mentioned=("630121", "630123")), RULES)
    assert proposal is not None
    assert (proposal.target, proposal.unit_code) == (PREFECTURE_BUREAU, "630100")


def test_a_matter_spanning_cities_stays_with_the_department() -> None:
    proposal = propose(matter(mentioned=("630121", "632801")), RULES)
    assert proposal is not None and proposal.unit_code is None


def test_without_a_place_an_ordinary_matter_has_no_proposal() -> None:
    assert propose(matter("冒黑烟", county=None), RULES) is None
