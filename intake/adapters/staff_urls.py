"""Staff pages of the letter and visit doors, mounted at /staff/intake/."""

from django.urls import URLPattern, URLResolver, path

from intake.adapters import letters, visits

app_name = "intake_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<str:receipt_number>/", visits.visit_detail, name="visit"),
    path("visits/<str:receipt_number>/links/", visits.visit_links, name="visit_links"),
    path("letters/new/", letters.letter_new, name="letter_new"),
    path("letters/<int:scan_id>/", letters.letter_detail, name="letter"),
    path("letters/<int:scan_id>/scan/", letters.letter_scan_file, name="letter_scan"),
]
