"""Loading: from files on disk to validated models.

Which files a check reads (``files``), the safe YAML reader with positions (``yaml_source``),
one measure file read, normalised and validated (``file_load``, ``normalise``, ``validation``),
the whole draft (``measures``), the config (``config``), the framework (``framework``), the
bundled data (``resources``) and the cache of file loads (``parse_cache``, ``cache_dir``).
Nothing here knows about checks or reporters.
"""
