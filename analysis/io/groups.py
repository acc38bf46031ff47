"""Analysis groups: map outlets to groups, and fold many groups into a readable few.

A real export has a hundred outlets or more. Two tools keep reports readable:

* a **groups file** maps each outlet to an analysis group (leaning, country, owner): a CSV
  with columns ``outlet,group`` or a YAML mapping ``outlet: group``. :func:`assign_groups`
  adds it to the corpus as the column ``group``; compare by it with ``by="group"``;
* **folding**: :func:`fold_groups` keeps the ``max_groups - 1`` largest groups (by document
  count) and folds the rest into one "other outlets (n)" group, for figures and summary
  tables; the full tables keep every group.

>>> view = fold_groups(corpus, by="outlet", max_groups=12)  # doctest: +SKIP
>>> view.note  # doctest: +SKIP
'170 outlets: figures and summary tables show the 11 largest and fold the other 159 ...'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.errors import InputError

__all__ = [
    "DEFAULT_MAX_GROUPS",
    "GROUP_COLUMN",
    "GroupView",
    "assign_groups",
    "fold_groups",
    "group_summary",
    "read_groups",
]

DEFAULT_MAX_GROUPS = 12
GROUP_COLUMN = "group"
UNGROUPED = "(no group)"


def read_groups(path: str | Path) -> dict[str, str]:
    """``{outlet: group}`` from a CSV (``outlet,group``) or YAML (``outlet: group``) file."""
    source = Path(path)
    if not source.is_file():
        raise InputError(f"{source}: groups file not found; pass a CSV outlet,group or a YAML map")
    text = source.read_text(encoding="utf-8-sig")
    if source.suffix.lower() in (".yml", ".yaml"):
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise InputError(f"{source}: not valid YAML ({exc})") from exc
        if not isinstance(data, dict):
            raise InputError(
                f"{source}: expected a mapping 'outlet: group', got {type(data).__name__}"
            )
        mapping = {str(k).strip(): str(v).strip() for k, v in data.items() if v is not None}
    else:
        reader = csv.DictReader(io.StringIO(text))
        missing = {"outlet", "group"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(
                f"{source}: a groups CSV needs the columns outlet,group; missing {sorted(missing)}"
            )
        mapping = {}
        for number, row in enumerate(reader, start=2):
            outlet, group = (row["outlet"] or "").strip(), (row["group"] or "").strip()
            if not outlet or not group:
                raise InputError(f"{source} row {number}: outlet and group must both be filled in")
            if mapping.get(outlet, group) != group:
                raise InputError(
                    f"{source} row {number}: outlet {outlet!r} is mapped to both "
                    f"{mapping[outlet]!r} and {group!r}; keep one"
                )
            mapping[outlet] = group
    if not mapping:
        raise InputError(f"{source}: the groups file maps no outlet")
    return mapping


def assign_groups(corpus: pd.DataFrame, groups: str | Path | dict[str, str]) -> pd.DataFrame:
    """The corpus with a ``group`` column from ``groups``; unmapped outlets get "(no group)"."""
    mapping = groups if isinstance(groups, dict) else read_groups(groups)
    result = corpus.copy()
    result[GROUP_COLUMN] = corpus["outlet"].map(mapping).fillna(UNGROUPED).astype(str)
    return result


def _plural(by: str) -> str:
    return {"outlet": "outlets", "group": "groups", "leaning": "leanings"}.get(by, f"{by} values")


@dataclass(frozen=True)
class GroupView:
    """A corpus whose ``by`` column is folded to at most ``max_groups`` values, and why."""

    corpus: pd.DataFrame
    by: str
    shown: list[str]
    folded: list[str]
    other_label: str
    #: doc_id → unfolded group, for :meth:`unfolded`.
    full_labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def note(self) -> str:
        """One sentence for the notebook: how many groups, which are shown, where the rest are."""
        total = len(self.shown) + len(self.folded)
        if not self.folded:
            return f"{total} {_plural(self.by) if total != 1 else self.by}: all shown."
        return (
            f"{total} {_plural(self.by)}: figures and summary tables show the {len(self.shown)} "
            f"largest by document count and fold the other {len(self.folded)} into "
            f"'{self.other_label}'; the full tables in tables/ keep every {self.by}."
        )

    @property
    def n_groups(self) -> int:
        """Groups before folding."""
        return len(self.shown) + len(self.folded)

    def figure_groups(self, limit: int = 6) -> list[str]:
        """Groups that get a figure of their own: the ``limit`` largest (never the folded rest)."""
        return self.shown[:limit]

    def needs_two(self, what: str) -> str:
        """The one-line notice when a comparison needs two groups and the corpus has one."""
        only = self.shown[0] if self.shown else "(none)"
        return (
            f"{what} compares groups, and this corpus has one {self.by} ({only}); "
            f"skipped. Load a second {self.by} or pass by= another column to compare."
        )

    def relabel(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (with ``doc_id``) with its ``by`` column set to the folded group."""
        labels = dict(zip(self.corpus["doc_id"], self.corpus[self.by], strict=True))
        return frame.assign(**{self.by: frame["doc_id"].map(labels).fillna(self.other_label)})

    def unfolded(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (with ``doc_id``) with its ``by`` column set to the full, unfolded group."""
        return frame.assign(**{self.by: frame["doc_id"].map(self.full_labels).fillna("(none)")})


def fold_groups(
    corpus: pd.DataFrame, by: str = "outlet", *, max_groups: int = DEFAULT_MAX_GROUPS
) -> GroupView:
    """Keep the ``max_groups - 1`` largest ``by`` groups; fold the rest into one "other" group.

    Ties in document count are broken by name, so the folding is deterministic. With at most
    ``max_groups`` groups nothing is folded.
    """
    if by not in corpus.columns:
        raise InputError(
            f"the corpus has no column {by!r} to group by; choose one of {sorted(corpus.columns)}"
        )
    if max_groups < 2:
        raise InputError(f"max_groups must be at least 2, got {max_groups}")
    values = corpus[by].fillna("(none)").astype(str)
    full = dict(zip(corpus["doc_id"], values, strict=True))
    counts = values.value_counts()
    ranked = sorted(counts.index, key=lambda name: (-counts[name], name))
    if len(ranked) <= max_groups:
        return GroupView(corpus.assign(**{by: values}), by, ranked, [], "", full)
    shown, folded = ranked[: max_groups - 1], ranked[max_groups - 1 :]
    other = f"other {_plural(by)} ({len(folded)})"
    folded_values = values.where(values.isin(shown), other)
    return GroupView(corpus.assign(**{by: folded_values}), by, shown, folded, other, full)


def group_summary(counts: Mapping[str, int], by: str = "outlet", *, largest: int = 5) -> str:
    """ "170 outlets; largest: CNN (326), Washington Times (286), …" for a page header.

    ``counts`` maps each group to its document count; with ``largest`` groups or fewer, all
    are listed.
    """
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    listed = ", ".join(f"{name} ({counts[name]:,})" for name in ranked[:largest])
    if len(ranked) <= largest:
        return listed
    return f"{len(ranked)} {_plural(by)}; largest: {listed}, …"
