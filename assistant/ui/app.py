"""The web chat: a Gradio app around :func:`assistant.api.ask`, whose replies :mod:`.render` makes.

The chat is also an API: ``gradio_client.Client(url).predict(message, api_name="/chat")`` returns the
reply HTML; a client session keeps its earlier questions, so follow-ups work there too.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import gradio as gr

from ..language import detect_language
from ..settings import Settings
from .render import CSS, STRINGS, _esc, _line, render_answer

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]

# Questions answered at once (Gradio runs one at a time by default). They share the CPU anyway, but
# answered together their question embeddings go into one call (assistant.batching), and a reply
# does not wait behind every other user's whole question.
CHAT_CONCURRENCY = 16

TITLE = "Asisten Siaran Pers KPU"
DESCRIPTION = (
    "Tanya jawab tentang siaran pers KPU, dengan kutipan sumbernya. · "
    "Ask about KPU press releases and get answers quoted from the sources."
)
EXAMPLES = (
    "what turnout did Pemilu 2024 reach?",
    "Berapa tingkat partisipasi Pemilu 2024?",
    "Siapa Ketua KPU yang membuka rapat koordinasi nasional?",
)


def reply(message: str, history: Sequence[Any] = (), index_dir: PathLike | None = None, settings: Settings | None = None) -> str:
    """The reply to ``message`` as HTML; ``history`` is the chat so far (Gradio message dicts, oldest first).

    Never raises for bad input or a missing index: those become a one-line message.
    """
    from ..api import ask
    from ..errors import IndexMissingError

    earlier = user_questions(history)
    message = message if isinstance(message, str) else ""
    if not message.strip():
        lang = detect_language(earlier[-1]) if earlier else "id"
        return _line(STRINGS[lang]["empty"])
    lang = detect_language(message)
    try:
        answer = ask(message, index_dir=index_dir, history=earlier, settings=settings)
    except IndexMissingError:
        return _line(STRINGS[lang]["missing"].format(dir=_index_dir_shown(index_dir)))
    except ValueError as exc:
        return _line(str(exc))
    except Exception as exc:  # the chat shows one line, never a traceback
        log.exception("question failed: %r", message)
        return _line(STRINGS[lang]["error"].format(msg=str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    return render_answer(answer)


def user_questions(history: Iterable[Any] | None) -> list[str]:
    """The user's earlier questions in a Gradio chat history, oldest first.

    Accepts message dicts (``{"role", "content"}`` with text or a list of content parts),
    ``gr.ChatMessage`` objects and old-style ``[user, bot]`` pairs.
    """
    questions: list[str] = []
    for item in history or ():
        if isinstance(item, dict):
            role, content = item.get("role"), item.get("content")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            role, content = "user", item[0]
        else:
            role, content = getattr(item, "role", None), getattr(item, "content", None)
        if role != "user":
            continue
        text = _content_text(content).strip()
        if text:
            questions.append(text)
    return questions


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        text = content.get("text")
        return text if isinstance(text, str) else ""
    if isinstance(content, (list, tuple)):
        return " ".join(_content_text(part) for part in content).strip()
    return ""


def _index_dir_shown(index_dir: PathLike | None) -> str:
    try:
        from ..store import resolve_index_dir

        return str(resolve_index_dir(index_dir))
    except Exception:
        return str(index_dir or "index")


def theme() -> gr.themes.Base:
    """Gradio's default look in KPU red, with fonts served by Gradio itself (no web fonts fetched).

    Regular and bold faces only: the semibold Source Sans Pro file shipped with some Gradio builds is a
    tiny subset, and text set in it falls back to another font glyph by glyph.
    """
    return gr.themes.Default(
        primary_hue="red",
        neutral_hue="slate",
        font=(gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif", "system-ui", "sans-serif"),
    )


class ChatApp(gr.Blocks):
    """A Blocks app that brings its own theme and CSS to ``launch()`` (Gradio 6 takes them there)."""

    def launch(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        kwargs.setdefault("css", CSS)
        kwargs.setdefault("theme", theme())
        kwargs["share"] = False  # never open a public tunnel
        return super().launch(*args, **kwargs)


def build_app(index_dir: PathLike | None = None, settings: Settings | None = None) -> gr.Blocks:
    """The chat app over the index in ``index_dir`` (default: $KPU_ASSISTANT_INDEX, else ./index).

    ``settings`` default to the environment, read once here rather than on every question.
    """
    settings = settings or Settings.from_env()
    answer = partial(reply, index_dir=index_dir or settings.index_dir, settings=settings)

    def start(message: str, chat: list):
        """Show the user's question at once; clear and lock the box until the reply is in."""
        message = message or ""
        chat = list(chat or [])
        if message.strip():
            chat.append({"role": "user", "content": _esc(message.strip())})
        return gr.Textbox(value="", interactive=False), chat, message

    def example(evt: gr.SelectData, chat: list):
        value = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
        message = value.get("text") or ""
        chat = list(chat or [])
        chat.append({"role": "user", "content": _esc(message)})
        return chat, message

    def api_chat(message: str, questions: list[str]):
        """Answer a question about the KPU releases; returns the reply as HTML. Earlier questions of the session count."""
        html_reply = answer(message, [{"role": "user", "content": q} for q in questions or []])
        if message and message.strip():
            questions = [*(questions or []), message.strip()]
        return html_reply, questions

    def respond(message: str, chat: list, questions: list[str]):
        if not (message or "").strip():
            # A hint, not a chat reply: as a message it would join the previous answer's bubble.
            lang = detect_language(questions[-1]) if questions else "id"
            gr.Info(STRINGS[lang]["empty"])
            return list(chat or []), questions
        html_reply, questions = api_chat(message, questions)
        return list(chat or []) + [{"role": "assistant", "content": html_reply}], questions

    with ChatApp(title=TITLE, fill_height=True, analytics_enabled=False) as app:
        questions = gr.State([])
        pending = gr.State("")
        gr.HTML(f'<div class="kpu-header"><h1>{_esc(TITLE)}</h1><p>{_esc(DESCRIPTION)}</p></div>')
        chatbot = gr.Chatbot(
            label=TITLE,
            show_label=False,
            scale=1,
            height=560,
            render_markdown=False,  # replies are HTML escaped here; Markdown must not reinterpret them
            sanitize_html=True,  # and Gradio's sanitizer stays on as a second line of defence
            allow_tags=False,
            feedback_options=None,
            examples=[{"text": q} for q in EXAMPLES],
            elem_id="kpu-chat",
        )
        textbox = gr.Textbox(
            show_label=False,
            placeholder="Tulis pertanyaan… / Ask a question…",
            submit_btn=True,
            autofocus=True,
            elem_id="kpu-question",
        )

        submitted = textbox.submit(start, [textbox, chatbot], [textbox, chatbot, pending],
                                   queue=False, api_visibility="private")
        submitted.then(
            respond, [pending, chatbot, questions], [chatbot, questions], api_visibility="private",
            show_progress="minimal", concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
        ).then(lambda: gr.Textbox(interactive=True), None, textbox, queue=False, api_visibility="private")
        chatbot.example_select(example, [chatbot], [chatbot, pending], queue=False, api_visibility="private").then(
            respond, [pending, chatbot, questions], [chatbot, questions], api_visibility="private",
            concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer",
        )
        chatbot.clear(lambda: ([], ""), None, [questions, pending], queue=False, api_visibility="private")

        # The "/chat" API endpoint: gradio_client.Client(url).predict(message, api_name="/chat")
        api_message = gr.Textbox(visible=False, label="message")
        api_reply = gr.Textbox(visible=False, label="reply")
        api_button = gr.Button(visible=False)
        api_button.click(api_chat, [api_message, questions], [api_reply, questions], api_name="chat",
                         concurrency_limit=CHAT_CONCURRENCY, concurrency_id="answer")
    return app


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_exposure(host: str, auth: tuple[str, str] | None, no_auth: bool) -> None:
    """Refuse to serve beyond this machine without a password unless that is asked for explicitly."""
    if host not in LOOPBACK and auth is None and not no_auth:
        raise ValueError(
            f"serving on {host} would expose the chat to the network without a password; "
            "add --auth user:password (or set KPU_ASSISTANT_AUTH), or --no-auth to do it anyway"
        )


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None or '' -> None."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("authentication must look like user:password")
    return user, password


def serve(
    host: str = "127.0.0.1",
    port: int = 7860,
    index_dir: PathLike | None = None,
    auth: tuple[str, str] | None = None,
    no_auth: bool = False,
    settings: Settings | None = None,
) -> None:
    """Start the web chat and block until it is stopped; never shared publicly.

    Binding anything but loopback needs ``auth`` (user, password) or an explicit ``no_auth``.
    """
    check_exposure(host, auth, no_auth)
    shown = f"[{host}]" if ":" in host else host
    # Gradio's own start-up text suggests share=True, which this app never uses: say it our way.
    print(f"web chat on http://{shown}:{port} (Ctrl+C stops it)", flush=True)
    build_app(index_dir, settings).launch(server_name=host, server_port=port, share=False, auth=auth, quiet=True)
