from django.urls import path

from routing import views

app_name = "routing"

urlpatterns = [
    path("surges/", views.surge_alerts, name="surge_alerts"),
    path("surges/<int:alert_id>/acknowledge/", views.surge_acknowledge, name="surge_acknowledge"),
    path("surges/acknowledge-all/", views.surge_acknowledge_all, name="surge_acknowledge_all"),
    path("cases/<str:receipt_number>/triage/", views.triage_correct, name="triage_correct"),
    path(
        "cases/<str:receipt_number>/same-matter/<str:other>/dismiss/",
        views.same_matter_dismiss,
        name="same_matter_dismiss",
    ),
    path(
        "cases/<str:receipt_number>/same-matter/<str:other>/confirm/",
        views.same_matter_confirm,
        name="same_matter_confirm",
    ),
]
