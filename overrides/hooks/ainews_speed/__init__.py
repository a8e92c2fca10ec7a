"""The speed-ups behind overrides/hooks/speed.py (see its docstring): one module per job.

guard   the switch (AINEWS_SPEEDUPS), the logger, the version guard every speed-up passes
blog    Material's blog plugin: O(1) post lookups, excerpts rendered once from the excerpt, libyaml front matter
search  the lean search index, built by a worker process while MkDocs renders the pages
pages   the pages written by two processes instead of one
"""
