"""What the rules share while they read an article: attributions, rows and the article's state.

An :class:`Attribution` says who said a quotation and why: the link rule that tied the quotation
to its cue and speaker phrase, and, when the phrase needed more than reading a name, the
resolution rule that found the speaker. :class:`State` is the reading of one article so far: the
parsed paragraphs, the speaker registry, the rows emitted, who was named in the sentence at hand
and who spoke last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers.quotes.rules import Rule
from helpers.quotes.syntax import Paragraph
from helpers.speakers import UNKNOWN, Speaker, SpeakerRegistry

__all__ = ["Attribution", "Row", "State", "name_of"]


@dataclass
class Attribution:
    """Who said a quotation, and by which rules.

    ``link`` is the rule that tied the quotation to its cue (or the fallback that decided
    without one) and ``link_why`` its reason; ``resolution`` is the rule that resolved the
    speaker phrase when reading a name was not enough (``None`` otherwise) and ``resolve_why``
    its reason. ``complement``: the cue goes on with a that-clause ("expressed his belief that").
    """

    speaker: Speaker | None
    mention: str
    cue: str
    link: Rule | None = None
    link_why: str = ""
    resolution: Rule | None = None
    resolve_why: str = ""
    complement: bool = False

    @property
    def rule(self) -> Rule | None:
        """The rule the row names: the resolution when there was one, else the link."""
        return self.resolution or self.link

    @property
    def explain(self) -> str:
        """Both reasons, the link first: "the quotation … ; “he” stands for X, …"."""
        return "; ".join(p for p in (self.link_why, self.resolve_why) if p)

    def linked(self, link: Rule, why: str, *, cue: str | None = None, complement: bool = False):
        """This speaker and resolution, tied to a quotation by ``link``."""
        return Attribution(self.speaker, self.mention, self.cue if cue is None else cue, link,
                           why, self.resolution, self.resolve_why, complement)  # fmt: skip


@dataclass
class Row:
    """One quotation found: where (paragraph-relative offsets), what kind, and who said it."""

    para: Paragraph
    start: int
    end: int
    kind: str
    attribution: Attribution


@dataclass
class State:
    """The reading of one article so far, in paragraph order."""

    paras: list[Paragraph]
    registry: SpeakerRegistry = field(default_factory=SpeakerRegistry)
    rows: list[Row] = field(default_factory=list)
    #: persons named in the sentence being read, with their paragraph offset
    persons_here: list[tuple[int, Speaker]] = field(default_factory=list)
    #: index of the last paragraph in which somebody was quoted
    last_para_quoted: int = -10
    #: the attribution each cue resolved to (by ``id`` of the cue), for participles that inherit
    cue_speakers: dict[int, Attribution] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {id(p): i for i, p in enumerate(self.paras)}


def name_of(speaker: Speaker | None) -> str:
    return speaker.name if speaker is not None else UNKNOWN
