from django.urls import path

from cases import views

urlpatterns: list = []
