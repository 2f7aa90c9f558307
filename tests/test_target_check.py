"""`target check` and `target new`: every problem of a spec with its line, and what it finds.

What must hold: each check (a-h of `helpers.targets.check.check_spec`) reports its problem at the
line of the offending key or entry, with the level that says how bad it is and words that say
what to do; the bundled and development specs pass with no error; a spec that passes loads;
`explain_matches` counts what the stance rules would match (lemmas included); `target new`
writes a skeleton that passes once refers_to is filled, and never overwrites a file.
Specs are small files in `tmp_path`; only one full article is parsed.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from helpers.__main__ import main
from helpers.article import Article
from helpers.targets import load_target
from helpers.targets import spec as spec_module
from helpers.targets.check import (
    BLOCK_FIELDS,
    Message,
    check_spec,
    explain_matches,
    new_spec,
    speaker_report,
)

from conftest import ROOT

BUNDLED_SPECS = sorted((ROOT / "src" / "helpers" / "data" / "targets").glob("*.yaml"))
DEV_SPECS = sorted((ROOT / "data" / "dev" / "stance" / "specs").glob("*.yaml"))
DEV_ARTICLE = ROOT / "data" / "dev" / "stance" / "sda-01-tigris-water-releases.txt"

#: The smallest valid spec; tests add the lines they need after it.
BASE = """\
name: my-target
label: My target
kind: state
refers_to:
  - alcohol ban
"""


def write_spec(tmp_path: Path, text: str, file_name: str = "my-target.yaml") -> Path:
    path = tmp_path / file_name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``path`` that contains ``needle``."""
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[nth - 1]


def only(messages: list[Message], level: str) -> list[Message]:
    return [m for m in messages if m.level == level]


def the_message(messages: list[Message], level: str, word: str) -> Message:
    """The one message of ``level`` whose text contains ``word``."""
    found = [m for m in messages if m.level == level and word in m.text]
    assert len(found) == 1, f"expected one {level} with {word!r}, got {messages}"
    return found[0]


def test_the_smallest_spec_has_nothing_to_report(tmp_path):
    assert check_spec(write_spec(tmp_path, BASE)) == []


# --------------------------------------------------------------------------- a. file name


def test_a_snake_case_file_name_is_an_error_naming_the_kebab_case_file(tmp_path):
    text = "label: My topic\n" + BASE.replace("my-target", "my_topic").replace(
        "label: My target\n", ""
    )
    path = write_spec(tmp_path, text, "my_topic.yaml")  # name on line 2: the loader says line 1
    message = the_message(check_spec(path), "error", "kebab-case")
    assert message.line == line_of(path, "name:")
    assert "my-topic.yaml" in message.text and "set name: my-topic" in message.text


def test_a_name_other_than_the_file_stem_is_an_error(tmp_path):
    path = write_spec(tmp_path, BASE.replace("name: my-target", "name: other-target"))
    message = the_message(check_spec(path), "error", "differs")
    assert message.line == line_of(path, "name:")
    assert "name: my-target" in message.text


# --------------------------------------------------------------------------- b. unknown keys


@pytest.mark.parametrize(
    ("extra", "bad_line", "suggestion"),
    [
        ("refer_to: [ban]\n", "refer_to", "did you mean 'refers_to'"),
        ("cues:\n  - {match: [ban], valance: 1, weight: 1, kind: attitude}\n", "valance",
         "did you mean 'valence'"),
        ("events:\n  removal:\n    polarty: -1\n    words: [lift]\n", "polarty",
         "did you mean 'polarity'"),
        ("scope:\n  max_paths: 3\n", "max_paths", "did you mean 'max_path'"),
        ("decision:\n  quote_treshold: 2\n", "quote_treshold", "did you mean 'quote_threshold'"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_an_error_with_a_suggestion(tmp_path, extra, bad_line, suggestion):
    path = write_spec(tmp_path, BASE + extra)
    message = the_message(check_spec(path), "error", suggestion)
    assert message.line == line_of(path, bad_line)


def test_a_key_written_twice_is_an_error_at_the_second(tmp_path):
    path = write_spec(tmp_path, BASE + "refers_to: [ban on alcohol]\n")
    message = the_message(check_spec(path), "error", "twice")
    assert message.line == line_of(path, "refers_to", nth=2)


def test_every_scope_and_decision_key_has_a_default():
    assert set(BLOCK_FIELDS["scope"]) | set(BLOCK_FIELDS["decision"]) == set(spec_module._DEFAULTS)


def test_a_spec_using_every_allowed_key_passes_and_loads(tmp_path):
    path = write_spec(
        tmp_path,
        BASE + "events:\n  removal: {polarity: -1, implicit: true, words: [lift]}\n"
        "cues:\n  - {match: [scrap it], valence: -1, weight: 1, kind: demand, comment: x, "
        "negatable: false}\nscope: {max_path: 3, event_path: 1}\n"
        "decision: {quote_threshold: 1, speaker_threshold: 2}\n",
    )
    assert only(check_spec(path), "error") == []
    assert load_target(path).speaker_threshold == 2


# --------------------------------------------------------------------------- c. one word


def test_a_carrier_of_two_words_is_an_error_suggesting_the_noun(tmp_path):
    path = write_spec(tmp_path, BASE + "carriers:\n  - presence\n  - military base\n")
    message = the_message(check_spec(path), "error", "one word")
    assert message.line == line_of(path, "military base")
    assert "'base'" in message.text


def test_a_negator_of_several_words_is_an_error(tmp_path):
    path = write_spec(tmp_path, BASE + "negators:\n  - {words: [never, not at all], factor: -1}\n")
    message = the_message(check_spec(path), "error", "one word")
    assert message.line == line_of(path, "not at all")
    assert message.field == "negators[0].words[1]"


# --------------------------------------------------------------------------- d. never matches


def test_an_entry_of_function_words_only_is_an_error(tmp_path):
    path = write_spec(tmp_path, BASE + "  - the\n")
    message = the_message(check_spec(path), "error", "function words")
    assert message.line == line_of(path, "  - the")


def test_a_lower_case_us_in_a_target_phrase_is_an_error_suggesting_US(tmp_path):
    path = write_spec(tmp_path, BASE + "  - us forces\n")
    message = the_message(check_spec(path), "error", "pronoun")
    assert message.line == line_of(path, "us forces")
    assert "'US forces'" in message.text


def test_a_pronoun_listed_as_anaphor_is_a_warning_that_it_is_ignored(tmp_path):
    path = write_spec(tmp_path, BASE + "anaphors:\n  - the ban\n  - it\n")
    message = the_message(check_spec(path), "warning", "pronoun")
    assert message.line == line_of(path, "  - it")
    assert "ignored" in message.text


def test_an_event_that_is_also_a_target_phrase_is_an_error(tmp_path):
    path = write_spec(tmp_path, BASE + "ends:\n  - Alcohol Ban\n")  # same phrase, once compiled
    message = the_message(check_spec(path), "error", "never counts")
    assert message.line == line_of(path, "Alcohol Ban")


def test_a_cue_inside_a_target_phrase_is_a_warning(tmp_path):
    path = write_spec(
        tmp_path, BASE + "cues:\n  - {match: [ban], valence: -1, weight: 1, kind: evaluation}\n"
    )
    message = the_message(check_spec(path), "warning", "part of 'alcohol ban'")
    assert message.line == line_of(path, "match: [ban]")


def test_a_first_schema_match_with_spaces_and_bars_warns_it_is_read_as_positions(tmp_path):
    path = write_spec(
        tmp_path,
        BASE + "cues:\n  - {valence: -1, weight: 2, kind: demand,\n"
        '     match: "pull out|withdraw"}\n',
    )
    message = the_message(check_spec(path), "warning", "in a row")
    assert message.line == line_of(path, "pull out|withdraw")
    assert "match: [pull out, withdraw]" in message.text


# --------------------------------------------------------------------------- e. duplicates


def test_the_same_phrase_twice_in_a_list_is_an_error_even_spelled_differently(tmp_path):
    path = write_spec(tmp_path, BASE + "  - US forces\n  - U.S. forces\n")
    message = the_message(check_spec(path), "error", "repeats")
    assert message.line == line_of(path, "U.S. forces")
    assert "'US forces'" in message.text


def test_a_phrase_on_both_sides_is_an_error(tmp_path):
    path = write_spec(tmp_path, BASE + "opposite:\n  - alcohol ban\n")
    message = the_message(check_spec(path), "error", "one side")
    assert message.line == line_of(path, "alcohol ban", nth=2)


def test_an_event_that_both_ends_and_continues_the_target_is_an_error(tmp_path):
    path = write_spec(tmp_path, BASE + "ends: [lift, suspend]\ncontinues:\n  - enforce\n  - lift\n")
    message = the_message(check_spec(path), "error", "cannot both")
    assert message.line == line_of(path, "  - lift")
    assert "ends" in message.text and "continues" in message.text


def test_a_cue_word_repeated_in_a_later_cue_never_fires(tmp_path):
    path = write_spec(
        tmp_path,
        BASE + "cues:\n  - {match: [scrap], valence: 1, weight: 2, kind: demand}\n"
        "  - {match: [lift, scrap], valence: 1, weight: 1, kind: demand}\n",
    )
    message = the_message(check_spec(path), "error", "never fires")
    assert message.line == line_of(path, "[lift, scrap]")


# --------------------------------------------------------------------------- f, g. kind, schema


def test_a_spec_without_kind_warns_what_actor_would_change(tmp_path):
    path = write_spec(tmp_path, BASE.replace("kind: state\n", ""))
    message = the_message(check_spec(path), "warning", "kind is not set")
    assert message.line == line_of(path, "name:")
    assert "kind: actor" in message.text


def test_the_first_schema_gets_notes_on_how_to_write_it_now(tmp_path):
    path = write_spec(
        tmp_path,
        BASE + "events:\n  attack:\n    polarity: -1\n    words: [raid]\n"
        'cues:\n  - {match: "demand|demands|call", valence: 1, weight: 2, kind: demand}\n',
    )
    messages = check_spec(path)
    assert only(messages, "error") == [] and only(messages, "warning") == []
    events = the_message(messages, "note", "events block")
    assert events.line == line_of(path, "events:") and "attack -> harms" in events.text
    cue = the_message(messages, "note", "match string")
    assert cue.line == line_of(path, "demand|demands")
    assert "match: [demand, call]" in cue.text, "inflections of a listed lemma are dropped"


# --------------------------------------------------------------------------- h. the loader


def test_what_the_loader_rejects_is_an_error_at_its_line(tmp_path):
    path = write_spec(
        tmp_path,
        BASE + "cues:\n  - match: [scrap]\n    valence: 2\n    weight: 1\n    kind: demand\n",
    )
    message = the_message(check_spec(path), "error", "does not load")
    assert message.line == line_of(path, "valence: 2")
    assert "must be +1 or -1" in message.text


def test_invalid_yaml_is_one_error_at_its_line(tmp_path):
    path = write_spec(tmp_path, BASE + "opposite: [a, b\nends: [lift]\n")
    messages = check_spec(path)
    assert [m.level for m in messages] == ["error"]
    assert "not valid YAML" in messages[0].text
    assert line_of(path, "opposite") <= messages[0].line <= line_of(path, "ends")


# --------------------------------------------------------------------------- the command line


def run_cli(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_file_line_messages_sorted_and_exits_1_on_an_error(tmp_path, capsys):
    path = write_spec(tmp_path, BASE + "anaphors: [they]\ncarriers: [military base]\n")
    code, out, err = run_cli(["target", "check", path], capsys)
    assert code == 1 and err == ""
    lines = [line for line in out.splitlines() if re.match(rf"{re.escape(str(path))}:\d+: ", line)]
    assert [line.split(": ")[1] for line in lines] == ["warning", "error"]
    assert lines[1].startswith(f"{path}:{line_of(path, 'carriers')}: error: ")
    assert [int(line.split(":")[1]) for line in lines] == sorted(
        int(line.split(":")[1]) for line in lines
    )


@pytest.mark.parametrize("spec", BUNDLED_SPECS + DEV_SPECS, ids=lambda p: p.stem)
def test_the_bundled_and_development_specs_pass(spec, capsys):
    code, out, _ = run_cli(["target", "check", spec], capsys)
    assert code == 0, out
    assert ": error: " not in out


def test_the_bundled_specs_are_found_by_name_and_found_to_be_first_schema(capsys):
    code, out, _ = run_cli(["target", "check", "us-military-presence-iraq"], capsys)
    assert code == 0
    assert ": note: the first-schema events block" in out


def test_a_missing_spec_is_one_error_line(tmp_path, capsys):
    code, out, err = run_cli(["target", "check", tmp_path / "nope.yaml"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("helpers: error: ") and len(err.strip().splitlines()) == 1


def test_check_on_an_article_shows_what_matched_and_each_speaker(capsys):
    spec = ROOT / "data" / "dev" / "stance" / "specs" / f"{DEV_ARTICLE.stem}.yaml"
    code, out, _ = run_cli(["target", "check", spec, DEV_ARTICLE], capsys)
    assert code == 0
    assert f"What each entry matched in {DEV_ARTICLE}" in out and "\nSpeakers\n" in out
    assert re.search(r"^refers_to\s+Ankara\s+[1-9]", out, re.M), "Ankara is named in the article"
    assert "<- no match" in out
    assert "Turkish embassy in Baghdad: favor" in out


# --------------------------------------------------------------------------- on an article


@pytest.fixture(scope="module")
def dams(tmp_path_factory):
    """A small actor spec and a three-paragraph article that names it in other word forms."""
    folder = tmp_path_factory.mktemp("dams")
    path = folder / "dams.yaml"
    path.write_text(
        "name: dams\nlabel: Turkish dams\nkind: actor\nrefers_to: [Turkish dams, Ilisu dam]\n"
        "ends: [hold back]\n",
        encoding="utf-8",
    )
    article = Article.from_paragraphs(
        [
            "The Turkish dam on the Tigris held back the spring floods.",
            'Ali Hassan, a farmer, said: "The dam is a disaster for us and must open its gates."',
            'Maria Lopez, an engineer, said: "The weather has been hot this year."',
        ]
    )
    return load_target(path), article


def test_explain_matches_finds_a_lemma_variant_and_counts_the_rest(dams):
    target, article = dams
    table = explain_matches(target, article).set_index(["section", "entry"])
    assert table.loc[("refers_to", "Turkish dams"), "matches"] == 1, "'Turkish dam' is a form"
    assert table.loc[("refers_to", "Turkish dams"), "paragraphs"] == "1"
    assert table.loc[("refers_to", "Ilisu dam"), "matches"] == 0
    assert table.loc[("ends", "hold back"), "paragraphs"] == "1", "'held back': a form of it"
    assert table.loc[("heads", "dam"), "paragraphs"] == "2", "'the dam' on its own, not in 1"


def test_speaker_report_says_why_a_speaker_is_neutral(dams):
    target, article = dams
    report = speaker_report(target, article).set_index("speaker")
    assert list(report.columns) == ["stance", "stance_score", "quotes", "why"]
    assert report.loc["Maria Lopez", "stance"] == "neutral"
    assert report.loc["Maria Lopez", "why"] == "target not mentioned"
    assert report.loc["Ali Hassan", "stance"] == "against"
    assert "disaster" in report.loc["Ali Hassan", "why"]


# --------------------------------------------------------------------------- target new


@pytest.mark.parametrize("kind", ["state", "actor"])
def test_target_new_writes_a_skeleton_that_passes_once_refers_to_is_set(tmp_path, capsys, kind):
    code, out, err = run_cli(
        ["target", "new", "alcohol-ban", "--kind", kind, "--dir", tmp_path], capsys
    )
    path = tmp_path / "alcohol-ban.yaml"
    assert code == 0 and err == "" and out.strip() == str(path)
    assert f"kind: {kind}" in path.read_text()
    code, out, _ = run_cli(["target", "check", path], capsys)
    assert code == 1 and "refers_to" in out, "the placeholder refers_to must be filled"
    path.write_text(path.read_text().replace("refers_to: []", "refers_to: [alcohol ban]"))
    code, out, _ = run_cli(["target", "check", path], capsys)
    assert code == 0, out
    assert ": error: " not in out and ": warning: " not in out
    assert load_target(path).kind == kind


def test_target_new_never_overwrites_a_file(tmp_path, capsys):
    path = tmp_path / "alcohol-ban.yaml"
    path.write_text("my own work\n")
    code, out, err = run_cli(["target", "new", "alcohol-ban", "--dir", tmp_path], capsys)
    assert code == 1 and out == ""
    assert err.startswith("helpers: error: ") and "already exists" in err
    assert len(err.strip().splitlines()) == 1
    assert path.read_text() == "my own work\n"


def test_target_new_refuses_a_name_that_is_not_kebab_case(tmp_path, capsys):
    code, _, err = run_cli(["target", "new", "Alcohol_Ban", "--dir", tmp_path], capsys)
    assert code == 2 and "'alcohol-ban'" in err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="kebab-case"):
        new_spec("my topic")
