"""Take personal contact data out of complaint text before the public sees it (pure: no ORM).

Regular expressions catch what has a shape: mobile and landline numbers, resident ID numbers,
e-mail addresses, long digit runs (QQ, bank cards) and names right after a "name" cue such as
联系人： or 我叫. Names, house numbers and other identifying prose without a cue need a
named-entity model (e.g. jionlp's or a trained NER); this is the floor, not the ceiling.
"""

import re

MASK = "＊＊＊"

_D = r"\d"  # matches full-width digits too, since patterns are str
_SEP = r"[\s\-－—]?"
_PATTERNS = [
    # Resident ID: 18 characters (last may be X) or the old 15-digit form.
    re.compile(rf"(?<!{_D}){_D}{{17}}[{_D}Xx](?!{_D})|(?<!{_D}){_D}{{15}}(?!{_D})"),
    # Mobile, with optional +86 and separators: 139 1234 5678, +86-139-1234-5678.
    re.compile(rf"(?<!{_D})(?:\+?86{_SEP})?1[3-9]{_D}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}(?!{_D})"),
    # Landline with area code: 0971-1234567, (0971)12345678.
    re.compile(rf"[（(]?(?<!{_D})0{_D}{{2,3}}[）)]?{_SEP}{_D}{{7,8}}(?!{_D})"),
    # E-mail.
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # Any other run of 7 or more digits: local numbers, QQ, bank cards.
    re.compile(rf"{_D}(?:{_SEP}{_D}){{6,}}"),
]
_NAME_CUE = re.compile(
    r"((?:联系人|举报人|投诉人|信访人|姓名)[:：]\s*|姓名\s*|我叫\s*)"
    r"([\u4e00-\u9fa5][\u4e00-\u9fa5·]{1,3})"
)


def redact_personal_data(text: str) -> str:
    """The text with phone numbers, ID numbers, e-mails and cued names masked."""
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return _NAME_CUE.sub(lambda m: m.group(1) + MASK, text)
