"""Field classification: clear cases, indirect wordings, mixtures and the 'other' boundary."""

import pytest

from triage.classify import FIELDS, classify


@pytest.mark.parametrize(
    ("text", "field", "subcategory"),
    [
        ("楼下烧烤店的油烟直接往我家窗户里灌", "air", "餐饮油烟"),
        ("化工厂烟囱晚上冒黄烟，呛得人咳嗽", "air", "工业废气"),
        ("工地土堆不盖网，一刮风满天黄土", "air", "扬尘"),
        ("工厂偷偷往湟水河里排废水", "water", "工业废水"),
        ("有人在饮用水水源地里放牧洗车", "water", "饮用水水源地"),
        ("汽修厂把废机油和旧电瓶随地乱扔", "solid_waste", "危险废物"),
        ("有人在河道里偷挖砂石，河床挖得坑坑洼洼", "ecology", "非法采砂采矿"),
        ("楼顶装了通信基站，担心辐射影响孩子", "radiation", "通信基站电磁辐射"),
    ],
)
def test_it_classifies_clear_complaints(text: str, field: str, subcategory: str) -> None:
    result = classify(text)
    assert result.fields[0] == field
    assert result.subcategory == subcategory


def test_it_hears_night_knocking_as_noise() -> None:
    assert classify("晚上十二点了还在砰砰砰敲，根本睡不着").fields[0] == "noise"


def test_it_reads_belly_up_fish_as_water() -> None:
    assert classify("河里的鱼都翻白肚了，上游那个厂子不知道排了什么").fields[0] == "water"


def test_it_keeps_both_fields_of_a_mixed_complaint() -> None:
    result = classify("化工厂晚上冒黑烟呛人，而且还往河里偷排污水，河水都黑了")
    assert set(result.fields[:2]) == {"air", "water"}


@pytest.mark.parametrize(
    ("text", "subcategory"),
    [
        ("请问新建项目的环境影响评价报告什么时候公示？", "环评审批"),
        ("对你们上次的答复不满意，申请复查", "对答复不服"),
        ("感谢环保局的同志，问题解决得很及时", "表扬感谢"),
        ("单位拖欠工资三个月了，老板不见人", "其他事项"),
    ],
)
def test_it_puts_non_pollution_matters_in_other(text: str, subcategory: str) -> None:
    result = classify(text)
    assert result.fields == ("other",)
    assert result.subcategory == subcategory


@pytest.mark.parametrize(
    ("text", "field", "subcategory"),
    [
        ("村后头有人把废轮胎堆起来点了，黑烟冲天，一股胶皮味", "air", "露天焚烧"),
        ("收完庄稼地里到处点火烧麦秆，烟呛得眼睛睁不开", "air", "露天焚烧"),
        ("有人在河滩上烧旧电线，烧完捡里面的铜丝", "air", "露天焚烧"),
        ("澡堂的烧煤锅炉烟囱天天冒黑烟，正对着我们家窗户", "air", "燃煤锅炉"),
        ("供暖季小区锅炉房烧的煤太差，满楼道都是煤烟味", "air", "燃煤锅炉"),
        ("宾馆后院的小锅炉还在烧煤，黑烟一股一股的", "air", "燃煤锅炉"),
        ("拉煤的大货车一踩油门就冒一股黑烟，跟在后面没法喘气", "air", "机动车尾气"),
        ("公交车屁股后面的尾气黑乎乎的，站台上的人都捂鼻子", "air", "机动车尾气"),
        ("楼下停车场的车老不熄火，尾气全往屋里灌", "air", "机动车尾气"),
        ("养猪场的粪水接了根管子直接排进渠里", "water", "畜禽养殖废水"),
        ("牛场的粪尿一下雨就冲到河里，河水都黄了", "water", "畜禽养殖废水"),
        ("养鸡场冲鸡舍的脏水往村道上淌", "water", "畜禽养殖废水"),
        ("湖边的水这几天发绿，漂着一层藻，也不知道是谁排的", "water", "河湖水体污染"),
        ("公园的景观湖水发黑发臭，散步都得绕着走", "water", "河湖水体污染"),
        ("湟水河边这一段水发浑冒泡沫，也没看到有排污口", "water", "河湖水体污染"),
        ("家里压水井抽上来的水发黄，烧开了有股臭味", "water", "地下水污染"),
        ("厂里挖了个渗坑把废水往地下灌，村里的井水都变味了", "water", "地下水污染"),
        ("加油站旁边我家的井水有一股汽油味", "water", "地下水污染"),
        ("电石厂的白渣子一车车倒在荒沟里", "solid_waste", "工业固体废物"),
        ("电厂的粉煤灰和炉渣拉到河滩上倒", "solid_waste", "工业固体废物"),
        ("冶炼厂的废渣堆在村口，没有任何遮盖", "solid_waste", "工业固体废物"),
        ("诊所把用过的针管和带血的棉签扔进小区垃圾桶", "solid_waste", "医疗废物"),
        ("卫生院的输液瓶输液管就堆在后院", "solid_waste", "医疗废物"),
        ("有人在收医院扔出来的输液瓶拿去卖", "solid_waste", "医疗废物"),
        ("山上树林里挂着捕鸟的网子，挂死了好多鸟", "ecology", "野生动植物保护"),
        ("封湖期间还有人晚上在河口偷偷下网捞湟鱼", "ecology", "野生动植物保护"),
        ("有人在山里下套子抓野生动物卖", "ecology", "野生动植物保护"),
        ("修路把山坡劈开了不做护坡，一下雨泥就冲下来", "ecology", "水土流失"),
        ("有人在山脚取土卖，山坡塌了好几处", "ecology", "水土流失"),
        ("工地削山盖房，一下大雨山体就滑坡", "ecology", "水土流失"),
        ("湖边那片湿地被拉土填平了，说要盖房子", "ecology", "湿地破坏"),
        ("有人挖沟把沼泽湿地的水放干种庄稼", "ecology", "湿地破坏"),
        ("渣土车往河边湿地里倒土，芦苇都埋了", "ecology", "湿地破坏"),
        ("小区旁边要建变电站，担心电磁辐射", "radiation", "输变电设施电磁辐射"),
        ("高压线就从我家房顶上过，家里人老头疼", "radiation", "输变电设施电磁辐射"),
        ("楼下配电房离卧室太近，怕有辐射", "radiation", "输变电设施电磁辐射"),
    ],
)
def test_it_names_the_newer_pollution_subcategories(
    text: str, field: str, subcategory: str
) -> None:
    result = classify(text)
    assert result.fields[0] == field
    assert result.subcategory == subcategory


@pytest.mark.parametrize(
    ("text", "subcategory"),
    [
        ("那个化工项目的环评是怎么批下来的？公示的时候我们村谁也不知道", "环评审批"),
        ("请问开个养殖场要不要做环评？", "环评审批"),
        ("建议把城里的燃煤小锅炉都改成天然气，仅供参考", "政策建议"),
        ("能不能在湖边多设几个分类垃圾桶，个人建议", "政策建议"),
        ("你们回复说已经停产，可我昨天还看见在干，我不认可这个结果，要求重新调查", "对答复不服"),
        ("去环保局窗口办事，工作人员爱答不理，态度太差了", "工作人员作风"),
        ("执法人员把我的举报信息透露给了老板", "工作人员作风"),
        ("申请公开这家企业的排污许可证和监测数据", "政府信息公开"),
        ("请问今年各县的水质监测结果在哪里能查到？", "政府信息公开"),
        ("锅炉改成燃气以后再也不冒黑烟了，谢谢你们", "表扬感谢"),
        ("邻居占了我家的宅基地，村里不管", "其他事项"),
    ],
)
def test_it_names_what_kind_of_other_matter_it_is(text: str, subcategory: str) -> None:
    result = classify(text)
    assert result.fields == ("other",)
    assert result.subcategory == subcategory


def test_it_explains_its_decision_with_key_phrases() -> None:
    result = classify("楼下饭馆油烟太大了")
    assert any("油烟" in reason for reason in result.reasons)
    assert 0.0 < result.confidence <= 1.0


def test_it_only_returns_known_fields() -> None:
    assert set(classify("随便说点什么").fields) <= set(FIELDS)


@pytest.mark.parametrize(
    "text",
    [
        "建议把环湖的牧家乐统一管起来，生活污水和垃圾集中收集处理，仅供参考。",
        "提个建议：冬天供暖的老锅炉能不能早点都改成燃气的，望研究。",
        "执法队连着三个晚上来蹲守，那家烧烤店的油烟现在终于没了，为你们点赞！",
        "工地晚上十点以后再也不施工了，办了件实事，特此感谢！",
        "对采砂问题的答复不满意，你们说已经关停，可河里还有挖掘机，要求重新核查。",
        "请问开一家洗车店需要办什么环保手续？",
    ],
)
def test_a_suggestion_thanks_or_question_naming_a_pollution_topic_is_other(text: str) -> None:
    assert classify(text).fields[0] == "other"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("楼下火锅店的油烟天天往卧室里灌，建议加强监管。", "air"),
        ("化工厂往河沟里偷排废水，河水都发黑了，谢谢领导。", "water"),
        ("隔壁KTV每天唱到凌晨两点，吵得根本睡不着，希望管一管，谢谢！", "noise"),
        ("澡堂的烧煤锅炉天天冒黑烟，建议加强监管。", "air"),
        ("养牛场的粪水天天往河里流，谢谢领导关注。", "water"),
    ],
)
def test_a_complaint_that_ends_with_a_suggestion_or_thanks_stays_a_complaint(
    text: str, field: str
) -> None:
    assert classify(text).fields[0] == field


def test_the_quoted_keywords_are_phrases_not_fragments() -> None:
    reasons = classify("修路的施工队施工把我家的草场挖开了，说好的恢复到现在也没恢复").reasons
    quoted = reasons[-1].removeprefix("关键词：").split("、")
    assert quoted and not any(ch in q for q in quoted for ch in "的了把在")


def test_an_objection_that_tells_the_pollution_again_is_an_objection_first() -> None:
    result = classify(
        "信访人称：上月反映的湟中区某铁合金厂冒黑烟问题，答复称企业达标排放，"
        "但其每天都能看到黑烟，认为答复与事实不符。诉求：上级部门重新调查。"
    )
    assert result.fields[:2] == ("other", "air")
    assert result.subcategory == "对答复不服"
    assert "答复与事实不符" in result.reasons[-1]


def test_pollution_going_on_that_merely_mentions_an_earlier_reply_stays_pollution() -> None:
    result = classify(
        "镇子西边的有机肥厂露天堆牛羊粪，臭得不敢开窗，去年反映过，回复说已责令加盖，到现在也没盖。"
    )
    assert result.fields[0] == "air"
    assert classify("环评公示的时候大家没有异议，可是厂子开工以后烟囱天天冒黑烟").fields[0] == "air"


def test_a_two_problem_text_is_first_about_the_problem_it_stresses() -> None:
    # read whole, the model puts the sewage first
    result = classify(
        "小区旁边的养鸡场鸡粪堆在路边，苍蝇成群，污水顺着沟流到河里。这都是其次。"
        "最大的问题是臭，夏天窗户都不敢开，孩子闻了就吐。"
    )
    assert result.fields[:2] == ("air", "water")
    assert any("最大的问题是臭" in reason for reason in result.reasons)


def test_a_stressed_problem_leads_even_when_the_whole_text_hardly_tells_it() -> None:
    # read whole, the model puts the dust first and does not see the noise
    result = classify(
        "那个厂的烟囱天天冒灰，粉尘就先不说了，现在最让人受不了的就是天天到晚的机器声，"
        "吵得晚上根本睡不着。"
    )
    assert result.fields[:2] == ("noise", "air")


def test_a_problem_told_in_passing_is_not_the_primary() -> None:
    # read whole, the model puts the dust first
    result = classify(
        "来电人反映：某石料厂破碎机夜间轰鸣，周边村民无法入睡，孩子第二天上课打瞌睡。"
        "来电人另反映该厂运输车辆扬尘，路边庄稼上落满白灰，树叶都是白的，晾的衣服全是土。"
        "诉求：夜间停产。"
    )
    assert result.fields[:2] == ("noise", "air")


def test_a_request_to_disclose_information_is_that_request_first() -> None:
    result = classify("申请公开：某化工厂近一年的废水在线监测数据，村民反映下游河水发黑发臭。")
    assert result.fields[0] == "other"
    assert result.subcategory == "政府信息公开"
    assert "申请公开" in result.reasons[-1]
