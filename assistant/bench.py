"""Speed: index build throughput, query latency distributions, memory, disk and FAISS scaling.

Everything is measured on this machine in one run; synthetic data is used only where the real data
is too small (the 10K/100K/1M scaling rows) and is labelled so in the report.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np

from .answer import compose
from .cache import CACHE
from .evaluate import english_questions, load_split, news_releases
from .indexer import (
    READER_VERSION,
    build_from_releases,
    build_index,
    embedded_texts,
    in_index_order,
    rows_of,
)
from .ingest import read_release
from .records import Paragraph, Release
from .retrieve import search
from .store import PassageRow, ReleaseRow, write_generation
from .text import TOKENIZER_VERSION, tokenize

CONCURRENCY = 8


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    ms = np.array(samples) * 1000
    return tuple(float(np.percentile(ms, p)) for p in (50, 95, 99))  # type: ignore[return-value]


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def latency(call: Callable[[str], object], questions: list[str], concurrency: int = 1) -> tuple[list[float], float]:
    """Per-call latencies and throughput (calls/s) for all questions, with ``concurrency`` callers."""
    started = time.perf_counter()
    if concurrency == 1:
        samples = [timed(lambda q=q: call(q)) for q in questions]
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            samples = list(pool.map(lambda q: timed(lambda: call(q)), questions))
    return samples, len(questions) / (time.perf_counter() - started)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, faiss {faiss.__version__}"


def build_speed(data: Path, workdir: Path, cold: int = 200) -> list[str]:
    """Cold build of ``cold`` real paragraphs, then adding one 8-paragraph release to it."""
    index_dir = workdir / "build"
    releases = news_releases(data, cold)
    report = build_from_releases(releases, index_dir)
    extra = news_releases(data, 8, offset=cold)
    one_release = Release("news:extra", "Rilis tambahan", tuple(Paragraph(r.paragraphs[0].text, i + 1) for i, r in enumerate(extra)))
    incremental = build_from_releases([*releases, one_release], index_dir)
    unchanged = build_from_releases([*releases, one_release], index_dir)
    return [
        "| build | paragraphs embedded | seconds | paragraphs/s |", "|---|---|---|---|",
        f"| cold, {cold} real news paragraphs | {report.added} | {report.seconds:.1f} | {report.added / report.seconds:.1f} |",
        f"| incremental: add one 8-paragraph release | {incremental.added} | {incremental.seconds:.2f} "
        f"| {incremental.added / incremental.seconds:.1f} |",
        f"| re-run with nothing changed | {unchanged.added} | {unchanged.seconds:.2f} | - |",
    ]


ADD_TRIALS = 3  # add / re-run / remove cycles per size; the table gives their median and range
MORE_RELEASES = 24  # one-release updates before latency is measured again over the segments they leave


def add_release_speed(data: Path, workdir: Path, sizes: tuple[int, ...], questions: list[str]) -> list[str]:
    """The whole ``build_index`` path over real files (wall clock): add one 8-paragraph release to an index
    of N passages, run again with nothing changed, remove the release; then retrieve latency before and
    after MORE_RELEASES further one-release updates (the segments they leave behind).

    The N passages are news paragraphs written as 8-paragraph release files; their vectors are random
    (embedding 100K paragraphs would take hours), everything else is what the indexer writes. Each added
    release has new text, so its 8 paragraphs are embedded for real every time.
    """
    texts = [json.loads(line)["text"] for line in (data / "idn-news" / "paragraphs.jsonl").open(encoding="utf-8")]
    rows = ["| passages indexed | add one release s | re-run, nothing changed s | remove it again s "
            f"| retrieve p50 ms, one segment | after {MORE_RELEASES} more releases: segments, retrieve p50 ms |",
            "|---|---|---|---|---|---|"]
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
        spans = " | ".join(f"{np.median(t):.1f} ({min(t):.1f}-{max(t):.1f})" for t in times.values())
        rows.append(f"| {size:,} | {spans} | {before:.1f} | {segments}, {after:.1f} |")
        shutil.rmtree(folder)
        shutil.rmtree(index_dir)
    return rows


def _release_files_index(folder: Path, index_dir: Path, size: int, texts: list[str]) -> None:
    """``size // 8`` release files of 8 news paragraphs, and an index of them written in one piece."""
    embedder = CACHE.embedder()
    files = [_write_release(folder / f"rilis-{r:06d}.txt", f"Rilis KPU nomor {r}",
                            [f"{texts[(8 * r + j) % len(texts)]} (rilis {r}-{j})" for j in range(8)])
             for r in range(size // 8)]
    release_rows, passage_rows = in_index_order(*rows_of([read_release(path) for path in files], embedder.spec))
    vectors = np.random.default_rng(0).standard_normal((len(passage_rows), embedder.dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    stamps = {str(path): (path.stat().st_size, path.stat().st_mtime_ns) for path in files}
    meta = {"embedder": embedder.spec, "dim": embedder.dim, "reader": READER_VERSION, "tokenizer": TOKENIZER_VERSION}
    tokens = [tokenize(text) for text in embedded_texts(release_rows, passage_rows)]
    write_generation(index_dir, release_rows, passage_rows, vectors, tokens, meta, stamps)


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
    path.write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")
    then = time.time() - 3600
    os.utime(path, (then, then))
    return path


def query_speed(index_dir: Path, questions: list[str]) -> list[str]:
    """Latency of retrieve and ask over an existing index, sequential and concurrent."""
    snapshot = CACHE.snapshot(index_dir)
    embedder = CACHE.embedder(snapshot.embedder_spec)
    search(snapshot, embedder, questions[0], 5)  # warm-up: model and caches
    rows = ["| call | callers | p50 ms | p95 ms | p99 ms | calls/s |", "|---|---|---|---|---|---|"]
    calls = {
        "retrieve": lambda q: search(snapshot, embedder, q, 5),
        "ask": lambda q: compose(search(snapshot, embedder, q, 5), embedder),
    }
    for name, call in calls.items():
        for concurrency in (1, CONCURRENCY):
            samples, throughput = latency(call, questions, concurrency)
            p50, p95, p99 = percentiles(samples)
            rows.append(f"| {name} | {concurrency} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {throughput:.1f} |")
    return rows


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


def scaling(eval_index: Path, questions: list[str], workdir: Path, sizes: tuple[int, ...]) -> list[str]:
    """Full retrieve() latency on synthetic indexes of each size, and ANN recall@10 against exact search."""
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
        started = time.perf_counter()
        releases = [ReleaseRow(f"synthetic:{i}", "", None, None, None) for i in range(size)]
        passages = [PassageRow(f"synthetic:{i}", 1, 0, None, t, f"{i}") for i, t in enumerate(synthetic)]
        tokens = [tokenize(t) for t in synthetic]
        write_generation(index_dir, releases, passages, vectors, tokens, {"embedder": embedder.spec, "dim": embedder.dim})
        build_seconds = time.perf_counter() - started
        snapshot = CACHE.snapshot(index_dir)
        search(snapshot, embedder, questions[0], 5)
        samples, _ = latency(lambda q, snapshot=snapshot: search(snapshot, embedder, q, 5), questions)
        p50, p95, p99 = percentiles(samples)
        recall = "exact"
        if isinstance(snapshot.dense, faiss.IndexIVF):
            exact = faiss.IndexFlatIP(vectors.shape[1])
            exact.add(vectors)
            _, truth = exact.search(query_vectors, 10)
            _, approx = snapshot.dense.search(query_vectors, 10)
            recall = f"{np.mean([len(set(t) & set(a)) / 10 for t, a in zip(truth, approx)]):.3f}"
        rows.append(
            f"| {size:,} | {snapshot.meta['faiss']} | {build_seconds:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {recall} | "
            f"{folder_size(snapshot.path) / 1e6:.0f} |"
        )
        del vectors, synthetic, passages, tokens
    return rows


def run(data: Path, eval_index: Path, sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> str:
    """The speed section of BENCHMARKS.md."""
    questions = [q.question for q in load_split(data, "valid")[:100]] + [q.question for q in english_questions(data)[:100]]
    lines = [f"Machine: {machine()}.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        lines += ["### Index build", "", *build_speed(data, workdir), ""]
        snapshot = CACHE.snapshot(eval_index)
        lines += [f"### Query latency ({snapshot.size:,} real passages, {len(questions)} questions, Indonesian and English)", "",
                  *query_speed(eval_index, questions), "",
                  f"On-disk index size: {folder_size(snapshot.path) / 1e6:.1f} MB.", ""]
        lines += ["### Scaling (synthetic passages: real vectors plus noise, texts cut from real news)", "",
                  *scaling(eval_index, questions, workdir, sizes), ""]
        lines += ["### Adding a release to a large index (`kpu-assistant index` over real files)", "",
                  "Release files of 8 news paragraphs each (random vectors stand in for the embeddings); each "
                  "added release's 8 paragraphs are embedded for real. Wall-clock seconds of `build_index`, median "
                  f"of {ADD_TRIALS} (range).", "",
                  *add_release_speed(data, workdir, sizes, questions), ""]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"Peak RSS of the whole benchmark process: {peak_mb:.0f} MB.")
    return "\n".join(lines)
