"""Evaluation: ``gold`` (the gold annotation format), ``score`` (scoring a
folder of gold files), ``pfsa`` (direct quotes and speakers on PFSA-ID) and
``metrics`` (the helpers both scorers share)."""
