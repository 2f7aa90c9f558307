"""Speed and memory of the pipeline on one generated corpus, in one run.

Measures, on the same texts:

  (a) parse     the bare spaCy parse of every paragraph (the floor: nothing can be faster)
  (b) extract   helpers.quotes.extract_quotes (its own parse included)
  (c) analyze   helpers.corpus.run with one process (load, parse, quotes, speakers, sentiment,
                stance, and writing every table and HTML page)
  (d) analyze   the same with two worker processes (the workers' start-up included: forking or
                spawning them, and whatever each loads beyond what the main process of
                `helpers analyze --jobs 2` has loaded before its pool starts: model and target)

plus the peak resident memory (RSS) of the one-process run at two corpus sizes (memory should
not grow with the corpus: nothing is kept between articles), and optionally the time to analyse
one very large article.

Each measurement runs in a fresh Python process so that peak-memory figures do not leak from one
into the next. The timed runs (a)-(d), and (c) and (d) on the smaller corpus, are repeated
--repeat times, interleaved (a, b, c, d, c small, d small, a, ...) so that a burst of other load
on the machine hits them alike, and each is reported by its fastest run, as timeit does: the
slower runs measure the machine's other work, not ours. Every run's seconds are kept in the
results file (``runs_seconds``). The small runs also give the speed-up with two processes
without their fixed start-up (spawning the workers, loading spaCy in each), from the differences
between the two corpus sizes.

The corpus is made by repeating the repository's articles (data/raw/*.txt and data/samples/*)
until there are --articles files. Prints a table and writes bench/results.json.

    .venv/bin/python bench/speed.py                       # 200 articles, plus a 5 MB article
    .venv/bin/python bench/speed.py --articles 60 --big-mb 0   # quicker, no large article
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = "us-military-presence-iraq"


# --------------------------------------------------------------------------- the corpus


def source_articles() -> list[Path]:
    """The repository's articles: data/raw/*.txt and every file in data/samples/."""
    raw = sorted((ROOT / "data" / "raw").glob("*.txt"))
    samples = sorted(p for p in (ROOT / "data" / "samples").glob("*") if p.is_file())
    from helpers.corpus import ARTICLE_SUFFIXES, NOT_ARTICLES

    return raw + [
        p
        for p in samples
        if p.suffix.lower() in ARTICLE_SUFFIXES and p.stem.lower() not in NOT_ARTICLES
    ]


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` article files in ``folder``: the sources repeated in turn."""
    sources = source_articles()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:04d}-{src.name}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def make_big_article(path: Path, megabytes: float) -> Path:
    """One article of about ``megabytes`` MB: the bundled article's paragraphs, repeated."""
    from helpers.article import load_article

    bundled = sorted((ROOT / "data" / "raw").glob("*.txt"))[0]
    article = load_article(bundled)
    paragraphs = list(article.paragraphs["text"])
    with path.open("w", encoding="utf-8") as handle:
        handle.write(article.title + "\n\n")
        i = 0
        while handle.tell() < megabytes * 1_000_000:
            handle.write(paragraphs[i % len(paragraphs)] + "\n\n")
            i += 1
    return path


# --------------------------------------------------------------------------- one measurement


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident set size in MB of this process (or of its largest finished child)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def measure(kind: str, corpus: Path, out: Path) -> dict:
    """Run one measurement in this process and return its figures."""
    from helpers.analysis import parse_paragraphs
    from helpers.article import load_article
    from helpers.nlp import get_nlp

    warm = time.perf_counter()
    nlp = get_nlp()
    list(nlp.pipe(["Warm-up: the minister said “yes”."]))  # model loaded before timing
    if kind in ("extract", "analyze1", "big", "stages"):
        # One-time start-up (lexicons, rules, the target spec) is not per-article work: pay it
        # before the clock starts, as the bare parse does for the model.
        from helpers.analysis import analyze_article

        analyze_article(source_articles()[-1], TARGET)
    elif kind == "analyze2":
        # The main process loads what `helpers analyze --jobs 2` loads before its pool starts
        # (the model, and the target spec it checks), as (c) does. Everything a worker process
        # needs beyond that (its own start, TextBlob and the lexicons, its first article) is
        # inside the timing: that is the real cost of a process pool.
        from helpers.analysis import resolve_target

        resolve_target(TARGET)
    warm = time.perf_counter() - warm
    paths = sorted(p for p in corpus.iterdir() if p.is_file())
    chars = sum(len(load_article(p).body) for p in paths)

    start = time.perf_counter()
    if kind == "parse":
        for p in paths:
            parse_paragraphs(load_article(p), nlp)
    elif kind == "extract":
        from helpers.quotes import extract_quotes

        for p in paths:
            extract_quotes(load_article(p))
    elif kind in ("analyze1", "analyze2"):
        from helpers.corpus import run

        jobs = 1 if kind == "analyze1" else 2
        summary = run([corpus], out, target=TARGET, jobs=jobs, quiet=True, errors=sys.stderr)
        if summary.failed:
            raise SystemExit(f"{summary.failed} articles failed: {summary.failures[:3]}")
    elif kind == "stages":
        return {
            "kind": kind,
            "articles": len(paths),
            "characters": chars,
            **stage_seconds(corpus, out),
        }
    elif kind == "big":
        from helpers.analysis import analyze_article

        (path,) = paths
        analyze_article(path, TARGET)
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    seconds = time.perf_counter() - start
    return {
        "kind": kind,
        "articles": len(paths),
        "characters": chars,
        "seconds": round(seconds, 2),
        "chars_per_second": round(chars / seconds),
        "articles_per_second": round(len(paths) / seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_children_mb": round(peak_rss_mb(children=True), 1),
        "warm_up_seconds": round(warm, 2),
        **({"start_method": _start_method()} if kind == "analyze2" else {}),
    }


def _start_method() -> str:
    from helpers import corpus

    method = getattr(corpus, "_start_method", None)
    return method() if method else "spawn"


#: The parts of a one-process corpus run timed by :func:`stage_seconds` (module, function,
#: label): every stage of the per-article function, then the files this process writes for
#: each article and, once, the corpus report.
STAGES = (
    ("helpers.analysis", "load_article", "load the file"),
    ("helpers.analysis", "parse_paragraphs", "parse"),
    ("helpers.quotes", "extract_quotes", "quote rules"),
    ("helpers.stance", "quote_stance", "stance per quote"),
    ("helpers.speakers", "speaker_table", "speaker table"),
    ("helpers.sentiment", "score_quotes", "sentiment per quote"),
    ("helpers.sentiment", "speaker_sentiment", "sentiment per speaker"),
    ("helpers.stance", "speaker_stance", "stance per speaker"),
    ("helpers.corpus", "summary_html", "HTML page"),
    ("helpers.corpus", "_record", "CSV and HTML files"),
    ("helpers.corpus", "_finish_corpus", "corpus report"),
)


def stage_seconds(corpus: Path, out: Path) -> dict:
    """Seconds spent in each part of ``helpers.corpus.run(corpus, jobs=1)``, as (c) runs it.

    Each function of :data:`STAGES` is wrapped with a timer for the duration of this call (the
    callers look them up at call time). ``extract_quotes`` is given the parsed paragraphs, so
    "quote rules" is the rules alone. "other" is what no stage accounts for (the tables of
    :func:`helpers.analysis.analyze_article`, pickling nothing: one process).
    """
    import importlib

    from helpers.corpus import run

    spent = dict.fromkeys([label for _, _, label in STAGES], 0.0)
    originals = []
    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        originals.append((module, name, original))

        def timed(*args, _f=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_label] += time.perf_counter() - start

        setattr(module, name, timed)
    try:
        start = time.perf_counter()
        summary = run([corpus], out, target=TARGET, jobs=1, quiet=True, errors=sys.stderr)
        total = time.perf_counter() - start
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    if summary.failed:
        raise SystemExit(f"{summary.failed} articles failed: {summary.failures[:3]}")
    spent["other"] = max(total - sum(spent.values()), 0.0)
    return {
        "seconds": round(total, 2),
        "over_parse": round(total / spent["parse"], 2),
        "stage_seconds": {k: round(v, 2) for k, v in spent.items()},
        "stage_over_parse": {k: round(v / spent["parse"], 3) for k, v in spent.items()},
    }


def fastest(runs: list[dict]) -> dict:
    """The fastest of repeated runs of one measurement, with every run's seconds and the
    highest peak memory of them all."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["runs_seconds"] = [r["seconds"] for r in runs]
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    best["peak_rss_children_mb"] = max(r["peak_rss_children_mb"] for r in runs)
    return best


def measure_in_subprocess(kind: str, corpus: Path, out: Path) -> dict:
    """:func:`measure` in a fresh interpreter (clean peak-memory figures)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--corpus", str(corpus), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"measurement {kind} failed:\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"  {kind:<9} {result['articles']:>4} articles  {result['seconds']:>8.1f} s",
        file=sys.stderr,
    )
    return result


# --------------------------------------------------------------------------- machine calibration


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_speedup(n: int = 10_000_000) -> float:
    """How much faster two processes do two pure-Python jobs than one process (ideal: 2.0).

    On a machine whose cores are busy with other work this is well below 2, and no program can
    do better: the pipeline's own speed-up should be read against this number.
    """
    from multiprocessing import get_context

    start = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - start
    with get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [1000, 1000])  # start the workers before the clock
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        parallel = time.perf_counter() - start
    return round(serial / parallel, 2)


# --------------------------------------------------------------------------- the whole benchmark


def machine() -> dict:
    import spacy

    from helpers.nlp import model_name

    return {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "spacy": spacy.__version__,
        "model": model_name(),
    }


def table(results: dict) -> str:
    rows = [
        ("(a) bare spaCy parse", results["parse"]),
        ("(b) extract_quotes", results["extract"]),
        ("(c) analyze, 1 process", results["analyze1"]),
        ("(d) analyze, 2 processes", results["analyze2"]),
        ("    analyze, 1 process, small", results["analyze1_small"]),
        ("    analyze, 2 processes, small", results["analyze2_small"]),
    ]
    if "big" in results:
        rows.append(
            (f"    one {results['big']['characters'] / 1e6:.1f} M-char article", results["big"])
        )
    repeats = len(results["parse"].get("runs_seconds", [0]))
    lines = [
        f"(a)-(d) and the small runs: the fastest of {repeats} interleaved runs each",
        f"{'measurement':<34}{'articles':>9}{'chars':>11}{'seconds':>9}{'chars/s':>9}"
        f"{'art/s':>7}{'RSS MB':>8}",
    ]
    for label, r in rows:
        rss = max(r["peak_rss_mb"], r["peak_rss_children_mb"])
        lines.append(
            f"{label:<34}{r['articles']:>9}{r['characters']:>11,}{r['seconds']:>9.1f}"
            f"{r['chars_per_second']:>9,}{r['articles_per_second']:>7.2f}{rss:>8.0f}"
        )
    d = results["derived"]
    method = results["analyze2"].get("start_method", "spawn")
    lines += [
        "",
        f"analyze (1 process) / bare parse time: {d['analyze_over_parse']:.2f}x  (target <= 1.2x)",
        f"speed-up with 2 processes:             {d['speedup_2_processes']:.2f}x  (target >= 1.8x, "
        f"start-up included; workers started by {method}; "
        "this machine's own 2-process speed-up on pure Python, before/after: "
        f"{'/'.join(str(x) for x in d['machine_speedup_2_processes_before_after'])}x)",
        f"  without the workers' start-up:       {d['speedup_2_processes_marginal']:.2f}x  "
        f"(on the {results['analyze1']['articles'] - results['analyze1_small']['articles']} "
        "articles beyond the small corpus)",
        f"peak RSS, {results['analyze1_small']['articles']} vs {results['analyze1']['articles']} "
        f"articles:       {d['rss_small_mb']:.0f} MB vs {d['rss_full_mb']:.0f} MB  (target: flat)",
        f"extract_quotes on one core:            {results['extract']['chars_per_second']:,} "
        "chars/s  (target >= 20,000)",
    ]
    if "big" in results:
        big = results["big"]
        lines.append(
            f"one {big['characters'] / 1e6:.1f} M-char article, peak RSS:  "
            f"{max(big['peak_rss_mb'], big['peak_rss_children_mb']):.0f} MB  (target < 600 MB)"
        )
    return "\n".join(lines)


def stage_table(stages: dict) -> str:
    """Seconds per stage and their ratio to the parse, largest first."""
    lines = [
        f"time per stage over {stages['articles']} articles (helpers.corpus.run, one process):"
    ]
    order = sorted(stages["stage_seconds"].items(), key=lambda kv: -kv[1])
    for label, seconds in order:
        ratio = stages["stage_over_parse"][label]
        lines.append(f"  {label:<24}{seconds:>8.2f} s {ratio:>7.3f}x the parse")
    over = stages.get("over_parse")
    lines.append(
        f"  {'total':<24}{stages['seconds']:>8.2f} s"
        + (f" {over:>7.3f}x the parse" if over is not None else "")
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=200, help="corpus size (default 200)")
    parser.add_argument(
        "--small",
        type=int,
        default=0,
        help="the smaller corpus for the memory check (default articles/4)",
    )
    parser.add_argument(
        "--big-mb", type=float, default=5.0, help="size of the one large article in MB (0: skip)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each timed measurement; the fastest is reported (default 3)",
    )
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--stages-only",
        action="store_true",
        help="only time each stage on --small articles and add it to an existing --results file",
    )
    parser.add_argument(
        "--start-method",
        choices=("fork", "spawn"),
        help="how (d) starts its workers (default: helpers.corpus's own choice, fork on Linux)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.start_method:  # read by helpers.corpus in the measuring child processes
        os.environ["HELPERS_START_METHOD"] = args.start_method
    if args.measure:  # the child process of measure_in_subprocess
        print(json.dumps(measure(args.measure, args.corpus, args.out)))
        return 0

    small = args.small or max(args.articles // 4, 1)
    if args.stages_only:  # add (or refresh) only the per-stage split in an existing results file
        results = json.loads(args.results.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="helpers-bench-") as tmp:
            make_corpus(Path(tmp) / "small", small)
            results["stages"] = measure_in_subprocess(
                "stages", Path(tmp) / "small", Path(tmp) / "out-stages"
            )
        results["stages"]["command"] = " ".join(["python", *sys.argv])
        print(stage_table(results["stages"]))
        args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return 0
    results: dict = {"machine": machine(), "command": " ".join(["python", *sys.argv])}
    with tempfile.TemporaryDirectory(prefix="helpers-bench-") as tmp:
        tmp = Path(tmp)
        full, part = tmp / "corpus", tmp / "small"
        make_corpus(full, args.articles)
        make_corpus(part, small)
        print(f"corpus: {args.articles} articles (and {small}) in {tmp}", file=sys.stderr)
        # (name in results, measurement, corpus); the small-corpus runs of (c) and (d) give the
        # memory check and the fixed start-up cost of each
        timed = [(kind, kind, full) for kind in ("parse", "extract", "analyze1", "analyze2")]
        timed += [(f"{kind}_small", kind, part) for kind in ("analyze1", "analyze2")]
        runs: dict[str, list[dict]] = {name: [] for name, _, _ in timed}
        before = machine_speedup()
        for repeat in range(args.repeat):
            for name, kind, corpus in timed:
                out = tmp / f"out-{name}-{repeat}"
                runs[name].append(measure_in_subprocess(kind, corpus, out))
        after = machine_speedup()
        for name in runs:
            results[name] = fastest(runs[name])
        print(
            f"  machine 2-process speed-up before/after (d): {before}x / {after}x", file=sys.stderr
        )
        results["stages"] = measure_in_subprocess("stages", part, tmp / "out-stages")
        if args.big_mb > 0:
            big = tmp / "big"
            big.mkdir()
            make_big_article(big / "big-article.txt", args.big_mb)
            results["big"] = measure_in_subprocess("big", big, tmp / "out-big")

    rss = {
        k: max(v["peak_rss_mb"], v["peak_rss_children_mb"])
        for k, v in results.items()
        if isinstance(v, dict) and "peak_rss_mb" in v  # the per-stage split has no RSS
    }
    results["derived"] = {
        "analyze_over_parse": round(
            results["analyze1"]["seconds"] / results["parse"]["seconds"], 2
        ),
        "speedup_2_processes": round(
            results["analyze1"]["seconds"] / results["analyze2"]["seconds"], 2
        ),
        # the speed-up on the articles beyond the small corpus: the start-up of the worker
        # processes (spawning them, loading spaCy in each) cancels out in the differences
        "speedup_2_processes_marginal": round(
            (results["analyze1"]["seconds"] - results["analyze1_small"]["seconds"])
            / (results["analyze2"]["seconds"] - results["analyze2_small"]["seconds"]),
            2,
        ),
        "machine_speedup_2_processes_before_after": [before, after],
        "rss_small_mb": rss["analyze1_small"],
        "rss_full_mb": rss["analyze1"],
        **({"rss_big_mb": rss["big"]} if "big" in rss else {}),
    }
    text = table(results) + "\n\n" + stage_table(results["stages"])
    print(text)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nwrote {args.results.relative_to(ROOT) if args.results.is_relative_to(ROOT) else args.results}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
