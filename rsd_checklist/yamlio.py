"""Safe YAML reading that remembers where every value stands.

Only plain data is accepted: mappings with string keys, lists, strings, numbers, booleans and
null. Tags, anchors and aliases are refused, which also rules out "billion laughs" alias bombs,
and nothing in a file can make Python build an object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rsd_checklist.errors import InputError, Position

MAX_FILE_BYTES = 5 * 1024 * 1024

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfFyYoO<=")  # first characters of YAML 1.1 non-strings


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, with a fast path for the commonest scalar: a plain word or sentence.

    The stock resolver tries every implicit type's pattern on every plain scalar, in Python;
    a scalar whose first character cannot begin a number, boolean, null or date is a string.
    """

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _MAYBE_NOT_STR:
            return _STR
        return super().resolve(kind, value, implicit)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_scalars = yaml.constructor.SafeConstructor()

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data read from one file, able to say where any value in it stands.

    Positions are found on demand by walking the parsed YAML nodes, so reading a large file
    costs nothing for the positions of values that no message will ever name.
    """

    file: str
    data: Any
    root: yaml.Node | None = field(default=None, repr=False)

    def position(self, path: Path_) -> Position:
        """Where the value at `path` stands (the key, for a mapping entry), or its nearest enclosing value."""
        node = self.root
        if node is None:
            return Position(self.file, 1, 1)
        where = node
        for part in path:
            if isinstance(node, yaml.MappingNode):
                entry = next(((k, v) for k, v in node.value if k.value == part), None)
                if entry is None:
                    break
                where, node = entry
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                where = node = node.value[part]
            else:
                break
        return _pos(self, where)


def read_text(path: Path, what: str = "file") -> str:
    """Read a small UTF-8 text file, refusing directories, binaries and oversized files."""
    name = str(path)
    if not path.exists():
        raise InputError(name, f"no such {what}", "check the path")
    if path.is_dir():
        raise InputError(name, f"is a directory, not a {what}", "give the path of a .yaml file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            name,
            f"is {size / 1_048_576:.1f} MB, over the {MAX_FILE_BYTES // 1_048_576} MB limit for a {what}",
            "split it or check that it is the right file",
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(name, f"is a binary file, not a YAML {what}", "give a text .yaml file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(Position(name, line, column), "is not UTF-8 text", "save the file as UTF-8") from None


def load_yaml(path: Path, what: str = "file") -> YamlDocument:
    return parse_yaml(read_text(path, what), str(path), what)


def parse_yaml(text: str, name: str, what: str = "file") -> YamlDocument:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(name, mark.line + 1, mark.column + 1) if mark else Position(name)
        problem = (exc.problem or exc.context or "invalid YAML").rstrip(".")
        raise InputError(where, f"YAML syntax error: {problem}", "fix the YAML at that spot") from None
    except yaml.YAMLError as exc:
        raise InputError(name, f"YAML error: {exc}", "fix the YAML") from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError(name, "is empty", f"a {what} needs at least one entry")
    doc = YamlDocument(name, None, node)
    doc.data = _to_python(node, doc, set())
    return doc


def _pos(doc: YamlDocument, node: yaml.Node) -> Position:
    return Position(doc.file, node.start_mark.line + 1, node.start_mark.column + 1)


def _tag_error(doc: YamlDocument, node: yaml.Node) -> InputError:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return InputError(
        _pos(doc, node), f"the tag {tag} is not accepted", "remove the tag: only plain values are allowed"
    )


def _to_python(node: yaml.Node, doc: YamlDocument, seen: set[int]) -> Any:
    if id(node) in seen:
        raise InputError(
            _pos(doc, node),
            "anchors and aliases (& and *) are not accepted",
            "write the value out in full",
        )
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        if node.tag not in _PLAIN_TAGS:
            raise _tag_error(doc, node)
        return _scalars.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _tag_error(doc, node)
        return [_to_python(item, doc, seen) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _tag_error(doc, node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise InputError(_pos(doc, key_node), "merge keys (<<) are not accepted", "write the keys out")
                raise InputError(_pos(doc, key_node), "keys must be plain words", "quote the key or rename it")
            key = key_node.value
            if key in result:
                raise InputError(_pos(doc, key_node), f"'{key}' is given twice", "keep one of them")
            result[key] = _to_python(value_node, doc, seen)
        return result
    raise InputError(_pos(doc, node), "unsupported YAML node", "use plain mappings, lists and values")
