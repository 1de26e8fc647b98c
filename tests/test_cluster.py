"""Builds on a Dask cluster: the same index as a local build, a worker killed mid-build changes nothing,
the embedder loads once per worker, and the command line says in one line what is wrong.

Every cluster here is a real ``LocalCluster`` of worker processes bound to 127.0.0.1.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant import build_index
from assistant.bench import live_vectors
from assistant.cluster import (
    ClusterEmbedding,
    HeartbeatAtClose,
    cluster_address,
    start_local_cluster,
    worker_model_loads,
)
from assistant.errors import ClusterError
from assistant.indexer import build_index as indexer_build

from helpers import cli_env, error_lines, live_releases, live_rows, run_cli, write_txt

distributed = pytest.importorskip("distributed")  # the [cluster] extra; the test extra installs it

# Releases written for these tests: Indonesian and English, a few short paragraphs each.
RELEASES = {
    "rilis-dpt-sulteng.txt": ("KPU Sulawesi Tengah Tetapkan DPT Pilkada 2024", [
        "Palu, kpu.go.id - KPU Provinsi Sulawesi Tengah menetapkan daftar pemilih tetap sebanyak 2,2 juta pemilih.",
        "Penetapan dilakukan dalam rapat pleno terbuka yang dihadiri Bawaslu dan perwakilan pasangan calon.",
        "Jumlah TPS yang disiapkan mencapai 5.872 TPS yang tersebar di 13 kabupaten dan kota.",
        "Ketua KPU Sulawesi Tengah meminta pemilih memeriksa namanya melalui laman cekdptonline.",
    ]),
    "rilis-logistik-ntt.txt": ("Distribusi Logistik Pemilu di Nusa Tenggara Timur", [
        "Kupang, kpu.go.id - Logistik pemungutan suara mulai didistribusikan ke pulau-pulau terluar.",
        "Sebanyak 14 helikopter dan 30 kapal motor disiapkan untuk menjangkau desa terpencil.",
        "Surat suara dikemas dalam kotak kedap air agar tidak rusak selama perjalanan laut.",
    ]),
    "rilis-debat-jabar.txt": ("Debat Kedua Calon Gubernur Jawa Barat", [
        "Bandung, kpu.go.id - Debat kedua calon gubernur Jawa Barat membahas pendidikan dan kesehatan.",
        "Moderator membacakan aturan debat dan durasi jawaban setiap pasangan calon.",
        "KPU Jawa Barat menyiarkan debat secara langsung melalui televisi dan kanal daring resmi.",
    ]),
    "rilis-psu-papua.txt": ("Pemungutan Suara Ulang di Papua Tengah", [
        "Nabire, kpu.go.id - Pemungutan suara ulang digelar di 12 TPS sesuai putusan Mahkamah Konstitusi.",
        "Petugas KPPS dilatih kembali agar penghitungan suara berjalan sesuai prosedur.",
        "Hasil pemungutan suara ulang direkapitulasi di tingkat kabupaten dua hari kemudian.",
    ]),
    "release-turnout.txt": ("KPU Reports National Turnout of 81 Percent", [
        "Jakarta - The General Elections Commission reported that turnout in the 2024 election reached 81 percent.",
        "The figure exceeded the national target set before the campaign period began.",
        "Commissioners thanked polling station officers for working through the night to count the ballots.",
        "Observers from several countries visited polling stations in Jakarta and Bali.",
    ]),
    "release-voter-list.txt": ("Final Voter List Published for Regional Elections", [
        "Jakarta - The commission published the final voter list containing 203 million voters.",
        "Voters can check their registration online or at the village office.",
        "Citizens who moved house may vote elsewhere after requesting a transfer form.",
    ]),
    "release-logistics.txt": ("Ballot Boxes Arrive in Remote Districts", [
        "Jayapura - Ballot boxes and voting booths arrived in remote districts by small aircraft.",
        "Police escorted the trucks that carried the ballots from the port to the district warehouses.",
        "Local officials confirmed that every polling station received its materials on time.",
    ]),
    "release-budget.txt": ("Commission Explains the Regional Election Budget", [
        "Jakarta - The commission said the regional election budget of Rp 28 trillion was shared by the regions.",
        "Most of the money pays honoraria for polling station officers and printing of ballots.",
        "Regional governments signed grant agreements with the provincial commissions in 2023.",
    ]),
}
NEW_RELEASE = ("rilis-pelantikan-pps.txt", "Pelantikan Anggota PPS Kota Makassar", [
    "Makassar, kpu.go.id - KPU Kota Makassar melantik 459 anggota Panitia Pemungutan Suara.",
    "Anggota PPS diminta menjaga integritas dan netralitas selama tahapan pemilihan.",
])


def write_corpus(folder: Path) -> Path:
    for name, (title, paragraphs) in RELEASES.items():
        write_txt(folder / name, title, paragraphs)
    return folder


def assert_same_index(local: Path, clustered: Path) -> None:
    assert live_rows(clustered) == live_rows(local)
    assert live_releases(clustered) == live_releases(local)
    a, b = live_vectors(local), live_vectors(clustered)
    assert a.shape == b.shape
    assert np.allclose(a, b, rtol=0, atol=1e-6), float(np.abs(a - b).max())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("cluster-corpus"))


@pytest.fixture(scope="module")
def local_index(tmp_path_factory, corpus) -> Path:
    index_dir = tmp_path_factory.mktemp("local-index")
    build_index([corpus], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def cluster():
    with start_local_cluster(2) as running, distributed.Client(running, set_as_default=False) as observer:
        yield running.scheduler_address, observer


def test_cluster_build_equals_local_build(tmp_path, corpus, local_index, cluster):
    address, observer = cluster
    assert address.startswith("tcp://127.0.0.1:")
    report = build_index([corpus], tmp_path / "index", cluster=address)
    assert report.added == sum(len(p) for _, p in RELEASES.values()) and not report.errors
    assert_same_index(local_index, tmp_path / "index")

    # Workers loaded the embedder once each, however many tasks they ran.
    loads = observer.run(worker_model_loads)
    # Every worker process of the local cluster ran our preload: its closing heartbeat stays quiet.
    quiet = observer.run(worker_has_quiet_close)
    assert len(quiet) == 2 and all(quiet.values()), quiet
    assert set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1, loads

    # An update embeds only the new release's paragraphs, on the cluster, and still matches a local update.
    updated = tmp_path / "updated"
    write_corpus(updated)
    write_txt(updated / NEW_RELEASE[0], NEW_RELEASE[1], NEW_RELEASE[2])
    local_updated = tmp_path / "local-updated"
    build_index([corpus], local_updated)
    build_index([updated], local_updated)
    with ClusterEmbedding(address, task_size=1) as embed:
        report = indexer_build([updated], tmp_path / "index", embed=embed)
    assert (report.added, report.removed) == (len(NEW_RELEASE[2]), 0)
    assert sum(s.texts for s in embed.stats.values()) == len(NEW_RELEASE[2])
    assert_same_index(local_updated, tmp_path / "index")


def worker_has_quiet_close() -> bool:
    return any(isinstance(f, HeartbeatAtClose) for f in logging.getLogger("distributed.worker").filters)


def test_heartbeat_error_dropped_only_while_the_worker_closes():
    from distributed.core import Status

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("distributed.worker", logging.ERROR, __file__, 1, message, None, None)

    worker = SimpleNamespace(status=Status.running)
    quiet = HeartbeatAtClose(worker)
    heartbeat = record("Failed to communicate with scheduler during heartbeat.")
    assert quiet.filter(heartbeat)  # a running worker that cannot reach its scheduler: worth saying
    for status in (Status.closing, Status.closing_gracefully, Status.closed):
        worker.status = status
        assert not quiet.filter(heartbeat)
        assert quiet.filter(record("Compute Failed"))  # other errors still show


def test_a_heartbeat_cut_by_the_closing_worker_logs_nothing():
    """The real race: a worker closes while its heartbeat waits for the scheduler's reply."""
    import asyncio

    seen: list[str] = []  # heartbeat errors as logged, before our filter
    shown: list[str] = []  # what is left of them after it

    def see(record: logging.LogRecord) -> bool:
        if "heartbeat" in record.getMessage():
            seen.append(record.getMessage())
        return True

    class Show(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "heartbeat" in record.getMessage():
                shown.append(record.getMessage())

    async def close_mid_heartbeat(delay: float) -> None:
        async with distributed.Scheduler(host="127.0.0.1", port=0, dashboard_address="127.0.0.1:0") as scheduler:
            worker = await distributed.Worker(scheduler.address, host="127.0.0.1", nthreads=1)
            quiet = HeartbeatAtClose(worker)
            logger.addFilter(quiet)
            try:
                heartbeat = asyncio.ensure_future(worker.heartbeat())
                await asyncio.sleep(delay)
                await worker.close()
                await heartbeat
            finally:
                logger.removeFilter(quiet)

    logger = logging.getLogger("distributed.worker")
    show = Show()
    logger.addFilter(see)
    logger.addHandler(show)
    try:
        for delay in (0.0002, 0.0005, 0.001) * 4:
            asyncio.run(close_mid_heartbeat(delay))
    finally:
        logger.removeFilter(see)
        logger.removeHandler(show)
    if not seen:
        pytest.skip("the heartbeat always finished before the worker closed on this machine")
    assert shown == [], shown


def test_a_killed_worker_does_not_break_the_build(tmp_path, corpus, local_index):
    killed: list[int] = []
    pids_after: list[int] = []

    def kill_once(result) -> None:
        # The first answer's worker still holds queued tasks (and finished results not yet fetched):
        # SIGKILL it, as a machine that goes away would.
        if not killed:
            os.kill(result.pid, signal.SIGKILL)
            killed.append(result.pid)
        else:
            pids_after.append(result.pid)

    with start_local_cluster(2) as running, distributed.Client(running, set_as_default=False) as observer:
        with ClusterEmbedding(running.scheduler_address, task_size=2, on_batch=kill_once) as embed:
            report = indexer_build([corpus], tmp_path / "index", embed=embed)
        workers_now = observer.run(os.getpid)
    assert killed, "no task finished"
    assert pids_after and report.added == sum(len(p) for _, p in RELEASES.values())
    assert killed[0] not in workers_now.values()  # that process is gone (its nanny started another)
    assert_same_index(local_index, tmp_path / "index")


def test_cli_builds_on_a_local_cluster(tmp_path, corpus, local_index):
    run = run_cli("index", str(corpus), "--index-dir", str(tmp_path / "index"), "--cluster", "local", "--quiet", timeout=180)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{len(RELEASES)} releases, ")
    assert error_lines(run.stderr) == [], run.stderr  # the cluster's own logging stays quiet
    assert_same_index(local_index, tmp_path / "index")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_scheduler_is_one_line(tmp_path, corpus):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    run = run_cli("index", str(corpus), "--index-dir", str(tmp_path / "index"), env=cli_env(KPU_ASSISTANT_CLUSTER=address))
    assert run.returncode == 1
    assert error_lines(run.stderr) == [
        f"error: cannot reach the Dask scheduler at {address} (Connection refused); start it with `dask scheduler` or drop --cluster"
    ]
    assert not (tmp_path / "index" / "CURRENT").exists()

    run = run_cli("index", str(corpus), "--index-dir", str(tmp_path / "index"), "--cluster", "tcp://127.0.0.1")
    assert run.returncode == 1
    assert error_lines(run.stderr) == [
        "error: 'tcp://127.0.0.1' is not a Dask scheduler address; give tcp://host:8786, or 'local'"
    ]


def test_task_sizes():
    embedding = ClusterEmbedding("local")
    assert embedding.size_of_tasks(10_000, 4) == 64  # TASK_SIZE
    assert embedding.size_of_tasks(200, 2) == 25  # four tasks per worker
    assert embedding.size_of_tasks(3, 8) == 1
    assert ClusterEmbedding("local", task_size=2).size_of_tasks(200, 2) == 2


def test_address_from_argument_or_environment(monkeypatch):
    monkeypatch.delenv("KPU_ASSISTANT_CLUSTER", raising=False)
    assert cluster_address(None) is None and cluster_address(" ") is None
    monkeypatch.setenv("KPU_ASSISTANT_CLUSTER", "tcp://127.0.0.1:8786")
    assert cluster_address(None) == "tcp://127.0.0.1:8786"
    assert cluster_address("local") == "local"  # the argument wins


def test_without_dask_the_error_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ClusterError, match=r"pip install 'kpu-assistant\[cluster\]'"):
        ClusterEmbedding("local").client()


def test_benchmark_section_runs(tmp_path, cluster):
    """`kpu-assistant bench --part cluster` on the test corpus: both builds timed, every paragraph embedded once."""
    from assistant.bench import cluster_section
    from assistant.ingest import read_release

    releases = [read_release(path) for path in sorted(write_corpus(tmp_path / "corpus").iterdir())]
    lines = cluster_section(releases, tmp_path, cluster[0], "the test releases")
    text = "\n".join(lines)
    assert "Largest difference between the two builds' vectors: 0.0e+00" in text, text
    assert "| local (one process" in text and "| cluster |" in text
    per_worker = [line for line in lines if line.startswith("| tcp://127.0.0.1:")]
    assert per_worker and sum(int(line.split("|")[3]) for line in per_worker) == sum(len(p) for _, p in RELEASES.values())
