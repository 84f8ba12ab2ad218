"""Where a photo was taken, from its EXIF GPS tags: pure, and silent about anything odd."""

import io
import warnings
from collections.abc import Iterable
from typing import Any

GPS_IFD = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4


def _degrees(value: Any) -> float:
    """Degrees from an EXIF (degrees, minutes, seconds) triple of rationals."""
    degrees, minutes, seconds = (float(part) for part in value)
    if not (0 <= minutes < 60 and 0 <= seconds < 60):
        raise ValueError("minutes or seconds out of range")
    return degrees + minutes / 60 + seconds / 3600


def _ref(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip("\x00 ").upper()


def gps_from_image(data: bytes) -> tuple[float, float] | None:
    """(latitude, longitude) in WGS-84 degrees from the photo's GPS tags, or None; never raises."""
    try:
        from PIL import Image

        # Pillow warns about corrupt EXIF; for us that simply means no position.
        with warnings.catch_warnings(action="ignore"), Image.open(io.BytesIO(data)) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
        lat_ref, lon_ref = _ref(gps[_LAT_REF]), _ref(gps[_LON_REF])
        if lat_ref not in ("N", "S") or lon_ref not in ("E", "W"):
            return None
        latitude = _degrees(gps[_LAT]) * (-1 if lat_ref == "S" else 1)
        longitude = _degrees(gps[_LON]) * (-1 if lon_ref == "W" else 1)
    except Exception:  # a photo's metadata is untrusted input: any oddity means "no position"
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if latitude == 0 and longitude == 0:  # cameras write zeros when they had no fix
        return None
    return round(latitude, 6), round(longitude, 6)


def first_gps(images: Iterable[bytes]) -> tuple[float, float] | None:
    """The position of the first photo that has one."""
    for data in images:
        if found := gps_from_image(data):
            return found
    return None
