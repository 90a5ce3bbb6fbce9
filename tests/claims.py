"""Helpers for rule tests: one attribution of a traced document by its cue,
and the labels of its chain."""


def chain(a):
    return [h.label for h in a.chain]


def the(doc, cue):
    got = [a for a in doc.attributions if a.cue.text == cue]
    assert len(got) == 1, [(a.cue.text, a.source.label) for a in doc.attributions]
    return got[0]
