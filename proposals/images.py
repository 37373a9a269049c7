"""Proposal images: checked with Pillow, re-encoded, stripped of EXIF and other metadata."""

import warnings
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
# What a re-encoded image keeps of the source's `info`: only what its pixels need to show.
# Everything else (EXIF and GPS, comments, XMP, ICC profiles, text chunks) is left out; Pillow
# would otherwise write some of it again (a JPEG's comment survives a plain save).
PIXEL_INFO = ("transparency",)


def _too_many_pixels() -> InvalidInput:
    return InvalidInput(_("The image has too many pixels."), field="image")


def clean_image(upload) -> ContentFile:
    """A fresh file holding only the pixels: any metadata (EXIF, GPS, comments) is dropped."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise InvalidInput(_("The image is larger than 5 MB."), field="image")
    try:
        # The declared size is read from the header before any pixel is decoded: a small
        # file may declare billions of pixels (a decompression bomb), which is refused
        # here, whether Pillow's own limit or ours stops it first.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise _too_many_pixels()
                probe.verify()
            upload.seek(0)
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise InvalidInput(_("Upload a JPEG, PNG, WebP or GIF image."), field="image")
            if image.width * image.height > MAX_PIXELS:
                raise _too_many_pixels()
            source_format = image.format
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            image.load()  # decode here, so a damaged file is refused rather than saved
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidInput(_("This file is not an image we can read."), field="image") from exc
    image.info = {key: image.info[key] for key in PIXEL_INFO if key in image.info}
    out = BytesIO()
    if source_format == "JPEG":
        image = image.convert("RGB")
        image.info = {}
        image.save(out, "JPEG", quality=85, optimize=True)
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
