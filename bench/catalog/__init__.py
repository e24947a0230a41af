"""Helpers of `bench/catalog_search.py`: the data generator, the Datasette copy, the servers, the
query list and the load client."""
