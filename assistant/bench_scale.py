"""Speed at scale: retrieve latency on large synthetic indexes, adding a release to indexes of 10K to 1M
passages, and the memory of a process serving questions over them (the scaling part of `kpu-assistant bench`).

The large indexes are written by the indexer itself (`indexer.BuildInputs`, `indexer.build_index`);
only the vectors are stand-ins (an embedding hook that returns synthetic or random vectors), since
embedding a million paragraphs would take days on this machine.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import faiss
import numpy as np

from .cache import CACHE
from .embed import Embedder
from .indexer import BuildInputs, build, build_index
from .measure import folder_size, latency, percentiles, serving_memory
from .records import Paragraph, Release
from .retrieval import search
from .update import EmbedPassages

ADD_TRIALS = 3  # add / re-run / remove cycles per size; the table gives their median and range
MORE_RELEASES = 24  # one-release updates before latency is measured again over the segments they leave
SERVING_CALLS = 50  # retrieve calls of the process whose memory is measured


def add_release_speed(data: Path, workdir: Path, sizes: tuple[int, ...], questions: list[str]) -> list[str]:
    """The whole ``build_index`` path over real files (wall clock): add one 8-paragraph release to an index
    of N passages, run again with nothing changed, remove the release; then retrieve latency before and
    after MORE_RELEASES further one-release updates (the segments they leave behind), and the memory of
    a fresh process serving SERVING_CALLS retrieve calls over the result.

    The N passages are news paragraphs written as 8-paragraph release files; their vectors are random
    (embedding 100K paragraphs would take hours), everything else is what the indexer writes. Each added
    release has new text, so its 8 paragraphs are embedded for real every time.
    """
    texts = [json.loads(line)["text"] for line in (data / "idn-news" / "paragraphs.jsonl").open(encoding="utf-8")]
    rows = ["| passages indexed | add one release s | re-run, nothing changed s | remove it again s "
            f"| retrieve p50 ms, one segment | after {MORE_RELEASES} more releases: segments, retrieve p50 ms "
            f"| serving RSS MB: loaded / steady / peak | steady: heap / mapped files MB |",
            "|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        folder, index_dir = workdir / f"files-{size}", workdir / f"files-{size}-index"
        _release_files_index(folder, index_dir, size, texts)
        before = _retrieve_p50(index_dir, questions)
        times: dict[str, list[float]] = {"add": [], "same": [], "remove": []}
        for trial in range(ADD_TRIALS):
            new = _write_release(folder / "rilis-new.txt", f"KPU Tetapkan Rilis Baru {trial}",
                                 [f"{texts[j]} (rilis baru {trial})" for j in range(8)])
            times["add"].append(_timed_build(folder, index_dir, added=8))
            times["same"].append(_timed_build(folder, index_dir, added=0))
            new.unlink()
            times["remove"].append(_timed_build(folder, index_dir, added=0))
        for n in range(MORE_RELEASES):
            _write_release(folder / f"rilis-more-{n:02d}.txt", f"Rilis KPU tambahan {n}",
                           [f"{texts[(13 * n + j) % len(texts)]} (tambahan {n})" for j in range(8)])
            _timed_build(folder, index_dir, added=8)
        segments = len(CACHE.snapshot(index_dir).segments)
        after = _retrieve_p50(index_dir, questions)
        memory = serving_memory(index_dir, questions, SERVING_CALLS)
        spans = " | ".join(f"{np.median(t):.1f} ({min(t):.1f}-{max(t):.1f})" for t in times.values())
        rows.append(f"| {size:,} | {spans} | {before:.1f} | {segments}, {after:.1f} "
                    f"| {memory['loaded']:.0f} / {memory['VmRSS']:.0f} / {memory['VmHWM']:.0f} "
                    f"| {memory['RssAnon']:.0f} / {memory['RssFile']:.0f} |")
        shutil.rmtree(folder)
        shutil.rmtree(index_dir)
    return rows


def updates_section(data: Path, workdir: Path, sizes: tuple[int, ...], questions: list[str]) -> list[str]:
    return ["Release files of 8 news paragraphs each (random vectors stand in for the embeddings); each added "
            "release's 8 paragraphs are embedded for real. Wall-clock seconds of `build_index`, median of "
            f"{ADD_TRIALS} (range). Serving memory: a new process opens the index after the {MORE_RELEASES} more "
            f"releases and answers {SERVING_CALLS} `assistant.retrieve` calls; RSS after the first call, after all "
            "of them, and its peak (VmHWM), from /proc/self/status; heap is RssAnon (embedder, FAISS, arrays), "
            "mapped files RssFile (index files the kernel can drop and read again).", "",
            *add_release_speed(data, workdir, sizes, questions)]


def random_vectors(seed: int = 0) -> EmbedPassages:
    """An embedding hook giving random unit vectors: stand-ins where real ones would take hours to compute."""
    rng = np.random.default_rng(seed)

    def embed(model: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = rng.standard_normal((len(texts), model.dim)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    return embed


def _release_files_index(folder: Path, index_dir: Path, size: int, texts: list[str]) -> None:
    """``size // 8`` release files of 8 news paragraphs, indexed by the indexer with random vectors."""
    for r in range(size // 8):
        _write_release(folder / f"rilis-{r:06d}.txt", f"Rilis KPU nomor {r}",
                       [f"{texts[(8 * r + j) % len(texts)]} (rilis {r}-{j})" for j in range(8)])
    report = build_index([folder], index_dir, embed=random_vectors())
    assert report.added == 8 * (size // 8) and not report.errors, report


def _timed_build(folder: Path, index_dir: Path, added: int) -> float:
    started = time.perf_counter()
    report = build_index([folder], index_dir)
    seconds = time.perf_counter() - started
    assert report.added == added and not report.errors, report
    return seconds


def _retrieve_p50(index_dir: Path, questions: list[str]) -> float:
    snapshot = CACHE.snapshot(index_dir)
    embedder = CACHE.embedder(snapshot.embedder_spec)
    search(snapshot, embedder, questions[0], 5)  # warm-up
    samples, _ = latency(lambda q: search(snapshot, embedder, q, 5), questions)
    return percentiles(samples)[0]


def _write_release(path: Path, title: str, paragraphs: list[str]) -> Path:
    """A release file dated an hour back, so the indexer trusts its size and time on the next build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    then = time.time() - 3600
    os.utime(path, (then, then))
    return path


def synthetic_corpus(real: np.ndarray, texts: list[str], size: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """``size`` vectors near real passage vectors (real + noise, renormalised) and texts shuffled from real words."""
    rng = np.random.default_rng(seed)
    base = real[rng.integers(0, len(real), size)]
    vectors = base + rng.normal(0, 0.02, base.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    words = " ".join(texts).split()
    lengths = rng.integers(30, 70, size)
    starts = rng.integers(0, len(words) - 80, size)
    synthetic = [" ".join(words[s : s + n]) for s, n in zip(starts, lengths)]
    return vectors.astype(np.float32), synthetic


def given_vectors(texts: list[str], vectors: np.ndarray) -> EmbedPassages:
    """An embedding hook that looks each text's vector up in ``vectors`` (row i belongs to ``texts[i]``)."""
    row = {text: i for i, text in enumerate(texts)}
    return lambda model, asked, progress=False: vectors[[row[text] for text in asked]]


def scaling(eval_index: Path, questions: list[str], workdir: Path, sizes: tuple[int, ...]) -> list[str]:
    """Full retrieve() latency on synthetic indexes of each size, and ANN recall@10 against exact search.

    Each index is a first build by the indexer of one single-paragraph release per passage (``build s``
    is that build's wall clock: chunking, hashing, tokenising, writing SQLite, BM25 and FAISS).
    """
    source = CACHE.snapshot(eval_index)
    embedder = CACHE.embedder(source.embedder_spec)
    real = np.asarray(source.vectors, dtype=np.float32)
    texts = [row.text for row in source.passages()]
    query_vectors = embedder.embed_queries(questions)
    rows = [
        "| passages (synthetic) | FAISS index | build s | retrieve p50 ms | p95 ms | p99 ms | ANN recall@10 | disk MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        vectors, synthetic = synthetic_corpus(real, texts, size)
        index_dir = workdir / f"scale-{size}"
        releases = [Release(f"synthetic:{i:07d}", "", (Paragraph(text, 1),)) for i, text in enumerate(synthetic)]
        started = time.perf_counter()
        build(BuildInputs(releases, embed=given_vectors(synthetic, vectors)), index_dir)
        build_seconds = time.perf_counter() - started
        del releases, vectors
        snapshot = CACHE.snapshot(index_dir)
        search(snapshot, embedder, questions[0], 5)
        samples, _ = latency(lambda q, snapshot=snapshot: search(snapshot, embedder, q, 5), questions)
        p50, p95, p99 = percentiles(samples)
        recall = "exact"
        if any(isinstance(segment.dense, faiss.IndexIVF) for segment in snapshot.segments):
            stored = np.asarray(snapshot.vectors, dtype=np.float32)
            exact = faiss.IndexFlatIP(stored.shape[1])
            exact.add(stored)
            _, truth = exact.search(query_vectors, 10)
            _, approx = snapshot.dense.search(query_vectors, 10)
            recall = f"{np.mean([len(set(t) & set(a)) / 10 for t, a in zip(truth, approx)]):.3f}"
            del stored, exact
        rows.append(
            f"| {size:,} | {snapshot.meta['faiss']} | {build_seconds:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {recall} | "
            f"{folder_size(snapshot.path) / 1e6:.0f} |"
        )
        del synthetic
    return rows
