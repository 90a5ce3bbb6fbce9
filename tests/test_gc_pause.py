"""attrib pauses the cyclic garbage collector while it traces (the stages
make no reference cycles), and leaves it as it found it."""

from __future__ import annotations

import gc
import threading

import pytest

import attrib
from attrib import pipeline

TEXT = "“Kami siap berunding,” kata Peskov kepada wartawan di Moskow."


def test_the_collector_is_paused_during_a_trace_and_enabled_after():
    seen = []
    real = pipeline.segment

    def spy(text, lang):
        seen.append(gc.isenabled())
        return real(text, lang)

    assert gc.isenabled()
    try:
        pipeline.segment = spy
        doc = attrib.trace(TEXT)
    finally:
        pipeline.segment = real
    assert seen == [False] and gc.isenabled()
    assert doc.attributions[0].source.name == "Peskov"


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        attrib.trace(TEXT)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failing_trace_enables_the_collector_again(monkeypatch):
    def boom(text, lang):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "segment", boom)
    with pytest.raises(RuntimeError):
        attrib.trace(TEXT)
    assert gc.isenabled()


def test_concurrent_traces_enable_the_collector_when_the_last_ends():
    results = []

    def work():
        for _ in range(20):
            results.append(len(attrib.trace(TEXT).attributions))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1] * 80 and gc.isenabled()
