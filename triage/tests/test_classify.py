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
    "text",
    [
        "请问新建项目的环境影响评价报告什么时候公示？",
        "对你们上次的答复不满意，申请复查",
        "感谢环保局的同志，问题解决得很及时",
        "单位拖欠工资三个月了，老板不见人",
    ],
)
def test_it_puts_non_pollution_matters_in_other(text: str) -> None:
    result = classify(text)
    assert result.fields == ("other",)
    assert result.subcategory is None


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
    ],
)
def test_a_complaint_that_ends_with_a_suggestion_or_thanks_stays_a_complaint(
    text: str, field: str
) -> None:
    assert classify(text).fields[0] == field
