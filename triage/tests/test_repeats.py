"""重信重访: the same matter in other words is found; look-alikes are kept apart."""

from triage.repeats import RepeatIndex, same_matter

SHOP = "城西区五四大街老王烧烤店油烟太大，熏得窗户都不能开"


def test_it_links_the_same_shop_and_problem_in_other_words() -> None:
    same, score = same_matter(SHOP, "又是五四大街那家老王烧烤店，天天冒油烟，家里全是味")
    assert same and score > 0.45


def test_it_keeps_another_shop_on_the_same_street_apart() -> None:
    assert not same_matter(SHOP, "五四大街张记火锅店油烟太大")[0]


def test_it_keeps_another_problem_of_the_same_shop_apart() -> None:
    assert not same_matter(SHOP, "老王烧烤店半夜喝酒划拳吵得睡不着")[0]


def test_it_keeps_cases_in_different_counties_apart() -> None:
    assert not same_matter(SHOP, SHOP, "630104", "630102")[0]


def test_the_index_finds_the_earlier_case_of_the_same_matter() -> None:
    index = RepeatIndex()
    index.add("A1", SHOP, "630104")
    index.add("A2", "五四大街张记火锅店油烟太大", "630104")
    index.add("A3", "老王烧烤店半夜喝酒划拳吵得睡不着", "630104")
    found = index.find("五四大街老王烧烤店油烟熏人", region_code="630104")
    assert [m.case_id for m in found] == ["A1"]


def test_the_fast_lookup_agrees_with_the_exhaustive_one() -> None:
    index = RepeatIndex()
    for number in range(200):
        index.add(f"B{number}", f"第{number}号楼下的老{number % 7}烧烤店油烟扰民", None)
    query = "老3烧烤店油烟扰民"
    fast = {m.case_id for m in index.find(query, limit=500)}
    exact = {m.case_id for m in index.find_exhaustive(query, limit=500)}
    assert exact and fast == exact
