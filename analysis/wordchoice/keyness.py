"""Keyness: which words one group of documents uses more than another, with a measure of confidence.

The default measure is the weighted log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi & Quinn (2008, "Fightin' Words", *Political Analysis* 16(4), §3.5.1):

    delta_w = log[(y_tw + a_w) / (n_t + a_0 - y_tw - a_w)] - log[(y_rw + a_w) / (n_r + a_0 - y_rw - a_w)]
    var(delta_w) ~ 1 / (y_tw + a_w) + 1 / (y_rw + a_w),   z_w = delta_w / sqrt(var)

with ``a_w = prior_scale * y_w`` the word's count in target + reference together (the
"informative" prior of Monroe et al.; tidylo uses the same default) and ``a_0 = sum_w a_w``.
Rare words are shrunk towards zero, so the top of the list is not made of hapaxes. Chi-square
(Yates-corrected) and log-likelihood G² are available like quanteda's ``textstat_keyness``;
all measures live in a registry (:data:`MEASURES`) so new ones are one decorated function.

Units are produced by a second registry (:data:`UNITS`): lowercase words, lemmas, or noun
phrases approximated from the parse in the token table (see :mod:`.units`).
Everything is counted with ``numpy.bincount`` over factorised codes: no Python loop per token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import InputError
from analysis.wordchoice.units import UNITS
from analysis.wordchoice.usage import group_of_docs

__all__ = [
    "MEASURES",
    "doc_term_counts",
    "keyness",
    "keyness_from_counts",
    "keyness_from_doc_counts",
    "register_measure",
    "top_keyness",
]

#: Which rows a keyness table keeps (see :func:`keyness`), and the level that counts as
#: significant under-use.
KEEP = ("all", "used_or_significant")
SIGNIFICANCE = 0.05
#: A keyness measure takes the target and reference counts of every term, the two corpus
#: sizes and the prior pseudo-counts, and returns named columns; ``score`` orders terms
#: (positive = over-used by the target).
Measure = Callable[[np.ndarray, np.ndarray, float, float, np.ndarray], dict[str, np.ndarray]]
MEASURES: dict[str, Measure] = {}


def register_measure(name: str) -> Callable[[Measure], Measure]:
    """Add a keyness measure under ``name`` (usable as ``keyness(..., measure=name)``)."""

    def decorate(function: Measure) -> Measure:
        MEASURES[name] = function
        return function

    return decorate


@register_measure("log_odds")
def _log_odds_dirichlet(
    y_t: np.ndarray, y_r: np.ndarray, n_t: float, n_r: float, alpha: np.ndarray
) -> dict[str, np.ndarray]:
    """Monroe, Colaresi & Quinn (2008) weighted log-odds with an informative Dirichlet prior."""
    a0 = float(alpha.sum())
    t = y_t + alpha
    r = y_r + alpha
    delta = np.log(t / (n_t + a0 - t)) - np.log(r / (n_r + a0 - r))
    variance = 1.0 / t + 1.0 / r
    z = delta / np.sqrt(variance)
    return {
        "score": z,
        "log_odds_ratio": delta,
        "se": np.sqrt(variance),
        "z": z,
        "p_value": 2 * stats.norm.sf(np.abs(z)),
    }


def _two_by_two(y_t: np.ndarray, y_r: np.ndarray, n_t: float, n_r: float) -> tuple[np.ndarray, ...]:
    observed = np.stack([y_t, n_t - y_t, y_r, n_r - y_r]).astype(float)
    rows = np.stack([y_t + y_r, (n_t - y_t) + (n_r - y_r)]).astype(float)
    total = n_t + n_r
    expected = np.stack([rows[0] * n_t, rows[1] * n_t, rows[0] * n_r, rows[1] * n_r]) / total
    sign = np.sign(y_t / n_t - y_r / n_r)
    return observed, expected, sign


@register_measure("chi2")
def _chi_square(
    y_t: np.ndarray, y_r: np.ndarray, n_t: float, n_r: float, alpha: np.ndarray
) -> dict[str, np.ndarray]:
    """Pearson chi-square of the 2×2 table with Yates' continuity correction, signed."""
    observed, expected, sign = _two_by_two(y_t, y_r, n_t, n_r)
    corrected = np.maximum(np.abs(observed - expected) - 0.5, 0.0)
    statistic = (corrected**2 / expected).sum(axis=0)
    return {
        "score": sign * statistic,
        "statistic": statistic,
        "p_value": stats.chi2.sf(statistic, 1),
    }


@register_measure("g2")
def _log_likelihood(
    y_t: np.ndarray, y_r: np.ndarray, n_t: float, n_r: float, alpha: np.ndarray
) -> dict[str, np.ndarray]:
    """Log-likelihood ratio G² = 2 Σ O ln(O/E) of the 2×2 table (Dunning 1993), signed."""
    observed, expected, sign = _two_by_two(y_t, y_r, n_t, n_r)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    statistic = 2 * terms.sum(axis=0)
    return {
        "score": sign * statistic,
        "statistic": statistic,
        "p_value": stats.chi2.sf(statistic, 1),
    }


def _measure(name: str) -> Measure:
    if name not in MEASURES:
        raise InputError(
            f"unknown keyness measure {name!r}; use one of {sorted(MEASURES)} or register_measure()"
        )
    return MEASURES[name]


def keyness_from_counts(
    target: Mapping[str, int] | pd.Series,
    reference: Mapping[str, int] | pd.Series,
    *,
    measure: str = "log_odds",
    prior: Mapping[str, float] | pd.Series | None = None,
    prior_scale: float = 1.0,
) -> pd.DataFrame:
    """Keyness of every term from two term → count mappings (the core of :func:`keyness`).

    ``prior`` gives the Dirichlet pseudo-counts ``a_w`` directly (e.g. counts in a large
    background corpus); by default ``a_w = prior_scale * (target_w + reference_w)``.
    """
    t = pd.Series(target, dtype="float64")
    r = pd.Series(reference, dtype="float64")
    terms = t.index.union(r.index)
    y_t = t.reindex(terms, fill_value=0).to_numpy()
    y_r = r.reindex(terms, fill_value=0).to_numpy()
    if prior is None:
        alpha = prior_scale * (y_t + y_r)
    else:
        alpha = (
            pd.Series(prior, dtype="float64").reindex(terms, fill_value=0).to_numpy() * prior_scale
        )
    columns = _measure(measure)(y_t, y_r, float(y_t.sum()), float(y_r.sum()), alpha)
    frame = pd.DataFrame(
        {
            "term": terms.astype("string"),
            "count": y_t.astype(np.int64),
            "count_reference": y_r.astype(np.int64),
        }
    )
    for name, values in columns.items():
        frame[name] = values
    return frame.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def keyness(
    tokens: pd.DataFrame,
    corpus: pd.DataFrame | None = None,
    *,
    by: str = "outlet",
    target: str | None = None,
    reference: str | list[str] | None = None,
    unit: str = "lower",
    measure: str = "log_odds",
    prior_scale: float = 1.0,
    min_count: int = 3,
    drop_stopwords: bool = False,
    keep: str = "all",
) -> pd.DataFrame:
    """Terms over- and under-used by each group compared with the others.

    Parameters
    ----------
    tokens, corpus
        Token table and corpus table (the corpus supplies the ``by`` column; it may be omitted
        when ``tokens`` already has that column).
    by
        Grouping column (``outlet``, ``leaning``…).
    target, reference
        Compare ``target`` with ``reference`` (a group or list of groups; default: all other
        groups). Without ``target``, every group is compared with the rest (one-vs-rest).
    unit
        ``"lower"`` (lowercase words), ``"lemma"`` or ``"noun_phrase"`` (see :data:`UNITS`).
    measure
        ``"log_odds"`` (Monroe et al., default), ``"chi2"``, ``"g2"`` (see :data:`MEASURES`).
    prior_scale
        Strength of the informative prior: ``a_w = prior_scale × count of w in both groups``.
    min_count
        Drop terms seen fewer times in target and reference together (the sizes still count them).
    keep
        ``"all"`` rows, or ``"used_or_significant"``: only terms the group uses, plus those it
        significantly under-uses (p < 0.05). With 170 outlets "all" is every frequent term for
        every outlet — mostly zeros of small outlets (422 MB of CSV at 3,000 articles).

    Returns
    -------
    DataFrame with one row per group × term: ``group, reference, term, count, count_reference,
    per_10k, per_10k_reference, docs`` (documents of the group using the term), the measure's
    columns (``score``, and ``log_odds_ratio, se, z, p_value`` or ``statistic, p_value``), sorted
    by group then descending score.
    """
    counts = doc_term_counts(tokens, unit=unit, drop_stopwords=drop_stopwords)
    if corpus is None and by in tokens.columns:  # the groups come with the tokens
        corpus = tokens[["doc_id", by]].drop_duplicates("doc_id")
    return keyness_from_doc_counts(
        counts, corpus, by=by, target=target, reference=reference, measure=measure,
        prior_scale=prior_scale, min_count=min_count, keep=keep,
    )  # fmt: skip


def doc_term_counts(
    tokens: pd.DataFrame, *, unit: str = "lower", drop_stopwords: bool = False
) -> pd.DataFrame:
    """How often each document uses each term: ``doc_id, term, count`` (what keyness counts).

    Counts of disjoint sets of documents simply concatenate, so a large corpus can be counted
    a slice at a time (:func:`analysis.wordchoice.batched.batched_keyness`).
    """
    if unit not in UNITS:
        raise InputError(f"unknown keyness unit {unit!r}; use one of {sorted(UNITS)}")
    units = UNITS[unit](tokens, drop_stopwords=drop_stopwords)
    doc_codes, doc_ids = _codes(units["doc_id"])
    term_codes, terms = _codes(units["term"])
    stride = max(len(terms), 1)
    pairs, counts = np.unique(doc_codes * stride + term_codes, return_counts=True)
    return pd.DataFrame(
        {
            "doc_id": pd.array(doc_ids[pairs // stride], dtype="string"),
            "term": pd.array(terms[pairs % stride], dtype="string"),
            "count": counts.astype(np.int64),
        }
    )


def keyness_from_doc_counts(
    counts: pd.DataFrame,
    corpus: pd.DataFrame | None,
    *,
    by: str = "outlet",
    target: str | None = None,
    reference: str | list[str] | None = None,
    measure: str = "log_odds",
    prior_scale: float = 1.0,
    min_count: int = 3,
    keep: str = "all",
) -> pd.DataFrame:
    """:func:`keyness` from :func:`doc_term_counts` (same parameters, same table)."""
    measure_fn = _measure(measure)
    if keep not in KEEP:
        raise InputError(f"keep must be one of {KEEP}, got {keep!r}")
    doc_codes, doc_ids = pd.factorize(counts["doc_id"], sort=False)
    term_codes, terms = _codes(counts["term"])
    doc_group = group_of_docs(pd.Series(doc_ids, dtype="string"), corpus, by)
    group_of_doc, group_names = pd.factorize(doc_group.astype("object"), sort=True)
    names = [str(g) for g in group_names]
    if len(names) < 2:
        raise InputError(f"keyness needs at least two groups in column {by!r}; found {names}")
    cells = term_codes * len(names) + group_of_doc[doc_codes]
    n_cells = len(terms) * len(names)
    weights = counts["count"].to_numpy(dtype=np.float64)
    # terms × groups cells: 32-bit counts where they fit (54M cells at 30,000 articles by outlet)
    cell_type = np.int32 if weights.sum() < np.iinfo(np.int32).max else np.int64
    matrix = np.bincount(cells, weights=weights, minlength=n_cells).astype(cell_type)
    matrix = matrix.reshape(len(terms), len(names))
    docs = np.bincount(cells, minlength=n_cells).astype(cell_type).reshape(len(terms), len(names))
    comparisons = _comparisons(names, target, reference)
    parts = [
        _compare(matrix, docs, names, t, refs, measure_fn, prior_scale, min_count, keep)
        for t, refs in comparisons
    ]
    return _assemble(parts, terms, names)


def _assemble(
    parts: list[dict[str, np.ndarray]], terms: np.ndarray, names: list[str]
) -> pd.DataFrame:
    """One table from the per-comparison arrays, sorted by group, descending score, term."""
    merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0] if k != "_reference"}
    group_index = merged.pop("_group")
    reference_labels = np.array([p["_reference"] for p in parts], dtype=object)
    term_codes = merged.pop("_term")
    part_index = np.repeat(np.arange(len(parts)), [len(p["_term"]) for p in parts])
    order = np.lexsort((term_codes, -merged["score"], group_index))
    names_array = np.asarray(names, dtype=object)
    frame = pd.DataFrame(
        {
            "group": pd.array(names_array[group_index[order]], dtype="string"),
            "reference": pd.array(reference_labels[part_index[order]], dtype="string"),
            "term": pd.array(terms[term_codes[order]], dtype="string"),
        }
    )
    for name, values in merged.items():
        frame[name] = values[order]
    return frame


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and distinct values of a unit column (categorical columns are free)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64), np.asarray(
            values.cat.categories, dtype=object
        )
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _comparisons(
    names: list[str], target: str | None, reference: str | list[str] | None
) -> list[tuple[str, list[str]]]:
    if target is None:
        return [(g, [h for h in names if h != g]) for g in names]
    refs = (
        [reference]
        if isinstance(reference, str)
        else list(reference or [h for h in names if h != target])
    )
    unknown = [g for g in [target, *refs] if g not in names]
    if unknown:
        raise InputError(f"keyness groups {unknown} are not in the data; groups are {names}")
    if target in refs:
        raise InputError(f"keyness target {target!r} is also in the reference {refs}")
    return [(target, refs)]


def _compare(
    matrix: np.ndarray,
    docs: np.ndarray,
    names: list[str],
    target: str,
    refs: list[str],
    measure: Measure,
    prior_scale: float,
    min_count: int,
    keep_rows: str = "all",
) -> dict[str, np.ndarray]:
    """Arrays of one target-vs-reference comparison (terms seen at least ``min_count`` times)."""
    t_col = names.index(target)
    y_t = matrix[:, t_col].astype(float)
    if len(refs) == len(names) - 1:  # the rest: cheaper than summing 169 columns
        y_r = matrix.sum(axis=1).astype(float) - y_t
    else:
        y_r = matrix[:, [names.index(r) for r in refs]].sum(axis=1).astype(float)
    n_t, n_r = float(y_t.sum()), float(y_r.sum())
    seen = np.flatnonzero((y_t + y_r) > 0)  # unseen terms would give 0/0; they add 0 to a_0
    y_t, y_r = y_t[seen], y_r[seen]
    columns = measure(y_t, y_r, n_t, n_r, prior_scale * (y_t + y_r))
    keep = (y_t + y_r) >= max(min_count, 1)
    if keep_rows == "used_or_significant":  # a measure without p-values keeps used terms
        p_value = columns.get("p_value", np.ones(len(y_t)))
        keep &= (y_t > 0) | (p_value < SIGNIFICANCE)
    part = {
        "_group": np.full(int(keep.sum()), t_col, dtype=np.int64),
        "_reference": "rest" if len(refs) > 1 else refs[0],
        "_term": seen[keep],
        "count": y_t[keep].astype(np.int64),
        "count_reference": y_r[keep].astype(np.int64),
        "per_10k": y_t[keep] * 1e4 / max(n_t, 1.0),
        "per_10k_reference": y_r[keep] * 1e4 / max(n_r, 1.0),
        "docs": docs[seen[keep], t_col].astype(np.int64),
    }
    part.update({name: values[keep] for name, values in columns.items()})
    return part


def top_keyness(result: pd.DataFrame, *, n: int = 15, side: str = "over") -> pd.DataFrame:
    """The ``n`` most over-used (``side="over"``) or under-used (``"under"``) terms per group."""
    if side not in ("over", "under"):
        raise InputError(f"side must be 'over' or 'under', got {side!r}")
    ascending = side == "under"
    ordered = result.sort_values(
        ["group", "score", "term"], ascending=[True, ascending, True], kind="stable"
    )
    return ordered.groupby("group", sort=True).head(n).reset_index(drop=True)
