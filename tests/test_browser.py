"""The web chat in a real headless Chromium (Playwright): answers render, links work, release text stays text.

Needs the system Chromium (Debian: ``apt-get install -y chromium``); skipped without it.
``KPU_SCREENSHOT=1`` also saves docs/screenshot.png of the answered design question.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing; install it with: apt-get install -y chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

import assistant  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
URL = "https://www.kpu.go.id/berita/baca/12522/inovasi-kolaborasi-dan-sinergi-kunci-sukses-pemilu-dan-pilkada"
TURNOUT = "what turnout did Pemilu 2024 reach?"
SCREENSHOT = Path(__file__).parents[1] / "docs" / "screenshot.png"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 820}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def ask(page, question: str, replies_before: int = 0):
    """Type the question, send it, and return the locator of the new reply."""
    box = page.locator("#kpu-question textarea")
    box.fill(question)
    box.press("Enter")
    replies = page.locator("#kpu-chat .kpu-reply")
    sync_api.expect(replies).to_have_count(replies_before + 1)
    return replies.nth(replies_before)


def test_design_question_in_the_browser(page, launch_app, sample_index):
    page.goto(launch_app(sample_index))
    sync_api.expect(page.get_by_text("Asisten Siaran Pers KPU").first).to_be_visible()
    reply = ask(page, TURNOUT)

    sync_api.expect(reply.locator(".kpu-answer")).to_contain_text("81 persen")
    sync_api.expect(reply.locator(".kpu-answer mark")).to_have_text("81 persen")
    link = reply.locator(f'a[href="{URL}"]').first
    sync_api.expect(link).to_be_visible()
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "")
    sync_api.expect(reply.get_by_text("Sources", exact=True)).to_be_visible()
    # the question is shown as the user typed it
    sync_api.expect(page.locator("#kpu-chat").get_by_text(TURNOUT, exact=True)).to_be_visible()

    if os.environ.get("KPU_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.evaluate("document.fonts.ready.then(() => true)")  # bold faces load on first use
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_release_markup_is_shown_as_text(page, launch_app, tmp_path, release_writer):
    releases = tmp_path / "releases"
    release_writer(
        releases / "rilis-pleno.txt",
        "Rapat Pleno Terbuka Rekapitulasi Suara di Kota Contoh",
        [
            "Kota Contoh, kpu.go.id - KPU Kota Contoh menggelar rapat pleno terbuka rekapitulasi hasil penghitungan "
            "suara pada Senin (26/2/2024). Rapat pleno dihadiri 120 peserta dari partai politik dan pengawas pemilu. "
            '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">',
            "Seluruh hasil rekapitulasi ditetapkan dalam berita acara dan diumumkan kepada publik.",
        ],
        "https://www.kpu.go.id/berita/baca/90003/rapat-pleno-kota-contoh",
    )
    index_dir = tmp_path / "index"
    assistant.build_index([releases], index_dir)
    page.goto(launch_app(index_dir))

    reply = ask(page, "Berapa peserta yang menghadiri rapat pleno terbuka KPU Kota Contoh?")
    sync_api.expect(reply.locator(".kpu-answer")).to_be_visible()
    sync_api.expect(reply.get_by_text("<script>window.__pwned=1</script>").first).to_be_visible()
    sync_api.expect(reply.get_by_text('<img src=x onerror="window.__pwned=1">').first).to_be_visible()

    # markup in the question itself is shown as text as well
    ask(page, '<img src=x onerror="window.__pwned=2"> <b>tebal</b>?', replies_before=1)
    sync_api.expect(page.locator("#kpu-chat").get_by_text('<img src=x onerror="window.__pwned=2">').first).to_be_visible()

    assert page.locator("#kpu-chat script, #kpu-chat img[src='x'], #kpu-chat b").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_an_empty_question_gets_a_hint_not_a_reply(page, launch_app, sample_index):
    page.goto(launch_app(sample_index))
    ask(page, TURNOUT)
    box = page.locator("#kpu-question textarea")
    sync_api.expect(box).to_be_editable()
    box.fill("   ")
    box.press("Enter")
    sync_api.expect(page.get_by_text(re.compile("Please type a question|Silakan ketik pertanyaan")).first).to_be_visible()
    page.wait_for_timeout(500)
    # The hint is a notice, not a second bot message glued to the answer's bubble.
    assert page.locator('#kpu-chat [data-testid="bot"]').count() == 1
