"""Photos that know where they were taken: GPS from EXIF fills in a case's position."""

import io

import pytest
from PIL import Image

from intake.exif import gps_from_image
from intake.validation import AttachmentInput
from tests.factories import registered

NO_PLACE = "有家工厂晚上偷偷排黑烟，味道很呛。"


def jpeg(gps: dict | None = None) -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


XINING_CHENGXI = {1: "N", 2: (36.0, 37.0, 12.0), 3: "E", 4: (101.0, 45.0, 36.0)}


def test_it_reads_degrees_minutes_seconds() -> None:
    assert gps_from_image(jpeg(XINING_CHENGXI)) == (36.62, 101.76)


def test_it_makes_southern_and_western_positions_negative() -> None:
    gps = {1: "S", 2: (33.0, 52.0, 0.0), 3: "W", 4: (151.0, 12.0, 36.0)}
    assert gps_from_image(jpeg(gps)) == (pytest.approx(-33.866667), -151.21)


@pytest.mark.parametrize(
    "data",
    [
        jpeg(),
        jpeg({1: "N", 2: (36.0, 37.0, 12.0)}),
        jpeg({1: "Q", 2: (36.0, 37.0, 12.0), 3: "E", 4: (101.0, 45.0, 36.0)}),
        jpeg({1: "N", 2: (136.0, 0.0, 0.0), 3: "E", 4: (101.0, 45.0, 36.0)}),
        jpeg({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)}),
        b"\xff\xd8\xff\xe1 not really a jpeg",
        b"%PDF-1.4 a document",
        b"",
    ],
    ids=["no-exif", "half-gps", "bad-ref", "out-of-range", "zero-fix", "corrupt", "pdf", "empty"],
)
def test_it_answers_none_for_anything_odd(data: bytes) -> None:
    assert gps_from_image(data) is None


def test_a_geotagged_photo_gives_a_case_without_coordinates_its_position(province: None) -> None:
    photo = AttachmentInput("现场.jpg", jpeg(XINING_CHENGXI))

    case = registered(content=NO_PLACE, address="", attachments=[photo]).case

    assert (case.latitude, case.longitude) == (36.62, 101.76)
    assert case.region_id == "630104"  # triage placed it in 城西区 from the position


def test_coordinates_given_by_the_petitioner_win_over_the_photo(province: None) -> None:
    photo = AttachmentInput("现场.jpg", jpeg(XINING_CHENGXI))

    case = registered(latitude=36.5, longitude=101.5, attachments=[photo]).case

    assert (case.latitude, case.longitude) == (36.5, 101.5)


def test_a_photo_without_exif_changes_nothing(province: None) -> None:
    plain = AttachmentInput("a.jpg", jpeg())

    case = registered(content=NO_PLACE, address="", attachments=[plain]).case

    assert (case.latitude, case.longitude) == (None, None)
    assert case.region_id is None


def test_a_corrupt_photo_is_still_registered_without_a_position(province: None) -> None:
    broken = AttachmentInput("坏.jpg", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*garbage")

    case = registered(content=NO_PLACE, address="", attachments=[broken]).case

    assert case.attachments.count() == 1
    assert case.latitude is None
