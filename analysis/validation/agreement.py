"""Inter-coder agreement for nominal codes: Krippendorff's alpha and Cohen's kappa.

Checked against Krippendorff's (2011) worked examples in ``tests/validation``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["krippendorff_alpha", "cohen_kappa"]


def krippendorff_alpha(codes: pd.DataFrame | np.ndarray) -> float:
    """Krippendorff's alpha for nominal data; rows are units, columns coders, missing = NaN/"".

    Built from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
    alpha-reliability"): units coded by fewer than two coders are ignored.
    """
    raw = pd.DataFrame(codes).to_numpy(dtype=object)
    blank = np.frompyfunc(lambda v: isinstance(v, str) and not v.strip(), 1, 1)
    present = ~(pd.isna(raw) | blank(raw).astype(bool))
    units = np.broadcast_to(np.arange(raw.shape[0])[:, None], raw.shape)[present]
    codes_, categories = pd.factorize(raw[present])
    if len(categories) == 0:
        return float("nan")
    counts = np.zeros((raw.shape[0], len(categories)))
    np.add.at(counts, (units, codes_), 1)
    pairable = counts.sum(axis=1)
    counts, pairable = counts[pairable >= 2], pairable[pairable >= 2]
    if len(counts) == 0:
        return float("nan")
    weighted = counts / (pairable - 1)[:, None]
    coincidence = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    n_c = coincidence.sum(axis=0)
    n = n_c.sum()
    expected = n * n - (n_c**2).sum()
    if expected == 0:
        return 1.0  # every value identical: no variation to disagree on
    observed_disagreement = coincidence.sum() - np.trace(coincidence)
    return float(1.0 - (n - 1) * observed_disagreement / expected)


def cohen_kappa(a: pd.Series | list, b: pd.Series | list) -> float:
    """Cohen's kappa of two coders over the units both coded."""
    pairs = pd.DataFrame({"a": list(a), "b": list(b)}).astype(str)
    pairs = pairs[(pairs["a"].str.strip() != "") & (pairs["b"].str.strip() != "")]
    pairs = pairs[(pairs["a"] != "nan") & (pairs["b"] != "nan")]
    if pairs.empty:
        return float("nan")
    observed = float((pairs["a"] == pairs["b"]).mean())
    pa = pairs["a"].value_counts(normalize=True)
    pb = pairs["b"].value_counts(normalize=True)
    expected = float(sum(pa.get(k, 0.0) * pb.get(k, 0.0) for k in set(pa.index) | set(pb.index)))
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)
