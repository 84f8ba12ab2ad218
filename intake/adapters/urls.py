"""URLs of the channel adapters (doors) other than the JSON API."""

from django.urls import URLPattern, URLResolver, path

from intake.adapters.wechat import wechat_callback

urlpatterns: list[URLPattern | URLResolver] = [
    path("channels/wechat/callback", wechat_callback, name="wechat-callback"),
]
