"""The command line: ``python -m helpers quotes | speakers | analyze | target``.

Every error is one line on stderr, ``helpers: error: ...``, with exit status 1 for input that
cannot be analysed (missing, empty, binary, not English, ...) and 2 for a usage error (unknown
option, bad target spec). Set ``HELPERS_DEBUG=1`` to see the full traceback of an unexpected
error instead. ``target check`` reports a spec's problems instead of failing on the first:
each is one line ``FILE:LINE: level: text`` on stdout, and the exit status is 1 when one is an
error. ``target new`` writes a commented skeleton spec to start from.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import pandas as pd

from helpers.article import ArticleError

EXIT_INPUT = 1
EXIT_USAGE = 2

DESCRIPTION = "Who said what in a news article, how they felt, and where they stand."

EPILOG = """\
examples:
  python -m helpers quotes data/raw/2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt
  python -m helpers speakers article.txt --target us-military-presence-iraq --format json
  python -m helpers analyze my-articles/ --target us-military-presence-iraq --out results --jobs 2
  python -m helpers analyze 'news/**/*.html' --out results --scheduler tcp://127.0.0.1:8786
  python -m helpers analyze my-articles/ --out results --speakers-file speakers.txt
  python -m helpers target new alcohol-ban --dir specs
  python -m helpers target check specs/alcohol-ban.yaml
  python -m helpers target check us-military-presence-iraq data/raw/2024-01-03-rawabet-tehran-allies-us-presence-iraq.txt

Input: plain text (title line, optional date line, one paragraph per line), Markdown or a saved
HTML page, in English. Only English is supported.
"""


class UsageError(Exception):
    """Raised instead of argparse's exit so that every error has the same one-line form."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse prints two lines)
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    """The ``helpers`` argument parser (sub-commands quotes, speakers, analyze, target)."""
    parser = _Parser(
        prog="helpers",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_quotes(sub)
    _add_speakers(sub)
    _add_analyze(sub)
    _add_target_command(sub)
    return parser


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="output format on stdout: CSV with a header row (default) or a JSON array",
    )


def _add_target(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--target",
        metavar="SPEC",
        help="stance target: a target file (YAML) or the name of a bundled target, "
        "e.g. us-military-presence-iraq; adds the stance columns",
    )


def _add_quotes(sub) -> None:
    quotes = sub.add_parser(
        "quotes",
        help="the quotations of one article, one row each",
        description="Print the quotations of ARTICLE, one row each: who said it (speaker), "
        "the cue, the quotation and its offsets in the cleaned body, and the rule that found it.",
    )
    quotes.add_argument("article", metavar="ARTICLE", help="a .txt, .md or .html file")
    _add_format(quotes)


def _add_speakers(sub) -> None:
    speakers = sub.add_parser(
        "speakers",
        help="the speakers of one article with sentiment (and stance)",
        description="Print one row per canonical speaker of ARTICLE: role, aliases, number of "
        "quotations and words, sentiment (TextBlob polarity and subjectivity with an interval, "
        "VADER), and with --target the stance toward the target with its evidence.",
    )
    speakers.add_argument("article", metavar="ARTICLE", help="a .txt, .md or .html file")
    _add_target(speakers)
    _add_format(speakers)


def _add_analyze(sub) -> None:
    analyze = sub.add_parser(
        "analyze",
        help="one article or a corpus into a folder of tables and HTML summaries",
        description="Analyse each article and write OUT/<article-id>/quotes.csv, speakers.csv "
        "and summary.html. A folder, a glob or several paths form a corpus: then also the "
        "combined OUT/quotes.csv and OUT/speakers.csv (with an `article` column and the "
        "`corpus_speaker` each speaker is folded into), OUT/articles.csv, OUT/failures.csv, "
        "OUT/corpus_speakers.csv (one person across articles, every fold explained) and the "
        "corpus report OUT/index.html. A file that cannot be analysed is reported on stderr and "
        "in failures.csv; the others go on. Exit status 1 when any file failed.",
    )
    analyze.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        help="article files, folders (searched for .txt/.md/.html) or quoted glob patterns",
    )
    _add_target(analyze)
    analyze.add_argument(
        "--out", metavar="DIR", required=True, help="output folder (never inside data/raw/)"
    )
    analyze.add_argument(
        "--jobs",
        metavar="N",
        type=_non_negative_int,
        default=1,
        help="worker processes (default 1; 0 = one per core)",
    )
    analyze.add_argument(
        "--scheduler",
        metavar="dask|ADDRESS",
        help="run on Dask distributed: `dask` starts a local cluster with --jobs workers, an "
        "address such as tcp://127.0.0.1:8786 uses a running scheduler (its workers must see "
        "the input files at the same paths)",
    )
    analyze.add_argument(
        "--speakers-file",
        metavar="FILE",
        help="for a corpus: names that are one speaker (`A = B`) or never one (`A != B`), one "
        "rule a line (a commented example: data/speakers/example.txt)",
    )
    analyze.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")


def _add_target_command(sub) -> None:
    from helpers.targets.spec import TARGET_KINDS

    target = sub.add_parser(
        "target",
        help="check a stance target spec (on an article, too), or start a new one",
        description="Write and check stance target specs (schema: data/targets/README.md).",
    )
    actions = target.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="every problem of a spec, with its line; with ARTICLE, what it finds there",
        description="Print every problem of SPEC as FILE:LINE: level: text (errors, warnings, "
        "notes), sorted by line. With ARTICLE, also what each entry of the spec matched there "
        "and each speaker's stance with the reason. Exit status 1 when any problem is an error.",
    )
    check.add_argument("spec", metavar="SPEC", help="a spec file (.yaml) or a bundled target name")
    check.add_argument("article", metavar="ARTICLE", nargs="?", help="an article to try it on")
    new = actions.add_parser(
        "new",
        help="write a commented skeleton spec NAME.yaml",
        description="Write DIR/NAME.yaml, a commented skeleton spec, and print its path. An "
        "existing file is never overwritten. Fill in refers_to, then run `target check` on it.",
    )
    new.add_argument("name", metavar="NAME", help="kebab-case, e.g. alcohol-ban")
    new.add_argument(
        "--kind",
        choices=TARGET_KINDS,
        default="state",
        help="state: a state of affairs (a presence, a ban); actor: someone whose conduct is "
        "judged (default: state)",
    )
    new.add_argument("--dir", metavar="DIR", default=".", help="folder to write to (default: .)")


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def _load_target(spec: str | None):
    if spec is None:
        return None
    from helpers.analysis import resolve_target

    try:
        return resolve_target(spec)
    except Exception as err:
        raise UsageError(f"--target {spec}: {_one_line(err)}") from None


def _emit(frame: pd.DataFrame, fmt: str) -> None:
    from helpers.corpus import table_for_csv

    if fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    else:
        table_for_csv(frame).to_csv(sys.stdout, index=False, lineterminator="\n")
    sys.stdout.flush()


def _load_one(path: str):
    """The one article of `quotes` / `speakers`; a folder is a usage error (that is `analyze`)."""
    from pathlib import Path

    from helpers.article import load_article

    if Path(path).is_dir():
        raise UsageError(f"{path} is a folder; use `helpers analyze {path} --out DIR` for a corpus")
    return load_article(path)


def cmd_quotes(args: argparse.Namespace) -> int:
    article = _load_one(args.article)  # bad input fails here, before spaCy loads
    from helpers.analysis import parse_paragraphs
    from helpers.quotes import extract_quotes

    _emit(extract_quotes(article, docs=parse_paragraphs(article)), args.format)
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    from helpers.analysis import analyze_article

    article = _load_one(args.article)  # bad input fails here, before spaCy loads
    target = _load_target(args.target)
    _emit(analyze_article(article, target).speakers, args.format)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from helpers.corpus import CorpusError, run

    _load_target(args.target)  # a bad spec is a usage error, reported before any work
    try:
        summary = run(
            args.paths,
            args.out,
            target=args.target,
            jobs=args.jobs,
            scheduler=args.scheduler,
            quiet=args.quiet,
            speakers_file=args.speakers_file,
        )
    except CorpusError as err:
        raise ArticleError(str(err)) from None
    if not summary.corpus and summary.failed:
        return EXIT_INPUT  # the single file's error is already on stderr
    if not args.quiet:
        print(summary)
    if summary.failed:
        print(
            f"helpers: error: {summary.failed} of {summary.articles} file(s) failed; "
            f"see {summary.out / 'failures.csv'}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    return 0


def cmd_target(args: argparse.Namespace) -> int:
    return {"check": cmd_target_check, "new": cmd_target_new}[args.action](args)


def cmd_target_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.paths import bundled_target_files
    from helpers.targets.check import check_spec

    bundled = bundled_target_files()
    spec = Path(args.spec)
    if not spec.is_file() and args.spec in bundled:
        spec = Path(str(bundled[args.spec]))
    if not spec.is_file():
        return _fail(f"{args.spec}: no such spec file (bundled: {', '.join(bundled)})", EXIT_INPUT)
    article = _load_one(args.article) if args.article else None  # bad input fails before spaCy
    messages = check_spec(spec)
    for m in messages:
        print(f"{spec}:{m.line}: {m.level}: {m.text}")
    counts = [f"{n} {level}(s)" for level in ("error", "warning", "note")
              if (n := sum(m.level == level for m in messages))]  # fmt: skip
    print(f"{spec}: {', '.join(counts) or 'no problems found'}")
    failed = any(m.level == "error" for m in messages)
    if article is not None and failed:
        print(f"\n{args.article} was not read: fix the errors above first.")
    elif article is not None:
        _print_article_report(spec, article, args.article)
    return EXIT_INPUT if failed else 0


def _print_article_report(spec, article, name: str) -> None:
    """The two tables of `target check SPEC ARTICLE`; the paragraphs are parsed once."""
    from helpers.analysis import parse_paragraphs
    from helpers.targets import load_target
    from helpers.targets.check import explain_matches, speaker_report

    target, docs = load_target(spec), parse_paragraphs(article)
    matches = explain_matches(target, article, docs=docs)
    matches["entry"] = matches["entry"].map(lambda e: e if len(e) <= 60 else e[:57] + "...")
    matches["note"] = matches["matches"].map(lambda n: "<- no match" if n == 0 else "")
    print(f"\nWhat each entry matched in {name}")
    print(_left_aligned(matches))
    print("\nSpeakers")
    for row in speaker_report(target, article, docs=docs).itertuples(index=False):
        print(f"  {row.speaker}: {row.stance} ({row.stance_score:+g}, {row.quotes} quote(s)) "
              f"because {row.why}")  # fmt: skip
    sys.stdout.flush()


def _left_aligned(frame: pd.DataFrame) -> str:
    """A table as text with every column left-aligned (pandas right-aligns text)."""
    cells = [list(frame.columns)] + frame.astype(str).values.tolist()
    widths = [max(len(row[k]) for row in cells) for k in range(len(frame.columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )


def cmd_target_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.targets.check import new_spec

    try:
        text = new_spec(args.name, kind=args.kind)
    except ValueError as err:
        raise UsageError(f"NAME {_one_line(err)}") from None
    folder = Path(args.dir)
    if not folder.is_dir():
        return _fail(f"--dir {args.dir}: no such folder", EXIT_INPUT)
    path = folder / f"{args.name}.yaml"
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(text)
    except FileExistsError:
        return _fail(f"{path} already exists and was left as it is; pick another NAME", EXIT_INPUT)
    print(path)
    return 0


COMMANDS = {
    "quotes": cmd_quotes,
    "speakers": cmd_speakers,
    "analyze": cmd_analyze,
    "target": cmd_target,
}


def _one_line(err: BaseException | str) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _fail(message: str, status: int) -> int:
    print(f"helpers: error: {message}", file=sys.stderr, flush=True)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); return the exit status."""
    debug = bool(os.environ.get("HELPERS_DEBUG"))
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as err:
        return _fail(str(err), EXIT_USAGE)
    except ArticleError as err:
        return _fail(_one_line(err), EXIT_INPUT)
    except BrokenPipeError:  # e.g. `python -m helpers quotes a.txt | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INPUT
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as err:
        if debug:
            raise
        return _fail(
            f"unexpected {type(err).__name__}: {_one_line(err)} "
            "(rerun with HELPERS_DEBUG=1 for the traceback)",
            EXIT_INPUT,
        )


if __name__ == "__main__":
    sys.exit(main())
