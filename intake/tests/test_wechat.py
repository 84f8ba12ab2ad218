"""The WeChat door: messages signed (and encrypted) as WeChat's servers do, replies read back."""

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import xmltodict
from django.conf import settings
from django.test import Client
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from cases.models import Case
from cases.services import case_act
from core.outbox import OutboxMessage
from intake.adapters.wechat import find_place, find_receipt_query, problem_chars
from intake.models import WechatConversation, WechatMessage
from integrations.clients import clients_in_use
from integrations.fakes import FakeWechat
from tests.factories import staff_user

URL = "/channels/wechat/callback"
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
COMPLAINT = "湟中区多巴镇有个砂石厂晚上偷偷往河里倒泥浆，河水都变黄了。"

_msg_ids = iter(range(24000000000000000, 25000000000000000))


@pytest.fixture
def wechat(province: None) -> Iterator[FakeWechat]:
    fake = FakeWechat()
    with clients_in_use(wechat=fake):
        yield fake


def signed_query(age: int = 0, **extra: str) -> dict[str, str]:
    timestamp, nonce = str(int(time.time()) - age), "1320562132"
    signer = WeChatSigner()
    signer.add_data(settings.WECHAT_TOKEN, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce, **extra}


def message_xml(
    msg_type: str, openid: str = OPENID, msg_id: int | None = None, **fields: Any
) -> str:
    body = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    return (
        f"<xml><ToUserName><![CDATA[gh_qhsthjt]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"{body}<MsgId>{msg_id or next(_msg_ids)}</MsgId></xml>"
    )


def send(client: Client, xml: str, query: dict[str, str] | None = None) -> str:
    """POST as WeChat does in plain mode; the text of our passive reply ('' when none)."""
    query = query or signed_query()
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(f"{URL}?{qs}", xml.encode(), content_type="text/xml")
    assert response.status_code == 200, response.content
    if response.content == b"success":
        return ""
    reply = xmltodict.parse(response.content)["xml"]
    assert reply["ToUserName"] == OPENID or reply["ToUserName"].startswith("o")
    return str(reply["Content"])


def aes() -> WeChatCrypto:
    return WeChatCrypto(
        settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID
    )


def send_encrypted(client: Client, xml: str) -> Any:
    query = signed_query(encrypt_type="aes")
    sealed = aes().encrypt_message(xml, query["nonce"], query["timestamp"])
    query["msg_signature"] = xmltodict.parse(sealed)["xml"]["MsgSignature"]
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(f"{URL}?{qs}", sealed.encode(), content_type="text/xml")


def text(client: Client, content: str, **kwargs: Any) -> str:
    return send(client, message_xml("text", Content=content, **kwargs))


def receipt_in(reply: str) -> tuple[str, str]:
    match = re.search(r"受理编号：(\d{13})，查询码：([A-Z2-9]{6})", reply)
    assert match, reply
    return match.group(1), match.group(2)


# What a message says, without the database.


def test_a_place_is_found_by_its_administrative_suffixes() -> None:
    assert find_place(COMPLAINT) == "湟中区多巴镇有个砂石厂"  # crude, but the place is in it
    assert find_place("西宁市城西区五四大街一家烧烤店油烟直排") == "西宁市城西区五四大街"
    assert find_place("太吵了，晚上睡不着") == ""


def test_the_problem_is_what_is_said_beyond_the_place() -> None:
    assert problem_chars("西宁市城西区五四大街", "西宁市城西区五四大街") == 0
    assert problem_chars(COMPLAINT, find_place(COMPLAINT)) >= 8


def test_a_receipt_number_and_query_code_are_recognised_in_any_order() -> None:
    assert find_receipt_query("2026112900017 ab3dkm") == ("2026112900017", "AB3DKM")
    assert find_receipt_query("查询码K7M2PQ，编号2026112900017") == ("2026112900017", "K7M2PQ")
    assert find_receipt_query("2026112900017") is None


# Verification and refusal.


def test_wechat_verifies_the_url_by_getting_its_echo_back(client: Client) -> None:
    response = client.get(URL, signed_query(echostr="5837397749364"))
    assert response.status_code == 200
    assert response.content == b"5837397749364"


def test_a_verification_with_a_wrong_signature_is_refused(client: Client) -> None:
    response = client.get(URL, {**signed_query(echostr="1"), "signature": "0" * 40})
    assert response.status_code == 403


def test_a_message_with_a_wrong_signature_is_refused_and_nothing_is_stored(
    client: Client, wechat: FakeWechat
) -> None:
    query = {**signed_query(), "signature": "f" * 40}
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    xml = message_xml("text", Content=COMPLAINT)
    response = client.post(f"{URL}?{qs}", xml.encode(), content_type="text/xml")
    assert response.status_code == 403
    assert Case.objects.count() == 0 and WechatMessage.objects.count() == 0


def test_a_message_signed_long_ago_is_refused_as_a_possible_replay(
    client: Client, wechat: FakeWechat
) -> None:
    qs = "&".join(f"{k}={v}" for k, v in signed_query(age=3600).items())
    xml = message_xml("text", Content=COMPLAINT)
    response = client.post(f"{URL}?{qs}", xml.encode(), content_type="text/xml")
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_an_encrypted_message_with_a_wrong_message_signature_is_refused(
    client: Client, wechat: FakeWechat
) -> None:
    query = signed_query(encrypt_type="aes", msg_signature="0" * 40)
    sealed = aes().encrypt_message(message_xml("text", Content=COMPLAINT), query["nonce"])
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(f"{URL}?{qs}", sealed.encode(), content_type="text/xml")
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_malformed_xml_is_a_bad_request(client: Client, wechat: FakeWechat) -> None:
    qs = "&".join(f"{k}={v}" for k, v in signed_query().items())
    response = client.post(f"{URL}?{qs}", b"<xml><MsgType>text", content_type="text/xml")
    assert response.status_code == 400
    assert WechatMessage.objects.count() == 0


# Complaining.


def test_a_text_with_a_problem_and_a_place_registers_a_case_at_once(
    client: Client, wechat: FakeWechat
) -> None:
    reply = text(client, COMPLAINT, msg_id=24123456789012345)
    receipt_number, _ = receipt_in(reply)
    case = Case.objects.get(receipt_number=receipt_number)
    assert (case.channel, case.source, case.external_id) == (
        "wechat",
        "wechat",
        "24123456789012345",
    )
    assert case.address.startswith("湟中区多巴镇") and case.content == COMPLAINT
    assert case.petitioner is None


def test_an_encrypted_message_gets_an_encrypted_reply_with_the_receipt(
    client: Client, wechat: FakeWechat
) -> None:
    response = send_encrypted(client, message_xml("text", Content=COMPLAINT))
    assert response.status_code == 200
    sealed = xmltodict.parse(response.content)["xml"]
    assert "Encrypt" in sealed and "Content" not in sealed
    plain = aes().decrypt_message(
        response.content, sealed["MsgSignature"], sealed["TimeStamp"], sealed["Nonce"]
    )
    receipt_number, _ = receipt_in(xmltodict.parse(plain)["xml"]["Content"])
    assert Case.objects.filter(receipt_number=receipt_number).exists()


def test_wechats_retry_of_the_same_message_gets_the_same_reply_and_no_second_case(
    client: Client, wechat: FakeWechat
) -> None:
    xml = message_xml("text", Content=COMPLAINT)
    first, again = send(client, xml), send(client, xml)
    assert again == first
    assert Case.objects.count() == 1


def test_without_a_place_we_ask_for_it_and_register_once_it_comes(
    client: Client, wechat: FakeWechat
) -> None:
    asked = text(client, "有个小饭馆的油烟天天往我家窗户里灌，呛得人受不了")
    assert "地点" in asked and Case.objects.count() == 0
    reply = text(client, "西宁市城东区八一路")
    case = Case.objects.get(receipt_number=receipt_in(reply)[0])
    assert case.address == "西宁市城东区八一路"
    assert "油烟" in case.content
    assert not WechatConversation.objects.filter(openid=OPENID).exists()


def test_with_a_place_but_no_problem_we_ask_what_the_problem_is(
    client: Client, wechat: FakeWechat
) -> None:
    asked = text(client, "大通县桥头镇")
    assert "具体问题" in asked and Case.objects.count() == 0


def test_a_location_message_supplies_the_place(client: Client, wechat: FakeWechat) -> None:
    text(client, "河边有人晚上开挖掘机挖沙，挖出好几个大坑")
    reply = send(
        client,
        message_xml(
            "location", Location_X="36.6171", Location_Y="101.7782", Scale="15", Label="湟水河畔"
        ),
    )
    case = Case.objects.get(receipt_number=receipt_in(reply)[0])
    assert (case.latitude, case.longitude, case.address) == (36.6171, 101.7782, "湟水河畔")


def test_a_picture_becomes_an_attachment_of_the_case(client: Client, wechat: FakeWechat) -> None:
    wechat.media["MEDIA_1"] = JPEG
    pic = message_xml("image", PicUrl="http://mmbiz.qpic.cn/x.jpg", MediaId="MEDIA_1")
    assert "照片已收到" in send(client, pic)
    reply = text(client, COMPLAINT)
    case = Case.objects.get(receipt_number=receipt_in(reply)[0])
    attachment = case.attachments.get()
    assert attachment.content_type == "image/jpeg" and attachment.size == len(JPEG)


def test_an_idle_conversation_is_forgotten(client: Client, wechat: FakeWechat) -> None:
    text(client, "有个小饭馆的油烟天天往我家窗户里灌，呛得人受不了")
    WechatConversation.objects.filter(openid=OPENID).update(
        updated_at=WechatConversation.objects.get().updated_at - timedelta(minutes=31)
    )
    assert "具体问题" in text(client, "西宁市城东区八一路")
    assert Case.objects.count() == 0


# Following a case.


def test_a_receipt_number_and_query_code_get_the_cases_progress(
    client: Client, wechat: FakeWechat
) -> None:
    receipt_number, query_code = receipt_in(text(client, COMPLAINT))
    progress = text(client, f"{receipt_number} {query_code.lower()}")
    assert receipt_number in progress and "已登记" in progress


def test_a_wrong_query_code_gets_no_progress(client: Client, wechat: FakeWechat) -> None:
    receipt_number, _ = receipt_in(text(client, COMPLAINT))
    assert "不正确" in text(client, f"{receipt_number} ZZZZZZ")


def test_a_status_change_reaches_the_follower_as_a_customer_message(
    client: Client, wechat: FakeWechat, django_capture_on_commit_callbacks: Any
) -> None:
    receipt_number, _ = receipt_in(text(client, COMPLAINT))
    case = Case.objects.get(receipt_number=receipt_number)
    with django_capture_on_commit_callbacks(execute=True):
        case_act(case_id=case.pk, action="accept", actor=staff_user("dispatcher", "630000"))
    assert len(wechat.sent) == 1
    openid, message = wechat.sent[0]
    assert openid == OPENID
    assert receipt_number in message and "已受理" in message
    assert OutboxMessage.objects.get().state == "delivered"


def test_a_new_follower_is_told_how_to_complain(client: Client, wechat: FakeWechat) -> None:
    xml = (
        f"<xml><ToUserName><![CDATA[gh_qhsthjt]]></ToUserName>"
        f"<FromUserName><![CDATA[{OPENID}]]></FromUserName><CreateTime>1</CreateTime>"
        "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>"
    )
    assert "受理编号 查询码" in send(client, xml)
