"""The web chat (assistant.ui) through its real Gradio server and gradio_client, plus its HTML rendering."""
from __future__ import annotations

import re

import pytest

gradio_client = pytest.importorskip("gradio_client")

import assistant  # noqa: E402
from assistant import ui  # noqa: E402
from assistant.conversation import follow_up_context  # noqa: E402
from assistant.records import Answer, Hit, Quote  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

URL = "https://www.kpu.go.id/berita/baca/12522/inovasi-kolaborasi-dan-sinergi-kunci-sukses-pemilu-dan-pilkada"
TURNOUT = "what turnout did Pemilu 2024 reach?"
FOLLOW_UP = "dan berapa selisihnya dengan hasil survei?"
FOLLOW_UP_EN = "and how close were the quick counts?"
OFF_TOPIC = "Siapa juara Piala Dunia 2022?"
NOT_FOUND_ID = "Tidak ditemukan dalam siaran pers yang diindeks."



def client(url: str):
    return gradio_client.Client(url, verbose=False, analytics_enabled=False)


def answer_part(reply_html: str) -> str:
    """The quoted answer of a reply, without its sources."""
    match = re.search(r'<p class="kpu-answer">(.*?)</p>', reply_html, re.S)
    return match.group(1) if match else ""


@pytest.fixture(scope="module")
def sample_url(launch_app, sample_index):
    return launch_app(sample_index)


# ---------------------------------------------------------------- through the server


def test_design_question_cites_turnout_and_release_url(sample_url):
    reply = client(sample_url).predict(TURNOUT, api_name="/chat")
    assert "81 persen" in answer_part(reply)
    assert "<mark>81 persen</mark>" in reply
    assert f'href="{URL}"' in reply
    assert 'rel="noopener noreferrer"' in reply and 'target="_blank"' in reply
    assert "Sources" in reply and "4 August 2024" in reply and "paragraph 4" in reply


def test_not_found_question_says_so_and_lists_related(sample_url):
    reply = client(sample_url).predict(OFF_TOPIC, api_name="/chat")
    assert NOT_FOUND_ID in reply
    assert "kpu-answer" not in reply
    related = reply.split('<div class="kpu-related">', 1)[1]
    assert related.startswith('<div class="kpu-heading">Mungkin terkait</div>')
    # the closest passage in view, the other four behind "Lainnya"
    assert related.split("<details", 1)[0].count("<li>") == 1
    assert '<details class="kpu-more"><summary>Lainnya (4)</summary>' in related


def test_empty_question_gets_a_friendly_line(sample_url):
    reply = client(sample_url).predict("   ", api_name="/chat")
    assert reply.startswith("<p") and "Silakan ketik pertanyaan" in reply
    assert "Traceback" not in reply and "\n" not in reply


def test_follow_up_through_the_ui_session(sample_url):
    session = client(sample_url)  # one client = one session: it keeps the earlier questions
    assert "81 persen" in session.predict(TURNOUT, api_name="/chat")
    reply = session.predict(FOLLOW_UP, api_name="/chat")
    assert "0,1 persen" in answer_part(reply)


def test_hot_reload_without_restart(launch_app, tmp_path, release_writer):
    releases = tmp_path / "releases"
    release_writer(
        releases / "rilis-sosialisasi.txt",
        "KPU Kota Bandung Gelar Sosialisasi Pemilih Pemula",
        [
            "Bandung, kpu.go.id - KPU Kota Bandung menggelar sosialisasi pemilih pemula di SMA Negeri 3 Bandung "
            "pada Rabu (12/2/2025). Kegiatan ini diikuti 300 siswa kelas XII yang baru pertama kali memilih.",
            "Para siswa diajak memahami tahapan pemilu dan tata cara pemungutan suara di TPS.",
        ],
        "https://www.kpu.go.id/berita/baca/90001/sosialisasi-pemilih-pemula",
    )
    index_dir = tmp_path / "index"
    assistant.build_index([releases], index_dir)
    session = client(launch_app(index_dir))
    question = "Di mana debat publik pertama calon gubernur Jawa Tengah digelar?"
    assert "Tidak ditemukan" in session.predict(question, api_name="/chat")

    debate_url = "https://www.kpu.go.id/berita/baca/90002/debat-publik-pertama-jawa-tengah"
    release_writer(
        releases / "rilis-debat.txt",
        "Debat Publik Pertama Calon Gubernur Jawa Tengah Digelar di Semarang",
        [
            "Semarang, kpu.go.id - KPU Provinsi Jawa Tengah menggelar debat publik pertama pasangan calon gubernur "
            "dan wakil gubernur di Gedung Marina Convention Center, Semarang, pada Rabu (16/10/2024).",
            "Tema debat pertama adalah peningkatan kesejahteraan masyarakat dan pelayanan publik.",
        ],
        debate_url,
    )
    assistant.build_index([releases], index_dir)  # while the server runs

    reply = client(session.src).predict(question, api_name="/chat")
    assert "Marina Convention Center" in answer_part(reply)
    assert f'href="{debate_url}"' in reply


# ---------------------------------------------------------------- the chat function itself


def test_reply_passes_earlier_user_questions_as_history(sample_index):
    history = [
        {"role": "user", "content": TURNOUT},
        {"role": "assistant", "content": "<p>…</p>"},
    ]
    expected = ui.render_answer(assistant.ask(FOLLOW_UP, index_dir=sample_index, history=[TURNOUT]))
    assert ui.reply(FOLLOW_UP, history, index_dir=sample_index) == expected
    # Gradio 6 may hand content over as a list of parts
    parts = [{"role": "user", "content": [{"type": "text", "text": TURNOUT}]}]
    assert ui.user_questions(parts) == [TURNOUT]


def test_follow_up_cites_the_quick_count_paragraph(sample_index):
    history = [{"role": "user", "content": TURNOUT}, {"role": "assistant", "content": "…"}]
    reply = ui.reply(FOLLOW_UP, history, index_dir=sample_index)
    assert "0,1 persen" in answer_part(reply)


def test_english_follow_up_answers_from_the_quick_count_paragraph(sample_index):
    # Searched with the earlier turn, it must not be dragged back to the turnout paragraph that the
    # earlier question is about; "quick count" reaches the release's "lembaga survei" through the glossary.
    assert follow_up_context(FOLLOW_UP_EN, [TURNOUT]) == TURNOUT
    answer = assistant.ask(FOLLOW_UP_EN, index_dir=sample_index, history=[TURNOUT])
    assert answer.found and answer.span == "0,1 persen"
    assert "0,1 persen" in answer.citations[0].text


def test_empty_question_follows_the_conversation_language(sample_index):
    reply = ui.reply("", [{"role": "user", "content": TURNOUT}], index_dir=sample_index)
    assert "Please type a question" in reply


def test_missing_index_is_one_line_telling_how_to_build_it(tmp_path):
    reply = ui.reply("Berapa tingkat partisipasi Pemilu 2024?", [], index_dir=tmp_path / "nothing")
    assert "kpu-assistant index corpus/ --index-dir" in reply
    assert "Traceback" not in reply and "\n" not in reply


# ---------------------------------------------------------------- rendering


def _hit(**fields) -> Hit:
    base = dict(
        text="Partisipasi mencapai 81 persen. Kalimat kedua.",
        score=0.734,
        title="Judul",
        date="2024-08-04",
        url="https://www.kpu.go.id/berita/baca/1/x",
        paragraph=4,
        page=None,
        source="corpus/x.txt",
    )
    base.update(fields)
    return Hit(**base)


def test_render_escapes_release_and_question_text():
    evil = '<script>alert(1)</script> <img src=x onerror=alert(1)>'
    hit = _hit(text=f"Partisipasi mencapai 81 persen. {evil}", title=f"Judul {evil}", page=2)
    html = ui.render_answer(
        Answer("Berapa partisipasi <b>?", "Partisipasi mencapai 81 persen. [1]", True, [hit], "81 persen",
               quotes=(Quote("Partisipasi mencapai 81 persen.", 1),), cited=(1,))
    )
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<mark class="kpu-quote">Partisipasi mencapai <strong>81 persen</strong>.</mark>' in html
    assert "4 Agustus 2024" in html and "paragraf 4, hlm. 2" in html and 'title="relevansi 73%"' in html
    assert '<span class="kpu-score-label">relevansi</span>' in html
    assert "Sumber" in html


def test_render_links_only_http_urls():
    for url in ("javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:alert(1)", None):
        html = ui.render_answer(Answer("What?", "Partisipasi mencapai 81 persen. [1]", True, [_hit(url=url)]))
        assert "href" not in html and "x.txt" in html
    html = ui.render_answer(Answer("What?", "x [1]", True, [_hit(url='https://a.example/"onmouseover=1')]))
    assert 'href="https://a.example/&quot;onmouseover=1"' in html


def test_render_not_found_in_english_with_the_closest_passage_in_view():
    html = ui.render_answer(
        Answer("Who won?", "Not found in the indexed releases.", False, [], None, [_hit()], language="en")
    )
    assert "Not found in the indexed releases." in html
    assert '<div class="kpu-related"><div class="kpu-heading">Possibly related</div><ol class="kpu-list"><li>' in html
    assert "<details" not in html  # one related passage: nothing to fold away
    assert "4 August 2024" in html and "<mark" not in html and "kpu-ref" not in html  # shown, not quoted
    assert "kpu-score" not in html  # no relevance bar beside "not found": it would read as a full match


def test_format_date():
    assert ui.format_date("2024-08-04", "id") == "4 Agustus 2024"
    assert ui.format_date("2024-08-04", "en") == "4 August 2024"
    assert ui.format_date("sometime", "en") == "sometime"
    assert ui.format_date(None, "id") is None


# ---------------------------------------------------------------- exposure


def test_non_loopback_host_needs_a_password_or_an_explicit_no_auth():
    with pytest.raises(ValueError, match="--auth user:password"):
        ui.check_exposure("0.0.0.0", None, no_auth=False)
    ui.check_exposure("0.0.0.0", ("kpu", "rahasia"), no_auth=False)
    ui.check_exposure("0.0.0.0", None, no_auth=True)
    ui.check_exposure("127.0.0.1", None, no_auth=False)


def test_auth_value_is_user_colon_password():
    assert ui.parse_auth("kpu:rahasia:panjang") == ("kpu", "rahasia:panjang")
    assert ui.parse_auth(None) is None and ui.parse_auth("") is None
    for bad in ("kpu", ":rahasia", "kpu:"):
        with pytest.raises(ValueError):
            ui.parse_auth(bad)


def test_serve_refuses_a_public_host_without_auth_from_the_command_line(monkeypatch, capsys):
    from assistant import cli

    monkeypatch.delenv("KPU_ASSISTANT_AUTH", raising=False)
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--no-auth" in err
