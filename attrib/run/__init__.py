"""Corpus runs: ``inputs`` reads articles into records, ``local`` traces them in
worker processes, ``dask`` on a Dask cluster, ``outputs`` writes the results
and ``report`` counts them. Import the submodule you need: nothing here loads
Dask or pyarrow."""
