"""Overview: what the corpus holds — volume per outlet and over time, lengths, entities,
readability (:mod:`~analysis.overview.corpus_overview`), attention to a query over time with
spikes (:mod:`~analysis.overview.attention`) and the actors it mentions
(:mod:`~analysis.overview.actors`).
"""

from analysis.overview import actors, attention
from analysis.overview.corpus_overview import (
    documents_over_time,
    documents_per_outlet,
    length_table,
    plot_documents_over_time,
    plot_documents_per_outlet,
    plot_lengths,
    plot_readability,
    plot_top_entities,
    readability_by_outlet,
    readability_scores,
    top_entities,
)

__all__ = [
    "actors",
    "attention",
    "documents_over_time",
    "documents_per_outlet",
    "length_table",
    "plot_documents_over_time",
    "plot_documents_per_outlet",
    "plot_lengths",
    "plot_readability",
    "plot_top_entities",
    "readability_by_outlet",
    "readability_scores",
    "top_entities",
]
