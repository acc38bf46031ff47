"""Framing: frame dictionaries with evidence, and a trainable frame classifier.

Two ways to measure frames, both checked against coded news (``benchmarks/framing_eval.py``):

* a transparent **dictionary** method — YAML dictionaries (the 14 Policy Frames Codebook
  dimensions; the five generic frames of Semetko & Valkenburg 2000; or your own) matched on the
  token table: :func:`frame_scores` gives scores per document and sentence with every matched
  word as evidence (:func:`batched_frame_scores`: the same, a slice of documents at a time, for
  large corpora), :func:`frame_profile` aggregates per outlet/period with bootstrap intervals;
* a supervised **classifier** trained on coded articles: :func:`train_frame_classifier`,
  :func:`predict_frames`, :func:`save_frame_classifier` / :func:`load_frame_classifier`;
  :func:`analysis.evaluation.frame_cv.cross_validate_frames` gives micro/macro F1 beside the
  frequent-frames baseline.
"""

from analysis.framing.batched import batched_frame_scores
from analysis.framing.classifier import (
    FrameClassifier,
    load_frame_classifier,
    parse_labels,
    predict_frames,
    save_frame_classifier,
    train_frame_classifier,
)
from analysis.framing.coded import load_coded_articles
from analysis.framing.dictionary import FrameDictionary, load_frame_dictionary, match_frames
from analysis.framing.plots import plot_frame_heatmap, plot_frames_over_time, plot_top_terms
from analysis.framing.scores import (
    FrameScores,
    document_frames,
    dominant_frame_counts,
    example_sentences,
    frame_profile,
    frame_scores,
    top_frame_terms,
)
from analysis.framing.summaries import (
    classifier_beside_dictionary,
    dictionary_definitions,
    leading_frames,
)

__all__ = [
    "batched_frame_scores",
    "classifier_beside_dictionary",
    "dictionary_definitions",
    "leading_frames",
    "FrameClassifier",
    "FrameDictionary",
    "FrameScores",
    "document_frames",
    "dominant_frame_counts",
    "example_sentences",
    "frame_profile",
    "frame_scores",
    "load_coded_articles",
    "load_frame_classifier",
    "load_frame_dictionary",
    "match_frames",
    "parse_labels",
    "plot_frame_heatmap",
    "plot_frames_over_time",
    "plot_top_terms",
    "predict_frames",
    "save_frame_classifier",
    "top_frame_terms",
    "train_frame_classifier",
]
