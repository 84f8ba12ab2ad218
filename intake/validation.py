"""Checks at the edge: what a submission may contain, with messages that say what to fix."""

import re
from dataclasses import dataclass, field

from core.crypto import normalise_phone
from core.errors import InvalidInput

CONTENT_MAX = 5000
ADDRESS_MAX = 300
NAME_MAX = 50
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 9

# Content types we accept, recognised by their first bytes rather than by what the client says.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
]

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class PetitionerInput:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""


@dataclass(frozen=True)
class AttachmentInput:
    name: str
    content: bytes
    content_type: str = field(default="")


def sniff_content_type(head: bytes) -> str | None:
    """The content type the file's first bytes prove, or None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image/heic"
    return None


def id_number_is_valid(id_number: str) -> bool:
    """18-character resident ID with a correct ISO 7064 check character."""
    if not re.fullmatch(r"\d{17}[\dXx]", id_number):
        return False
    total = sum(int(d) * w for d, w in zip(id_number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == id_number[17].upper()


def clean_content(content: str) -> str:
    content = (content or "").strip()
    if not content:
        raise InvalidInput("请写明反映的问题（内容不能为空）")
    if len(content) > CONTENT_MAX:
        raise InvalidInput(f"内容最多 {CONTENT_MAX} 字，现在有 {len(content)} 字，请精简或分次提交")
    return content


def clean_address(address: str) -> str:
    address = (address or "").strip()
    if len(address) > ADDRESS_MAX:
        raise InvalidInput(f"地点最多 {ADDRESS_MAX} 字")
    return address


def clean_coordinates(
    latitude: float | None, longitude: float | None
) -> tuple[float | None, float | None]:
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise InvalidInput("经纬度须同时提供")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("经纬度超出范围（纬度 -90～90，经度 -180～180）")
    return latitude, longitude


def clean_petitioner(petitioner: PetitionerInput | None, anonymous: bool) -> PetitionerInput | None:
    if anonymous or petitioner is None:
        return None
    name = petitioner.name.strip()
    if len(name) > NAME_MAX:
        raise InvalidInput(f"姓名最多 {NAME_MAX} 字")
    phone = petitioner.phone.strip()
    if phone and not 7 <= len(normalise_phone(phone)) <= 15:
        raise InvalidInput("联系电话格式不对，请填写手机号或带区号的固定电话")
    id_number = petitioner.id_number.strip().upper()
    if id_number and not id_number_is_valid(id_number):
        raise InvalidInput("身份证号码不正确，请核对 18 位号码（可以不填）")
    address = petitioner.address.strip()
    if len(address) > ADDRESS_MAX:
        raise InvalidInput(f"住址最多 {ADDRESS_MAX} 字")
    if not (name or phone or id_number or address):
        return None
    return PetitionerInput(name=name, phone=phone, id_number=id_number, address=address)


def clean_attachments(attachments: list[AttachmentInput]) -> list[AttachmentInput]:
    if len(attachments) > ATTACHMENTS_MAX:
        raise InvalidInput(f"最多上传 {ATTACHMENTS_MAX} 个附件")
    cleaned = []
    for attachment in attachments:
        if len(attachment.content) > ATTACHMENT_MAX_BYTES:
            megabytes = ATTACHMENT_MAX_BYTES // 1024 // 1024
            raise InvalidInput(f"附件“{attachment.name}”超过 {megabytes} MB，请压缩后再传")
        content_type = sniff_content_type(attachment.content[:16])
        if content_type is None:
            raise InvalidInput(
                f"附件“{attachment.name}”不是可接受的文件类型（照片 JPG/PNG/WEBP/HEIC/GIF 或 PDF）"
            )
        cleaned.append(AttachmentInput(attachment.name[:200], attachment.content, content_type))
    return cleaned
