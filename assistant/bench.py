"""Speed: index build throughput, query latency distributions, memory, disk and FAISS scaling.

Everything is measured on this machine in one run; synthetic data is used only where the real data
is too small (the 10K/100K/1M scaling rows) and is labelled so in the report.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .answer import compose
from .batching import QueryBatcher
from .bench_scale import scaling, updates_section
from .cache import CACHE
from .embed import Embedder
from .evaluate import english_questions, load_split, news_releases
from .indexer import build_from_releases, build_index
from .measure import cpu_seconds, folder_size, latency, machine, percentiles
from .records import Paragraph, Release
from .retrieval import search
from .store import Snapshot, current_generation
from .threads import engine_threads

CONCURRENCY = 8
CALLERS = (1, 2, 4, 8)
CLUSTER_PARAGRAPHS = 200
CLUSTER_WHAT = f"{CLUSTER_PARAGRAPHS} real news paragraphs"
ROOT = Path(__file__).resolve().parents[1]  # the checkout: corpus/ and scripts/load_test.py


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


def concurrency_speed(index_dir: Path, questions: list[str], rounds: int = 3) -> list[str]:
    """retrieve calls/s with 1, 2, 4 and 8 callers: through the query batcher (as the API and the chat
    call it) and with each question embedded on its own (the embedder's lock takes turns).

    Every setting runs once per round, the rounds one after another, and the median round is
    reported: on a shared machine the load of other jobs drifts, and settings measured minutes apart
    would compare that drift rather than themselves.
    """
    snapshot = CACHE.snapshot(index_dir)
    embedder = CACHE.embedder(snapshot.embedder_spec)
    search(snapshot, embedder, questions[0], 5)  # warm-up: model and caches
    batched: dict[int, list[float]] = {c: [] for c in CALLERS}
    cpu: dict[int, list[float]] = {c: [] for c in CALLERS}
    alone: dict[int, list[float]] = {c: [] for c in CALLERS}
    samples: dict[int, list[float]] = {c: [] for c in CALLERS}
    per_call: dict[int, list[float]] = {c: [] for c in CALLERS}
    for _ in range(rounds):
        for callers in CALLERS:
            with QueryBatcher(embedder) as batcher:  # a new one per run, for its own counts
                cpu_before = cpu_seconds()
                times, throughput = latency(lambda q, b=batcher: search(snapshot, b, q, 5), questions, callers)
                cpu[callers].append((cpu_seconds() - cpu_before) / len(questions))
                per_call[callers].append(batcher.stats.requested / max(batcher.stats.calls, 1))
            batched[callers].append(throughput)
            samples[callers] += times
            alone[callers].append(latency(lambda q: search(snapshot, embedder, q, 5), questions, callers)[1])
    median = {c: float(np.median(batched[c])) for c in CALLERS}
    median_alone = {c: float(np.median(alone[c])) for c in CALLERS}
    rows = ["| callers | retrieve calls/s (batched) | vs 1 caller | p50 ms | p95 ms | CPU ms per call | questions per embedding call "
            "| calls/s (each question alone) | vs 1 caller |", "|---|---|---|---|---|---|---|---|---|"]
    for callers in CALLERS:
        p50, p95, _ = percentiles(samples[callers])
        rows.append(f"| {callers} | {median[callers]:.1f} | {median[callers] / median[1]:.2f} | {p50:.1f} | {p95:.1f} "
                    f"| {1000 * float(np.median(cpu[callers])):.1f} | {np.mean(per_call[callers]):.1f} "
                    f"| {median_alone[callers]:.1f} | {median_alone[callers] / median_alone[1]:.2f} |")
    return rows


def embedder_speed(embedder: Embedder, questions: list[str], batch: int = 8) -> list[str]:
    """The query embedder alone: questions one at a time against batches of ``batch``."""
    embedder.embed_queries(questions[:batch])
    started = time.perf_counter()
    for question in questions:
        embedder.embed_queries([question])
    alone = len(questions) / (time.perf_counter() - started)
    started = time.perf_counter()
    for start in range(0, len(questions), batch):
        embedder.embed_queries(questions[start : start + batch])
    batched = len(questions) / (time.perf_counter() - started)
    return ["| query embedding | questions/s | vs one at a time |", "|---|---|---|",
            f"| one at a time | {alone:.1f} | 1.00 |",
            f"| batches of {batch} | {batched:.1f} | {batched / alone:.2f} |"]


def chat_load(workdir: Path, users: int = 20, questions: int = 20) -> list[str]:
    """``scripts/load_test.py`` over an index of the sample corpus: its table, or why it did not run."""
    script, corpus = ROOT / "scripts" / "load_test.py", ROOT / "corpus"
    if not script.exists() or not corpus.is_dir():
        return [f"(not run: {script} or {corpus} missing; run the benchmark from a checkout)"]
    index_dir = workdir / "chat-index"
    build_index([corpus], index_dir)
    run = subprocess.run([sys.executable, str(script), "--index-dir", str(index_dir), "--users", str(users),
                          "--questions", str(questions)], capture_output=True, text=True, timeout=1800)
    table = [line for line in run.stdout.splitlines() if line.startswith("|")]
    errors = [line for line in run.stdout.splitlines() if line.startswith("- ")][:5]
    return table + ([""] + errors if errors else []) if table else [f"(load test failed: {run.stderr.strip()[-300:]})"]


def concurrency_section(data: Path, eval_index: Path, questions: list[str], workdir: Path) -> list[str]:
    snapshot = CACHE.snapshot(eval_index)
    return [f"Retrieval over {snapshot.size:,} real passages, {len(questions)} questions (Indonesian and English) "
            f"shared among the callers, median of 3 rounds; engine threads per embedding call: {engine_threads()}.", "",
            *concurrency_speed(eval_index, questions), "",
            *embedder_speed(CACHE.embedder(snapshot.embedder_spec), questions), "",
            "Web chat under load (`scripts/load_test.py`: the chat server in its own process on 127.0.0.1, "
            "20 users x 20 questions over the sample corpus, plain-HTTP clients):", "",
            *chat_load(workdir)]


def cluster_section(releases: list[Release], workdir: Path, address: str, what: str) -> list[str]:
    """A cold build of ``releases`` (``what`` says what they are), locally and with the embedding on a Dask cluster."""
    from .cluster import ClusterEmbedding

    local = build_from_releases(releases, workdir / "cluster-bench-local")
    with ClusterEmbedding(address) as embed:
        embed.client()  # started or connected before the clock runs: reported apart
        clustered = build_from_releases(releases, workdir / "cluster-bench-cluster", embed=embed)
        stats = dict(embed.stats)
        started_seconds = embed.started_seconds
    a, b = (live_vectors(workdir / name) for name in ("cluster-bench-local", "cluster-bench-cluster"))
    difference = float(np.abs(a - b).max()) if a.shape == b.shape else float("nan")
    where = "LocalCluster on 127.0.0.1" if address == "local" else address
    rows = [f"Cold build of {what} (the same releases both times); cluster: {where}, "
            f"{len(stats)} worker(s) that ran tasks, started or connected in {started_seconds:.1f} s before the build "
            f"(not counted below). Largest difference between the two builds' vectors: {difference:.1e}.", "",
            "| build | seconds | paragraphs/s | time vs local |", "|---|---|---|---|",
            f"| local (one process, {engine_threads()} engine threads) | {local.seconds:.1f} | {local.added / local.seconds:.1f} | 1.00 |",
            f"| cluster | {clustered.seconds:.1f} | {clustered.added / clustered.seconds:.1f} | {clustered.seconds / local.seconds:.2f} |",
            "", "| worker | tasks | paragraphs | seconds embedding | paragraphs/s |", "|---|---|---|---|---|"]
    for worker, stat in sorted(stats.items()):
        rows.append(f"| {worker} | {stat.tasks} | {stat.texts} | {stat.seconds:.1f} | {stat.texts_per_second:.1f} |")
    return rows


def bench_questions(data: Path) -> list[str]:
    return [q.question for q in load_split(data, "valid")[:100]] + [q.question for q in english_questions(data)[:100]]


def live_vectors(index_dir: Path) -> np.ndarray:
    """The live generation's vectors, copied out of the memory map (for comparing two builds)."""
    snapshot = Snapshot(current_generation(index_dir))
    try:
        return np.array(snapshot.vectors, dtype=np.float32)
    finally:
        snapshot.close()


def run_part(part: str, data: Path, eval_index: Path, cluster: str = "local",
             sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> str:
    """One section alone: ``concurrency`` (builds or updates the evaluation index first), ``cluster``, or
    ``updates`` (adding a release to indexes of ``sizes`` passages, and their serving memory)."""
    with tempfile.TemporaryDirectory() as tmp:
        if part == "concurrency":
            from .evaluate import build_eval_index

            build_eval_index(data, eval_index)
            lines = concurrency_section(data, eval_index, bench_questions(data), Path(tmp))
        elif part == "cluster":
            lines = cluster_section(news_releases(data, CLUSTER_PARAGRAPHS), Path(tmp), cluster, CLUSTER_WHAT)
        elif part == "updates":
            lines = updates_section(data, Path(tmp), sizes, bench_questions(data))
        else:
            raise ValueError(f"unknown benchmark part {part!r}; use concurrency, cluster or updates")
    return f"Machine: {machine()}.\n\n" + "\n".join(lines)


def run(data: Path, eval_index: Path, sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000), cluster: str = "local") -> str:
    """The speed section of BENCHMARKS.md."""
    questions = bench_questions(data)
    lines = [f"Machine: {machine()}.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        lines += ["### Index build", "", *build_speed(data, workdir), ""]
        snapshot = CACHE.snapshot(eval_index)
        lines += [f"### Query latency ({snapshot.size:,} real passages, {len(questions)} questions, Indonesian and English)", "",
                  *query_speed(eval_index, questions), "",
                  f"On-disk index size: {folder_size(snapshot.path) / 1e6:.1f} MB.", ""]
        lines += ["### Concurrent questions", "", *concurrency_section(data, eval_index, questions, workdir), ""]
        lines += ["### Builds on a Dask cluster", "",
                  *cluster_section(news_releases(data, CLUSTER_PARAGRAPHS), workdir, cluster, CLUSTER_WHAT), ""]
        lines += ["### Scaling (synthetic passages: real vectors plus noise, texts cut from real news)", "",
                  *scaling(eval_index, questions, workdir, sizes), ""]
        lines += ["### Adding a release to a large index (`kpu-assistant index` over real files)", "",
                  *updates_section(data, workdir, sizes, questions), ""]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"Peak RSS of the whole benchmark process: {peak_mb:.0f} MB.")
    return "\n".join(lines)
