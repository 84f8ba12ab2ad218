"""来信: upload a scanned letter, OCR reads it in the background, the clerk registers it."""

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image, ImageDraw, ImageFont

from cases.models import Attachment, Case
from core import crypto
from intake.models import LetterScan
from tests.factories import staff_user

pytestmark = pytest.mark.usefixtures("province")

NEW = "/staff/intake/letters/new/"
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
LETTER_LINES = ["西宁市城西区工厂排放污水", "河水发黑请尽快处理"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def desk(role: str = "clerk", unit: str = "630000") -> Client:
    client = Client()
    client.force_login(staff_user(role, unit))
    return client


def _chi_sim_installed() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "chi_sim" in langs.stdout.split()


def letter_png(lines: list[str] | None = None) -> bytes:
    image = Image.new("RGB", (900, 260), "white")
    if lines:
        font = ImageFont.truetype(str(CJK_FONT), 48)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(lines):
            draw.text((40, 40 + row * 90), line, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def upload(client: Client, data: bytes, name: str = "来信.png", **kw: Any) -> Any:
    file = io.BytesIO(data)
    file.name = name
    return client.post(NEW, {"scan": file}, **kw)


def uploaded(client: Client, data: bytes, capture: Any, name: str = "来信.png") -> LetterScan:
    with capture(execute=True):
        response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:500]
    return LetterScan.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_an_upload_is_stored_for_the_clerks_unit(django_capture_on_commit_callbacks: Any) -> None:
    scan = uploaded(desk(), letter_png(), django_capture_on_commit_callbacks)

    assert scan.content_type == "image/png" and scan.size > 0
    assert scan.unit.code == "630000" and scan.uploaded_by.username == "clerk-630000"
    assert scan.case is None
    assert scan.ocr_state != "pending"  # the task ran after commit


def test_without_tesseract_the_upload_works_and_says_ocr_is_unavailable(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_TESSERACT = "/nonexistent/bin/tesseract"
    client = desk()

    scan = uploaded(client, letter_png(LETTER_LINES), django_capture_on_commit_callbacks)
    page = client.get(f"/staff/intake/letters/{scan.pk}/").content.decode()

    assert scan.ocr_state == "unavailable" and scan.ocr_text == ""
    assert "本机未安装文字识别" in page


def test_a_pdf_without_pdftoppm_is_unavailable_too(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_PDFTOPPM = "/nonexistent/bin/pdftoppm"
    pdf = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(pdf, "PDF")

    scan = uploaded(desk(), pdf.getvalue(), django_capture_on_commit_callbacks, name="信.pdf")

    assert scan.content_type == "application/pdf"
    assert scan.ocr_state == "unavailable"


@pytest.mark.skipif(not _chi_sim_installed(), reason="tesseract with chi_sim is not installed")
def test_ocr_recognises_chinese_text_in_a_scan(django_capture_on_commit_callbacks: Any) -> None:
    client = desk()

    scan = uploaded(client, letter_png(LETTER_LINES), django_capture_on_commit_callbacks)
    page = client.get(f"/staff/intake/letters/{scan.pk}/").content.decode()

    assert scan.ocr_state == "done"
    assert "城西区" in scan.ocr_text and "污水" in scan.ocr_text
    assert "河水发黑" in page  # offered in the textarea for the clerk to correct


def test_it_refuses_a_file_that_is_not_a_scan() -> None:
    response = upload(desk(), b"GIF89a not a letter", name="x.gif")

    assert response.status_code == 422
    assert "JPG、PNG 或 PDF" in response.content.decode()
    assert not LetterScan.objects.exists()


def test_it_refuses_text_pretending_to_be_an_image() -> None:
    response = upload(desk(), b"hello, I am a text file", name="fake.png")

    assert response.status_code == 422
    assert not LetterScan.objects.exists()


def test_registering_makes_a_letter_case_with_the_scan_attached(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_TESSERACT = "/nonexistent/bin/tesseract"
    client = desk()
    png = letter_png()
    scan = uploaded(client, png, django_capture_on_commit_callbacks)

    response = client.post(
        f"/staff/intake/letters/{scan.pk}/",
        {
            "content": "城西区五四大街烧烤店油烟直排，请处理。",
            "address": "西宁市城西区五四大街",
            "name": "赵六",
            "phone": "13700001111",
            "sender_address": "",
        },
        follow=True,
    )

    scan.refresh_from_db()
    case = Case.objects.get()
    assert scan.case == case and case.channel == "letter"
    assert crypto.decrypt(case.petitioner.name_encrypted) == "赵六"  # type: ignore[union-attr]
    attachment = Attachment.objects.get(case=case)
    assert attachment.file.read() == png and attachment.content_type == "image/png"
    page = response.content.decode()
    assert case.receipt_number in page and "查询码" in page


def test_a_letter_is_registered_only_once(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_TESSERACT = "/nonexistent/bin/tesseract"
    client = desk()
    scan = uploaded(client, letter_png(), django_capture_on_commit_callbacks)
    data = {"content": "有工厂夜里排放黑烟。", "address": "", "name": "", "phone": ""}

    client.post(f"/staff/intake/letters/{scan.pk}/", data)
    client.post(f"/staff/intake/letters/{scan.pk}/", data)

    assert Case.objects.count() == 1


def test_an_empty_letter_text_is_refused_and_nothing_is_registered(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_TESSERACT = "/nonexistent/bin/tesseract"
    client = desk()
    scan = uploaded(client, letter_png(), django_capture_on_commit_callbacks)

    response = client.post(f"/staff/intake/letters/{scan.pk}/", {"content": " ", "name": "赵六"})

    assert response.status_code == 422
    assert "内容不能为空" in response.content.decode()
    assert not Case.objects.exists()
    assert 'value="赵六"' in response.content.decode()


def test_the_scan_is_served_to_the_desk_of_its_unit(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_TESSERACT = "/nonexistent/bin/tesseract"
    client = desk()
    png = letter_png()
    scan = uploaded(client, png, django_capture_on_commit_callbacks)

    response = client.get(f"/staff/intake/letters/{scan.pk}/scan/")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response) == png


def test_another_units_scan_and_an_unknown_id_are_not_found(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OCR_TESSERACT = "/nonexistent/bin/tesseract"
    scan = uploaded(desk(), letter_png(), django_capture_on_commit_callbacks)
    other = desk(unit="630102")

    for url in (f"/staff/intake/letters/{scan.pk}/", f"/staff/intake/letters/{scan.pk}/scan/"):
        assert other.get(url).status_code == 404
    assert other.get("/staff/intake/letters/999999/").status_code == 404


@pytest.mark.parametrize("role", ["handler", "supervisor", "admin"])
def test_only_the_reception_desk_may_handle_letters(role: str) -> None:
    assert desk(role=role).get(NEW).status_code == 403
