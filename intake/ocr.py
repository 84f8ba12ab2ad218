"""文字识别: read a scanned letter with the tesseract binary, if this machine has it.

Settings (optional): OCR_TESSERACT (default "tesseract"), OCR_PDFTOPPM (default "pdftoppm"),
OCR_LANGUAGE (default "chi_sim"), OCR_PDF_PAGES (default 3), OCR_TIMEOUT seconds (default 120).
"""

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DONE, UNAVAILABLE, FAILED = "done", "unavailable", "failed"


@dataclass(frozen=True)
class OcrResult:
    state: str  # done, unavailable (no tesseract / language / pdftoppm here), failed
    text: str = ""
    note: str = ""


class _Unavailable(Exception):
    pass


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


def _run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    timeout = float(_setting("OCR_TIMEOUT", 120))  # type: ignore[arg-type]
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except (FileNotFoundError, PermissionError) as error:
        raise _Unavailable(f"找不到程序 {command[0]}") from error


def _tesseract(image: Path) -> str:
    language = str(_setting("OCR_LANGUAGE", "chi_sim"))
    done = _run([str(_setting("OCR_TESSERACT", "tesseract")), str(image), "stdout", "-l", language])
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in error or "Error opening data file" in error:
            raise _Unavailable(f"文字识别缺少语言包 {language}")
        raise RuntimeError(error.strip()[-300:] or f"tesseract 退出码 {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _pdf_pages(pdf: Path, workdir: Path) -> list[Path]:
    pages = int(_setting("OCR_PDF_PAGES", 3))  # type: ignore[call-overload]
    prefix = workdir / "page"
    command = [str(_setting("OCR_PDFTOPPM", "pdftoppm")), "-r", "300", "-png", "-f", "1"]
    done = _run([*command, "-l", str(pages), str(pdf), str(prefix)])
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:])
    return sorted(workdir.glob("page*.png"))


def _tidy(text: str) -> str:
    """Tesseract puts spaces between Chinese characters; keep line breaks, drop those spaces."""
    lines = []
    for line in text.splitlines():
        words = line.split()
        joined = ""
        for word in words:
            if joined and (joined[-1].isascii() and word[0].isascii()):
                joined += " "
            joined += word
        lines.append(joined)
    return "\n".join(lines).strip()


def recognise(data: bytes, content_type: str) -> OcrResult:
    """The text of a scanned letter (JPEG/PNG, or the first pages of a PDF); never raises."""
    try:
        with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
            workdir = Path(tmp)
            suffix = {"application/pdf": ".pdf", "image/png": ".png"}.get(content_type, ".jpg")
            source = workdir / f"scan{suffix}"
            source.write_bytes(data)
            images = _pdf_pages(source, workdir) if suffix == ".pdf" else [source]
            text = "\n\n".join(_tidy(_tesseract(image)) for image in images)
    except _Unavailable as missing:
        return OcrResult(UNAVAILABLE, note=str(missing))
    except Exception as error:  # a bad scan or a crashed binary must not break the upload
        return OcrResult(FAILED, note=str(error)[:300])
    return OcrResult(DONE, text=text.strip())
