"""Stance targets: what a speaker can be for or against, read from a YAML spec.

A target spec (schema and guide: ``data/targets/README.md``) names the target and, optionally,
its opposite side, what ends or keeps it, and topic cues; it is merged with the general stance
lexicon (:mod:`helpers.targets.lexicon`). :func:`load_target` reads and validates one;
:mod:`helpers.stance` scores quotes with it; :mod:`helpers.targets.check` explains a spec to its
writer (``python -m helpers target check``). The specs bundled with the project ship inside the
package (``src/helpers/data/targets/``), so they are found by name from a checkout or an
installed wheel alike.

Modules: :mod:`~helpers.targets.words` (normal forms and lemma-aware phrases),
:mod:`~helpers.targets.lexicon` (the general lexicon), :mod:`~helpers.targets.spec` (the schema
and :class:`Target`), :mod:`~helpers.targets.check` (``target check`` and ``target new``).
"""

from __future__ import annotations

from helpers.targets.spec import (
    CUE_KINDS,
    TARGET_KINDS,
    Cue,
    EventWord,
    Target,
    TargetSpecError,
    bundled_targets,
    cue_table,
    load_target,
)
from helpers.targets.words import (
    Phrase,
    compile_phrase,
    find_phrases,
    norm_word,
    phrase_key,
    shared_tokenizer,
    token_forms,
    token_norm,
)

__all__ = [
    "CUE_KINDS",
    "TARGET_KINDS",
    "Cue",
    "EventWord",
    "Phrase",
    "Target",
    "TargetSpecError",
    "bundled_targets",
    "compile_phrase",
    "cue_table",
    "find_phrases",
    "load_target",
    "norm_word",
    "phrase_key",
    "shared_tokenizer",
    "token_forms",
    "token_norm",
]
