"""The JSON API under /api/v1/: errors always as {"detail": "..."} with a 4xx."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cases.api import router as cases_router
from core.errors import DomainError
from intake.adapters.inbound import router as inbound_router
from intake.api import router as intake_router

api = NinjaAPI(
    title="生态环境信访投诉平台 API",
    version="1.0",
    description="公众提交与查询（无需登录）；工作人员接口使用 Bearer 令牌。",
    docs_url="/docs",
)
api.add_router("/submissions", intake_router)
api.add_router("/cases", cases_router)
api.add_router("/inbound", inbound_router)


def _readable(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", []) if p not in ("body", "payload"))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return f"不认识的字段 {where}，请删除"
    if kind == "missing":
        return f"缺少字段 {where}"
    if kind == "json_invalid":
        return "请求体不是合法的 JSON"
    return f"{where}: {error.get('msg', '格式不对')}" if where else error.get("msg", "格式不对")


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    messages = [_readable(e) for e in exc.errors]
    return api.create_response(
        request, {"detail": "；".join(messages), "errors": exc.errors}, status=422
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "需要有效的 Bearer 令牌"}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = exc.message
    if message.startswith("Cannot parse request body"):
        message = "请求体不是合法的 JSON，请检查括号、引号和逗号"
    return api.create_response(request, {"detail": message}, status=exc.status_code)
