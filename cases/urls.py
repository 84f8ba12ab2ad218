from django.contrib.auth import views as auth_views
from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="cases:login"), name="logout"),
    path("cases/<str:receipt_number>/", views.detail, name="detail"),
    path("cases/<str:receipt_number>/reveal/", views.reveal, name="reveal"),
    path("cases/<str:receipt_number>/actions/<str:action>/", views.act, name="act"),
    path("export.xlsx", views.export, name="export"),
    path("hotline/", views.hotline, name="hotline"),
    path("hotline/history/", views.hotline_history, name="hotline_history"),
    path("hotline/triage/", views.hotline_triage, name="hotline_triage"),
]
