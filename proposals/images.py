"""Proposal images: checked with Pillow, re-encoded, stripped of EXIF and other metadata."""

from io import BytesIO
from uuid import uuid4

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}


def clean_image(upload) -> ContentFile:
    """A fresh file holding only the pixels: any metadata (EXIF, GPS, comments) is dropped."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise InvalidInput(_("The image is larger than 5 MB."), field="image")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in FORMATS:
            raise InvalidInput(_("Upload a JPEG, PNG, WebP or GIF image."), field="image")
        if image.width * image.height > MAX_PIXELS:
            raise InvalidInput(_("The image has too many pixels."), field="image")
        source_format = image.format
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput(_("This file is not an image we can read."), field="image") from exc
    out = BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        extension = "jpg"
    elif source_format == "WEBP":
        image.save(out, "WEBP", quality=85)
        extension = "webp"
    else:
        if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
        extension = "png"
    return ContentFile(out.getvalue(), name=f"{uuid4().hex}.{extension}")
