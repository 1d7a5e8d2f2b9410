"""Images are vouched for only when every byte is pixels or how to show them.

Text search cannot vouch for metadata (EXIF, XMP, PNG text chunks, comments)
or for formats it cannot walk, so those are findings; pixels themselves are
the human reviewer's job.
"""

from __future__ import annotations

import struct

NON_PIXEL = "image with non-pixel data"
UNVOUCHED_KIND = "image kind the verifier cannot vouch for"
UNREADABLE = "unreadable part"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB",
               b"pHYs", b"sBIT", b"bKGD"}
# SOF0-15 except DHT (C4), JPG (C8) and DAC (CC); DHT, DQT, DRI, DNL.
_JPEG_TABLES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF,
                0xC4, 0xDB, 0xDD, 0xDC}
_OTHER_IMAGES = (b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")  # GIF, TIFF; others by name
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "jpe", "jfif", "gif", "tif", "tiff", "bmp", "emf",
                    "wmf", "svg", "webp", "ico", "wdp", "jxr", "heic", "emz", "wmz"}


def is_image(name: str, data: bytes) -> bool:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return (extension in IMAGE_EXTENSIONS or data.startswith((PNG_SIGNATURE, b"\xff\xd8"))
            or data.startswith(_OTHER_IMAGES))


def image_problem(data: bytes) -> tuple[str, str] | None:
    """None if the image is only pixels, else (kind, what was found)."""
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    return UNVOUCHED_KIND, "not PNG or JPEG"


def _png(data: bytes) -> tuple[str, str] | None:
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        at += 12 + length
        if at > len(data):
            return UNREADABLE, "truncated PNG chunk"
        if kind not in _PNG_CHUNKS:
            return NON_PIXEL, f"PNG {kind.decode('latin-1')!r} chunk"
        if kind == b"IEND":
            return (NON_PIXEL, "bytes after the PNG's end") if at < len(data) else None
    return UNREADABLE, "PNG without an end"


def _jpeg(data: bytes) -> tuple[str, str] | None:
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            return UNREADABLE, "JPEG marker expected"
        while at < len(data) and data[at] == 0xFF:
            at += 1
        if at >= len(data):
            break
        marker = data[at]
        at += 1
        if marker == 0xD9:
            return (NON_PIXEL, "bytes after the JPEG's end") if at < len(data) else None
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if at + 2 > len(data):
            break
        length = struct.unpack(">H", data[at:at + 2])[0]
        segment = data[at + 2:at + length]
        if marker == 0xE0 and not segment.startswith(b"JFIF\x00"):
            return NON_PIXEL, "JPEG APP0 segment that is not JFIF"
        if marker != 0xE0 and marker != 0xDA and marker not in _JPEG_TABLES:
            return NON_PIXEL, f"JPEG marker {marker:02X}"
        at += length
        if marker == 0xDA:
            at = _end_of_scan(data, at)
    return UNREADABLE, "JPEG without an end"


def _end_of_scan(data: bytes, at: int) -> int:
    """Skip entropy-coded data: up to the next marker that is not stuffing or a restart."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at
