"""The web chat: a Gradio app around :func:`assistant.api.ask`.

Every reply is HTML built here, and every piece of release or question text in it goes through
:func:`html.escape`; links are only made for http(s) URLs. The Chatbot shows messages as HTML
(``render_markdown=False``) through Gradio's sanitizer (``sanitize_html=True``), so Markdown cannot
reinterpret release text and escaped text such as ``&lt;script&gt;`` stays text.

The chat is also an API: ``gradio_client.Client(url).predict(message, api_name="/chat")`` returns the
reply HTML; a client session keeps its earlier questions, so follow-ups work there too.
"""
from __future__ import annotations

import datetime
import html
import logging
import os
import re
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from .language import detect_language
from .records import Answer, Hit

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]

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

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "sources": "Sumber",
        "more_sources": "Sumber lain",
        "related": "Mungkin terkait",
        "more_related": "Lainnya",
        "paragraph": "paragraf",
        "page": "hlm.",
        "relevance": "relevansi",
        "no_date": "tanpa tanggal",
        "answer": "Jawaban",
        "empty": "Silakan ketik pertanyaan tentang siaran pers KPU, misalnya “Berapa tingkat partisipasi Pemilu 2024?”",
        "missing": "Indeks belum dibuat; buat dulu dengan: kpu-assistant index corpus/ --index-dir {dir}",
        "error": "Maaf, terjadi kesalahan: {msg}",
        "generated": "Dirumuskan oleh model bahasa {model} dari sumber di bawah; periksa sumbernya.",
        "note": "Catatan",
    },
    "en": {
        "sources": "Sources",
        "more_sources": "Other sources",
        "related": "Possibly related",
        "more_related": "More",
        "paragraph": "paragraph",
        "page": "page",
        "relevance": "relevance",
        "no_date": "no date",
        "answer": "Answer",
        "empty": "Please type a question about the KPU press releases, e.g. “what turnout did Pemilu 2024 reach?”",
        "missing": "There is no index yet; build it with: kpu-assistant index corpus/ --index-dir {dir}",
        "error": "Sorry, something went wrong: {msg}",
        "generated": "Worded by the language model {model} from the sources below; check them.",
        "note": "Note",
    },
}

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

CSS = """
.kpu-header { text-align: center; margin: 0.5rem 0 0.25rem; }
.kpu-header h1 { font-size: 1.6rem; font-weight: 700; margin: 0; }
.kpu-header p { margin: 0.25rem 0 0; color: var(--body-text-color-subdued); font-size: 0.95rem; }
.kpu-reply { line-height: 1.55; }
.kpu-reply p { margin: 0 0 0.5rem; }
.kpu-answer { font-size: 1.02rem; }
.kpu-answer mark { background: #fde68a; color: inherit; font-weight: 700; padding: 0 0.15em; border-radius: 3px; }
.kpu-passage strong { font-weight: 700; }
.kpu-ref { font-size: 0.75em; font-weight: 700; color: var(--color-accent); margin-left: 0.1em; }
.kpu-notfound { font-weight: 700; }
.kpu-generated, .kpu-warning { font-size: 0.82rem; color: var(--body-text-color-subdued); }
.kpu-warning::before { content: "⚠ "; }
.kpu-heading { font-size: 0.8rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase;
  color: var(--body-text-color-subdued); margin: 0.9rem 0 0.35rem; }
.kpu-list { list-style: none; padding: 0; margin: 0; }
.kpu-list > li { margin: 0 0 0.6rem; padding: 0.55rem 0.7rem; border: 1px solid var(--border-color-primary);
  border-radius: 8px; background: var(--background-fill-secondary); }
.kpu-num { font-weight: 700; color: var(--color-accent); margin-right: 0.35em; }
.kpu-title { font-weight: 700; }
.kpu-meta { font-size: 0.82rem; color: var(--body-text-color-subdued); margin: 0.1rem 0 0.3rem; }
.kpu-meta a { color: var(--link-text-color); overflow-wrap: anywhere; }
.kpu-passage { font-size: 0.92rem; margin: 0; }
.kpu-passage mark { background: #fef3c7; color: inherit; padding: 0.05em 0.1em; border-radius: 3px; }
.kpu-bar { display: inline-block; width: 3.2em; height: 0.45em; border-radius: 3px; background: var(--border-color-primary);
  vertical-align: middle; overflow: hidden; margin-right: 0.3em; }
.kpu-bar > span { display: block; height: 100%; background: var(--color-accent); }
.kpu-score { cursor: help; }
details.kpu-more { margin-top: 0.6rem; }
.kpu-related { border-top: 1px dashed var(--border-color-primary); margin-top: 0.6rem; padding-top: 0.1rem; }
details.kpu-more > summary { cursor: pointer; font-size: 0.85rem; font-weight: 700;
  color: var(--body-text-color-subdued); margin-bottom: 0.4rem; }
"""

_CITED = re.compile(r"\[(\d+(?:, \d+)*)\]")  # markers as assistant.llm.check_citations leaves them


# ---------------------------------------------------------------- the chat function


def reply(message: str, history: Sequence[Any] = (), index_dir: PathLike | None = None) -> str:
    """The reply to ``message`` as HTML; ``history`` is the chat so far (Gradio message dicts, oldest first).

    Never raises for bad input or a missing index: those become a one-line message.
    """
    from .api import ask
    from .errors import IndexMissingError

    earlier = user_questions(history)
    message = message if isinstance(message, str) else ""
    if not message.strip():
        lang = detect_language(earlier[-1]) if earlier else "id"
        return _line(STRINGS[lang]["empty"])
    lang = detect_language(message)
    try:
        answer = ask(message, index_dir=index_dir, history=earlier)
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
        from .store import resolve_index_dir

        return str(resolve_index_dir(index_dir))
    except Exception:
        return str(index_dir or "index")


# ---------------------------------------------------------------- rendering


def render_answer(answer: Answer) -> str:
    """An :class:`Answer` as self-contained, escaped HTML."""
    lang = answer.language if answer.language in STRINGS else "id"
    s = STRINGS[lang]
    if not answer.found:
        parts = [f'<div class="kpu-reply kpu-reply-notfound"><p class="kpu-notfound">{_esc(answer.text)}</p>']
        if answer.related:
            # The closest passage stays in view: "not found" is often "not said in these words", and
            # the reader judges that passage better than a threshold does. It is not quoted as an answer.
            first, rest = answer.related[0], answer.related[1:]
            parts.append(f'<div class="kpu-related"><div class="kpu-heading">{_esc(s["related"])}</div>'
                         f'<ol class="kpu-list">{_hit_item(first, None, lang, relevance=False)}</ol>')
            if rest:
                items = "".join(_hit_item(hit, None, lang, relevance=False) for hit in rest)
                parts.append(f'<details class="kpu-more"><summary>{_esc(s["more_related"])} ({len(rest)})</summary>'
                             f'<ol class="kpu-list">{items}</ol></details>')
            parts.append("</div>")
        parts.append("</div>")
        return "".join(parts)

    quotes = [(q.text, q.n) for q in answer.quotes]
    if answer.generated_by:
        # The model's wording: no sentence of it is quoted from a passage, so nothing to highlight there.
        body, span_shown = _generated_html(answer.text), False
    else:
        body, span_shown = _answer_html(answer.text, quotes, answer.span)
    cited = set(answer.cited)
    parts = ['<div class="kpu-reply kpu-reply-found">']
    if answer.span and not span_shown:
        parts.append(f'<p class="kpu-span">{_esc(s["answer"])}: <strong>{_esc(answer.span)}</strong></p>')
    parts.append(f'<p class="kpu-answer">{body}</p>')
    if answer.generated_by:
        parts.append(f'<p class="kpu-generated">{_esc(s["generated"].format(model=answer.generated_by))}</p>')
    parts += [f'<p class="kpu-warning">{_esc(s["note"])}: {_esc(w)}</p>' for w in answer.warnings]
    if answer.citations:
        cited = cited or {1}
        main = [(n, hit) for n, hit in enumerate(answer.citations, start=1) if n in cited]
        more = [(n, hit) for n, hit in enumerate(answer.citations, start=1) if n not in cited]
        by_number: dict[int, list[str]] = {}
        for sentence, n in quotes:
            by_number.setdefault(n, []).append(sentence)
        parts.append(f'<div class="kpu-heading">{_esc(s["sources"])}</div>')
        parts.append(
            '<ol class="kpu-list kpu-sources">'
            + "".join(_hit_item(hit, n, lang, by_number.get(n, []), answer.span) for n, hit in main)
            + "</ol>"
        )
        if more:
            parts.append(
                f'<details class="kpu-more"><summary>{_esc(s["more_sources"])} ({len(more)})</summary>'
                '<ol class="kpu-list kpu-sources">'
                + "".join(_hit_item(hit, n, lang, [], None) for n, hit in more)
                + "</ol></details>"
            )
    parts.append("</div>")
    return "".join(parts)


def _generated_html(text: str) -> str:
    """A model-written answer, escaped, with its markers as superscripts."""
    return _CITED.sub(lambda m: f'<sup class="kpu-ref">[{m.group(1)}]</sup>', _esc(text))


def _answer_html(text: str, quotes: list[tuple[str, int]], span: str | None) -> tuple[str, bool]:
    """The answer text with escaped sentences, ``[n]`` markers and the span in <mark>; and whether the span was shown."""
    if not quotes:
        return _esc(text), False
    pieces: list[str] = []
    span_shown = False
    for sentence, n in quotes:
        if span and not span_shown:
            highlighted, span_shown = _highlight(sentence, [span], "mark")
        else:
            highlighted = _esc(sentence)
        pieces.append(f'{highlighted}<sup class="kpu-ref">[{n}]</sup>')
    return " ".join(pieces), span_shown


def _hit_item(
    hit: Hit, n: int | None, lang: str, quotes: Sequence[str] = (), span: str | None = None, relevance: bool = True
) -> str:
    """One source. ``relevance=False`` for the passages of a "not found" reply: their relevance ranks them
    against the best one found, so a full bar beside "not found" would read as a contradiction."""
    s = STRINGS[lang]
    number = f'<span class="kpu-num">[{n}]</span>' if n is not None else ""
    where = f'{_esc(s["paragraph"])} {int(hit.paragraph)}'
    if hit.page:
        where += f', {_esc(s["page"])} {int(hit.page)}'
    meta = [_esc(format_date(hit.date, lang) or s["no_date"]), where]
    if relevance:
        meta.append(_relevance(hit.score, s["relevance"]))
    link = _link(hit.url)
    meta.append(link if link else _esc(Path(hit.source).name))
    return (
        f'<li>{number}<span class="kpu-title">{_esc(hit.title)}</span>'
        f'<div class="kpu-meta">{" · ".join(meta)}</div>'
        f'<p class="kpu-passage">{_passage_html(hit.text, quotes, span)}</p></li>'
    )


def _passage_html(text: str, quotes: Sequence[str], span: str | None) -> str:
    """The passage, escaped, with the quoted sentences in <mark> and the span in <strong> inside them."""
    if not quotes:
        return _esc(text)
    segments = _split_on(text, list(quotes))
    if not any(marked for _, marked in segments):
        from .text import normalize  # the quotes are sentences of the normalised passage

        segments = _split_on(normalize(text), list(quotes))
    out = []
    for chunk, marked in segments:
        if marked:
            inner = _highlight(chunk, [span], "strong")[0] if span else _esc(chunk)
            out.append(f'<mark class="kpu-quote">{inner}</mark>')
        else:
            out.append(_esc(chunk))
    return "".join(out)


def _highlight(text: str, needles: Sequence[str], tag: str) -> tuple[str, bool]:
    """``text`` escaped with the needles' occurrences wrapped in ``<tag>``; and whether any was found."""
    segments = _split_on(text, list(needles))
    found = any(marked for _, marked in segments)
    return "".join(f"<{tag}>{_esc(c)}</{tag}>" if m else _esc(c) for c, m in segments), found


def _split_on(text: str, needles: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (chunk, is_needle) pieces; needles match case-insensitively, longest first."""
    needles = sorted({n for n in needles if n and n.strip()}, key=len, reverse=True)
    if not needles:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in pattern.finditer(text):
        if m.start() > last:
            pieces.append((text[last : m.start()], False))
        pieces.append((m.group(0), True))
        last = m.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def format_date(iso: str | None, lang: str) -> str | None:
    """``2024-08-04`` -> ``4 Agustus 2024`` (id) or ``4 August 2024`` (en); other text is returned as is."""
    if not iso:
        return None
    try:
        day = datetime.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"https?://[^\s/]", url, re.IGNORECASE) or any(ord(c) < 32 or c.isspace() for c in url):
        return None
    return url


def _link(url: str | None) -> str:
    url = safe_url(url)
    if url is None:
        return ""
    shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    if len(shown) > 70:
        shown = shown[:69] + "…"
    return (
        f'<a class="kpu-link" href="{html.escape(url, quote=True)}" title="{html.escape(url, quote=True)}" '
        f'target="_blank" rel="noopener noreferrer">{_esc(shown)}</a>'
    )


def _relevance(score: float, label: str) -> str:
    try:
        value = min(1.0, max(0.0, float(score)))
    except (TypeError, ValueError):
        return ""
    pct = round(value * 100)
    # A labelled bar, with the number in its tooltip.
    return (
        f'<span class="kpu-score" title="{_esc(label)} {pct}%" aria-label="{_esc(label)} {pct}%">'
        f'<span class="kpu-score-label">{_esc(label)}</span> '
        f'<span class="kpu-bar"><span style="width:{pct}%"></span></span></span>'
    )


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _line(text: str) -> str:
    return f'<p class="kpu-reply kpu-info">{_esc(text)}</p>'


# ---------------------------------------------------------------- the app


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


def build_app(index_dir: PathLike | None = None) -> gr.Blocks:
    """The chat app over the index in ``index_dir`` (default: $KPU_ASSISTANT_INDEX, else ./index)."""
    answer = partial(reply, index_dir=index_dir)

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

    def respond(message: str, chat: list, questions: list[str]):
        if not (message or "").strip():
            # A hint, not a chat reply: as a message it would join the previous answer's bubble.
            lang = detect_language(questions[-1]) if questions else "id"
            gr.Info(STRINGS[lang]["empty"])
            return list(chat or []), questions
        html_reply = answer(message, [{"role": "user", "content": q} for q in questions or []])
        chat = list(chat or []) + [{"role": "assistant", "content": html_reply}]
        if message and message.strip():
            questions = [*(questions or []), message.strip()]
        return chat, questions

    def api_chat(message: str, questions: list[str]):
        """Answer a question about the KPU releases; returns the reply as HTML. Earlier questions of the session count."""
        html_reply = answer(message, [{"role": "user", "content": q} for q in questions or []])
        if message and message.strip():
            questions = [*(questions or []), message.strip()]
        return html_reply, questions

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
            show_progress="minimal",
        ).then(lambda: gr.Textbox(interactive=True), None, textbox, queue=False, api_visibility="private")
        chatbot.example_select(example, [chatbot], [chatbot, pending], queue=False, api_visibility="private").then(
            respond, [pending, chatbot, questions], [chatbot, questions], api_visibility="private"
        )
        chatbot.clear(lambda: ([], ""), None, [questions, pending], queue=False, api_visibility="private")

        # The "/chat" API endpoint: gradio_client.Client(url).predict(message, api_name="/chat")
        api_message = gr.Textbox(visible=False, label="message")
        api_reply = gr.Textbox(visible=False, label="reply")
        api_button = gr.Button(visible=False)
        api_button.click(api_chat, [api_message, questions], [api_reply, questions], api_name="chat")
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
) -> None:
    """Start the web chat and block until it is stopped; never shared publicly.

    Binding anything but loopback needs ``auth`` (user, password) or an explicit ``no_auth``.
    """
    check_exposure(host, auth, no_auth)
    shown = f"[{host}]" if ":" in host else host
    # Gradio's own start-up text suggests share=True, which this app never uses: say it our way.
    print(f"web chat on http://{shown}:{port} (Ctrl+C stops it)", flush=True)
    build_app(index_dir).launch(server_name=host, server_port=port, share=False, auth=auth, quiet=True)
