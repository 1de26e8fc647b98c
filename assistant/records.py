"""The records that flow through the pipeline: ingest -> chunk -> embed -> store -> retrieve -> answer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a release as it stands in the source file."""

    text: str
    number: int  # 1-based position within its release
    page: int | None = None  # PDF page, 1-based


@dataclass(frozen=True)
class Release:
    """A press release read from one file."""

    source: str  # file path
    title: str
    paragraphs: tuple[Paragraph, ...]
    date: str | None = None  # ISO date, e.g. "2024-08-04"
    place: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Passage:
    """The unit that is embedded and retrieved: a paragraph, or a piece of an over-long one."""

    source: str
    paragraph: int
    part: int  # 0 unless the paragraph was split
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its release's metadata."""

    text: str
    score: float
    title: str
    date: str | None
    url: str | None
    paragraph: int
    page: int | None
    source: str

    def to_dict(self) -> dict:
        return {"title": self.title, "date": self.date, "url": self.url, "paragraph": self.paragraph,
                "page": self.page, "source": self.source, "text": self.text, "score": self.score}


@dataclass(frozen=True)
class Quote:
    """A sentence quoted verbatim from a cited passage, with that passage's citation number."""

    text: str
    n: int  # 1-based position of the passage in ``Answer.citations``


@dataclass(frozen=True)
class Answer:
    """An answer with its sources: quoted sentences with [n] markers, or a language model's checked wording."""

    question: str
    text: str  # the quotes joined with their [n] markers, a model's checked wording, or "not found"
    found: bool
    citations: list[Hit] = field(default_factory=list)
    span: str | None = None  # the answer phrase inside the quoted sentences, when one is known
    related: list[Hit] = field(default_factory=list)  # closest passages when nothing was found
    generated_by: str | None = None  # the language model that wrote ``text``; None for quoted sentences
    warnings: tuple[str, ...] = ()  # what the citation check removed or why the model's reply was not used
    quotes: tuple[Quote, ...] = ()  # the quoted sentences ``text`` is made of (none when a model worded it)
    cited: tuple[int, ...] = ()  # the citation numbers ``text`` refers to, in order of first mention
    language: str = "id"  # of the question, and so of the fixed phrases and of a model's wording

    def to_dict(self) -> dict:
        """The JSON document of ``ask --json`` and of the web chat's API."""
        return {
            "question": self.question,
            "language": self.language,
            "found": self.found,
            "answer": self.text,
            "span": self.span,
            "quotes": [{"text": q.text, "n": q.n} for q in self.quotes],
            "cited": list(self.cited),
            "citations": [{"n": n, **hit.to_dict()} for n, hit in enumerate(self.citations, start=1)],
            "related": [hit.to_dict() for hit in self.related],
            "generated_by": self.generated_by,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class BuildReport:
    """What one run of the indexer changed."""

    releases: int
    added: int
    removed: int
    kept: int
    seconds: float
    errors: tuple[str, ...] = ()

    def summary(self) -> str:
        line = (
            f"{self.releases} releases, {self.added + self.kept} paragraphs "
            f"(added {self.added}, removed {self.removed}, kept {self.kept}) in {self.seconds:.1f} s"
        )
        if self.errors:
            line += f"; {len(self.errors)} file(s) could not be read"
        return line
