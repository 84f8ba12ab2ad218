"""How each step reads to a citizen on the progress page (pure: no ORM)."""

from typing import Any

_PUBLIC_WORDS: dict[str, str] = {
    "register": "已登记，等待受理",
    "accept": "已受理",
    "decline": "不予受理：{reason}（{legal_basis}）",
    "merge": "与同一事项（编号 {merged_into}）合并办理",
    "forward": "已转交{unit_name}办理",
    "assign": "已交办{unit_name}办理",
    "refer_by_letter": "不属于生态环境部门职责，已致函{body}处理",
    "object": "正在重新确定承办单位",
    "handle": "承办单位已调查核实",
    "extend": "经批准，办理期限延长{days}天",
    "reply": "已答复",
    "conclude": "已办结",
    "rate": "已收到您的评价",
    "review": "已申请复查，由{unit_name}办理",
    "re_review": "已申请复核，由{unit_name}办理",
    "decide_review": "已作出复查/复核意见：{decision}",
    "archive": "已归档",
}


def public_step(action: str, data: dict[str, Any]) -> str | None:
    """The citizen's words for one event, or None for steps the public does not see."""
    words = _PUBLIC_WORDS.get(action)
    if words is None:
        return None
    try:
        return words.format(**data)
    except KeyError:
        return words.split("：")[0].split("{")[0] or None
