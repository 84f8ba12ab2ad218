from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("receipt/", views.receipt, name="receipt"),
    path("progress/", views.progress, name="progress"),
    path("progress/rate/", views.rate, name="rate"),
]
