"""Releases -> passages: one passage per paragraph, over-long paragraphs split at sentence boundaries."""
from __future__ import annotations

from .records import Passage, Release
from .text import split_sentences

# multilingual-e5-small reads at most 512 tokens; Indonesian news runs about 1.6 tokens a word, so
# 220 words keeps a passage whole inside the model's window with room for the title.
MAX_WORDS = 220
# The embedder's cost grows with input length and it does not truncate: text without spaces (a
# table or junk in a file) is cut by characters too.
MAX_CHARS = 2000


def chunk_release(release: Release, max_words: int = MAX_WORDS) -> list[Passage]:
    """Passages of a release in reading order."""
    passages: list[Passage] = []
    for paragraph in release.paragraphs:
        for part, text in enumerate(_split_long(paragraph.text, max_words)):
            passages.append(Passage(release.source, paragraph.number, part, text, paragraph.page))
    return passages


def with_context(title: str, place: str | None, text: str) -> str:
    """What is embedded and BM25-indexed for a passage: its release's title (and place, when the title
    does not name it) as context, then the passage. The stored and quoted text stays the passage alone.

    A later paragraph of a release often does not repeat what the release is about ("Ia menambahkan,
    sebanyak 37 petugas ..."); with the title in front, a question about that release finds it.
    """
    context = title.strip()
    if place and place.lower() not in context.lower():
        context = f"{context} ({place})" if context else place
    return f"{context}\n{text}" if context else text


def _split_long(text: str, max_words: int) -> list[str]:
    if len(text.split()) <= max_words and len(text) <= MAX_CHARS:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    words = chars = 0
    # A sentence longer than the limit (a list of names, a flattened PDF table) is cut by words.
    sentences = [piece for sentence in split_sentences(text) for piece in _word_chunks(sentence, max_words)]
    for sentence in sentences:
        sentence_words = len(sentence.split())
        if current and (words + sentence_words > max_words or chars + len(sentence) + 1 > MAX_CHARS):
            pieces.append(" ".join(current))
            current, words, chars = [], 0, 0
        current.append(sentence)
        words += sentence_words
        chars += len(sentence) + 1
    if current:
        pieces.append(" ".join(current))
    return pieces


def _word_chunks(sentence: str, max_words: int) -> list[str]:
    words = sentence.split()
    chunks = [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]
    return [chunk[i : i + MAX_CHARS] for chunk in chunks for i in range(0, len(chunk), MAX_CHARS)]
