"""Evaluation against gold: readers for gold sets and the scorers the benchmarks and tests use.

Not needed to run an analysis; kept apart from the feature packages so the runtime surface
stays small:

* :mod:`~analysis.evaluation.attribution_gold` — PolNeAR BRAT files and our JSONL gold;
* :mod:`~analysis.evaluation.attribution_scores` — span-overlap P/R/F1, speaker and cue accuracy;
* :mod:`~analysis.evaluation.frame_cv` — cross-validated frame scores beside baselines, and
  their spread over fold seeds;
* :mod:`~analysis.evaluation.token_spans` — token-level P/R/F1 against gold character spans.
"""
