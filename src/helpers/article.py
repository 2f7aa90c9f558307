"""Read, decode and clean one news article into an :class:`Article`.

The loader is the first stage of the pipeline (load -> quotes -> speakers -> sentiment -> stance).
It accepts the plain-text layout that scraped news pieces usually have::

    Title line
    (the title repeated)
    1-3-2024                      <- a date line
    Body paragraph, one per line ...
    Short heading without final punctuation
    More paragraphs ...
    rawabetcenter.com             <- a trailing source line

as well as Markdown (``# Title``, ``## Heading``) and saved HTML pages (main text extracted with
trafilatura). Everything the cleaner changes is recorded in ``Article.cleaning_log`` so that a
reader can see what was repaired; quotation marks are never edited, only audited
(:func:`quote_mark_audit`).

Offsets: ``Article.body`` is the cleaned body, paragraphs joined by a blank line. Each row of
``Article.paragraphs`` has ``start``/``end`` such that ``body[start:end] == text``. All later
stages report offsets into this same string.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.marks import DOUBLE_CLOSE, DOUBLE_OPEN, SINGLE_OPEN, STRAIGHT_DOUBLE
from helpers.wordlists import abbreviations, function_words, reporting_forms

__all__ = [
    "Article",
    "ArticleError",
    "ArticleNotFoundError",
    "BinaryInputError",
    "EmptyArticleError",
    "NotEnglishError",
    "TooLargeError",
    "UndecodableTextError",
    "load_article",
    "parse_article",
    "quote_mark_audit",
    "section_summary",
    "split_sentences",
    "word_count",
]

#: Name given to the paragraphs that come before the first heading.
LEAD_SECTION = "Introduction"
#: Files larger than this are refused with a clear error (a news article is a few tens of KB).
MAX_BYTES = 20_000_000
PARAGRAPH_SEPARATOR = "\n\n"
#: Columns of ``Article.paragraphs``.
PARAGRAPH_COLUMNS = ["section", "paragraph", "text", "start", "end"]


# --------------------------------------------------------------------------- errors


class ArticleError(ValueError):
    """Input that cannot be read as an English news article. ``str(err)`` is one line."""


class ArticleNotFoundError(ArticleError, FileNotFoundError):
    """The path does not exist or is not a file."""


class EmptyArticleError(ArticleError):
    """The file is empty or holds only white space."""


class BinaryInputError(ArticleError):
    """The file is not text (NUL bytes or many control characters)."""


class UndecodableTextError(ArticleError):
    """The bytes are not text in any encoding we can recognise."""


class TooLargeError(ArticleError):
    """The file is larger than :data:`MAX_BYTES`."""


class NotEnglishError(ArticleError):
    """The text is not English; only English is supported."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Article:
    """One cleaned article.

    Attributes:
        title: the headline, once.
        date: publication date, or None when the text carries none.
        source: the publishing site or outlet named in the text (e.g. ``rawabetcenter.com``).
        body: cleaned body text; paragraphs joined by ``PARAGRAPH_SEPARATOR``.
        paragraphs: DataFrame with columns ``section``, ``paragraph`` (1-based), ``text``,
            ``start``, ``end`` (offsets into ``body``).
        sections: section headings in reading order, starting with ``LEAD_SECTION``.
        cleaning_log: one human-readable line per repair the cleaner made.
        encoding: the encoding the bytes were decoded with.
        path: where it was read from, if from a file.
    """

    title: str
    date: dt.date | None
    source: str | None
    body: str
    paragraphs: pd.DataFrame
    sections: list[str]
    cleaning_log: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    path: Path | None = None

    @property
    def id(self) -> str:
        """A stable identifier: the file stem, or a slug of the title."""
        if self.path is not None:
            return self.path.stem
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60] or "article"

    def paragraph_at(self, offset: int) -> int:
        """The 1-based paragraph number that contains body offset ``offset``."""
        rows = self.paragraphs[self.paragraphs["start"] <= offset]
        return int(rows["paragraph"].iloc[-1]) if len(rows) else 1

    def sentences(self) -> pd.DataFrame:
        """Sentences of the body: ``paragraph``, ``section``, ``sentence``, ``text``, ``start``, ``end``."""
        rows = []
        for para in self.paragraphs.itertuples(index=False):
            for i, (s, e) in enumerate(split_sentences(para.text), start=1):
                rows.append(
                    {
                        "section": para.section,
                        "paragraph": para.paragraph,
                        "sentence": i,
                        "text": para.text[s:e],
                        "start": para.start + s,
                        "end": para.start + e,
                    }
                )
        return pd.DataFrame(
            rows, columns=["section", "paragraph", "sentence", "text", "start", "end"]
        )

    @classmethod
    def from_paragraphs(
        cls, paragraphs: Sequence[str], *, title: str = "", section: str = LEAD_SECTION
    ) -> Article:
        """An article made of ``paragraphs`` as given, in one section, with no cleaning.

        The body is the paragraphs joined by ``PARAGRAPH_SEPARATOR`` and each paragraph keeps
        its text exactly, so ``Article.from_paragraphs(body.split("\\n\\n")).body == body``.
        Use :func:`load_article` or :func:`parse_article` for a real article (title, date,
        headings, repairs); this is for text that is already a list of paragraphs.
        """
        records, offset = [], 0
        for number, text in enumerate(paragraphs, start=1):
            records.append(
                {
                    "section": section,
                    "paragraph": number,
                    "text": text,
                    "start": offset,
                    "end": offset + len(text),
                }
            )
            offset += len(text) + len(PARAGRAPH_SEPARATOR)
        return cls(
            title=title,
            date=None,
            source=None,
            body=PARAGRAPH_SEPARATOR.join(paragraphs),
            paragraphs=pd.DataFrame(records, columns=PARAGRAPH_COLUMNS),
            sections=[section],
        )

    @classmethod
    def from_text(cls, text: str) -> Article:
        """Paragraphs of plain ``text``: blocks between blank lines, or its lines when it has no
        blank line; white space around each is stripped and empty ones are dropped. No title,
        date or headings are looked for (that is :func:`parse_article`)."""
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        if len(blocks) <= 1:
            blocks = [b.strip() for b in text.split("\n") if b.strip()]
        return cls.from_paragraphs(blocks)

    def __repr__(self) -> str:  # short, deterministic (no memory address) for notebooks
        return (
            f"Article(title={self.title!r}, date={self.date}, source={self.source!r}, "
            f"sections={len(self.sections)}, paragraphs={len(self.paragraphs)}, "
            f"chars={len(self.body)})"
        )


# --------------------------------------------------------------------------- reading


def load_article(path: str | Path, *, date_order: str = "MDY") -> Article:
    """Read the file at ``path`` and return the cleaned :class:`Article`.

    Plain text, Markdown (``.md``) and HTML (detected by content, not only by suffix) are
    accepted. ``date_order`` settles ambiguous numeric dates such as ``1-3-2024``: "MDY" (the
    default, used by the English editions of the regional sites we target) or "DMY".

    Raises:
        ArticleError (a subclass naming the problem) with a one-line message for a missing,
        empty, binary, undecodable, oversized or non-English file.
    """
    path = Path(path)
    if not path.is_file():
        raise ArticleNotFoundError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TooLargeError(f"{path}: {size:,} bytes is larger than the {MAX_BYTES:,} byte limit")
    text, encoding = decode_bytes(path.read_bytes(), name=str(path))
    article = parse_article(text, date_order=date_order, name=str(path))
    return _replace(article, encoding=encoding, path=path)


def decode_bytes(data: bytes, *, name: str = "input") -> tuple[str, str]:
    """Decode ``data`` to text and say which encoding was used.

    UTF-8 (with or without BOM) and UTF-16 with BOM are tried first. Mostly-ASCII text with a
    few high bytes (an English article saved in a Western legacy encoding, curly quotes at
    0x93/0x94) is read as Windows-1252, the superset of Latin-1 that such files use in practice.
    Otherwise charset-normalizer picks the most plausible legacy encoding (Windows-1256, ...).
    """
    if not data:
        raise EmptyArticleError(f"{name}: the file is empty")
    if not data.strip():
        raise EmptyArticleError(f"{name}: the file holds only white space")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096] or _control_share(data[:4096]) > 0.1:
        raise BinaryInputError(f"{name}: this is a binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    high = sum(1 for b in data if b >= 0x80)
    if high / len(data) < 0.1:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UndecodableTextError(f"{name}: the bytes are not text in any known encoding")
    return str(best), best.encoding


def _control_share(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 13, 12))
    return controls / max(len(data), 1)


def _replace(article: Article, **changes) -> Article:
    from dataclasses import replace

    return replace(article, **changes)


# --------------------------------------------------------------------------- parsing

_HTML_HINT = re.compile(r"<(!doctype html|html|body|head|p|div|article)\b", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_DOMAIN = re.compile(
    r"^(?:source:\s*)?(?:https?://)?(?:www\.)?([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})/?\S*$",
    re.I,
)
_SOURCE_LINE = re.compile(r"^(?:source|sources|via)\s*:\s*(.{2,80})$", re.I)
_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for m in names
}


def parse_article(text: str, *, date_order: str = "MDY", name: str = "input") -> Article:
    """Parse already-decoded ``text`` (plain text, Markdown or HTML) into an :class:`Article`."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    if not text.strip():
        raise EmptyArticleError(f"{name}: the file holds only white space")
    log: list[str] = []
    meta: dict[str, object] = {}
    if _looks_like_html(text):
        text, meta = _html_to_text(text, name)
        log.append("extracted the main text of an HTML page with trafilatura")
    _check_english(text, name)

    blocks = _blocks(text)
    title, blocks = _take_title(blocks, meta, log)
    date, blocks = _take_date(blocks, meta, date_order, log)
    source, blocks = _take_source(blocks, meta, log)
    rows = _paragraph_rows(blocks, title, log)
    if not rows:
        raise EmptyArticleError(f"{name}: no body text after the title")

    body_parts, records, offset = [], [], 0
    for number, (section, para) in enumerate(rows, start=1):
        if body_parts:
            offset += len(PARAGRAPH_SEPARATOR)
        records.append(
            {
                "section": section,
                "paragraph": number,
                "text": para,
                "start": offset,
                "end": offset + len(para),
            }
        )
        body_parts.append(para)
        offset += len(para)
    paragraphs = pd.DataFrame(records, columns=PARAGRAPH_COLUMNS)
    sections = list(dict.fromkeys(paragraphs["section"]))
    return Article(
        title=title,
        date=date,
        source=source,
        body=PARAGRAPH_SEPARATOR.join(body_parts),
        paragraphs=paragraphs,
        sections=sections,
        cleaning_log=log,
    )


def _looks_like_html(text: str) -> bool:
    head = text[:5000]
    return bool(_HTML_HINT.search(head)) and len(re.findall(r"</?[a-zA-Z][^>]*>", head)) >= 3


def _html_to_text(html: str, name: str) -> tuple[str, dict[str, object]]:
    """Main text of an HTML page via trafilatura; scripts and navigation never reach the body."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True, favor_recall=True
    )
    if doc is None:
        raise EmptyArticleError(f"{name}: the HTML page has no main text to extract")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        raise EmptyArticleError(f"{name}: the HTML page has no main text to extract")
    # trafilatura separates paragraphs with single newlines; make each a block.
    body = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    meta = {
        "title": data.get("title"),
        "date": data.get("date"),
        "source": data.get("sitename") or data.get("hostname"),
    }
    return body, meta


def _check_english(text: str, name: str) -> None:
    """Refuse text that is clearly not English (only English is supported)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40:
        return  # too short to judge; let the rest of the pipeline decide
    latin = sum(1 for c in letters if ord(c) < 0x250)
    words = re.findall(r"[a-z]+", text.lower())
    common = function_words()
    share = sum(1 for w in words if w in common) / max(len(words), 1)
    if latin / len(letters) < 0.5 or (len(words) >= 30 and share < 0.08):
        raise NotEnglishError(
            f"{name}: the text does not look like English; only English is supported"
        )


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Non-empty lines as ``(line, is_markdown_heading_level)``; blank lines mark groups.

    Returns a list of ``(line, isolated)`` where ``isolated`` says the line stands alone between
    blank lines (or file edges), or after a blank line right on top of a much longer line that
    ends as a sentence does: a property of headings.
    """
    lines = [ln.strip() for ln in text.split("\n")]
    out = []
    for i, line in enumerate(lines):
        if not line:
            continue
        before = i == 0 or not lines[i - 1]
        after = i == len(lines) - 1 or not lines[i + 1]
        # a heading may sit right on top of its first paragraph, with no blank line between
        on_top = not after and _paragraph_like(lines[i + 1]) and len(lines[i + 1]) > 2 * len(line)
        out.append((line, before and (after or on_top)))
    return out


def _paragraph_like(line: str) -> bool:
    """A line that ends as a sentence does (a paragraph, not another heading)."""
    return bool(re.search(r"[.!?:”\"’']\s*$", line))


def _norm(s: str) -> str:
    """Lowercase letters and digits only: for comparing titles that lost punctuation."""
    return "".join(c for c in s.lower() if c.isalnum())


def _take_title(blocks, meta, log):
    md = _MD_HEADING.match(blocks[0][0])
    if meta.get("title"):
        title = str(meta["title"]).strip()
    elif md:
        title = md.group(2)
        blocks = blocks[1:]
    else:
        title = blocks[0][0]
        blocks = blocks[1:]
    # The title repeated by the scraper, exactly or without punctuation.
    while blocks and _norm(_MD_HEADING.sub(r"\2", blocks[0][0])) == _norm(title):
        log.append("removed a repeated copy of the title")
        blocks = blocks[1:]
    return title, blocks


def _take_date(blocks, meta, date_order, log):
    if meta.get("date"):
        parsed = parse_date(str(meta["date"]), date_order)
        if parsed:
            return parsed, blocks
    for i, (line, _) in enumerate(blocks[:3]):
        parsed = parse_date(line, date_order)
        if parsed:
            log.append(f"read the date line {line!r} as {parsed.isoformat()} ({date_order})")
            return parsed, blocks[:i] + blocks[i + 1 :]
    return None, blocks


#: A weekday before a date, with or without a comma ("Sunday 2 November 2025").
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+",
    re.IGNORECASE,
)


def parse_date(line: str, date_order: str = "MDY") -> dt.date | None:
    """A date written alone on a line: ``1-3-2024``, ``2024-01-03``, ``January 3, 2024``, ...

    Numeric day/month order is settled by the numbers when one exceeds 12, otherwise by
    ``date_order``. Returns None when the line is not just a date.
    """
    s = _WEEKDAY.sub("", line.strip().strip(".").strip())  # "Sunday 2 November 2025"
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.+Z-]*)?", s)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", s)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        if a > 12 or (b <= 12 and date_order.upper() == "DMY"):
            a, b = b, a  # day first
        return _safe_date(year, a, b)
    m = re.fullmatch(r"(?:\w+,\s*)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s)
    if m and m[1].lower() in _MONTHS:
        return _safe_date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    m = re.fullmatch(r"(?:\w+,\s*)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})", s)
    if m and m[2].lower() in _MONTHS:
        return _safe_date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _take_source(blocks, meta, log):
    if blocks:
        line = blocks[-1][0]
        m = _DOMAIN.match(line) or _SOURCE_LINE.match(line)
        if m:
            log.append(f"took the trailing line {line!r} as the source")
            return m.group(1), blocks[:-1]
    if meta.get("source"):
        return str(meta["source"]), blocks
    return None, blocks


def _is_heading(line: str, isolated: bool) -> bool:
    """A short stand-alone line without final punctuation, or a Markdown heading."""
    if _MD_HEADING.match(line):
        return True
    if not isolated:
        return False
    words = line.split()
    return 1 <= len(words) <= 12 and not re.search(r"[.!?:;,”\"’']\s*$", line)


def _paragraph_rows(blocks, title, log) -> list[tuple[str, str]]:
    section, rows = LEAD_SECTION, []
    for line, isolated in blocks:
        if _is_heading(line, isolated):
            section = _MD_HEADING.sub(r"\2", line)
            continue
        line = _MD_HEADING.sub(r"\2", line)
        if not rows:
            line = _unglue_title(line, title, log)
            if not line:
                continue
        line = _drop_fragments(line, log)
        if line:
            rows.append((section, line))
    return rows


def _unglue_title(para: str, title: str, log: list[str]) -> str:
    """Remove a copy of the title glued to the first sentence ("...in IraqThe Iraqis ...")."""
    target = _norm(title)
    if not target or not _norm(para).startswith(target):
        return para
    consumed, cut = 0, 0
    for i, ch in enumerate(para):
        if ch.isalnum():
            consumed += 1
            if consumed == len(target):
                cut = i + 1
                break
    rest = para[cut:].lstrip(" ?!.:-–—")
    log.append(
        f"separated the title glued to the first sentence ({para[:cut][-25:]!r}|{rest[:20]!r})"
    )
    return rest


#: A scraped fragment: a 1-3 word "sentence" that starts in lower case after a full stop
#: ("... largest supporter. current. In addition"), or a short paragraph-final tail right after
#: a closing quotation mark ('... on institutions.” Official and military.'). Both are link or
#: caption residue from scraping, not prose; but only when no word of it is a verb (see
#: :func:`_debris`): '“…,” Moore said.' and "the U.S. military." are a reader's sentences.
_LOWER_FRAGMENT = re.compile(r"(?<=[.!?]) ([a-z][\w-]*(?: [\w-]+){0,2}\.)(?= [A-Z“\"]|$)")
_TAIL_FRAGMENT = re.compile(r"(?<=[.!?,][”\"]) ([A-Z][a-z-]*(?: [a-z-]+){0,2}\.)$")
#: Verbs a sentence of three words or fewer may hang on, beside the reporting verbs.
_VERBS = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "am",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "do",
        "does",
        "did",
        "says",
        "said",
    ]
)


def _drop_fragments(para: str, log: list[str]) -> str:
    """``para`` without the scraping debris of :data:`_LOWER_FRAGMENT` and :data:`_TAIL_FRAGMENT`;
    every removal is logged."""
    for pattern in (_LOWER_FRAGMENT, _TAIL_FRAGMENT):
        for m in list(pattern.finditer(para))[::-1]:
            if not _debris(para, m):
                continue
            log.append(f"removed the scraped fragment {m.group(1)!r}")
            para = para[: m.start()] + para[m.end() :]
    return para


def _debris(para: str, m: re.Match) -> bool:
    """Whether a matched fragment is residue, not a sentence: it holds no verb, and the full stop
    before it does not end an abbreviation or an initial ("the U.S. military.")."""
    words = re.findall(r"[a-z’'-]+", m.group(1).lower())
    if any(w in _VERBS or w in reporting_forms() for w in words):
        return False
    before = para[: m.start()].split()
    last = before[-1].lower().lstrip("“‘\"'(") if before else ""
    return not (last in abbreviations() or re.fullmatch(r"(?:[a-z]\.)+", last))


# --------------------------------------------------------------------------- sentences and words


_BOUNDARY = re.compile(r"[.!?]+[”’\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` without NLTK data.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotation marks or brackets after
    it, so ``.”`` stays with its sentence) followed by white space and a capital, digit or
    opening mark. Known abbreviations (``U.S.``, ``Dr.``, ``Gen.``: see
    ``data/abbreviations.txt``) and single initials do not end a sentence.
    """
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        word = re.search(r"(\S+)$", text[start : m.start() + 1])
        token = word.group(1).lstrip("“‘\"'(").lower() if word else ""
        if token in abbreviations() or re.fullmatch(r"[a-z]\.", token):
            continue
        end = m.end()
        if text[start:end].strip():
            spans.append(_strip_span(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_strip_span(text, start, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[’'\-.][A-Za-z0-9\u00C0-\u024F]+)*")


def word_count(text: str) -> int:
    """Words in ``text`` (letters/digits joined by apostrophes, hyphens or inner dots)."""
    return len(_WORD.findall(text))


def section_summary(article: Article) -> pd.DataFrame:
    """Paragraphs, sentences and words per section, in reading order."""
    sents = article.sentences()
    rows = []
    for number, section in enumerate(article.sections, start=1):
        paras = article.paragraphs[article.paragraphs["section"] == section]
        rows.append(
            {
                "section_number": number,
                "section": section,
                "paragraphs": len(paras),
                "sentences": int((sents["section"] == section).sum()),
                "words": int(paras["text"].map(word_count).sum()),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- quotation-mark audit


def quote_mark_audit(article: Article) -> pd.DataFrame:
    """Count quotation marks per paragraph and say where they do not balance.

    Curly apostrophes between letters (``Tehran’s``) are apostrophes, not quotation marks.
    Columns: ``paragraph``, ``section``, ``opening``, ``closing``, ``straight``, ``single_open``,
    ``single_close``, ``balanced``, ``note``. Marks are reported, never edited.
    """
    rows = []
    for para in article.paragraphs.itertuples(index=False):
        t = para.text
        opening = sum(t.count(c) for c in DOUBLE_OPEN)
        closing = sum(t.count(c) for c in DOUBLE_CLOSE)
        straight = t.count(STRAIGHT_DOUBLE)
        single_open = sum(t.count(c) for c in SINGLE_OPEN)
        single_close = len(re.findall(r"’(?![A-Za-z])", t)) - len(re.findall(r"(?<=s)’(?=\s)", t))
        notes = []
        if opening != closing:
            notes.append(f"{opening} opening vs {closing} closing curly double marks")
        if straight % 2:
            notes.append(f"odd number ({straight}) of straight double marks")
        if re.search(r"[”\"]\s*[“\"]\s*[.,]", t) or re.search(r"\s“\s*[.,]", t):
            notes.append("stray opening mark before punctuation")
        rows.append(
            {
                "paragraph": para.paragraph,
                "section": para.section,
                "opening": opening,
                "closing": closing,
                "straight": straight,
                "single_open": single_open,
                "single_close": max(single_close, 0),
                "balanced": not notes,
                "note": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows)
