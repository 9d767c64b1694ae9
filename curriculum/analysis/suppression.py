"""秘匿処理（小さいセルの秘匿と二次秘匿）: small-cell suppression that cannot be undone from totals.

A published table is a set of **cells** (a count each) and the **additive identities** between them that
anyone can write down: a row total is the sum of its cells, a 小学校区 is the sum of its 町丁目, 65歳以上 is
the sum of 65–69 … 100歳以上, this month's population is last month's plus the month's 転入・出生 minus
転出・死亡. Suppression has two steps:

1. **一次秘匿** (primary): every count ``0 < n < threshold`` (default :data:`DEFAULT_THRESHOLD` = 10) is
   suppressed. Zero is shown (a zero cell reveals nothing about a person).
2. **二次秘匿** (complementary): more cells are suppressed until no suppressed cell can be computed from
   the shown ones through the identities. The check is exact linear algebra (:func:`recoverable_cells`):
   a suppressed cell is recoverable iff its unit vector lies in the row space of the identities restricted
   to the suppressed cells. Complements are chosen greedily: the smallest non-zero shown cell of an identity
   that pins a suppressed cell, preferring detail cells to totals.

:func:`suppress` works on any cells and identities, so the same helper serves a 町丁目 × 年齢 table, nested
area levels, overlapping age bands and consecutive months; :func:`table_identities` writes the identities
of a cube with margins and hierarchies. Cells already published (e.g. last month's, ``fixed=``) are never
changed: if they pin a new suppressed cell, more of the new cells are suppressed instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from curriculum.errors import CurriculumError

__all__ = ["DEFAULT_THRESHOLD", "SUPPRESSED_LABEL", "suppress", "recoverable_cells", "table_identities",
           "suppress_table", "show"]

#: Counts under this are suppressed (1〜9 人). Change per call with ``threshold=``.
DEFAULT_THRESHOLD = 10
#: What a suppressed cell shows.
SUPPRESSED_LABEL = "秘匿"
_TOL = 1e-9
# Components of hidden cells up to this size are checked with a dense eigen-decomposition (exact).
_DENSE_LIMIT = 600

Identity = Mapping[Hashable, int]  # Σ coefficient × cell = 0


def _check_threshold(threshold: int) -> None:
    if not isinstance(threshold, (int, np.integer)) or threshold < 1:
        raise CurriculumError(f"秘匿の閾値は 1 以上の整数です（{threshold!r}）。", f"threshold must be an integer >= 1",
                              fix=f"threshold={DEFAULT_THRESHOLD} のように指定してください。")


def recoverable_cells(values: pd.Series, identities: Sequence[Identity], suppressed: Iterable[Hashable], *,
                      only: Iterable[Hashable] | None = None) -> set:
    """Which suppressed cells an outsider can compute exactly from the shown cells and the identities.

    Examples
    --------
    >>> v = pd.Series({"a": 3, "b": 20, "t": 23})
    >>> sorted(recoverable_cells(v, [{"t": -1, "a": 1, "b": 1}], {"a"}))
    ['a']
    >>> sorted(recoverable_cells(v, [{"t": -1, "a": 1, "b": 1}], {"a", "b"}))
    []

    ``only`` limits the exact check to the connected groups holding those cells (the others are not
    examined): :func:`suppress` uses it after the first round, because hiding more cells never makes a
    cell recoverable that was not (the identities restricted to fewer hidden cells pin at least as much).
    """
    hidden = set(suppressed)
    rows = [{k: c for k, c in identity.items() if k in hidden} for identity in identities]
    rows = [r for r in rows if r]
    # Work per connected component of hidden cells (linked through identities): small dense problems.
    parent = {k: k for k in hidden}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for row in rows:
        keys = list(row)
        for other in keys[1:]:
            ra, rb = find(keys[0]), find(other)
            if ra != rb:
                parent[ra] = rb
    groups: dict = defaultdict(list)
    for row in rows:
        groups[find(next(iter(row)))].append(row)
    if only is not None:
        wanted = {find(k) for k in only if k in hidden}
        groups = {root: group for root, group in groups.items() if root in wanted}
    found = set()
    # One BLAS thread (set once, it is costly to set): on a loaded 2-core machine OpenBLAS threads make these
    # small dense problems 20× slower.
    with threadpool_limits(limits=1):
        for group_rows in groups.values():
            found |= _determined(group_rows)
    return found


def _determined(group_rows) -> set:
    """The determined cells of one connected group of identities (restricted to hidden cells)."""
    cells = sorted({k for r in group_rows for k in r}, key=repr)
    position = {k: i for i, k in enumerate(cells)}
    if len(cells) <= _DENSE_LIMIT:
        return _determined_dense(matrix_rows=group_rows, cells=cells, position=position)
    return _determined_by_projection(group_rows, cells, position)


def _determined_dense(matrix_rows, cells, position) -> set:
    """Exact for small components: x_k is determined iff every null-space vector of M has a zero k-th entry;
    the null space is the eigenvectors of MᵀM with eigenvalue 0."""
    matrix = np.zeros((len(matrix_rows), len(cells)))
    for i, row in enumerate(matrix_rows):
        for k, c in row.items():
            matrix[i, position[k]] = c
    eigenvalues, vectors = np.linalg.eigh(matrix.T @ matrix)
    null = vectors[:, eigenvalues < 1e-8 * max(1.0, float(eigenvalues.max(initial=0.0)))]
    free = np.abs(null).max(axis=1) if null.shape[1] else np.zeros(len(cells))
    return {k for k, f in zip(cells, free) if f < 1e-7}


def _determined_by_projection(matrix_rows, cells, position, *, probes: int = 3) -> set:
    """Large components: project random vectors onto the null space of M (conjugate gradients on MMᵀ, sparse).

    A cell with a non-zero entry in some null vector is free; one that is ~0 in every probe is treated as
    determined. Any doubt (no convergence) counts as determined, which only adds suppression.
    """
    rows = np.concatenate([np.full(len(r), i) for i, r in enumerate(matrix_rows)])
    cols = np.concatenate([[position[k] for k in r] for r in matrix_rows])
    data = np.concatenate([list(r.values()) for r in matrix_rows]).astype(float)
    m, n = len(matrix_rows), len(cells)

    def apply(v):  # M v
        return np.bincount(rows, weights=data * v[cols], minlength=m)

    def apply_t(y):  # Mᵀ y
        return np.bincount(cols, weights=data * y[rows], minlength=n)

    rng = np.random.default_rng(0)
    largest = np.zeros(n)
    for _ in range(probes):
        z = rng.standard_normal(n)
        b = apply(z)
        y = np.zeros(m)
        r = b.copy()
        p = r.copy()
        rr = r @ r
        target = 1e-24 * max(rr, 1e-300)
        for _ in range(20 * n + 100):
            if rr <= target:
                break
            q = apply(apply_t(p))
            alpha = rr / (p @ q)
            y += alpha * p
            r -= alpha * q
            rr_new = r @ r
            p = r + (rr_new / rr) * p
            rr = rr_new
        else:
            return set(cells)
        v = z - apply_t(y)
        largest = np.maximum(largest, np.abs(v))
    return {k for k, f in zip(cells, largest) if f < 1e-6}


def suppress(values: pd.Series, identities: Sequence[Identity], *, threshold: int = DEFAULT_THRESHOLD,
             fixed: pd.Series | None = None, totals: Iterable[Hashable] = ()) -> pd.Series:
    """秘匿処理: the mask (True = suppressed) of ``values`` after primary and complementary suppression.

    Parameters
    ----------
    values : pandas.Series
        Every cell to publish (counts), indexed by any hashable key.
    identities : list of dict
        Additive identities ``{key: coefficient}`` with Σ coefficient × value = 0.
    threshold : int
        Counts ``0 < n < threshold`` are suppressed.
    fixed : pandas.Series of bool, optional
        Cells already published with their mask (e.g. last month): never changed, but taken into account.
        Their values must be in ``values``.
    totals : keys
        Cells to avoid as complements when a detail cell would do (row and column totals).

    Examples
    --------
    >>> v = pd.Series({"a": 3, "b": 20, "c": 12, "t": 35})
    >>> mask = suppress(v, [{"t": -1, "a": 1, "b": 1, "c": 1}])
    >>> sorted(mask[mask].index)  # b or c must go too, else a = t − b − c
    ['a', 'c']
    """
    _check_threshold(threshold)
    fixed_mask = pd.Series(dtype=bool) if fixed is None else fixed.astype(bool)
    missing = [k for identity in identities for k in identity if k not in values.index]
    if missing:
        raise CurriculumError(f"恒等式のセル {missing[0]!r} が値の表にありません。", f"identity cell {missing[0]!r} has no value")
    value = values.to_dict()
    mask = {k: bool(0 < v < threshold) for k, v in value.items()}
    mask.update(fixed_mask.to_dict())
    frozen = set(fixed_mask.index)
    total_set = set(totals)
    by_cell = defaultdict(list)
    for i, identity in enumerate(identities):
        for k in identity:
            by_cell[k].append(i)

    def cost(k):
        return (k in total_set, value[k] == 0, value[k])

    # Each identity's candidate complements, cheapest first (costs never change, and a cell once hidden stays
    # hidden), with a pointer past the hidden ones: the cheapest shown cell in amortised O(1), not O(size).
    order = [sorted((k for k in identity if k not in frozen), key=cost) for identity in identities]
    pointer = [0] * len(identities)

    def complement(i: int) -> Hashable | None:
        cells, p = order[i], pointer[i]
        while p < len(cells) and mask[cells[p]]:
            p += 1
        pointer[i] = p
        return cells[p] if p < len(cells) else None

    def nearest_complement(leak) -> Hashable | None:
        # The cheapest shown cell in the identities through the leak; if there is none, look one identity
        # further through the hidden cells, and so on (the leak is pinned by the component as a whole).
        seen_cells, frontier = {leak}, [leak]
        seen_identities: set = set()
        while frontier:
            reached = {i for k in frontier for i in by_cell[k]} - seen_identities
            seen_identities |= reached
            candidates = [c for c in (complement(i) for i in reached) if c is not None]
            if candidates:
                return min(candidates, key=cost)
            frontier = [k for i in reached for k in identities[i] if mask[k] and k not in seen_cells]
            seen_cells.update(frontier)
        return None

    check: set | None = None  # the first exact check looks at every hidden cell; later ones at what changed
    pending = set(range(len(identities)))
    while True:
        # Cheap rule first: an identity with exactly one hidden cell gives it away.
        while pending:
            i = pending.pop()
            hidden = [k for k in identities[i] if mask[k]]
            if len(hidden) == 1:
                extra = complement(i)
                if extra is None:
                    raise _cannot(hidden[0])
                mask[extra] = True
                pending.update(by_cell[extra])
                if check is not None:
                    check.add(extra)
        hidden_cells = [k for k, m in mask.items() if m]
        leaks = recoverable_cells(values, identities, hidden_cells, only=check)
        if not leaks:
            return pd.Series(mask).reindex(values.index)
        # Hide one more cell of an identity through each leaking cell (the cheapest on offer), then re-check
        # the leaks and the cells hidden since (a cell that was safe stays safe when more cells are hidden).
        check = set(leaks)
        for leak in sorted(leaks, key=repr):
            extra = nearest_complement(leak)
            if extra is None:
                raise _cannot(leak)
            mask[extra] = True
            check.add(extra)
            pending.update(by_cell[extra])


def _cannot(key) -> CurriculumError:
    return CurriculumError(
        f"セル {key!r} を秘匿しきれません（同じ合計に属するほかのセルがすべて公表済みです）。",
        f"cannot protect cell {key!r}: every other cell of its identities is already published",
        fix="公表済みの月・表を含めて秘匿し直すか、その合計を公表しない表にしてください。")


def table_identities(keys: Iterable[tuple], hierarchies: Sequence[Mapping[Hashable, Sequence[Hashable]]]) -> list[dict]:
    """The additive identities of a cube: for each dimension, ``parent = Σ children`` at every other position.

    ``keys`` are tuples (one value per dimension); ``hierarchies[d]`` maps a parent value of dimension ``d``
    to its children (e.g. ``{"計": ["男", "女"]}``, ``{"65+": ["65-69", …]}``, ``{"小学校区A": [町丁目…]}``).
    An identity is written only where the parent and all children are in ``keys``.

    >>> keys = [(s, a) for s in ("計", "男", "女") for a in ("計", "0-4", "5+")]
    >>> len(table_identities(keys, [{"計": ["男", "女"]}, {"計": ["0-4", "5+"]}]))
    6
    """
    present = set(keys)
    others_by_dim = []
    for d in range(len(hierarchies)):
        others_by_dim.append(sorted({k[:d] + k[d + 1:] for k in present}, key=repr))
    identities = []
    for d, hierarchy in enumerate(hierarchies):
        for rest in others_by_dim[d]:
            for parent, children in hierarchy.items():
                cells = [rest[:d] + (v,) + rest[d:] for v in (parent, *children)]
                if all(c in present for c in cells):
                    identity: dict = {cells[0]: -1}
                    for c in cells[1:]:
                        identity[c] = identity.get(c, 0) + 1
                    identities.append(identity)
    return identities


def suppress_table(table: pd.DataFrame, *, threshold: int = DEFAULT_THRESHOLD, total_label: str = "計") -> pd.DataFrame:
    """2 次元の表（行 × 列）に合計を付けて秘匿する: returns the table with margins, suppressed cells as ``<NA>``.

    Examples
    --------
    >>> t = pd.DataFrame({"男": [3, 40], "女": [15, 30]}, index=["A町", "B町"])
    >>> suppress_table(t).astype(object).where(suppress_table(t).notna(), "秘匿").values.tolist()
    [['秘匿', '秘匿', 18], ['秘匿', '秘匿', 70], [43, 45, 88]]
    """
    full = table.copy()
    full[total_label] = table.sum(axis=1)
    full.loc[total_label] = full.sum(axis=0)
    values = full.stack()
    values.index = list(values.index)
    rows = {total_label: [r for r in full.index if r != total_label]}
    cols = {total_label: [c for c in full.columns if c != total_label]}
    identities = table_identities(values.index, [rows, cols])
    totals = [k for k in values.index if total_label in k]
    mask = suppress(values, identities, threshold=threshold, totals=totals)
    out = full.astype("Int64")
    for (r, c), hidden in mask.items():
        if hidden:
            out.loc[r, c] = pd.NA
    return out


def show(values: pd.Series, mask: pd.Series) -> pd.Series:
    """The values as displayed: suppressed cells read :data:`SUPPRESSED_LABEL`, others as integers."""
    return values.astype(object).where(~mask.reindex(values.index, fill_value=False), SUPPRESSED_LABEL)
