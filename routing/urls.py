from django.urls import path

from routing import views

app_name = "routing"

urlpatterns = [
    path("surges/", views.surge_alerts, name="surge_alerts"),
    path("surges/<int:alert_id>/acknowledge/", views.surge_acknowledge, name="surge_acknowledge"),
]
