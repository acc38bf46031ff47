"""Word choice: competing terms, keyness with confidence, loaded language, KWIC, collocations.

Every function takes plain tables (``tokens``, ``corpus``; see ``docs/tables.md``) and returns
DataFrames with the evidence behind each number:

* :func:`term_usage` — counts and shares of competing variants ("Kyiv"/"Kiev") per outlet;
* :func:`keyness` — weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi &
  Quinn 2008), chi-square or G², for words, lemmas or noun phrases;
* :func:`kwic` / :func:`kwic_html` — concordance lines and their escaped HTML rendering;
* :func:`loaded_language` / :func:`loaded_language_rates` — a documented loaded-language detector;
* :func:`collocations` — words modifying or near targets such as "Ukraine", per outlet;
* ``plot_*`` — Fightin' Words, Scattertext-style scatter, stacked shares;
* ``batched_*`` — the same tables from an annotated corpus a slice of documents at a time, so
  memory stays flat on large corpora (what the report notebooks use).
"""

from analysis.wordchoice.batched import (
    batched_collocations,
    batched_doc_term_counts,
    batched_kwic_for_terms,
    batched_lexicon_evidence,
    batched_loaded_language,
)
from analysis.wordchoice.collocations import collocations
from analysis.wordchoice.keyness import (
    MEASURES,
    doc_term_counts,
    keyness,
    keyness_from_counts,
    keyness_from_doc_counts,
    register_measure,
    top_keyness,
)
from analysis.wordchoice.kwic import kwic, kwic_for_terms, kwic_html
from analysis.wordchoice.lexicon import BUNDLED_LEXICONS, Lexicon, load_lexicon, match_lexicon
from analysis.wordchoice.loaded import load_loaded_lexicon, loaded_language, loaded_language_rates
from analysis.wordchoice.plots import (
    plot_fightin_words,
    plot_keyness_scatter,
    plot_loaded_rates,
    plot_term_shares,
)
from analysis.wordchoice.units import UNITS, register_unit
from analysis.wordchoice.usage import (
    TermUsage,
    frequent_matches,
    term_usage,
    usage_from_matches,
    words_per_document,
)

__all__ = [
    "batched_collocations",
    "batched_doc_term_counts",
    "batched_kwic_for_terms",
    "batched_lexicon_evidence",
    "batched_loaded_language",
    "doc_term_counts",
    "keyness_from_doc_counts",
    "usage_from_matches",
    "words_per_document",
    "frequent_matches",
    "BUNDLED_LEXICONS",
    "MEASURES",
    "UNITS",
    "Lexicon",
    "TermUsage",
    "collocations",
    "keyness",
    "keyness_from_counts",
    "kwic",
    "kwic_for_terms",
    "kwic_html",
    "load_lexicon",
    "load_loaded_lexicon",
    "loaded_language",
    "loaded_language_rates",
    "match_lexicon",
    "plot_fightin_words",
    "plot_keyness_scatter",
    "plot_loaded_rates",
    "plot_term_shares",
    "register_measure",
    "register_unit",
    "term_usage",
    "top_keyness",
]
