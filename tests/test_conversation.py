"""Follow-up questions in a chat: which earlier question a follow-up is searched with."""
from __future__ import annotations

from pathlib import Path

import assistant
from assistant.conversation import follow_up_context, own_names

ROKAN = "Kapan pemungutan suara ulang di Kabupaten Rokan Hulu digelar?"
SELUMA = "Kapan KPU Seluma menggelar pemungutan suara ulang?"
GUARDS = "Berapa aparat keamanan yang menjaga TPS saat coblos ulang?"


def test_own_names_leave_out_what_every_region_writes() -> None:
    assert own_names("Berapa gaji anggota PPK sebulan pada Pilkada 2024?") == frozenset()
    assert own_names("How many KPPS members were sworn in on Monday, 12 February?") == frozenset()
    assert own_names(ROKAN) == {"rokan", "hulu"}
    # A short region name counts by the name releases write.
    assert {"belitung", "timur"} <= own_names("Berapa surat suara rusak di Beltim?")
    assert own_names("Berapa suara PDIP di Kabupaten OKU?") == {"ogan", "komering", "ulu"}
    # Acronyms name tests, courts and documents many releases write, not a release.
    assert own_names("Tes CAT-nya sendiri digelar tanggal berapa?") == frozenset()
    assert own_names("Warga yang belum punya KTP-el disuruh ngurus ke mana?") == frozenset()
    assert follow_up_context("Kalau nggak ada gugatan ke MK, tahapan berikutnya apa?", [ROKAN]) == ROKAN


def test_a_question_that_names_nothing_leans_on_the_last_one_that_did() -> None:
    assert follow_up_context(GUARDS, []) == ""
    assert follow_up_context(GUARDS, [ROKAN]) == ROKAN
    # The follow-up before it named nothing either: the region comes from further back.
    assert follow_up_context(GUARDS, [ROKAN, "Berapa pemilih yang hadir?"]) == ROKAN
    assert follow_up_context(GUARDS, ["Berapa pemilih yang hadir?"]) == ""
    # A question that names its own region stands alone, whatever came before.
    assert follow_up_context(SELUMA, [ROKAN]) == ""


def test_a_follow_up_keeps_the_region_when_a_later_question_names_only_a_village() -> None:
    village = "Berapa pemilih di TPS 004 Desa Sialang Jaya?"
    assert follow_up_context(GUARDS, [ROKAN, village]) == f"{ROKAN} {village}"
    assert follow_up_context(GUARDS, [SELUMA, ROKAN, "Berapa pemilih yang hadir?", village]) == f"{ROKAN} {village}"


def test_a_question_that_points_back_keeps_the_one_before_it() -> None:
    turnout, women = "Berapa pemilih yang hadir?", "dan perempuannya?"
    assert follow_up_context(women, [turnout]) == turnout
    # ... and borrows the region from the last question that named one.
    assert follow_up_context(women, [ROKAN, turnout]) == f"{ROKAN} {turnout}"
    assert follow_up_context("And how many of them were women in Seluma?", [ROKAN]) == ROKAN


def test_a_follow_up_is_answered_from_the_release_the_chat_is_about(tmp_path: Path, release_writer) -> None:
    """Two regions' re-vote releases state their own number of guards; the follow-up names neither, so only
    the conversation can tell which one is meant."""
    releases = {
        "psu-rokan-hulu.txt": ("KPU Rokan Hulu Gelar Pemungutan Suara Ulang di Dua TPS", [
            "Rokan Hulu, kab-rokanhulu.kpu.go.id - KPU Kabupaten Rokan Hulu menggelar pemungutan suara ulang (PSU) "
            "di TPS 004 dan TPS 007 Desa Sialang Jaya pada Sabtu (7/12/2024).",
            "Pengamanan PSU melibatkan 36 personel gabungan kepolisian dan TNI yang berjaga sejak pukul 06.00 WIB.",
            "Ketua KPU Kabupaten Rokan Hulu, Darmansyah Putra, mengatakan logistik tiba sehari sebelumnya.",
        ]),
        "psu-seluma.txt": ("KPU Seluma Laksanakan Pemungutan Suara Ulang Pilkada 2024", [
            "Seluma, kab-seluma.kpu.go.id - KPU Kabupaten Seluma melaksanakan pemungutan suara ulang (PSU) di "
            "TPS 002 Kelurahan Talang Saling pada Rabu (4/12/2024).",
            "Sebanyak 52 personel gabungan dikerahkan untuk menjaga TPS selama pemungutan dan penghitungan suara.",
            "Ketua KPU Kabupaten Seluma, Nurhayati Ningsih, menyebut partisipasi pemilih mencapai 71 persen.",
        ]),
    }
    for name, (title, paragraphs) in releases.items():
        release_writer(tmp_path / "releases" / name, title, paragraphs)
    assistant.build_index([tmp_path / "releases"], index_dir=tmp_path / "index")
    for earlier, release, guards in ((ROKAN, "psu-rokan-hulu.txt", "36 personel"), (SELUMA, "psu-seluma.txt", "52 personel")):
        answer = assistant.ask(GUARDS, index_dir=tmp_path / "index", history=[earlier])
        shown = answer.citations or answer.related
        assert Path(shown[0].source).name == release, earlier
        assert guards in shown[0].text
