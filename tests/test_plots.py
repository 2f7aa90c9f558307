"""The figures: each one has a title and labelled axes, uses the colour-blind-safe palette, shows
what the pipeline found (and only that), and saves to identical PNG and SVG files.

The tables here are small synthetic ones with the columns of the pipeline's contracts
(``CONTRIBUTING.md``), so the figures are tested on their own, whatever the upstream stages find.
"""

from __future__ import annotations

from itertools import combinations

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from helpers import plots
from helpers.article import parse_article

SYNTHETIC_TEXT = """Ministers argue over the bases

3-1-2024

The minister said the decision was “a good and wise step for the country.” His rival, Omar Haddad, called it “a dangerous and reckless gamble.”

Reactions

Haddad added that “Minister Karim Salem has lied to the people,” while the analyst Lina Farouk said the plan “is neither good nor bad.”

“We will never accept foreign forces on our soil,” said Omar Haddad. Salem replied: “The forces stay.”

Outlook

Farouk warned that “the coming months will be terribly difficult” for the government.
"""

QUOTES = [
    # (speaker, speaker_id, stance, quote text as it appears in the body)
    ("Karim Salem", "karim-salem", "favor", "a good and wise step for the country."),
    ("Omar Haddad", "omar-haddad", "against", "a dangerous and reckless gamble."),
    ("Omar Haddad", "omar-haddad", "against", "Minister Karim Salem has lied to the people,"),
    ("Lina Farouk", "lina-farouk", "neutral", "is neither good nor bad."),
    ("Omar Haddad", "omar-haddad", "against", "We will never accept foreign forces on our soil,"),
    ("Karim Salem", "karim-salem", "favor", "The forces stay."),
    ("Lina Farouk", "lina-farouk", "neutral", "the coming months will be terribly difficult"),
    (None, None, "neutral", "Haddad added that"),  # an unattributed span, to be left out
]


def synthetic_analysis():
    """An article, its quotes (scored, with stance) and its speakers, in the pipeline's shapes."""
    from helpers.sentiment import score_quotes

    article = parse_article(SYNTHETIC_TEXT, name="synthetic")
    rows = []
    for i, (speaker, sid, stance, text) in enumerate(QUOTES, start=1):
        start = article.body.index(text)
        rows.append(
            {
                "quote_id": i,
                "paragraph": article.paragraph_at(start),
                "section": article.paragraphs.set_index("paragraph").loc[
                    article.paragraph_at(start), "section"
                ],
                "kind": "direct",
                "speaker": speaker,
                "speaker_id": sid,
                "mention": speaker,
                "cue": "said",
                "quote": text,
                "start": start,
                "end": start + len(text),
                "rule": "synthetic",
                "explain": "made by hand for the test",
                "stance": stance,
                "stance_score": {"favor": 1.0, "against": -1.0, "neutral": 0.0}[stance],
                "evidence": f"test evidence for {stance}",
            }
        )
    quotes = score_quotes(pd.DataFrame(rows))
    attributed = quotes[quotes["speaker"].notna()]
    speakers = (
        attributed.groupby(["speaker_id", "speaker"], sort=True)
        .agg(
            quotes=("quote_id", "size"),
            words=("words", "sum"),
            polarity=("polarity", "mean"),
            subjectivity=("subjectivity", "mean"),
            vader=("vader", "mean"),
            stance=("stance", "first"),
        )
        .reset_index()
    )
    speakers["polarity_low"] = speakers["polarity"] - 0.1
    speakers["polarity_high"] = speakers["polarity"] + 0.1
    roles = {
        "karim-salem": ("minister", ["Salem", "the minister"]),
        "lina-farouk": ("analyst", ["Farouk"]),
        "omar-haddad": ("opposition leader", ["Haddad"]),
    }
    speakers["role"] = speakers["speaker_id"].map(lambda s: roles[s][0])
    speakers["aliases"] = speakers["speaker_id"].map(lambda s: roles[s][1])
    return article, quotes, speakers


@pytest.fixture(scope="module")
def data():
    plots.set_theme()
    return synthetic_analysis()


def _figures(data) -> dict[str, Figure]:
    article, quotes, speakers = data
    return {
        "speaker_polarity": plots.speaker_polarity(speakers),
        "polarity_subjectivity": plots.polarity_subjectivity(quotes),
        "stance_by_speaker": plots.stance_by_speaker(quotes),
        "article_flow": plots.article_flow(quotes, article),
        "speaker_volume": plots.speaker_volume(speakers),
        "tool_agreement": plots.tool_agreement(quotes),
        "speaker_network": plots.speaker_network(quotes, speakers),
    }


@pytest.fixture(scope="module")
def figures(data):
    return _figures(data)


def _title(fig: Figure) -> str:
    sup = fig.get_suptitle()
    return sup or fig.axes[0].get_title()


# ----------------------------------------------------------------------------- every figure


@pytest.mark.parametrize(
    "name",
    [
        "speaker_polarity",
        "polarity_subjectivity",
        "stance_by_speaker",
        "article_flow",
        "speaker_volume",
        "tool_agreement",
        "speaker_network",
    ],
)
def test_each_figure_has_a_title_and_labelled_axes(figures, name):
    fig = figures[name]
    assert isinstance(fig, Figure)
    assert _title(fig).strip(), f"{name} has no title"
    for ax in fig.axes:
        assert ax.get_xlabel().strip(), f"{name}: an x axis without a label"
    assert fig.axes[0].get_ylabel().strip(), f"{name}: the y axis has no label"


def test_every_figure_function_has_an_honest_empty_version(data):
    article, quotes, speakers = data
    empty_q, empty_s = quotes.iloc[0:0], speakers.iloc[0:0]
    figs = [
        plots.speaker_polarity(empty_s),
        plots.polarity_subjectivity(empty_q),
        plots.stance_by_speaker(empty_q),
        plots.article_flow(empty_q, article),
        plots.speaker_volume(empty_s),
        plots.tool_agreement(empty_q),
        plots.speaker_network(empty_q, empty_s),
    ]
    for fig in figs:
        assert _title(fig)
        texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
        assert "no" in texts.lower(), "an empty figure must say what is missing"


# ----------------------------------------------------------------------------- palette


def test_palette_is_okabe_ito_and_stance_colours_are_fixed():
    okabe_ito = {
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    }  # fmt: skip
    assert set(plots.PALETTE) == okabe_ito
    assert plots.STANCE_COLORS == {"favor": "#0072B2", "against": "#D55E00", "neutral": "#999999"}
    assert len(set(plots.STANCE_COLORS.values())) == 3


def test_theme_makes_the_palette_the_default_colour_cycle():
    import matplotlib as mpl

    plots.set_theme()
    cycle = [mcolors.to_hex(c["color"]).upper() for c in mpl.rcParams["axes.prop_cycle"]]
    assert cycle[: len(plots.PALETTE)] == plots.PALETTE


def _facecolors(fig: Figure) -> set[str]:
    out = set()
    for ax in fig.axes:
        for coll in ax.collections:
            out |= {mcolors.to_hex(c).upper() for c in coll.get_facecolors()}
        out |= {mcolors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
    return out


def test_stance_figure_uses_the_stance_colours_and_counts_quotes(figures):
    fig = figures["stance_by_speaker"]
    ax = fig.axes[0]
    used = {mcolors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
    assert used == set(plots.STANCE_COLORS.values())
    # Omar Haddad: three quotes against; the bar lengths are quote counts
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Omar Haddad", "the most quoted speaker comes first (top)"
    against = [p for p in ax.patches if mcolors.to_hex(p.get_facecolor()).upper() == "#D55E00"]
    assert max(p.get_width() for p in against) == 3


def test_unattributed_quotes_count_as_unattributed_not_as_a_speaker(figures):
    labels = [t.get_text() for t in figures["stance_by_speaker"].axes[0].get_yticklabels()]
    assert plots.UNATTRIBUTED in labels
    assert "None" not in labels and "nan" not in labels


def test_stance_figure_without_a_target_says_so(data):
    _, quotes, _ = data
    fig = plots.stance_by_speaker(quotes.drop(columns=["stance"]))
    assert "no stance target" in " ".join(t.get_text() for t in fig.axes[0].texts).lower()


def test_polarity_figure_colours_each_speaker_by_stance(figures, data):
    _, _, speakers = data
    fig = figures["speaker_polarity"]
    ax = fig.axes[0]
    colours = [
        mcolors.to_hex(line.get_color()).upper() for line in ax.lines if line.get_marker() == "o"
    ]
    assert set(colours) == set(plots.STANCE_COLORS.values())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(speakers["speaker"])


# ----------------------------------------------------------------------------- labels never overlap


def _text_box(ann, renderer):
    """The box of a label's text alone (an Annotation's own extent includes its leader line)."""
    ann.update_positions(renderer)
    return Text.get_window_extent(ann, renderer)


def _label_boxes(fig: Figure):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    anns = [t for t in ax.texts if type(t).__name__ == "Annotation"]
    return [_text_box(a, renderer) for a in anns], anns


@pytest.mark.parametrize(
    "name, expected",
    [("polarity_subjectivity", 4), ("speaker_network", 3)],  # the scatter labels unattributed too
)
def test_speaker_labels_do_not_overlap(figures, name, expected):
    boxes, anns = _label_boxes(figures[name])
    assert len(anns) == expected, "one label per speaker"
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b), "two speaker labels overlap"


def test_crowded_labels_are_pushed_apart():
    """Twelve speakers at the very same point still get twelve separate labels."""
    fig = Figure(figsize=(6, 4))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(-1, 1)
    ax.set_ylim(0, 1)
    names = [f"Speaker number {i}" for i in range(12)]
    anns = plots.place_labels(ax, [(0.0, 0.5)] * 12, names)
    renderer = fig.canvas.get_renderer()
    boxes = [_text_box(a, renderer) for a in anns]
    assert [a.get_text() for a in anns] == names
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)


# ----------------------------------------------------------------------------- agreement, network


def test_tool_agreement_title_reports_spearman_and_label_agreement(figures, data):
    _, quotes, _ = data
    title = figures["tool_agreement"].axes[0].get_title()
    assert "Spearman" in title
    assert f"of {len(quotes)} quotes" in title


def test_network_links_speakers_quoted_together_in_turn_and_by_name(data):
    _, quotes, speakers = data
    g = plots.speaker_graph(quotes, speakers)
    assert sorted(g.nodes) == ["Karim Salem", "Lina Farouk", "Omar Haddad"]
    assert g.nodes["Omar Haddad"]["quotes"] == 3
    # Haddad's quote names "Minister Karim Salem": an arrow from Haddad to Salem
    assert g.has_edge("Omar Haddad", "Karim Salem", key="names")
    # Haddad and Farouk are quoted in the same paragraph (both ways)
    assert g.has_edge("Omar Haddad", "Lina Farouk", key="together")
    assert g.has_edge("Lina Farouk", "Omar Haddad", key="together")
    # Haddad is quoted right after Salem in the introduction; Salem replies last in "Reactions"
    assert g.has_edge("Karim Salem", "Omar Haddad", key="follows")
    assert g["Omar Haddad"]["Karim Salem"]["follows"]["weight"] == 1
    # nothing Farouk says names anybody, and nobody follows across a section break
    assert not any(k == "names" for _, _, k in g.out_edges("Lina Farouk", keys=True))
    assert not g.has_edge("Karim Salem", "Lina Farouk", key="follows")
    assert plots.UNATTRIBUTED not in g


def test_a_surname_inside_a_longer_word_is_not_a_mention(data):
    _, quotes, speakers = data
    q = quotes.copy()
    q.loc[q["speaker"] == "Lina Farouk", "quote"] = "The Salemite and Haddadian views differ."
    g = plots.speaker_graph(q, speakers)
    assert not any(k == "names" for _, _, k in g.out_edges("Lina Farouk", keys=True))


def test_article_flow_shades_every_section(figures, data):
    article, _, _ = data
    ax = figures["article_flow"].axes[0]
    names = {t.get_text() for t in ax.texts}
    assert {"1. Introduction", "2. Reactions", "3. Outlook"} <= names


# ----------------------------------------------------------------------------- saving


def test_save_writes_png_and_svg_identically_twice(data, tmp_path):
    article, quotes, speakers = data
    first = plots.save_figure(plots.speaker_volume(speakers), "volume", tmp_path / "a")
    second = plots.save_figure(plots.speaker_volume(speakers), "volume", tmp_path / "b")
    assert [p.name for p in first] == ["volume.png", "volume.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.stat().st_size > 1000
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"
    svg = first[1].read_text()
    assert "<dc:date>" not in svg
    assert first[0].read_bytes().startswith(b"\x89PNG")


def test_save_refuses_a_name_that_is_a_path(data, tmp_path):
    _, _, speakers = data
    with pytest.raises(ValueError, match="figure name"):
        plots.save_figure(plots.speaker_volume(speakers), "../escape", tmp_path)


def test_polarity_color_tints_negative_vermillion_and_positive_blue():
    neg, pos = plots.polarity_color(-1.0), plots.polarity_color(1.0)
    r, g, b = mcolors.to_rgb(neg)
    assert r > b, "negative polarity is a warm (vermillion) tint"
    r, g, b = mcolors.to_rgb(pos)
    assert b > r, "positive polarity is a cool (blue) tint"
    assert plots.polarity_color(0.0) == "#ffffff"
    assert plots.polarity_color(float("nan")) == "#ffffff"


def test_agreement_numbers_match_the_figure_title(figures, data):
    _, quotes, _ = data
    stats = plots.tool_agreement_stats(quotes)
    title = figures["tool_agreement"].axes[0].get_title()
    assert stats["n"] == len(quotes)
    assert f"same label for {stats['same']} of {stats['n']} quotes" in title
    assert f"ρ = {stats['spearman']:.2f}" in title
    assert 0 <= stats["same"] <= stats["n"]
