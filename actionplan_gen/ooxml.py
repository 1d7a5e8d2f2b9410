"""What render and redact share about Office Open XML packages.

The WordprocessingML and Office Math namespaces, XML text escaping, and reproducible zips:
python-docx stamps every zip entry with the current time, so two builds of the
same plan would differ; plans kept in git must rebuild identically.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# WordprocessingML's namespace, as lxml writes it in front of a tag name ("{...}p").
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Office Math's namespace: an equation's text sits in its own <m:t> runs.
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def reproducible_zip(docx: bytes, replace: dict[str, bytes] | None = None,
              drop: set[str] | None = None) -> bytes:
    """Rewrite the zip with fixed timestamps; optionally replace or drop parts by name."""
    replace = replace or {}
    drop = drop or set()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        # [Content_Types].xml first, as Word and LibreOffice expect (a stable sort).
        names = sorted(source.namelist(), key=lambda n: n != "[Content_Types].xml")
        for name in names:
            if name in drop:
                continue
            data = replace.get(name, None)
            if data is None:
                data = source.read(name)
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would pull in urllib and ssl: 17 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
