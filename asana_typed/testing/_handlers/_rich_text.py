"""Asana rich text (``html_notes``) and its plain-text twin (``notes``)."""

from __future__ import annotations

import html
import re

__all__ = ["html_to_text", "text_to_html"]


def html_to_text(markup: str) -> str:
    """The plain text of Asana rich text (``<body>...</body>``)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def text_to_html(text: str) -> str:
    """Plain text as Asana rich text."""
    return f"<body>{html.escape(text, quote=False)}</body>"
