"""The web chat: pure HTML rendering (:mod:`.render`, no Gradio needed) and the Gradio app (:mod:`.app`).

The app's names load Gradio on first use, so rendering (and its tests) run without it.
"""
from __future__ import annotations

from typing import Any

from .render import CSS, STRINGS, format_date, render_answer, safe_url

_APP_NAMES = frozenset(
    {"DESCRIPTION", "EXAMPLES", "LOOPBACK", "TITLE", "build_app", "check_exposure", "parse_auth", "reply", "serve",
     "user_questions"}
)

__all__ = ["CSS", "STRINGS", "format_date", "render_answer", "safe_url", *sorted(_APP_NAMES)]


def __getattr__(name: str) -> Any:
    if name in _APP_NAMES:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
