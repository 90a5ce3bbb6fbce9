"""Score attributions against gold annotations (``attrib eval``).

The rules are those of ``../shared/ANNOTATION.md`` ("Scoring"):

- **Matching.** Gold and predicted attributions of one document are matched
  one to one, greedily. A pair may match only when their contents share at
  least half of the shorter content's tokens; the pair with the most shared
  tokens is taken first. Tokens are the lowercase ``\\w+`` words of the article
  *at their positions*, so the same words at two places are different tokens.
  Ties (equal overlap) go to core gold before borderline gold, then to the
  pair with the higher content token F1, then to a pair whose source is right,
  then to text order.
- **Core and borderline.** Recall is over core gold attributions. A prediction
  matched to a borderline gold attribution, or left unmatched while it
  overlaps one (by the same half-the-shorter rule), counts neither way.
- **Attribution P/R/F1** from the matched pairs (TP), unmatched core gold (FN)
  and the remaining unmatched predictions (FP).
- **Source accuracy** over matched pairs: the predicted source is right when it
  equals a name of the gold source by :func:`same_name`. Names of the gold
  source are its ``source``, ``source_mention`` and ``source_aliases``, closed
  under the file's top-level ``aliases`` map. An unspecified gold source
  (``null``) is right only against a null prediction.
- **Content token F1** between the token sets, averaged over matched pairs.
- **Chain accuracy** over matched pairs: after dropping any hop that repeats
  the one before it, the chains have the same length and each hop matches by
  the same name rule; aliases apply to every hop, the last gold hop also
  accepts every name of the gold source, and a gold ``"?"`` matches anything.
- **Direct-quote speaker accuracy**: over core gold direct quotes, the share
  matched to a prediction whose source is right.

:func:`evaluate` scores a folder; :func:`score_document` scores one document
from two gold-format dicts (what the unit tests use); :func:`cli_eval` is the
``attrib eval`` command.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from rapidfuzz import fuzz

from .gold import GOLD_SUFFIX, UNKNOWN_PUBLISHER, GoldError, gold_spans, load_gold, to_gold
from .model import Span

FUZZY_MIN = 85  # rapidfuzz fuzz.ratio at or above which two names are the same
CONTENT_SHOWN = 110  # characters of content shown in an error line

_WORD = re.compile(r"\w+")


class EvalError(ValueError):
    """Scoring could not run (a missing directory, no gold files, ...)."""


# --- names ------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Case-folded, with runs of whitespace (no-break spaces too) made one space."""
    return " ".join(name.split()).casefold()


def name_tokens(name: str) -> Set[str]:
    return set(_WORD.findall(name.casefold()))


def same_name(a: Optional[str], b: Optional[str]) -> bool:
    """Two names of the same source: equal after case folding, one's tokens a
    subset of the other's, or a fuzzy ratio of at least :data:`FUZZY_MIN`."""
    if not a or not b:
        return False
    na, nb = normalise_name(a), normalise_name(b)
    if na == nb:
        return True
    ta, tb = name_tokens(na), name_tokens(nb)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    return fuzz.ratio(na, nb) >= FUZZY_MIN


class Aliases:
    """The top-level ``aliases`` map of a gold file, as groups of equal names."""

    def __init__(self, mapping: Optional[Dict[str, List[str]]] = None):
        self.groups: List[Set[str]] = []
        for name, others in (mapping or {}).items():
            self.groups.append({normalise_name(n) for n in [name, *others]})

    def expand(self, names: Iterable[Optional[str]]) -> Set[str]:
        """The given names (normalised) and every alias group that holds one of them."""
        out = {normalise_name(n) for n in names if n}
        grown = True
        while grown:
            grown = False
            for group in self.groups:
                if out & group and not group <= out:
                    out |= group
                    grown = True
        return out

    def same_hop(self, a: str, b: str) -> bool:
        """Strict identity for repeated-hop removal: equal, or in one alias group."""
        na, nb = normalise_name(a), normalise_name(b)
        return na == nb or any(na in g and nb in g for g in self.groups)


def matches_any(names: Iterable[str], name: Optional[str]) -> bool:
    return any(same_name(n, name) for n in names)


def dedupe_chain(chain: Sequence[str], aliases: Aliases) -> List[str]:
    """The chain without hops that repeat the one before them (an outlet citing itself)."""
    out: List[str] = []
    for hop in chain:
        if out and aliases.same_hop(out[-1], hop):
            continue
        out.append(hop)
    return out


def chain_matches(gold_chain: Sequence[str], pred_chain: Sequence[str], source_names: Set[str], aliases: Aliases) -> bool:
    """Chain equality by the scoring rule (see the module docstring)."""
    g, p = dedupe_chain(gold_chain, aliases), dedupe_chain(pred_chain, aliases)
    if len(g) != len(p):
        return False
    for i, (gh, ph) in enumerate(zip(g, p)):
        if gh == UNKNOWN_PUBLISHER:
            continue
        names = aliases.expand([gh])
        if i == len(g) - 1:
            names |= source_names
        if not matches_any(names, ph):
            return False
    return True


# --- items ------------------------------------------------------------------


class _Tokens:
    """The ``\\w+`` tokens of one article, to turn spans into token index sets."""

    def __init__(self, text: str):
        found = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def of(self, span: Span) -> frozenset:
        """Indices of the tokens that overlap ``span``."""
        lo = bisect.bisect_right(self.ends, span.start)  # first token ending after the span starts
        hi = bisect.bisect_left(self.starts, span.end)  # first token starting at/after the span end
        return frozenset(range(lo, hi))


@dataclass
class _Item:
    """One attribution, gold or predicted, with its place in the text."""

    index: int
    entry: dict
    span: Span
    tokens: frozenset

    @property
    def core(self) -> bool:
        return bool(self.entry["core"])

    @property
    def direct(self) -> bool:
        return bool(self.entry["direct"])


def _items(gold: dict, text: str, tokens: _Tokens, where: str) -> List[_Item]:
    spans = gold_spans(gold, text, where)
    return [_Item(i, a, s, tokens.of(s)) for i, (a, s) in enumerate(zip(gold["attributions"], spans))]


def _qualifies(overlap: int, g: _Item, p: _Item) -> bool:
    shorter = min(len(g.tokens), len(p.tokens))
    return overlap > 0 and 2 * overlap >= shorter


def token_f1(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


# --- scores -----------------------------------------------------------------


def _ratio(num: float, den: float) -> Optional[float]:
    return num / den if den else None


@dataclass
class Scores:
    """Counts for one document (or, summed, the total) and the measures from them."""

    doc: str
    gold_core: int = 0
    gold_borderline: int = 0
    predicted: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0  # predictions over borderline gold: neither TP nor FP
    source_ok: int = 0
    chain_ok: int = 0
    content_f1_sum: float = 0.0
    direct_gold: int = 0
    direct_ok: int = 0
    missing_prediction: bool = False

    def add(self, other: "Scores") -> None:
        for f in ("gold_core", "gold_borderline", "predicted", "tp", "fp", "fn", "ignored",
                  "source_ok", "chain_ok", "direct_gold", "direct_ok"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.content_f1_sum += other.content_f1_sum

    @property
    def precision(self) -> Optional[float]:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Optional[float]:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> Optional[float]:
        return f1_of(self.precision, self.recall)

    @property
    def source_accuracy(self) -> Optional[float]:
        return _ratio(self.source_ok, self.tp)

    @property
    def chain_accuracy(self) -> Optional[float]:
        return _ratio(self.chain_ok, self.tp)

    @property
    def content_f1(self) -> Optional[float]:
        return _ratio(self.content_f1_sum, self.tp)

    @property
    def direct_speaker_accuracy(self) -> Optional[float]:
        return _ratio(self.direct_ok, self.direct_gold)

    def to_dict(self) -> dict:
        d = {
            "doc": self.doc,
            "gold_core": self.gold_core,
            "gold_borderline": self.gold_borderline,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "ignored": self.ignored,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "source_accuracy": self.source_accuracy,
            "content_f1": self.content_f1,
            "chain_accuracy": self.chain_accuracy,
            "direct_quotes": self.direct_gold,
            "direct_speaker_accuracy": self.direct_speaker_accuracy,
        }
        if self.missing_prediction:
            d["missing_prediction"] = True
        return d


MISSED, SPURIOUS, WRONG_SOURCE, WRONG_CHAIN = "missed", "spurious", "wrong source", "wrong chain"


@dataclass
class EvalErrorItem:
    """One thing a developer should look at: a miss, a spurious attribution, a wrong source or chain."""

    kind: str
    doc: str
    offset: int
    content: str
    direct: bool
    gold_cue: Optional[str] = None
    pred_cue: Optional[str] = None
    gold_source: Optional[str] = None
    pred_source: Optional[str] = None
    gold_chain: Optional[List[str]] = None
    pred_chain: Optional[List[str]] = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}

    def __str__(self) -> str:
        def src(s):
            return s if s else "(unspecified)"

        def ch(c):
            return " → ".join(c) if c else "-"

        quote = "“{}”" if self.direct else "{}"
        content = quote.format(shorten(self.content))
        head = f"[{self.kind}] {self.doc} @{self.offset}"
        if self.kind == MISSED:
            body = f"cue {self.gold_cue!r}, source {src(self.gold_source)}, chain {ch(self.gold_chain)}"
        elif self.kind == SPURIOUS:
            body = f"cue {self.pred_cue!r}, source {src(self.pred_source)}, chain {ch(self.pred_chain)}"
        elif self.kind == WRONG_SOURCE:
            body = (f"cue {self.gold_cue!r}: gold {src(self.gold_source)} / predicted {src(self.pred_source)}"
                    f" (cue {self.pred_cue!r})")
        else:
            body = f"cue {self.gold_cue!r}: gold {ch(self.gold_chain)} / predicted {ch(self.pred_chain)}"
        return f"{head} {body}\n    {content}"


def shorten(text: str, n: int = CONTENT_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def score_document(name: str, text: str, gold: dict, pred: dict) -> Tuple[Scores, List[EvalErrorItem]]:
    """Score one document's predictions (gold format) against its gold annotation."""
    tokens = _Tokens(text)
    golds = _items(gold, text, tokens, f"{name} (gold)")
    preds = _items(pred, text, tokens, f"{name} (prediction)")
    aliases = Aliases(gold.get("aliases"))

    def source_names(g: _Item) -> Set[str]:
        e = g.entry
        if e["source"] is None:
            return set()
        return aliases.expand([e["source"], e["source_mention"], *e.get("source_aliases", [])])

    names = [source_names(g) for g in golds]

    def source_right(g: _Item, p: _Item) -> bool:
        if g.entry["source"] is None:
            return p.entry["source"] is None
        return matches_any(names[g.index], p.entry["source"])

    # Greedy one-to-one matching, most overlap first.
    candidates = []
    for g in golds:
        for p in preds:
            overlap = len(g.tokens & p.tokens)
            if _qualifies(overlap, g, p):
                key = (-overlap, not g.core, -token_f1(g.tokens, p.tokens), not source_right(g, p), g.index, p.index)
                candidates.append((key, g, p))
    candidates.sort(key=lambda c: c[0])
    gold_to_pred: Dict[int, _Item] = {}
    matched_preds: Set[int] = set()
    for _, g, p in candidates:
        if g.index in gold_to_pred or p.index in matched_preds:
            continue
        gold_to_pred[g.index] = p
        matched_preds.add(p.index)

    s = Scores(doc=name, predicted=len(preds))
    errors: List[EvalErrorItem] = []
    for g in golds:
        if not g.core:
            s.gold_borderline += 1
            if g.index in gold_to_pred:
                s.ignored += 1
            continue
        s.gold_core += 1
        e = g.entry
        if g.direct:
            s.direct_gold += 1
        p = gold_to_pred.get(g.index)
        if p is None:
            s.fn += 1
            errors.append(EvalErrorItem(MISSED, name, g.span.start, e["content"], g.direct, gold_cue=e["cue"],
                                        gold_source=e["source"], gold_chain=list(e["chain"])))
            continue
        s.tp += 1
        pe = p.entry
        s.content_f1_sum += token_f1(g.tokens, p.tokens)
        ok_source = source_right(g, p)
        ok_chain = chain_matches(e["chain"], pe["chain"], names[g.index], aliases)
        s.source_ok += ok_source
        s.chain_ok += ok_chain
        if g.direct and ok_source:
            s.direct_ok += 1
        common = dict(doc=name, offset=g.span.start, content=e["content"], direct=g.direct, gold_cue=e["cue"],
                      pred_cue=pe["cue"], gold_source=e["source"], pred_source=pe["source"],
                      gold_chain=list(e["chain"]), pred_chain=list(pe["chain"]))
        if not ok_source:
            errors.append(EvalErrorItem(WRONG_SOURCE, **common))
        if not ok_chain:
            errors.append(EvalErrorItem(WRONG_CHAIN, **common))

    borderline = [g for g in golds if not g.core]
    for p in preds:
        if p.index in matched_preds:
            continue
        if any(_qualifies(len(g.tokens & p.tokens), g, p) for g in borderline):
            s.ignored += 1
            continue
        s.fp += 1
        pe = p.entry
        errors.append(EvalErrorItem(SPURIOUS, name, p.span.start, pe["content"], p.direct, pred_cue=pe["cue"],
                                    pred_source=pe["source"], pred_chain=list(pe["chain"])))
    errors.sort(key=lambda x: x.offset)
    return s, errors


# --- the report -------------------------------------------------------------


def _fmt(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.3f}"


@dataclass
class Report:
    """Per-document scores, their total and the error list of one evaluation."""

    docs: List[Scores]
    errors: List[EvalErrorItem]
    gold_dir: str
    pred_dir: Optional[str] = None
    missing_predictions: List[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def total(self) -> Scores:
        t = Scores(doc="TOTAL")
        for d in self.docs:
            t.add(d)
        return t

    def to_dict(self, errors: bool = True) -> dict:
        d = {
            "gold_dir": self.gold_dir,
            "pred_dir": self.pred_dir,
            "documents": [s.to_dict() for s in self.docs],
            "total": self.total.to_dict(),
            "missing_predictions": list(self.missing_predictions),
            "seconds": round(self.elapsed, 3),
        }
        if errors:
            d["errors"] = [e.to_dict() for e in self.errors]
        return d

    def table(self) -> str:
        head = ("doc", "core", "bord", "pred", "TP", "FP", "FN", "ign", "P", "R", "F1",
                "source", "content", "chain", "dq-spk")
        rows = []
        for s in [*self.docs, self.total]:
            rows.append((s.doc + (" (no prediction file)" if s.missing_prediction else ""),
                         s.gold_core, s.gold_borderline, s.predicted, s.tp, s.fp, s.fn, s.ignored,
                         _fmt(s.precision), _fmt(s.recall), _fmt(s.f1), _fmt(s.source_accuracy),
                         _fmt(s.content_f1), _fmt(s.chain_accuracy), _fmt(s.direct_speaker_accuracy)))
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

        def line(r):
            return "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths)))

        out = [line(head), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in rows[:-1]]
        out += ["  ".join("-" * w for w in widths), line(rows[-1])]
        out.append("")
        out.append("core/bord: gold core and borderline attributions; ign: predictions over borderline gold "
                   "(not scored); source, content, chain: accuracy / token F1 over the TP pairs; "
                   "dq-spk: core gold direct quotes matched with the right speaker.")
        if self.missing_predictions:
            out.append(f"missing prediction files (scored as empty): {', '.join(self.missing_predictions)}")
        out.append(f"{len(self.docs)} document(s) scored in {self.elapsed:.2f} s")
        return "\n".join(out)

    def errors_text(self) -> str:
        return errors_text(self.errors)


def f1_of(p: Optional[float], r: Optional[float]) -> Optional[float]:
    """The harmonic mean of precision and recall (None when either is)."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def errors_text(errors: Sequence) -> str:
    """An error list, with a count of each kind first."""
    if not errors:
        return "no errors"
    counts: Dict[str, int] = {}
    for e in errors:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    return f"errors ({summary}):\n" + "\n".join(str(e) for e in errors)


def _text_for(gold_path: Path) -> Path:
    return gold_path.with_name(gold_path.name[: -len(GOLD_SUFFIX)] + ".txt")


def gold_files(gold_dir: Union[str, Path]) -> List[Path]:
    return sorted(Path(gold_dir).glob("*" + GOLD_SUFFIX))


def evaluate(gold_dir: Union[str, Path], pred_dir: Union[str, Path, None] = None, lang: Optional[str] = None) -> Report:
    """Score a folder of ``NAME.gold.json`` files (each beside its ``NAME.txt``).

    With ``pred_dir`` None every text is traced with :func:`attrib.trace` (in
    ``lang``, or the gold file's ``lang``); otherwise the predictions are read
    from ``pred_dir/NAME.gold.json``, and a missing file is scored as an empty
    prediction and listed in ``Report.missing_predictions``.
    """
    start = time.perf_counter()
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise EvalError(f"gold directory not found: {gold_dir}")
    if pred_dir is not None and not Path(pred_dir).is_dir():
        raise EvalError(f"prediction directory not found: {pred_dir}")
    paths = gold_files(gold_dir)
    if not paths:
        raise EvalError(f"no *{GOLD_SUFFIX} files in {gold_dir}")

    docs: List[Scores] = []
    errors: List[EvalErrorItem] = []
    missing: List[str] = []
    for path in paths:
        name = path.name[: -len(GOLD_SUFFIX)]
        gold = load_gold(path)
        text_path = _text_for(path)
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldError(f"{path}: cannot read its article text {text_path.name}: {exc}") from None
        absent = False
        if pred_dir is None:
            from .pipeline import trace

            pred = to_gold(trace(text, lang=lang or gold["lang"], id=name), name)
        else:
            pred_path = Path(pred_dir) / path.name
            if pred_path.is_file():
                pred = load_gold(pred_path)
            else:
                absent = True
                missing.append(name)
                pred = {**{k: gold[k] for k in ("doc", "lang")}, "publisher": None, "document_source": None,
                        "credits": [], "attributions": []}
        s, errs = score_document(name, text, gold, pred)
        s.missing_prediction = absent
        docs.append(s)
        errors.extend(errs)
    return Report(docs, errors, str(gold_dir), None if pred_dir is None else str(pred_dir), missing,
                  time.perf_counter() - start)


# --- the command --------------------------------------------------------------


def cli_eval(args) -> int:
    """``attrib eval GOLD_DIR [PRED_DIR] [--errors] [--json]`` and ``attrib eval --pfsa PATH``.

    Exit 0 when scoring ran (whatever the scores), 2 for a missing directory
    or file, no gold files, or unusable gold/prediction files.
    """
    gold = getattr(args, "gold", None)
    pred = getattr(args, "pred", None)
    pfsa = getattr(args, "pfsa", None)
    show_errors = bool(getattr(args, "errors", False))
    as_json = bool(getattr(args, "json", False))
    if not gold and not pfsa:
        print("attrib eval: give a GOLD_DIR (folder of NAME.gold.json beside NAME.txt) or --pfsa PATH", file=sys.stderr)
        return 2
    if pfsa and not Path(pfsa).is_file():
        print(f"attrib eval: PFSA file not found: {pfsa}", file=sys.stderr)
        return 2

    results: Dict[str, object] = {}
    try:
        if gold:
            results["corpus"] = evaluate(gold, pred, lang=getattr(args, "lang", None))
        if pfsa:
            from .pfsa import evaluate_pfsa

            results["pfsa"] = evaluate_pfsa(pfsa, lang=getattr(args, "lang", None) or "id")
    except (EvalError, GoldError) as exc:
        print(f"attrib eval: {exc}", file=sys.stderr)
        return 2

    if as_json:
        dicts = {k: r.to_dict(errors=show_errors) for k, r in results.items()}
        print(json.dumps(next(iter(dicts.values())) if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
        return 0
    blocks = []
    for r in results.values():
        blocks.append(r.table())
        if show_errors:
            blocks.append(r.errors_text())
    print("\n\n".join(blocks))
    return 0
