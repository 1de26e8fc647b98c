"""The index cache: a rebuilt index is picked up on the next question, and the replaced one is let go."""
from __future__ import annotations

import gc
import weakref

import assistant
from assistant.cache import CACHE

from helpers import write_txt


def test_a_replaced_snapshot_is_released_once_no_question_uses_it(tmp_path):
    corpus, index_dir = tmp_path / "releases", tmp_path / "index"
    write_txt(corpus / "bogor.txt", "KPU Bogor", ["KPU Kabupaten Bogor menggelar rapat pleno pada 3 Oktober 2024."])
    assistant.build_index([corpus], index_dir)
    assert assistant.retrieve("rapat pleno Bogor", index_dir=index_dir)[0].source.endswith("bogor.txt")
    old = CACHE.snapshot(index_dir)
    in_flight = old  # a question still running on the old generation keeps it open
    released = weakref.ref(old)
    del old

    write_txt(corpus / "garut.txt", "KPU Garut", ["KPU Kabupaten Garut menerima logistik pemilu pada 5 Oktober 2024."])
    assistant.build_index([corpus], index_dir)
    hits = assistant.retrieve("logistik Garut", index_dir=index_dir)
    assert hits[0].source.endswith("garut.txt")  # the next question sees the new generation
    assert released() is not None and len(in_flight.passages()) == 1

    del in_flight
    gc.collect()
    assert released() is None  # its SQLite handle, FAISS index and memory map are closed with it
