"""Sourcing: who speaks in the news, how (direct, reported, according to, nominal), through whom.

``attributions(docs, corpus)`` extracts one row per attribution from parsed Docs; the
aggregation functions summarise it per outlet for reports and the ``plot_*`` functions draw
those summaries. Rules follow the Gender Gap Tracker's syntactic quote extractor and are
measured against PolNeAR and a hand-written seed gold (``benchmarks/sourcing_eval.py``).
"""

from analysis.sourcing.aggregate import (
    ACTS,
    DEFAULT_ACTS,
    anonymous_share,
    evidence_table,
    keep_acts,
    kind_shares,
    media_cited,
    share_of_voice,
    speaker_label,
    verb_profile,
)
from analysis.sourcing.cached import store_attributions
from analysis.sourcing.extract import ATTRIBUTION_COLUMNS, attributions
from analysis.sourcing.lexicons import load_media, load_reporting_verbs, load_source_types
from analysis.sourcing.plots import (
    plot_anonymous_share,
    plot_kind_shares,
    plot_media_cited,
    plot_share_of_voice,
    plot_verb_profile,
)
from analysis.sourcing.quotes import quote_spans
from analysis.sourcing.rules import RULES, register_rule
from analysis.sourcing.source_types import SOURCE_TYPES

__all__ = [
    "RULES",
    "register_rule",
    "ACTS",
    "ATTRIBUTION_COLUMNS",
    "SOURCE_TYPES",
    "anonymous_share",
    "attributions",
    "evidence_table",
    "keep_acts",
    "speaker_label",
    "DEFAULT_ACTS",
    "kind_shares",
    "load_media",
    "load_reporting_verbs",
    "load_source_types",
    "media_cited",
    "plot_anonymous_share",
    "plot_kind_shares",
    "plot_media_cited",
    "plot_share_of_voice",
    "plot_verb_profile",
    "quote_spans",
    "share_of_voice",
    "store_attributions",
    "verb_profile",
]
