from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from ecopetition.api import api

admin.site.site_header = "生态环境信访投诉平台 · 系统管理"
admin.site.site_title = "系统管理"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/intake/", include("intake.adapters.staff_urls")),
    path("staff/", include("cases.urls")),
    path("staff/", include("routing.urls")),
    path("open311/v2/", include("intake.adapters.open311.urls")),
    path("", include("intake.adapters.urls")),
    path("", include("intake.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
