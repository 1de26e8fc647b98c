"""The chat's HTML, made without Gradio: an :class:`~assistant.records.Answer` as a reply with its sources.

Every piece of release or question text goes through :func:`html.escape`; links are only made for
http(s) URLs. The Chatbot shows these replies as HTML (``render_markdown=False``) through Gradio's
sanitizer, so Markdown cannot reinterpret release text and escaped text such as ``&lt;script&gt;``
stays text.
"""
from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..records import Answer, Hit
from ..text import MONTH_NAMES

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
        from ..text import normalize  # the quotes are sentences of the normalised passage

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
    return f"{day.day} {MONTH_NAMES[lang][day.month - 1]} {day.year}"


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
