"""The Python API: retrieve, ask and build_index over the live index."""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from . import indexer, llm
from .answer import compose
from .cache import CACHE
from .conversation import follow_up_context
from .embed import Embedder
from .records import Answer, BuildReport, Hit
from .retrieval import Retrieval, search
from .settings import Settings
from .store import resolve_index_dir

PathLike = str | os.PathLike[str]


def _search(question: str, k: int, index_dir: PathLike | None, history: Sequence[str] = ()) -> tuple[Retrieval, Embedder]:
    snapshot = CACHE.snapshot(resolve_index_dir(index_dir))
    # Through the batcher: questions asked at the same moment in other threads share one embedding call.
    embedder = CACHE.batcher(snapshot.embedder_spec)
    return search(snapshot, embedder, question, k, context=follow_up_context(question, history)), embedder


def retrieve(question: str, k: int = 5, index_dir: PathLike | None = None) -> list[Hit]:
    """The ``k`` passages that best match the question, best first.

    ``index_dir`` defaults to $KPU_ASSISTANT_INDEX, else ``index/`` in the working directory.
    Raises ValueError for an empty question and IndexMissingError before the first build.
    """
    retrieval, _ = _search(question, k, index_dir)
    return retrieval.hits


def ask(
    question: str,
    k: int = 5,
    index_dir: PathLike | None = None,
    history: Sequence[str] = (),
    settings: Settings | None = None,
) -> Answer:
    """Answer from the releases: a quoted sentence with its ``[n]`` marker, and the answer phrase in it.

    ``history`` holds the earlier questions of a conversation, oldest first; a short follow-up such
    as "dan berapa selisihnya?" is searched together with the question before it, a question that names
    no place or person of its own with the last one that did (``conversation.follow_up_context``). ``found`` is False
    when the releases do not answer the question; ``related`` then holds the closest passages.

    With ``KPU_ASSISTANT_LLM_URL`` and ``KPU_ASSISTANT_LLM_MODEL`` set, a found answer is reworded by
    that model from the cited passages, its ``[n]`` markers checked (see :mod:`assistant.llm`); the
    quoted answer stands whenever its reply fails a check. Raises LLMConfigError when only one is set.
    ``settings`` replaces the environment (:class:`assistant.settings.Settings`), e.g. read once by a server.
    """
    settings = settings or Settings.from_env()
    config = settings.llm
    retrieval, embedder = _search(question, k, index_dir or settings.index_dir, history)
    answer = compose(retrieval, embedder)
    return llm.phrase(answer, retrieval.language, config) if config else answer


def build_index(
    paths: Iterable[PathLike],
    index_dir: PathLike | None = None,
    embedder: str | None = None,
    progress: bool = False,
    reread: bool = False,
    cluster: str | None = None,
) -> BuildReport:
    """Index (or update the index of) the release files under ``paths``; see :class:`BuildReport`.

    Files with the size and modification time of the last build are not read again unless ``reread``.
    ``cluster`` (default: $KPU_ASSISTANT_CLUSTER): a Dask scheduler address (``tcp://host:8786``) or
    ``"local"``, to embed the new paragraphs there (see :mod:`assistant.cluster`); raises ClusterError
    when it cannot be reached.
    """
    from .cluster import ClusterEmbedding, cluster_address

    address = cluster_address(cluster)
    if address is None:
        return indexer.build_index(paths, index_dir, embedder, progress, reread)
    with ClusterEmbedding(address) as embed:
        return indexer.build_index(paths, index_dir, embedder, progress, reread, embed=embed)
