"""ofsted-kg: the graph, its store, build and command line."""

# The one place the version is written (pyproject.toml reads it): a build records it in every
# graph without importing importlib.metadata, which costs a build more than reading a file.
__version__ = "0.1.0"
