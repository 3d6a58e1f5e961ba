"""Where an image of a question points: a URL, a file in the bank, or a file outside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from qbank.lint.base import QuestionContext
from qbank.lint.text import images
from qbank.load import PathPart
from qbank.model import AnyQuestion

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def local_images(
    question: AnyQuestion, ctx: QuestionContext
) -> Iterator[tuple[tuple[PathPart, ...], str, Path]]:
    """(path of the field, src as written, resolved file) of every image that is not a URL."""
    base = ctx.file.parent if ctx.file is not None else ctx.bank_root
    for path, text in ctx.fields:
        for image in images(text):
            src = image.src
            if not src or _URL.match(src) or src.startswith("//"):
                continue
            yield path, src, (base / unquote(src.split("#")[0].split("?")[0])).resolve()
