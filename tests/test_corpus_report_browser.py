"""The corpus report in a real browser: ``OUT/index.html`` opens offline, shows its figures, and its
links (in the tables and in the figures) lead to the articles' summaries and the speakers' rows.

The corpus is the bundled article and a copy with its people's names respelled (the
``respelled_corpus`` fixture of ``conftest.py``). Pages are opened from ``file://`` in headless
Debian Chromium with every request that is not a ``file://`` URL aborted and recorded. Skipped
with a message where ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")  # closed with this module: Playwright allows one live instance
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is absent "
            "(install Debian's chromium: apt-get install -y chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that may load only ``file://`` URLs; ``page.problems`` lists what went wrong."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            problems.append(f"asked the network for {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: problems.append(f"failed {req.url} ({req.failure})"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.problems = problems
    yield page
    context.close()


FIGURE_SIZES = """() => Array.from(document.querySelectorAll('figure svg')).map(s => {
    const r = s.getBoundingClientRect(); return [r.width, r.height]; })"""


def test_the_corpus_index_opens_offline_and_shows_its_figures(respelled_corpus, page):
    _, out, _ = respelled_corpus
    page.goto((out / "index.html").as_uri(), wait_until="load")
    sizes = page.evaluate(FIGURE_SIZES)
    assert len(sizes) >= 4, "the index shows at least four figures"
    assert all(w > 300 and h > 150 for w, h in sizes), f"a figure is not drawn: {sizes}"
    page.locator("figure").first.scroll_into_view_if_needed()
    assert page.locator("figure svg").first.is_visible()
    assert page.title().startswith("Corpus report: 2 articles")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "corpus-report-index.png"))
    assert not page.problems, page.problems


def test_a_title_in_the_articles_table_leads_to_the_articles_summary(respelled_corpus, page):
    folder, out, _ = respelled_corpus
    page.goto((out / "index.html").as_uri(), wait_until="load")
    page.locator("#article-b-respelled a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/b-respelled/summary.html")
    heading = page.locator("h1").inner_text()
    assert heading == (folder / "b-respelled.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "Hameed Habib" in page.locator("body").inner_text()
    page.locator("text=The corpus report").click()  # and back
    page.wait_for_load_state("load")
    assert page.url.endswith("/out/index.html")
    assert not page.problems, page.problems


def test_a_bar_of_the_most_quoted_figure_leads_to_the_speakers_row(respelled_corpus, page):
    _, out, _ = respelled_corpus
    page.goto((out / "index.html").as_uri(), wait_until="load")
    bar = page.locator("#corpus-02-most-quoted svg a:has(> path)").first  # a bar, not a label
    href = bar.get_attribute("xlink:href") or bar.get_attribute("href")
    assert href and href.startswith("#cs-")
    bar.click()
    assert page.url.endswith(href)
    row = page.locator(f"tr{href}")
    assert row.is_visible() and "person" in row.inner_text()
    assert not page.problems, page.problems


def test_a_point_of_the_sentiment_figure_leads_to_the_quotations_behind_it(respelled_corpus, page):
    _, out, _ = respelled_corpus
    page.goto((out / "index.html").as_uri(), wait_until="load")
    point = page.locator('#corpus-04-sentiment-by-article svg a[*|href*="summary.html#speaker-"]')
    assert point.count() >= 10, "every point links to its article's summary"
    targets = {point.nth(k).get_attribute("xlink:href") for k in range(point.count())}
    # The two copies say the same, so their points coincide: the click opens either article.
    point.first.click(force=True)  # a point may also sit under the hollow diamond of the mean
    page.wait_for_load_state("load")
    landed = page.url.split("/out/", 1)[1]
    assert landed in targets, f"clicking a point opened {landed}"
    row = page.locator("tr:target")
    assert row.count() == 1 and row.is_visible(), f"{landed}: no row to land on"
    assert not page.problems, page.problems
