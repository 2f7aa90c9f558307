"""The static report in a real browser: every page loads offline, without a failed request, a
console error or a missing figure.

The report is built once per test session into a temporary folder with
``helpers.report.build_report`` (set ``HELPERS_REPORT_DIR=reports`` to check an existing build
instead, e.g. right after ``make report``). Pages are opened in headless Debian Chromium with every
request that is not a ``file://`` URL aborted and recorded: the site must not need the network.
Skipped with a message where ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

browser_test = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
#: Wait until MathJax (when present) has typeset the page.
MATHJAX_DONE = """() => !window.MathJax || !window.MathJax.Hub ||
    (window.MathJax.isReady === true && window.MathJax.Hub.queue.pending === 0
     && window.MathJax.Hub.queue.running === 0)"""


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is absent "
            "(install Debian's chromium: apt-get install -y chromium)"
        )


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory) -> Path:
    """A built report: HELPERS_REPORT_DIR if set, else a fresh build in a temporary folder."""
    _need_chromium()
    given = os.environ.get("HELPERS_REPORT_DIR")
    if given:
        path = Path(given).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"HELPERS_REPORT_DIR={given} has no index.html; run `make report` first")
        return path
    from helpers.report import build_report

    out = tmp_path_factory.mktemp("report")
    build_report(out, root=ROOT, log=lambda _msg: None)
    return out


@pytest.fixture(scope="module")  # closed with this module: Playwright allows one live instance
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, url: str, screenshot: str | None = None) -> dict:
    """Open ``url`` offline; return what went wrong and what the page holds."""
    blocked, failed, console_errors = [], [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: failed.append(f"{req.url} ({req.failure})"))
    page.on(
        "console",
        lambda msg: console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: console_errors.append(f"page error: {err}"))
    page.goto(url, wait_until="load")
    page.wait_for_function(MATHJAX_DONE, timeout=30_000)
    images = page.evaluate(
        """() => Array.from(document.images).map(i => ({
            src: i.getAttribute('src').slice(0, 80), complete: i.complete, width: i.naturalWidth}))"""
    )
    info = {
        "title": page.title(),
        "blocked": blocked,
        "failed": failed,
        "console_errors": console_errors,
        "images": images,
        "links": page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
        ),
        "text": page.inner_text("body"),
        "mathjax_errors": page.evaluate(
            "() => document.querySelectorAll('.MathJax_Error, merror').length"
        ),
    }
    if screenshot:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / screenshot), full_page=False)
    context.close()
    return info


def _assert_clean(info: dict, name: str) -> None:
    assert not info["blocked"], f"{name} asked the network for {info['blocked']}"
    assert not info["failed"], f"{name} had failed requests: {info['failed']}"
    assert not info["console_errors"], f"{name} logged console errors: {info['console_errors']}"
    broken = [i["src"] for i in info["images"] if not i["complete"] or i["width"] == 0]
    assert not broken, f"{name} has images that did not load: {broken}"
    assert info["mathjax_errors"] == 0, f"{name} has formulas MathJax could not typeset"


def _pages(report_dir: Path) -> list[Path]:
    return sorted(report_dir.glob("[0-9][0-9]-*.html"))


@browser_test
def test_index_lists_every_notebook_in_both_versions_and_every_figure(report_dir, browser):
    info = _open(browser, (report_dir / "index.html").as_uri(), screenshot="report-index.png")
    _assert_clean(info, "index.html")
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    if not os.environ.get("HELPERS_REPORT_DIR"):
        for stem in notebooks:
            assert f"{stem}.html" in info["links"], f"index does not link {stem}.html"
            assert f"{stem}.reader.html" in info["links"], f"index does not link {stem}.reader"
    for href in info["links"]:
        if not re.match(r"[a-z]+:", href):
            assert (report_dir / href).is_file(), f"index links to a missing file: {href}"
    pngs = [i for i in info["images"] if i["src"].endswith(".png")]
    assert len(pngs) == 7, "the index shows the seven figures"
    assert all(i["width"] > 0 for i in pngs)


@browser_test
def test_every_figure_exists_as_png_and_svg(report_dir):
    from helpers.plots import FIGURES

    for name in FIGURES:
        for ext in ("png", "svg"):
            path = report_dir / "figures" / f"{name}.{ext}"
            assert path.is_file() and path.stat().st_size > 1000, f"missing figure {path.name}"


@browser_test
def test_every_page_loads_offline_without_errors(report_dir, browser):
    pages = _pages(report_dir)
    assert pages, "the report has no notebook pages"
    problems = []
    for page in pages:
        shot = f"report-{page.stem}.png" if page.stem.startswith("05-") else None
        info = _open(browser, page.as_uri(), screenshot=shot)
        try:
            _assert_clean(info, page.name)
        except AssertionError as err:
            problems.append(str(err).splitlines()[0])
        if "Traceback (most recent call last)" in info["text"]:
            problems.append(f"{page.name} shows a Python traceback")
    assert not problems, "\n".join(problems)


@browser_test
def test_reader_version_hides_the_code_and_the_full_version_shows_it(report_dir):
    for full in _pages(report_dir):
        if full.name.endswith(".reader.html"):
            continue
        reader = full.with_name(f"{full.stem}.reader.html")
        assert reader.is_file(), f"no reader's version of {full.name}"
        full_html, reader_html = full.read_text(), reader.read_text()
        code = 'class="highlight hl-ipython3"'  # the highlighted source of a code cell
        assert code in full_html, f"{full.name} shows no code"
        assert code not in reader_html, f"{reader.name} shows code"
        assert "jp-CodeCell" in reader_html, f"{reader.name} lost the code cells' outputs"


@browser_test
def test_pages_reference_only_local_scripts(report_dir):
    for page in [report_dir / "index.html", *_pages(report_dir)]:
        html = page.read_text()
        for src in re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"([^\"]+)\"", html):
            assert not re.match(r"(https?:)?//", src), f"{page.name} loads {src} from the network"


@browser_test
def test_visualization_chapter_shows_the_static_explorer(report_dir, browser):
    pages = [p for p in _pages(report_dir) if p.name.startswith("05-")]
    if not pages:
        pytest.skip("no 05-visualizations page in this build")
    html = pages[0].read_text()
    assert "<details>" in html and "Quote explorer" in html, "the explorer's static view is missing"
    assert "<script>alert" not in html


@browser_test
def test_formulas_are_typeset_by_the_local_mathjax(browser, tmp_path):
    """A page with TeX math: the local MathJax draws it (as SVG, no web fonts), offline."""
    import nbformat

    from helpers.report import NotebookInfo, copy_static, export_html

    copy_static(tmp_path)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(r"# Kappa" "\n\n" r"$\kappa = \frac{p_o - p_e}{1 - p_e}$")
    ]
    path = tmp_path / "99-math.ipynb"
    nbformat.write(nb, path)
    (page,) = [
        p
        for p in export_html(path, tmp_path, NotebookInfo(path, "Kappa", ""))
        if "reader" not in p.name
    ]
    info = _open(browser, page.as_uri())
    _assert_clean(info, page.name)
    context = browser.new_context()
    p = context.new_page()
    p.goto(page.as_uri())
    p.wait_for_function(MATHJAX_DONE, timeout=30_000)
    assert p.evaluate("() => document.querySelectorAll('.MathJax_SVG svg').length") == 1
    context.close()


# ----------------------------------------------------------------------------- the builder itself


def test_missing_mathjax_files_are_one_clear_line_and_nothing_is_copied(tmp_path):
    from helpers.report import ReportError, copy_static, static_source

    source = tmp_path / "components"
    shutil.copytree(static_source() / "requirejs", source / "requirejs")
    (source / "MathJax").mkdir()
    (source / "MathJax" / "MathJax.js").write_text("// no output jax here\n")
    with pytest.raises(ReportError) as err:
        copy_static(tmp_path / "out", source)
    assert "\n" not in str(err.value) and "nbclassic" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_the_local_mathjax_and_requirejs_come_from_the_python_environment(tmp_path):
    from helpers.report import MATHJAX_URL, copy_static

    copy_static(tmp_path)
    mathjax = tmp_path / "_static" / "mathjax"
    assert '"version": "2.7.9"' in (mathjax / "package.json").read_text()
    assert (mathjax / "config" / "local" / "offline.js").is_file()
    assert (mathjax / "jax" / "output" / "SVG" / "fonts" / "STIX-Web").is_dir()
    assert (tmp_path / "_static" / "require.js").stat().st_size > 10_000
    assert MATHJAX_URL.startswith("_static/mathjax/MathJax.js?config=local/offline")


def test_index_lines_come_from_each_notebooks_first_markdown_cell(tmp_path):
    import nbformat

    from helpers.report import notebook_info, write_index

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 07 · Tables <b>and</b> figures\n\n## Overview\n\nThis chapter draws *every* "
            "[table](x.ipynb). It has a second sentence."
        )
    ]
    path = tmp_path / "07-tables.ipynb"
    nbformat.write(nb, path)
    info = notebook_info(path)
    assert info.title == "07 · Tables <b>and</b> figures"
    assert info.description == "This chapter draws every table."
    assert (info.full_html, info.reader_html) == ("07-tables.html", "07-tables.reader.html")
    html = write_index(tmp_path, [info], []).read_text()
    assert "07 · Tables &lt;b&gt;and&lt;/b&gt; figures" in html  # titles are text, not markup
    assert 'href="07-tables.reader.html"' in html


def test_a_notebooks_own_summary_line_is_preferred_on_the_index(tmp_path):
    import nbformat

    from helpers.report import notebook_info

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 08 · Maps\n\nChapter 07 drew tables.")]
    nb.metadata["description"] = "Where each speaker is quoted from, on a map."
    path = tmp_path / "08-maps.ipynb"
    nbformat.write(nb, path)
    assert notebook_info(path).description == "Where each speaker is quoted from, on a map."


def test_every_collection_notebook_has_a_summary_line_for_the_index():
    from helpers.report import NOTEBOOK_GLOB, notebook_info

    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "notebooks").glob(NOTEBOOK_GLOB)):
        description = notebook_info(path).description
        assert description and not description.startswith("Chapter"), path.name
