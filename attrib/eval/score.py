"""Scoring attributions against gold annotations (``attrib eval``):
:func:`evaluate` scores a folder of gold files, :func:`score_document` one
document from two gold-format dicts. The rules are in docs/scoring.md."""

from __future__ import annotations

import bisect
import time
from pathlib import Path
from typing import Iterable, Dict, List, Optional, Sequence, Set, Tuple, Union

import attrs

from ..model import Span
from .gold import GOLD_SUFFIX, UNKNOWN_PUBLISHER, GoldError, gold_spans, load_gold, to_gold
from .metrics import WORD, Aliases, EvalError, errors_text, f1_of, matches_any, ratio, shorten

__all__ = ["evaluate", "score_document", "Report", "Scores", "EvalErrorItem", "dedupe_chain", "chain_matches",
           "token_f1", "gold_files", "EvalError"]


# --- chains -----------------------------------------------------------------


def dedupe_chain(chain: Sequence[str], aliases: Aliases) -> List[str]:
    """The chain without hops that repeat the one before them (an outlet citing itself)."""
    out: List[str] = []
    for hop in chain:
        if out and aliases.same_hop(out[-1], hop):
            continue
        out.append(hop)
    return out


def chain_matches(gold_chain: Sequence[str], pred_chain: Sequence[str], source_names: Set[str], aliases: Aliases) -> bool:
    """Chain equality by the scoring rule (docs/scoring.md)."""
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
        found = [(m.start(), m.end()) for m in WORD.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def of(self, span: Span) -> frozenset:
        """Indices of the tokens that overlap ``span``."""
        lo = bisect.bisect_right(self.ends, span.start)  # first token ending after the span starts
        hi = bisect.bisect_left(self.starts, span.end)  # first token starting at/after the span end
        return frozenset(range(lo, hi))


@attrs.define
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


@attrs.define
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
    direct_predicted: int = 0  # predicted direct quotes, but those over borderline gold
    direct_tp: int = 0  # of them, matched to a core gold direct quote
    missing_prediction: bool = False

    def add(self, other: "Scores") -> None:
        for f in ("gold_core", "gold_borderline", "predicted", "tp", "fp", "fn", "ignored",
                  "source_ok", "chain_ok", "direct_gold", "direct_ok", "direct_predicted", "direct_tp"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.content_f1_sum += other.content_f1_sum

    @property
    def precision(self) -> Optional[float]:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> Optional[float]:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> Optional[float]:
        return f1_of(self.precision, self.recall)

    @property
    def source_accuracy(self) -> Optional[float]:
        return ratio(self.source_ok, self.tp)

    @property
    def chain_accuracy(self) -> Optional[float]:
        return ratio(self.chain_ok, self.tp)

    @property
    def content_f1(self) -> Optional[float]:
        return ratio(self.content_f1_sum, self.tp)

    @property
    def direct_speaker_accuracy(self) -> Optional[float]:
        return ratio(self.direct_ok, self.direct_gold)

    @property
    def direct_precision(self) -> Optional[float]:
        return ratio(self.direct_tp, self.direct_predicted)

    @property
    def direct_recall(self) -> Optional[float]:
        return ratio(self.direct_tp, self.direct_gold)

    @property
    def direct_f1(self) -> Optional[float]:
        """Predicted direct quotes against the core gold direct quotes alone."""
        return f1_of(self.direct_precision, self.direct_recall)

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
            "direct_predicted": self.direct_predicted,
            "direct_precision": self.direct_precision,
            "direct_recall": self.direct_recall,
            "direct_f1": self.direct_f1,
        }
        if self.missing_prediction:
            d["missing_prediction"] = True
        return d


MISSED, SPURIOUS, WRONG_SOURCE, WRONG_CHAIN = "missed", "spurious", "wrong source", "wrong chain"


@attrs.define
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
        return attrs.asdict(self, recurse=False)

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
        if g.direct and p.direct:
            s.direct_tp += 1
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
    borderline_matched = {p.index for g in borderline if (p := gold_to_pred.get(g.index)) is not None}
    for p in preds:
        if p.index in matched_preds:
            s.direct_predicted += p.direct and p.index not in borderline_matched
            continue
        if any(_qualifies(len(g.tokens & p.tokens), g, p) for g in borderline):
            s.ignored += 1
            continue
        s.direct_predicted += p.direct
        s.fp += 1
        pe = p.entry
        errors.append(EvalErrorItem(SPURIOUS, name, p.span.start, pe["content"], p.direct, pred_cue=pe["cue"],
                                    pred_source=pe["source"], pred_chain=list(pe["chain"])))
    errors.sort(key=lambda x: x.offset)
    return s, errors


# --- the report -------------------------------------------------------------


def _fmt(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.3f}"


@attrs.define
class Report:
    """Per-document scores, their total and the error list of one evaluation."""

    docs: List[Scores]
    errors: List[EvalErrorItem]
    gold_dir: str
    pred_dir: Optional[str] = None
    missing_predictions: List[str] = attrs.Factory(list)
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
                "source", "content", "chain", "dq-spk", "dq-F1")
        rows = []
        for s in [*self.docs, self.total]:
            rows.append((s.doc + (" (no prediction file)" if s.missing_prediction else ""),
                         s.gold_core, s.gold_borderline, s.predicted, s.tp, s.fp, s.fn, s.ignored,
                         _fmt(s.precision), _fmt(s.recall), _fmt(s.f1), _fmt(s.source_accuracy),
                         _fmt(s.content_f1), _fmt(s.chain_accuracy), _fmt(s.direct_speaker_accuracy),
                         _fmt(s.direct_f1)))
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

        def line(r):
            return "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths)))

        out = [line(head), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in rows[:-1]]
        out += ["  ".join("-" * w for w in widths), line(rows[-1])]
        out.append("")
        out.append("core/bord: gold core and borderline attributions; ign: predictions over borderline gold "
                   "(not scored); source, content, chain: accuracy / token F1 over the TP pairs; "
                   "dq-spk: core gold direct quotes matched with the right speaker; dq-F1: predicted direct quotes "
                   "against the core gold direct quotes alone.")
        if self.missing_predictions:
            out.append(f"missing prediction files (scored as empty): {', '.join(self.missing_predictions)}")
        out.append(f"{len(self.docs)} document(s) scored in {self.elapsed:.2f} s")
        return "\n".join(out)

    def errors_text(self) -> str:
        return errors_text(self.errors)


def _text_for(gold_path: Path) -> Path:
    return gold_path.with_name(gold_path.name[: -len(GOLD_SUFFIX)] + ".txt")


def gold_files(gold_dir: Union[str, Path]) -> List[Path]:
    return sorted(Path(gold_dir).glob("*" + GOLD_SUFFIX))


def evaluate(gold_dir: Union[str, Path], pred_dir: Union[str, Path, None] = None, lang: Optional[str] = None,
             only: Optional[Iterable[str]] = None) -> Report:
    """Score a folder of ``NAME.gold.json`` files (each beside its ``NAME.txt``).

    With ``pred_dir`` None every text is traced with :func:`attrib.trace` (in
    ``lang``, or the gold file's ``lang``); otherwise the predictions are read
    from ``pred_dir/NAME.gold.json``, and a missing file is scored as an empty
    prediction and listed in ``Report.missing_predictions``. ``only``: score
    just the documents of these names (an error names any that is missing).
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
    if only is not None:
        wanted = set(only)
        have = {p.name[: -len(GOLD_SUFFIX)] for p in paths}
        if wanted - have:
            raise EvalError(f"no gold file in {gold_dir} for {', '.join(sorted(wanted - have))}")
        paths = [p for p in paths if p.name[: -len(GOLD_SUFFIX)] in wanted]

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
            from ..pipeline import trace

            from ..language import UnknownLanguage, available

            try:
                pred = to_gold(trace(text, lang=lang or gold["lang"], id=name), name)
            except UnknownLanguage:
                if lang:  # the --lang option's, not the file's
                    raise
                raise GoldError(f"{path}: \"lang\" is {gold['lang']!r}, a language attrib does not know "
                                f"(available: {', '.join(available())}); fix the file, or give --lang") from None
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
