"""The notice reader in pipeline order: decode, normalize, layout, tables, outline, owners, … reader.

Uses loaders' shared numbers, unit names and errors; never loaders.sheets."""

from dutygraph.loaders.notice.checks import same_thing
from dutygraph.loaders.notice.reader import parse_bytes, parse_text, read_notice

__all__ = ["parse_bytes", "parse_text", "read_notice", "same_thing"]
