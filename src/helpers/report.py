"""Build the static report site: ``python -m helpers.report --out reports``.

What it does, in order:

1. copies what the pages need of MathJax 2 and RequireJS to ``OUT/_static/``: both come from the
   ``nbclassic`` package of the lock file (its ``static/components/``), so the report needs
   nothing but the Python environment;
2. executes every ``notebooks/NN-*.ipynb`` in order, with the notebooks folder as working
   directory, into ``OUT/notebooks/`` (the committed notebooks are never rewritten);
3. exports each executed notebook twice with nbconvert and the ``offline`` template
   (``src/helpers/templates/offline``, which extends ``lab/index.html.j2``): ``NN-name.html`` with
   the code and ``NN-name.reader.html`` with the code hidden;
4. draws every figure of :mod:`helpers.plots` for the bundled article and saves each as PNG and
   SVG under ``OUT/figures/``;
5. writes ``OUT/index.html``: the collection's title, one line per notebook (its title and the
   first sentence of its first Markdown cell) linking to both versions, and the figures.

Nothing in the site is loaded from the network: MathJax and RequireJS are local copies, the
Mermaid and widget-manager scripts are left out of the template, images are embedded or local.
The output has no dates or timings in it, so two builds of the same sources are comparable.

What is not done: widget state is not stored (the explorer shows its static view in the report),
and notebooks are not run in parallel (they are a reading sequence and share two cores).
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import re
import shutil
import sys
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

__all__ = [
    "ReportError",
    "NotebookInfo",
    "build_report",
    "copy_static",
    "static_source",
    "export_html",
    "notebook_info",
    "refresh_notebooks",
    "write_index",
    "main",
]

#: Notebooks that are part of the collection: two digits, a dash, a name.
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
#: The bundled article and stance target the report's figures are drawn for.
BUNDLED_ARTICLE = Path("data/raw/2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt")
BUNDLED_TARGET = "us-military-presence-iraq"  # a target spec shipped with the package
#: What is copied of MathJax into _static/mathjax (paths relative to the MathJax folder).
MATHJAX_PARTS = (
    "MathJax.js",
    "package.json",  # its version and licence (Apache-2.0)
    "config/Safe.js",
    "extensions",
    "jax/input/TeX",
    "jax/element",
    "jax/output/SVG",
    "localization/en",
)
#: Our MathJax configuration (TeX in, SVG out), copied to _static/mathjax/config/local/offline.js.
MATHJAX_CONFIG = Path(__file__).parent / "templates" / "offline" / "mathjax-offline.js"
#: SVG output: glyphs are drawn as paths, so no web font is fetched (file:// pages cannot).
MATHJAX_URL = "_static/mathjax/MathJax.js?config=local/offline,Safe"
REQUIRE_JS_URL = "_static/require.js"
TEMPLATE_NAME = "offline"
DEFAULT_TITLE = "Who said what, how they felt, and where they stand"


class ReportError(RuntimeError):
    """A problem that stops the build; ``str(err)`` is one line saying what to do."""


@dataclass(frozen=True)
class NotebookInfo:
    """One notebook of the collection, as listed on the index page."""

    path: Path
    title: str
    description: str

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def full_html(self) -> str:
        return f"{self.stem}.html"

    @property
    def reader_html(self) -> str:
        return f"{self.stem}.reader.html"


# --------------------------------------------------------------------------- static assets


def static_source() -> Path:
    """The folder holding ``MathJax/`` (2.7.9) and ``requirejs/require.js``: nbclassic's
    ``static/components``, installed from the lock file with everything else.

    Raises:
        ReportError: nbclassic is not installed.
    """
    spec = importlib.util.find_spec("nbclassic")
    if spec is None or spec.origin is None:
        raise ReportError(
            "the report's local MathJax and RequireJS come from the nbclassic package, which is "
            "not installed: install requirements/requirements.lock (`make report` does)"
        )
    return Path(spec.origin).parent / "static" / "components"


def copy_static(out: Path, source: Path | None = None) -> list[Path]:
    """Copy MathJax (TeX input, SVG output) and RequireJS from ``source`` to ``out/_static``.

    ``source`` holds ``MathJax/`` and ``requirejs/require.js`` (default: :func:`static_source`).

    Raises:
        ReportError: a file the pages need is missing from ``source`` (one line, naming it).
    """
    source = static_source() if source is None else Path(source)
    mathjax, require = source / "MathJax", source / "requirejs" / "require.js"
    missing = next(
        (p for p in [*(mathjax / x for x in MATHJAX_PARTS), require] if not p.exists()), None
    )
    if missing is not None:  # checked before anything is copied
        raise ReportError(
            f"{missing} is missing: the report needs MathJax 2 and RequireJS from the nbclassic "
            "package of requirements/requirements.lock"
        )
    static = out / "_static"
    target = static / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    written = []
    for part in MATHJAX_PARTS:
        src, dst = mathjax / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
        written.append(dst)
    config = target / "config" / "local" / "offline.js"
    config.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MATHJAX_CONFIG, config)
    shutil.copyfile(require, static / "require.js")
    return [*written, config, static / "require.js"]


# --------------------------------------------------------------------------- notebooks


def notebook_info(path: Path) -> NotebookInfo:
    """Title (the first Markdown heading) and a one-line description.

    The description is the notebook's ``metadata.description`` when it has one (a summary line
    kept with the notebook), otherwise the first sentence after the title.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    title, description = path.stem, ""
    summary = str(nb.metadata.get("description", "")).strip()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        heading = next((ln for ln in lines if ln.lstrip().startswith("#")), None)
        if heading:
            title = heading.lstrip("#").strip()
        body = " ".join(
            ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith(("#", "|"))
        )
        description = _first_sentence(_plain(body))
        break
    return NotebookInfo(path=path, title=_plain(title), description=summary or description)


def _plain(markdown: str) -> str:
    """Markdown inline markup removed: links keep their text, emphasis and code marks go."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _first_sentence(text: str, limit: int = 220) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = m.group(1) if m else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def execute_notebook(path: Path, out_path: Path, *, timeout: int = 900) -> None:
    """Run ``path`` with its own folder as working directory and write the result to ``out_path``.

    Raises:
        ReportError: a cell raised; the message names the notebook, the cell and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timings from an earlier run
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.resolve())}},
        store_widget_state=False,  # the report shows the static views; no widget JS needed
        record_timing=False,  # no timestamps in committed notebooks
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        summary = _error_line(err)
        raise ReportError(f"{path}: a cell failed while building the report: {summary}") from None
    nb.metadata.pop("widgets", None)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_path)


def refresh_notebooks(
    root: Path = Path("."), only: list[str] | None = None, log=print
) -> list[Path]:
    """Re-execute the committed notebooks in place, in reading order (before committing them).

    Outputs are rewritten; cell timings and widget state are not stored, so a re-run of
    unchanged sources changes nothing but what really changed. Raises ReportError on a failed cell.
    """
    paths = sorted((root / "notebooks").glob(NOTEBOOK_GLOB))
    if only:
        paths = [p for p in paths if any(p.name.startswith(o) for o in only)]
    for path in paths:
        started = time.monotonic()
        execute_notebook(path, path)
        log(f"{path.name}: executed in place in {time.monotonic() - started:.0f} s")
    return paths


def _error_line(err: Exception) -> str:
    ename = getattr(err, "ename", type(err).__name__)
    evalue = getattr(err, "evalue", "") or str(err).strip().splitlines()[-1:]
    if isinstance(evalue, list):
        evalue = evalue[0] if evalue else ""
    return f"{ename}: {evalue}".strip()


@cache
def _exporter(reader: bool):
    """One HTMLExporter per version, reused for every notebook (templates compile once)."""
    from nbconvert import HTMLExporter

    base = str(resources.files("helpers").joinpath("templates"))
    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[base],
        mathjax_url=MATHJAX_URL,
        require_js_url=REQUIRE_JS_URL,
        embed_images=True,
        exclude_input=reader,
        exclude_input_prompt=reader,
        exclude_output_prompt=reader,
    )


def export_html(executed: Path, out_dir: Path, info: NotebookInfo) -> list[Path]:
    """Write the full and the reader's (code hidden) HTML of an executed notebook."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("widgets", None)
    written = []
    for reader in (False, True):
        nav = {
            "index": "index.html",
            "other_href": info.full_html if reader else info.reader_html,
            "other_label": "Version with the code" if reader else "Reader's version (code hidden)",
            "ipynb": f"notebooks/{executed.name}",
        }
        body, _ = _exporter(reader).from_notebook_node(
            nb, resources={"metadata": {"name": info.title}, "report_nav": nav}
        )
        target = out_dir / (info.reader_html if reader else info.full_html)
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


# --------------------------------------------------------------------------- figures


def build_figures(root: Path, out: Path) -> list[Path]:
    """Every figure of :mod:`helpers.plots` for the bundled article, as PNG and SVG."""
    from helpers import plots
    from helpers.analysis import analyze_article

    plots.set_theme()
    analysis = analyze_article(root / BUNDLED_ARTICLE, target=BUNDLED_TARGET)
    return plots.save_all(analysis, out / "figures")


# --------------------------------------------------------------------------- index page


def _collection_title() -> tuple[str, str]:
    try:
        summary = metadata("helpers")["Summary"] or ""
    except PackageNotFoundError:
        summary = ""
    if ":" in summary:
        title, rest = summary.split(":", 1)
        rest = rest.strip()
        return title.strip(), rest[:1].upper() + rest[1:]
    return DEFAULT_TITLE, summary.strip()


def write_index(out: Path, infos: list[NotebookInfo], figures: list[Path]) -> Path:
    """``out/index.html``: the notebooks (both versions) and the figures, all links relative."""
    title, subtitle = _collection_title()
    e = html.escape
    items = "\n".join(
        f'<li><a href="{e(i.full_html)}"><b>{e(i.title)}</b></a> - {e(i.description)} '
        f'<span class="alt">(<a href="{e(i.reader_html)}">reader\'s version</a>, '
        f'<a href="notebooks/{e(i.path.name)}">.ipynb</a>)</span></li>'
        for i in infos
    )
    pngs = sorted(p for p in figures if p.suffix == ".png")
    figs = "\n".join(
        f'<figure><a href="figures/{e(p.name)}"><img src="figures/{e(p.name)}" '
        f'alt="{e(_figure_caption(p.stem))}" width="360"></a><figcaption>{e(_figure_caption(p.stem))} '
        f'(<a href="figures/{e(p.stem)}.svg">SVG</a>)</figcaption></figure>'
        for p in pngs
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{e(title)}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62em;
       margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1a1a1a; }}
h1 {{ margin-bottom: 0.2em; }}
.subtitle {{ color: #444; margin-top: 0; }}
ol li {{ margin: 0.5em 0; }}
.alt {{ font-size: 90%; }}
.figures {{ display: flex; flex-wrap: wrap; gap: 1em; }}
figure {{ margin: 0; width: 360px; }}
figure img {{ border: 1px solid #ddd; max-width: 100%; height: auto; }}
figcaption {{ font-size: 90%; color: #333; }}
</style>
</head>
<body>
<h1>{e(title)}</h1>
<p class="subtitle">{e(subtitle)}</p>
<h2>The notebooks</h2>
<p>Read them in order. Each has a version with the code and a reader's version with the code
hidden; the executed notebooks can be downloaded and opened in JupyterLab.</p>
<ol>
{items}
</ol>
<h2>Figures</h2>
<p>Every figure of the bundled article, as PNG and SVG.</p>
<div class="figures">
{figs}
</div>
</body>
</html>
"""
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _figure_caption(stem: str) -> str:
    words = re.sub(r"^\d+-", "", stem).replace("-", " ")
    number = stem.split("-", 1)[0].lstrip("0")
    return f"Figure {number}: {words}"


# --------------------------------------------------------------------------- the build


def build_report(
    out: Path,
    *,
    root: Path = Path("."),
    only: list[str] | None = None,
    timeout: int = 900,
    figures: bool = True,
    log=print,
) -> Path:
    """Build the whole site under ``out``; return the path of ``index.html``.

    ``only`` restricts the notebooks to those whose names start with one of the prefixes
    (e.g. ``["01", "05"]``); the index then lists only those.
    """
    root = root.resolve()
    notebooks_dir = root / "notebooks"
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    copy_static(out)
    if not only:  # a full build: pages of notebooks that no longer exist must not linger
        for stale in [*out.glob("[0-9][0-9]-*.html"), *out.glob(f"notebooks/{NOTEBOOK_GLOB}")]:
            stale.unlink()
        shutil.rmtree(out / "figures", ignore_errors=True)
    paths = sorted(notebooks_dir.glob(NOTEBOOK_GLOB))
    if only:
        paths = [p for p in paths if any(p.name.startswith(o) for o in only)]
    if not paths:
        raise ReportError(f"no notebooks matching {NOTEBOOK_GLOB} in {notebooks_dir}")
    infos = []
    for path in paths:
        started = time.monotonic()
        executed = out / "notebooks" / path.name
        execute_notebook(path, executed, timeout=timeout)
        info = notebook_info(path)
        export_html(executed, out, info)
        infos.append(info)
        log(f"{path.name}: executed and exported in {time.monotonic() - started:.0f} s")
    written = []
    if figures:
        started = time.monotonic()
        written = build_figures(root, out)
        log(f"figures: {len(written)} files in {time.monotonic() - started:.0f} s")
    return write_index(out, infos, written)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.report",
        description="Execute the notebooks and write the offline static report site.",
    )
    parser.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    parser.add_argument(
        "--only", nargs="*", metavar="NN", help="only notebooks whose names start with these"
    )
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell")
    parser.add_argument("--no-figures", action="store_true", help="skip reports/figures")
    parser.add_argument(
        "--refresh-notebooks",
        action="store_true",
        help="re-execute notebooks/ in place (outputs to commit) instead of building the site",
    )
    args = parser.parse_args(argv)
    if args.refresh_notebooks:
        try:
            refresh_notebooks(args.root, args.only)
        except ReportError as err:
            print(f"helpers.report: error: {err}", file=sys.stderr)
            return 1
        return 0
    started = time.monotonic()
    try:
        index = build_report(
            args.out,
            root=args.root,
            only=args.only,
            timeout=args.timeout,
            figures=not args.no_figures,
        )
    except ReportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"report written to {index} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
