from django.urls import path

from intake import views

urlpatterns: list = []
