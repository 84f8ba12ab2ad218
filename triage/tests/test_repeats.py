"""重信重访: the same matter in other words is found; look-alikes are kept apart."""

import json

from triage.matter import (
    containment,
    facility_agreement,
    key_from_record,
    key_record,
    link_reasons,
    matter_key,
    named_facilities_differ,
    pair_values,
    parts_differ,
    problems_differ,
    same_matter,
)
from triage.repeats import RepeatIndex

SHOP = "城西区五四大街老王烧烤店油烟太大，熏得窗户都不能开"


def test_it_links_the_same_shop_and_problem_in_other_words() -> None:
    same, score = same_matter(SHOP, "又是五四大街那家老王烧烤店，天天冒油烟，家里全是味")
    assert same and score > 0.45


def test_it_keeps_another_shop_on_the_same_street_apart() -> None:
    assert not same_matter(SHOP, "五四大街张记火锅店油烟太大")[0]


def test_it_keeps_another_problem_of_the_same_shop_apart() -> None:
    assert not same_matter(SHOP, "老王烧烤店半夜喝酒划拳吵得睡不着")[0]


def test_a_text_that_says_it_is_another_shop_is_never_linked() -> None:
    first = "积石镇河滨路一家拉面馆油烟直排，影响楼上住户。"
    other = "积石镇河滨路另一家拉面馆 不是上次反映的那家 是靠桥头的 也是油烟直排"
    assert same_matter(first, other) == (False, 0.0)


def test_a_petitioner_who_says_it_is_another_matter_is_believed() -> None:
    first = "我是申中乡的，前面反映过村污水处理站不运行的事。"
    other = "申中乡的，还是我，这次说的不是污水站，是村头公路边有人把病死的羊扔在沟里。"
    assert same_matter(first, other) == (False, 0.0)


def test_two_names_that_only_start_alike_are_two_places() -> None:
    first = "来电人反映：玛沁县大武镇团结路“金色年华KTV”夜间噪声扰民。"
    assert same_matter(first, "团结路金色年华KTV 每天晚上唱歌到两三点 吵得睡不着")[0]
    assert not same_matter(first, "团结路那个金色时代KTV 每天晚上喝酒唱歌到两三点")[0]


def test_a_quoted_name_is_read_as_the_name_of_its_facility() -> None:
    quoted = "八一路“魅力”酒吧每晚噪声扰民"
    assert same_matter(quoted, "八一路魅力酒吧 半夜还在唱 吵得睡不着")[0]
    assert not same_matter(quoted, "八一路魅影酒吧 半夜噪音 醉汉在楼下闹事")[0]


def test_shops_of_a_street_named_for_their_trade_are_kept_apart() -> None:
    first = "平安大道汽修街“永顺汽修”废机油随意倾倒。"
    assert not same_matter(first, "平安大道汽修街永盛修理厂把废机油倒在门口")[0]
    next_door = "互助东路德鑫汽修隔壁的鸿运汽车美容 也在门口露天喷漆"
    assert not same_matter("城东区互助东路德鑫汽修 在路边露天喷漆 油漆味刺鼻", next_door)[0]


def test_a_cattle_farm_and_a_pig_farm_of_one_village_are_kept_apart() -> None:
    cattle = "大通县塔尔镇塔尔湾村养牛场粪污随意堆放，雨后粪水外流"
    assert not same_matter(cattle, "大通县塔尔镇塔尔湾村的养猪场 猪粪水往外流")[0]


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


SAND = (
    "我是共和县切吉乡的牧民，兴旺砂场说是有手续，可他们挖的地方早超出范围了，把我们家的草场"
    "挖得坑坑洼洼，一下雨就冲出大沟，我们找了乡里好几次都没用，强烈要求关停！"
)


def test_it_links_a_shortened_restatement_under_another_opener() -> None:
    assert same_matter(SAND, "第二次投诉了，兴旺砂场挖的地方早超出范围了，把草场都挖了。")[0]


def test_it_ignores_openers_closers_and_outbursts() -> None:
    first = (
        "您好，我想反映个问题，城北区雪域健身房楼顶的风机晚上十一点以后还在嗡嗡响，"
        "请相关部门依法处理。"
    )
    again = "再次反映，今天晚上雪域健身房的风机还在嗡嗡响，这就是你们说的绿水青山？盼复！"
    assert same_matter(first, again)[0]


def test_it_reads_facility_names_of_many_kinds() -> None:
    for name in ("雪域健身房", "东晟光伏电站", "尕娃洗浴中心", "惠民合作社"):
        key = matter_key(f"{name}的问题一直没人管")
        assert key.facilities, name


def test_it_keeps_another_sand_yard_apart() -> None:
    assert not same_matter(SAND, "兴隆砂场超范围开采，把我们的草场都挖了。")[0]


def test_it_keeps_another_kind_of_facility_with_the_same_name_apart() -> None:
    assert not same_matter("清泉洗车场的泥水往河里冲", "清泉宾馆的生活污水往河里排")[0]


def test_it_keeps_another_facility_of_the_same_village_apart() -> None:
    a = "我是马家村的村民，村西头的王家砖厂冒黑烟，呛得人喘不过气。"
    b = "我是马家村的村民，村东头的李家养殖场粪水直排到河里，河水发臭。"
    assert not same_matter(a, b)[0]


def test_the_index_finds_a_repeat_written_with_another_opener() -> None:
    index = RepeatIndex()
    index.add("S1", SAND, "632521")
    index.add("S2", "兴隆砂场超范围开采，把河道挖得坑坑洼洼", "632521")
    found = index.find("还是那个老问题，兴旺砂场越界挖草场，拜托了", region_code="632521")
    assert [m.case_id for m in found] == ["S1"]


BOILER = (
    "隆务镇那个酒店的锅炉还在烧煤，我们旁边几家窗台上天天一层黑灰，不是说城区禁止燃煤锅炉了吗？"
)


def test_it_links_one_problem_at_one_named_town_retold_in_other_words() -> None:
    same, _ = same_matter(BOILER, "同仁市隆务镇那家酒店烧燃煤锅炉，烟囱对着居民区，冬天黑烟滚滚。")
    assert same


def test_it_keeps_the_same_story_in_another_town_of_the_county_apart() -> None:
    assert not same_matter(
        "湟中多巴镇街上有个诊所，把用过的针管输液瓶堆在后院，收废品的人来翻着卖。",
        "湟中鲁沙尔镇街上有个诊所，把用过的针管输液瓶堆在后院，收废品的人来翻着卖。",
    )[0]


def test_it_keeps_the_same_river_in_two_counties_apart() -> None:
    assert not same_matter(
        "乐都区湟水河边那个洗沙场，挖机天天在河道里挖，河岸都塌了。",
        "民和县湟水河边上也有个洗沙场，在河道里乱挖，河床被挖得一个坑一个坑的。",
    )[0]


def test_the_index_finds_a_retelling_through_its_town_and_problem() -> None:
    index = RepeatIndex()
    index.add("C1", BOILER, "632301")
    index.add("C2", "隆务镇的砂石料场晚上筛沙太吵", "632301")
    query = "同仁市隆务镇那家酒店烧燃煤锅炉，烟囱对着居民区，冬天黑烟滚滚。"
    assert [m.case_id for m in index.find(query, "632301")] == ["C1"]
    assert [m.case_id for m in index.find_exhaustive(query, "632301")] == ["C1"]


def test_descriptions_of_one_shop_do_not_count_as_two_names() -> None:
    same, _ = same_matter(
        "德令哈那个音响改装店天天在门口试低音炮，玻璃都跟着嗡嗡响，晚上还有人开车炸街。",
        "德令哈市我们楼下那家汽车音响店一直在门口试音响，低音炮震得玻璃响。",
    )
    assert same


def test_two_kinds_of_place_are_two_matters_even_unnamed() -> None:
    assert not same_matter(
        "湟源县城一家诊所把用过的针头输液管混在生活垃圾里扔。",
        "湟源县人民医院把医疗垃圾堆在后院，针头输液管到处都是。",
    )[0]


def test_a_town_written_with_or_without_its_suffix_is_one_town() -> None:
    a = matter_key("大武镇的农贸市场里有人偷偷卖旱獭皮和野生鸟，说是山上套来的。")
    b = matter_key("玛沁县大武的市场里还有人卖旱獭皮，还有套来的野鸟。")
    assert pair_values(a, b, containment(a.shingles, b.shingles))["same_town"]
    c = matter_key("玛沁县的市场里还有人卖旱獭皮，还有套来的野鸟。")
    assert not pair_values(a, c, containment(a.shingles, c.shingles))["same_town"]


def test_one_named_shop_with_one_problem_links_whatever_the_wording() -> None:
    same, _ = same_matter(
        "城中区莫家街老杨家烤肉，晚上烟熏得整栋楼没法开窗。",
        "又来反映杨家烤肉店的事：一到七点楼道里全是烤羊肉的烟味，净化器到现在也没装。",
    )
    assert same


def test_one_named_shop_with_one_problem_word_is_one_matter_whatever_the_fields() -> None:
    # the classifier may read a KTV's stink as its noise; the named shop and 臭/异味 say otherwise
    a = "我要投诉，东兴大街泰海KTV臭气熏天，窗户都不敢开"
    b = "东兴大街那个泰海KTV异味还是很大"
    assert not pair_values(matter_key(a), matter_key(b), 0.0)["fields_differ"]
    assert same_matter(a, b)[0]


def test_a_broad_kind_does_not_disagree_with_a_narrow_one() -> None:
    same, _ = same_matter(
        "湟中多巴镇我们村边上的石料厂，破碎机响到半夜。",
        "多巴镇村边那个石料加工厂，破碎机整夜轰隆隆地响，村里人都睡不着。",
    )
    assert same


def test_one_kind_of_place_with_one_problem_in_one_town_is_one_matter() -> None:
    same, _ = same_matter(
        "希里沟镇那个搅拌站一开工水泥灰就往村里飘",
        "乌兰县希里沟镇一家混凝土搅拌站，粉尘大得很，晾的衣服全是白灰。",
    )
    assert same


def test_one_kind_of_place_in_two_towns_is_two_matters() -> None:
    assert not same_matter(
        "希里沟镇那个搅拌站一开工水泥灰就往村里飘",
        "乌兰县茶卡镇一家混凝土搅拌站，粉尘大得很，晾的衣服全是白灰。",
    )[0]


def test_an_industrial_park_is_where_not_who() -> None:
    key = matter_key("甘河滩工业园的问题一直没人管")
    assert not key.facilities and key.spots
    assert not same_matter(
        "察尔汗工业园富源钾肥的尾盐堆扬尘，风一起白茫茫",
        "察尔汗工业园利源钾肥 尾盐堆 刮风起盐尘 车上一层白",
    )[0]


def test_two_enterprises_of_one_trade_on_one_street_are_two_matters() -> None:
    assert not same_matter(
        "大武镇北出口的鑫源商砼站 粉尘大得很 进出的罐车把泥带到路上",
        "玛沁县大武镇北出口那家宏远商砼站，灰尘很大，旁边的房子上全是灰。",
    )[0]
    assert not same_matter(
        "格尔木市昆仑南路“蜀香园”川菜馆油烟直排扰民，请处理",
        "格尔木市昆仑南路“蜀香阁”火锅店油烟直排扰民，楼上住户窗户上全是油",
    )[0]


def test_two_parts_of_one_lake_are_two_matters() -> None:
    assert not same_matter(
        "托素湖东岸游客露营后留下一堆垃圾", "托素湖北岸露营点垃圾没人收 风一吹全到湖里"
    )[0]


def test_a_text_that_says_it_is_another_shop_is_kept_apart() -> None:
    assert not same_matter(
        "循化县积石镇河滨路一家拉面馆油烟直排，影响楼上住户。",
        "积石镇河滨路另一家拉面馆 不是上次反映的那家 是靠桥头的 也是油烟直排",
    )[0]


def test_two_sources_at_one_compound_are_two_matters() -> None:
    assert not same_matter(
        "城东区火车站旁边XX小区 高铁和火车经过的噪声太大 要求加装隔音屏",
        "火车站旁边XX小区楼下的KTV 晚上噪音太大 都十二点了还在唱",
    )[0]


def test_a_terse_follow_up_naming_the_facility_is_linked() -> None:
    assert same_matter(
        "民和县古鄯镇粉条加工厂把洗洋芋和做粉条的废水排进河沟，沟里发黑发臭。",
        "古鄯粉条厂那个水 还在排 比上个月更黑了 说好的建沉淀池呢",
    )[0]


def test_the_index_keeps_everything_a_matter_is_compared_by() -> None:
    text = "又是“蜀香园”，格尔木市昆仑南路北段那家川菜馆另一家分店，大武的烤肉油烟直排"
    index = RepeatIndex()
    index.add("K1", text)
    assert index.stored_key(0) == matter_key(text)


def test_a_link_says_why_in_words_a_clerk_checks() -> None:
    shop, again = matter_key(SHOP), matter_key("又是五四大街那家老王烧烤店，天天冒油烟，家里全是味")
    reasons = link_reasons(shop, again)
    assert "同一设施「老王烧烤店」" in reasons
    assert "同一问题（餐饮油烟）" in reasons
    assert "含追问或重复反映的说法" not in link_reasons(shop, shop)
    assert "说法大多相同" in link_reasons(shop, shop)


def test_a_stored_key_reads_back_the_same_unless_read_by_another_version() -> None:
    key = matter_key(SHOP)
    record = json.loads(json.dumps(key_record(key)))  # as a JSON column keeps it
    assert key_from_record(record) == key
    assert key_from_record({**record, "version": "older"}) is None
    assert key_from_record(None) is None


def test_what_stands_before_a_name_is_not_part_of_it() -> None:
    key = matter_key("蔡家堡乡政府对面山坡上那个砖窑，烟囱上刷着“红光砖厂”，一烧就是黑烟。")
    assert "红光/砖厂" in key.facilities
    assert "东侧金诚/商砼" not in matter_key("东川工业园东侧金诚商砼搅拌站凌晨作业").facilities
    assert matter_key("草坪上就有人烧烤").facilities <= {"/烧烤"}


def test_a_name_jieba_does_not_know_is_kept_whole() -> None:
    assert "老何/屠宰场" in matter_key("老何屠宰场夜里噪声太大").facilities
    assert "和信/养殖场" in matter_key("和信养殖场把垃圾废渣乱倒在路边").facilities


def test_a_named_facility_and_its_description_are_one_facility() -> None:
    same, _ = same_matter(
        "来电人反映：互助县蔡家堡乡红光机制砖厂烟囱冒黑烟，且无除尘设施，周边农户屋顶落满煤灰。",
        "蔡家堡乡政府对面山坡上那个砖窑，烟囱上刷着“红光砖厂”，一烧就是黑烟，院子里全是黑灰。",
    )
    assert same


def test_a_place_in_a_facility_name_says_where_not_whose() -> None:
    a = matter_key("德令哈电厂的烟囱晚上冒黄烟，呛得人睡不着")
    b = matter_key("来电人反映：德令哈巴音热电公司夜间烟囱排放黄烟，周边居民受影响")
    assert pair_values(a, b, containment(a.shingles, b.shingles))["problems_shared"]
    assert not named_facilities_differ(a.facilities, b.facilities)


def test_a_stink_and_the_sewage_that_causes_it_are_one_problem() -> None:
    assert not problems_differ(frozenset({"odor"}), frozenset({"water"}))
    assert problems_differ(frozenset({"odor"}), frozenset({"noise"}))
    # ...but one named shop's smell and its noise stay two matters
    assert not same_matter("西关大街马忠食府油烟直排", "西关大街马忠食府半夜划拳吵得睡不着")[0]


def test_asking_for_a_reply_is_no_follow_up() -> None:
    assert not matter_key(
        "三江养殖场把粪便堆在院墙外面，臭气熏天。请尽快处理并回复！盼复。"
    ).follow_up
    assert matter_key("你们回复说已经整改了，昨晚又在排。").follow_up


def test_one_village_and_a_follow_up_without_one_problem_are_not_one_matter() -> None:
    same, score = same_matter(
        "大堡子镇河滩村尕娃酒吧每天唱到凌晨两三点，上次投诉完停了两天，现在又照样干。",
        "大堡子镇河滩村。我是一名退休教师，建议对三江源地区的旅游线路限流，上次也提过。",
    )
    assert not same and score == 0.0


def test_a_side_is_one_side_however_it_is_written() -> None:
    assert not parts_differ(frozenset({"东边"}), frozenset({"东侧"}))
    assert parts_differ(frozenset({"东头"}), frozenset({"西侧"}))
    assert parts_differ(frozenset({"河东"}), frozenset({"河西"}))


def test_two_substations_told_only_by_their_voltage_are_not_one_named_facility() -> None:
    a = matter_key("来电人反映：大通县桥头镇向阳村东侧110千伏变电站夜间低频噪声扰民。")
    b = matter_key(
        "大通县桥头镇元墩子村村委会后面的35千伏变电站主变压器声音很大，晚上在屋里都能听见"
    )
    assert facility_agreement(a.facilities, b.facilities) != "same"
    assert "康川/锅炉房" in matter_key("再次反映：举报康川锅炉房偷排废气，黑烟滚滚").facilities
