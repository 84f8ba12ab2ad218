"""URLs of the channel adapters (doors) other than the JSON API."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
